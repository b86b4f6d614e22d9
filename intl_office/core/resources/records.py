"""Related records, by the names clerks know them by: the generic widget, and BJTU's units."""

from django.db.models import BooleanField, ExpressionWrapper, F, Lookup, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from intl_office.core.models import Unit

from .widgets import cell_text


class UpperIn(Lookup):
    """``UPPER(field) IN (UPPER(%s), ...)``: ``iexact`` for many values at once, served by an index on
    ``Upper(field)``. One lookup, not an ``Upper(Value(...))`` expression per value, which Django compiled in more
    time than the database took to answer (a second for 1,000 keys)."""

    lookup_name = "upper_in"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(Upper(self.lhs))
        placeholders = ", ".join(["UPPER(%s)"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", [*params, *self.rhs]


def upper_in(field: str, texts) -> Q:
    return Q(UpperIn(F(field), list(texts)))


# Names looked up per query by ``RecordWidget.preload``.
PRELOAD_NAMES = 100


class RecordWidget(widgets.ForeignKeyWidget):
    """A related record found by one of the names clerks use for it; exported by ``render_attr``."""

    render_attr = "pk"
    what = ""

    def __init__(self, model, **kwargs):
        super().__init__(model, field=self.render_attr, **kwargs)
        self._found = {}

    # The names a record is found by: (field, "iexact") or (field, "exact"), tried together.
    names: tuple[tuple[str, str], ...] = ()

    def lookup(self, text: str) -> Q:
        """The records ``text`` names."""
        condition = Q()
        for field, how in self.names:
            condition |= Q(**{f"{field}__{how}": text})
        return condition

    def lookup_many(self, texts: list[str]) -> Q:
        """The records any of ``texts`` names (``lookup`` for each), as one condition per name field that its index
        serves (``upper_in``: what ``iexact`` compares, for every text at once)."""
        if not self.names:
            condition = Q()
            for text in texts:
                condition |= self.lookup(text)
            return condition
        condition = Q()
        for field, how in self.names:
            condition |= upper_in(field, texts) if how == "iexact" else Q(**{f"{field}__in": texts})
        return condition

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

    def preload(self, cells) -> None:
        """Find the records a whole column names with one query per ``PRELOAD_NAMES`` distinct names, rather than
        one query per name as each row comes (a thousand-row file names dozens of institutions). Each name's
        matches are those of ``lookup`` as the database compares them (a boolean column per name); a name matching
        exactly one record is then answered by ``find`` from memory, any other is looked up at its row as before, so
        that its message is the same."""
        wanted = {}
        for cell in cells:
            text = cell_text(cell)
            if text and text.lower() not in self._found:
                wanted.setdefault(text.lower(), text)
        names = list(wanted.items())
        for start in range(0, len(names), PRELOAD_NAMES):
            chunk = names[start : start + PRELOAD_NAMES]
            where = self.lookup_many([text for _key, text in chunk])
            flags = {
                f"_names_{i}": ExpressionWrapper(self.lookup(text), BooleanField()) for i, (_, text) in enumerate(chunk)
            }
            matches = {key: [] for key, _text in chunk}
            for record in self.model.objects.filter(where).annotate(**flags):
                for i, (key, _text) in enumerate(chunk):
                    if record.__dict__.pop(f"_names_{i}"):
                        matches[key].append(record)
            for key, found in matches.items():
                if len(found) == 1:
                    self._found[key] = found[0]

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

    names = (("code", "iexact"), ("name_en", "iexact"), ("name_zh", "exact"))
