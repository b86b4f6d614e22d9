"""Programs in spreadsheet cells, by slug or title."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intl_office.core.resources import RecordWidget, column
from programs.models import Program


class ProgramWidget(RecordWidget):
    """A program by slug (exported) or English title."""

    render_attr = "slug"
    what = _("program")

    def __init__(self, **kwargs):
        super().__init__(Program, **kwargs)

    def lookup(self, text):
        return Q(slug__iexact=text) | Q(title_en__iexact=text)


def program(name="program", **kwargs):
    return column(name, ProgramWidget(), **kwargs)
