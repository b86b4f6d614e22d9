"""The admin lists' rows drawn at a cost that does not grow with the page (issue 11: a list of 3 rows at 1x shows 50 at
100x, so each row's cost is part of how the list grows).

Django's ``items_for_result`` works out, for every cell, what depends on the column alone: which kind of column it is
(``lookup_field`` asks the model's fields by name), its classes, the empty value (a translated string, made safe
anew), a choice field's labels (``dict(field.flatchoices)``: some 250 translated names for a country), each row's
change link (reversed, then resolved again to add the list's filters), and each row's selection box (the form widget's
template, rendered per row), and formats each date from scratch (the format split, the month's name translated).
Here ``draw_rows`` works all of that out once per list, reverses the change link once for integer keys, keeps a
column's drawing of a value for the rows repeating it (a status, a country, a date), formats dates with the format
split once and each month's name translated once (``_Dates``), and writes each row as one string. It follows
Django's branches one for one, and the HTML is the same byte for byte: tests/scale/test_list_rows.py compares every
admin list, in both languages, with Django's own drawing.

A list with editable fields keeps Django's ``items_for_result`` (its template counts a row's cells for a form's
errors), with the change link reversed once and the filters added without a lookup per row (``OfficeChangeList``).
"""

import datetime
from contextlib import contextmanager
from operator import attrgetter

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_list import _coerce_field_name
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.dateformat import DateFormat, TimeFormat, re_escaped, re_formatchars
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Stands for a record's key in the change link reversed once per list: digits only, so the resolver's pattern
# (``<path:object_id>``) and quoting leave it as it is, and it cannot occur elsewhere in an admin address.
_KEY = "9081726354"


class OfficeChangeList(ChangeList):
    """Django's ChangeList, reversing the change link once for a list whose keys are integers."""

    # The list's filters as each row's link carries them (``?_changelist_filters=...``), while ``rows_drawn`` draws
    # the rows. Django adds them to each link itself, but resolves the link's address first, once per row.
    link_query = ""

    def url_for_result(self, result):
        pk = getattr(result, self.pk_attname)
        if isinstance(pk, int):
            head, tail = self.change_url_parts
            url = f"{head}{pk}{tail}"
        else:
            url = super().url_for_result(result)
        return f"{url}?{self.link_query}" if self.link_query else url

    @cached_property
    def change_url_parts(self) -> tuple[str, str]:
        """The change link Django reverses, before and after an integer key (reversed once per list)."""
        head, _key, tail = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(_KEY,),
            current_app=self.model_admin.admin_site.name,
        ).rpartition(_KEY)
        return head, tail

    @contextmanager
    def rows_drawn(self):
        """While the rows are drawn, each link carries the filters and Django has none left to add (the same
        address: Django's ``add_preserved_filters`` keeps a query the link already has)."""
        if not self.preserved_filters:
            yield
            return
        self.link_query, self.preserved_filters = self.preserved_filters, ""
        try:
            yield
        finally:
            self.preserved_filters, self.link_query = self.link_query, ""


class ListRowsAdminMixin:
    """Each row's selection box and change link without a template render or a URL lookup per row."""

    def get_changelist(self, request, **kwargs):
        return OfficeChangeList

    @property
    def empty_value_display(self):
        # Asked for every cell: Django's ModelAdmin has no such attribute and falls back to the site's on the
        # AttributeError, an exception raised and caught per cell.
        return self.admin_site.empty_value_display

    def action_checkbox(self, obj):
        return self.action_checkbox_drawer()(obj)

    def action_checkbox_drawer(self):
        """What draws each row's selection box, its label translated once for a list: Django's CheckboxInput
        renders exactly this, the key as its value, never checked, the record named for screen readers (escaped
        once: format_html's result is safe, and the widget's template keeps it so)."""
        label = _("Select this object for an action - {}")

        def draw(obj):
            return mark_safe(
                f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{conditional_escape(str(obj.pk))}" '
                f'class="action-select" aria-label="{label.format(conditional_escape(str(obj)))}">'
            )

        return draw


def draw_rows(cl) -> list[str]:
    """Each row of a list without editable fields as one string of cells: the HTML of Django's ``items_for_result``,
    with what is the same for every row (a column's kind, classes, empty value, choices, link address) worked out
    once per list, and a column's drawing of a value kept for the rows repeating it (a status, a country, a date).
    Django works all of it out again for every cell: for a country column, a dict of some 250 translated names."""
    columns, links = _columns(cl), _Links(cl)
    return [mark_safe("".join([column.cell(result, links) for column in columns])) for result in cl.result_list]


def _columns(cl) -> list["_Column"]:
    empty = cl.model_admin.get_empty_value_display()
    dates = _Dates()
    columns, first = [], True
    for index, name in enumerate(cl.list_display):
        # As Django's link_in_col: with no list_display_links, the first column links; the first link is a <th>.
        if cl.list_display_links is None:
            link = False
        else:
            link = (first and not cl.list_display_links) or name in cl.list_display_links
        tag = "td"
        if link:
            tag = "th" if first else "td"
            first = False
        columns.append(_Column(cl, index, name, link, tag, empty, dates))
    return columns


class _Dates:
    """Django's ``formats.localize`` of a date (``dateformat.format`` with the language's ``DATE_FORMAT``), with the
    format split into its pieces once per list and a month's name translated once: a list of dates spent two thirds of
    its rows' time formatting them, most of it splitting the same format and translating the same month names."""

    # The format characters that depend on the month alone (names and abbreviations, translated).
    MONTH_ONLY = frozenset("bEFMN")

    def __init__(self, date_format: str | None = None):
        self.pieces = []
        for index, piece in enumerate(re_formatchars.split(str(date_format or get_format("DATE_FORMAT")))):
            if index % 2:
                self.pieces.append((piece, True))
            elif piece:
                self.pieces.append((re_escaped.sub(r"\1", piece), False))
        # A format with a time in it is Django's to refuse (a TypeError for a date): left to Django.
        self.usable = not any(spec and hasattr(TimeFormat, piece) for piece, spec in self.pieces)
        self.months = {}

    def __call__(self, value: datetime.date) -> str:
        drawn, formatter = [], None
        for piece, spec in self.pieces:
            if not spec:
                drawn.append(piece)
            elif piece in self.MONTH_ONLY:
                key = (piece, value.month)
                if key not in self.months:
                    self.months[key] = str(getattr(DateFormat(value), piece)())
                drawn.append(self.months[key])
            else:
                formatter = formatter or DateFormat(value)
                drawn.append(str(getattr(formatter, piece)()))
        return "".join(drawn)


class _Links:
    """Each row's change link as Django's ``items_for_result`` writes it (``url_for_result``, then the list's
    filters by ``add_preserved_filters``), escaped: for integer keys worked out once and the key put in."""

    def __init__(self, cl):
        self.cl = cl
        self.context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
        self.template = None
        if isinstance(cl, OfficeChangeList):
            try:
                url = _KEY.join(cl.change_url_parts)
            except NoReverseMatch:
                url = None
            if url is not None:
                # The key is in the address's path, before any query, where the filters cannot put the same digits.
                head, _key, tail = escape(add_preserved_filters(self.context, url)).partition(_KEY)
                self.template = (head, tail)

    def href(self, result) -> str | None:
        """The escaped address, or None when Django finds none (the row's text is then not a link)."""
        pk = getattr(result, self.cl.pk_attname)
        if self.template is not None and isinstance(pk, int):
            head, tail = self.template
            return f"{head}{pk}{tail}"
        try:
            url = self.cl.url_for_result(result)
        except NoReverseMatch:
            return None
        return escape(add_preserved_filters(self.context, url))

    def opener(self, result) -> str:
        if not self.cl.is_popup:
            return ""
        attr = str(self.cl.to_field) if self.cl.to_field else self.cl.lookup_opts.pk.attname
        return format_html(' data-popup-opener="{}"', result.serializable_value(attr))


class _Column:
    """One entry of ``list_display``, with what Django's ``items_for_result`` and ``lookup_field`` decide for it
    from its name alone (the branches follow theirs)."""

    def __init__(self, cl, index, name, link, tag, empty, dates):
        self.name, self.link, self.tag, self.admin_empty = name, link, tag, empty
        self.base_class = "field-" + _coerce_field_name(name, index)
        self.drawn = {}
        self.model_admin = model_admin = cl.model_admin
        self.field = self.getter = self.attr = None
        try:
            self.field = _get_non_gfk_field(cl.model._meta, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                self.getter = self.attr = name
            elif hasattr(model_admin, name) and name != "__str__":
                self.getter = self.attr = getattr(model_admin, name)
                if name == "action_checkbox" and hasattr(model_admin, "action_checkbox_drawer"):
                    self.getter = model_admin.action_checkbox_drawer()
            # Anything else (a model's method or property, "__str__", a path): Django's lookup_field for each row.
        else:
            if self.field.auto_created:
                # The key ("id"): drawn as a value, not as a field.
                self.getter = attrgetter(name)
        self.model_field = self.field is not None and not self.field.auto_created
        self.foreign_key = self.model_field and isinstance(self.field.remote_field, models.ManyToOneRel)
        if self.model_field:
            self.empty = empty
            self.classes = self.base_class
            if isinstance(self.field, models.DateField | models.TimeField | models.ForeignKey):
                self.classes += " nowrap"
        else:
            self.empty, self.boolean = self._display_options(self.attr)
            self.classes = "action-checkbox" if name == "action_checkbox" else self.base_class
        # A plain date field's dates (not a date and time, no choices) go to the list's date drawer.
        self.dates = None
        if (
            self.model_field
            and isinstance(self.field, models.DateField)
            and not isinstance(self.field, models.DateTimeField)
            and not self.field.flatchoices
            and dates.usable
        ):
            self.dates = dates

    def _display_options(self, attr):
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        return getattr(attr, "empty_value_display", self.admin_empty), boolean

    def cell(self, result, links) -> str:
        try:
            if self.model_field:
                html, classes = self._field_html(result), self.classes
            else:
                html, classes = self._value_html(result)
        except ObjectDoesNotExist:
            html, classes = conditional_escape(self.admin_empty), self.base_class
        if not self.link:
            return f'<td class="{classes}">{html}</td>'
        href = links.href(result)
        if href is not None:
            html = f'<a href="{href}"{links.opener(result)}>{html}</a>'
        return f'<{self.tag} class="{classes}">{html}</{self.tag}>'

    def _field_html(self, result) -> str:
        value = getattr(result, self.name)
        if self.foreign_key:
            return conditional_escape(self.empty if value is None else value)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        try:
            key = (value.__class__, value)
            return self.drawn[key]
        except KeyError:
            html = self.drawn[key] = self._display_field(value)
            return html
        except TypeError:
            # Unhashable (a JSON value): drawn each time.
            return self._display_field(value)

    def _display_field(self, value) -> str:
        if self.dates is not None and type(value) is datetime.date:
            return escape(self.dates(value))
        return conditional_escape(display_for_field(value, self.field, self.empty, avoid_link=self.link))

    def _value_html(self, result) -> tuple[str, str]:
        if self.getter is not None:
            value = self.getter(result)
            empty, boolean = self.empty, self.boolean
        else:
            _field, attr, value = lookup_field(self.name, result, self.model_admin)
            empty, boolean = self._display_options(attr)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        classes = self.classes
        if isinstance(value, datetime.date | datetime.time):
            classes += " nowrap"
        return conditional_escape(display_for_value(value, empty, boolean)), classes
