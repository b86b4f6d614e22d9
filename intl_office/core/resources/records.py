"""Related records, by the names clerks know them by: the generic widget, and BJTU's units."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from intl_office.core.models import Unit

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
        super().__init__(Unit, **kwargs)

    def lookup(self, text):
        return Q(code__iexact=text) | Q(name_en__iexact=text) | Q(name_zh=text)
