"""Related records, by the names clerks know them by."""

import re

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from .names import similar_names
from .widgets import cell_text


class RecordWidget(widgets.ForeignKeyWidget):
    """A related record found by one of the names clerks use for it; exported by ``render_attr``."""

    render_attr = "pk"
    what = ""

    def __init__(self, model, **kwargs):
        super().__init__(model, field=self.render_attr, **kwargs)
        self._found = {}

    def lookup(self, text: str) -> Q:
        raise NotImplementedError

    def not_found(self, text: str) -> str:
        return gettext("no %(what)s '%(value)s'") % {"what": self.what, "value": text}

    def find(self, text: str):
        if text.lower() in self._found:
            return self._found[text.lower()]
        matches = list(self.model.objects.filter(self.lookup(text))[:2])
        if not matches:
            raise ValueError(self.not_found(text))
        if len(matches) > 1:
            raise ValueError(gettext("'%(value)s' matches more than one %(what)s") % {"value": text, "what": self.what})
        self._found[text.lower()] = matches[0]
        return matches[0]

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return self.find(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.render_attr))


class UnitWidget(RecordWidget):
    """A BJTU unit by code (exported), English or Chinese name."""

    render_attr = "code"
    what = _("BJTU unit")

    def __init__(self, **kwargs):
        from intl_office.models import Unit

        super().__init__(Unit, **kwargs)

    def lookup(self, text):
        return Q(code__iexact=text) | Q(name_en__iexact=text) | Q(name_zh=text)


class InstitutionWidget(RecordWidget):
    """A partner institution by English name (exported), former name or Chinese name."""

    render_attr = "name_en"
    what = _("partner institution")

    def __init__(self, **kwargs):
        from partners.models import Institution

        super().__init__(Institution, **kwargs)

    def lookup(self, text):
        return Q(name_en__iexact=text) | Q(former_name__iexact=text) | Q(name_zh=text)

    def not_found(self, text):
        message = gettext("no partner institution named '%(value)s'") % {"value": text}
        names = self.model.objects.values_list("name_en", flat=True)
        similar = similar_names(text, names, limit=1)
        if similar:
            message += " " + gettext("(did you mean '%(name)s'?)") % {"name": similar[0]}
        return message


class ProgramWidget(RecordWidget):
    """A program by slug (exported) or English title."""

    render_attr = "slug"
    what = _("program")

    def __init__(self, **kwargs):
        from programs.models import Program

        super().__init__(Program, **kwargs)

    def lookup(self, text):
        return Q(slug__iexact=text) | Q(title_en__iexact=text)


class AgreementWidget(RecordWidget):
    """An agreement by reference (exported), or by title when it has no reference."""

    what = _("agreement")

    def __init__(self, **kwargs):
        from partners.models import Agreement

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
        from partners.models import Institution

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
