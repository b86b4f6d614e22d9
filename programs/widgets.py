"""Programs in spreadsheet cells, by slug or title."""

from django.utils.translation import gettext_lazy as _

from intl_office.core.resources import RecordWidget, column
from programs.models import Program


class ProgramWidget(RecordWidget):
    """A program by slug (exported) or English title."""

    render_attr = "slug"
    what = _("program")

    def __init__(self, **kwargs):
        super().__init__(Program, **kwargs)

    names = (("slug", "iexact"), ("title_en", "iexact"))


def program(name="program", **kwargs):
    return column(name, ProgramWidget(), **kwargs)
