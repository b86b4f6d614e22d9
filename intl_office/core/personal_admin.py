"""Personal data in the admin: fields hidden from staff without the permission, and the access log of who opened a
person's record, its history, or searched personal fields."""

from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from intl_office.core.models import PersonalDataAccess
from intl_office.core.people import can_see_personal_data, is_personal, personal_fields


class PersonalDataAdminMixin:
    """Hides personal fields (``intl_office.core.people.PERSONAL_FIELDS``) from staff without the app's
    ``view_personal_data`` permission.

    The fields disappear from lists, forms (read-only views included), search and URL filters, so nothing in the
    admin reveals them or lets someone probe for them (``?passport_number__startswith=`` would otherwise work).
    """

    def can_see_personal_data(self, request) -> bool:
        return can_see_personal_data(request.user, self.model)

    def _without_personal(self, names):
        kept = []
        for name in names:
            if isinstance(name, list | tuple):  # Fields shown side by side in a form.
                name = tuple(part for part in name if not is_personal(part))
                if name:
                    kept.append(name)
            elif not is_personal(name):
                kept.append(name)
        return kept

    def get_list_display(self, request):
        names = super().get_list_display(request)
        return names if self.can_see_personal_data(request) else self._without_personal(names)

    def get_search_fields(self, request):
        names = super().get_search_fields(request)
        return names if self.can_see_personal_data(request) else self._without_personal(names)

    def get_sortable_by(self, request):
        names = super().get_sortable_by(request)
        return names if self.can_see_personal_data(request) else self._without_personal(names)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.can_see_personal_data(request):
            return fieldsets
        # A group left with nothing (the personal data group) is dropped rather than shown as an empty box.
        trimmed = [
            (title, {**options, "fields": self._without_personal(options["fields"])}) for title, options in fieldsets
        ]
        return [(title, options) for title, options in trimmed if options["fields"]]

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        if not self.can_see_personal_data(request):
            excluded += [name for name in personal_fields(self.model) if name not in excluded]
        return excluded or None

    def lookup_allowed(self, lookup, value, request=None):
        if is_personal(lookup) and not (request and self.can_see_personal_data(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

    # The personal data access log: who opened a person's record, and who searched personal fields.
    change_form_template = "admin/person_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context=extra_context)
        self._record_opening(request, response, object_id)
        return response

    # A person's History page and past versions show personal values old -> new: opened like the record itself.
    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_opening(request, response, object_id)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_opening(request, response, object_id)
        return response

    def _record_opening(self, request, response, object_id) -> None:
        if request.method == "GET" and response.status_code == 200 and self.can_see_personal_data(request):
            PersonalDataAccess.objects.record(
                request.user, PersonalDataAccess.Kind.OPENED, self.model, records=[unquote(object_id)]
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and request.user.has_perm("intl_office.view_personaldataaccess"):
            context["record_tools"] = [*context.get("record_tools", []), (_("Access log"), access_log_url(obj))]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        query = request.GET.get(SEARCH_VAR, "").strip()
        response = super().changelist_view(request, extra_context)
        if (
            query
            and request.method == "GET"
            and response.status_code == 200
            and any(is_personal(name) for name in self.get_search_fields(request))
        ):
            PersonalDataAccess.objects.record(request.user, PersonalDataAccess.Kind.SEARCHED, self.model, query=query)
        return response


def access_log_url(obj) -> str:
    """The personal data access log, filtered to the entries that reached this record."""
    return (
        reverse("admin:intl_office_personaldataaccess_changelist")
        + "?"
        + urlencode({RECORD_PARAMETER: record_key(obj)})
    )


RECORD_PARAMETER = "record"


def record_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


# List cells keep to this many characters; the full text shows on hover (lists fit 1366 px beside both sidebars).
