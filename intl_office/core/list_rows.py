"""The admin lists' rows drawn at a cost that does not grow with the page (issue 11: a list of 3 rows at 1x shows 50 at
100x, so each row's cost is part of how the list grows).

Django draws each row's selection box through the form widget's template (a template render per row, about 40% of a
row's time on the programs list) and reverses each row's change link through the URL resolver. Here the box is the same
markup written directly, the change link is reversed once per list and reused for every integer key, and the list's
filters are added to each link as a query string, without Django resolving each link's address to decide whether they
apply (``{% office_result_list %}``). The HTML is the same byte for byte (tests/scale/test_list_rows.py compares both
with Django's own).
"""

from contextlib import contextmanager

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html
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
            template = getattr(self, "_change_url_template", None)
            if template is None:
                template = self._change_url_template = reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=(_KEY,),
                    current_app=self.model_admin.admin_site.name,
                ).rpartition(_KEY)
            head, _key, tail = template
            url = f"{head}{pk}{tail}"
        else:
            url = super().url_for_result(result)
        return f"{url}?{self.link_query}" if self.link_query else url

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
        # Django's CheckboxInput renders exactly this: the key as its value, never checked, the record named for
        # screen readers (escaped once: format_html's result is safe, and the widget's template keeps it so).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
