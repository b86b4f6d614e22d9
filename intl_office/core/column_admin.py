"""Each member of staff's choice of columns in the admin's lists, remembered between visits (issue 14: lists that fit
1366 px beside both sidebars).

A list page offers its columns in a "Columns" disclosure (templates/admin/change_list.html); the choice is saved per
user and list (``ListColumns``) and narrows ``get_list_display``. It only ever narrows: the admins' own rules (personal
columns hidden from staff without the permission, ``PersonalDataAdminMixin``) wrap this one and apply afterwards, so
a saved choice never brings back a column its user may not see.
"""

from contextlib import contextmanager

from django.contrib.admin.templatetags.admin_list import label_for_field
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst

from intl_office.core.columns import ListColumns

# Set on a request while the list's every column is asked for (the disclosure offers them all).
_ALL_COLUMNS = "_list_columns_all"
# The choices read during a request, by model label: read once, whatever asks for the columns how often.
_CHOSEN = "_list_columns_chosen"


def column_key(name) -> str:
    """A column's name as stored: a ``list_display`` entry may be a function rather than a name."""
    return name if isinstance(name, str) else getattr(name, "__name__", str(name))


class ListColumnsAdminMixin:
    """Each user's choice of the list's columns (``ListColumns``), one query per list page to read it.

    The first column (the link to the record) and any editable column are always shown. A column the list offers
    but a user rarely needs may be hidden until chosen (``list_display_hidden_by_default``).
    """

    list_display_hidden_by_default: tuple[str, ...] = ()

    def get_list_display(self, request):
        names = super().get_list_display(request)
        if getattr(request, _ALL_COLUMNS, False):
            return names
        chosen = self.chosen_columns(request)
        if chosen is None:
            wanted = {column_key(name) for name in names} - set(self.list_display_hidden_by_default)
        else:
            wanted = set(chosen)
        kept = set(self._always_shown(names))
        return [name for name in names if column_key(name) in wanted or column_key(name) in kept]

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        # A list linking from columns the user hid links from its first column instead.
        if links and list_display and not any(link in list_display for link in links):
            return list(list_display)[:1]
        return links

    def _always_shown(self, names) -> list[str]:
        return [column_key(name) for name in list(names)[:1]] + [str(name) for name in self.list_editable]

    def chosen_columns(self, request) -> list[str] | None:
        label = self.model._meta.label_lower
        cache = request.__dict__.setdefault(_CHOSEN, {})
        if label not in cache:
            cache[label] = ListColumns.objects.chosen(request.user, self.model)
        return cache[label]

    @contextmanager
    def _every_column(self, request):
        setattr(request, _ALL_COLUMNS, True)
        try:
            yield
        finally:
            delattr(request, _ALL_COLUMNS)

    def list_column_choices(self, request) -> list[dict]:
        """Every column the list may show this user, as its header reads, with whether it is shown and whether it
        can be hidden."""
        with self._every_column(request):
            names = list(self.get_list_display(request))
        shown = {column_key(name) for name in self.get_list_display(request)}
        locked = set(self._always_shown(names))
        choices = []
        for name in names:
            key = column_key(name)
            label = label_for_field(name, self.model, model_admin=self)
            choices.append({"name": key, "label": capfirst(label), "shown": key in shown, "locked": key in locked})
        return choices

    def _columns_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_columns"

    def get_urls(self):
        return [
            path("columns/", self.admin_site.admin_view(self.list_columns_view), name=self._columns_url_name()),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if self.has_view_or_change_permission(request):
            extra_context = {
                **(extra_context or {}),
                "list_columns": {
                    "url": reverse(f"admin:{self._columns_url_name()}", current_app=self.admin_site.name),
                    "next": request.get_full_path(),
                    "choices": self.list_column_choices(request),
                    "chosen": self.chosen_columns(request) is not None,
                },
            }
        return super().changelist_view(request, extra_context)

    def list_columns_view(self, request):
        """Saves the user's choice of columns (or forgets it: "Reset to default"), then goes back to the list."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        label = self.model._meta.label_lower
        with transaction.atomic():
            if "reset" in request.POST:
                ListColumns.objects.filter(user=request.user, model=label).delete()
            else:
                choices = self.list_column_choices(request)
                asked = set(request.POST.getlist("columns"))
                # Names the list does not offer this user are dropped; those that cannot be hidden are kept.
                columns = [choice["name"] for choice in choices if choice["name"] in asked or choice["locked"]]
                ListColumns.objects.update_or_create(user=request.user, model=label, defaults={"columns": columns})
        return HttpResponseRedirect(self._back_to_list(request))

    def _back_to_list(self, request) -> str:
        back = request.POST.get("next", "")
        changelist = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist", current_app=self.admin_site.name
        )
        # Only this list, with its filters: never another page, let alone another site.
        if back.startswith(changelist) and url_has_allowed_host_and_scheme(
            back, {request.get_host()}, require_https=request.is_secure()
        ):
            return back
        return changelist
