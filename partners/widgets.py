"""Partner institutions and agreements in spreadsheet cells, by the names clerks know them by."""

import re

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from intl_office.core.resources import RecordWidget, cell_text, column
from partners.models import Agreement, Institution
from partners.names import similar_names


class InstitutionWidget(RecordWidget):
    """A partner institution by English name (exported), former name or Chinese name."""

    render_attr = "name_en"
    what = _("partner institution")

    def __init__(self, **kwargs):
        super().__init__(Institution, **kwargs)

    names = (("name_en", "iexact"), ("former_name", "iexact"), ("name_zh", "exact"))

    def not_found(self, text):
        message = gettext("no partner institution named '%(value)s'") % {"value": text}
        names = self.model.objects.values_list("name_en", flat=True)
        similar = similar_names(text, names, limit=1)
        if similar:
            message += " " + gettext("(did you mean '%(name)s'?)") % {"name": similar[0]}
        return message


class AgreementWidget(RecordWidget):
    """An agreement by reference (exported), or by title when it has no reference."""

    what = _("agreement")

    def __init__(self, **kwargs):
        super().__init__(Agreement, **kwargs)

    def lookup(self, text):
        return Q(reference__iexact=text) | Q(reference="", title__iexact=text)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.reference or value.title


LIST_SEPARATOR = "; "


class InstitutionListWidget(widgets.ManyToManyWidget):
    """Several partner institutions, '; '-separated (a full-width semicolon or a line break also separates)."""

    def __init__(self, **kwargs):
        super().__init__(Institution, separator=LIST_SEPARATOR, field="name_en", **kwargs)
        self.single = InstitutionWidget()

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return []
        names = [part.strip() for part in re.split("[;\uff1b\n]", text) if part.strip()]
        return [self.single.find(name) for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return LIST_SEPARATOR.join(sorted(institution.name_en for institution in value.all()))


def institution(name, **kwargs):
    return column(name, InstitutionWidget(), **kwargs)


def institutions(name="partners", **kwargs):
    return column(name, InstitutionListWidget(), **kwargs)


def agreement(name="agreement", **kwargs):
    return column(name, AgreementWidget(), **kwargs)
