"""The logs in the admin: read-only lists of exports, imports, personal data accesses, reminders sent and due-list
decisions (``intl_office.core.models``), registered when the core app is ready (``CoreConfig.ready``)."""

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin
from intl_office.core.models import DueDecision, ExportLog, ImportLog, PersonalDataAccess, SentReminder
from intl_office.core.people import can_see_personal_data, is_personal
from intl_office.core.personal_admin import RECORD_PARAMETER


class ReadOnlyAdmin(OfficeAdmin):
    """Logs written by the application: staff can read them, nobody edits or deletes them."""

    save_on_top = False
    readonly_fields = ()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    # The username as it was when the row was written (UserLog).
    list_display = ("created_at", "username", "what", "file_format", "row_count", "includes_personal_data")
    list_filter = ("file_format", "includes_personal_data")
    search_fields = ("what", "username")
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = ("filters_in_full", "filters_masked")

    def get_fields(self, request, obj=None):
        # A clerk without the permission may not read what an officer searched for (a passport number, say).
        shown = "filters_masked" if obj and _export_may_reveal_personal_data(obj, request.user) else "filters_in_full"
        return ("created_at", "username", "what", "file_format", "row_count", "includes_personal_data", shown)

    @admin.display(description=_("filters"))
    def filters_in_full(self, log):
        return _filters_text(log.filters)

    @admin.display(description=_("filters"))
    def filters_masked(self, log):
        masked = {key: "***" if key == "q" or is_personal(key) else value for key, value in (log.filters or {}).items()}
        return _filters_text(masked)


def _export_may_reveal_personal_data(log, user) -> bool:
    try:
        model = apps.get_model(log.what)
    except (LookupError, ValueError):
        return False  # A report, not a list of records.
    return not can_see_personal_data(user, model)


def _filters_text(filters) -> str:
    return ", ".join(f"{key}={value}" for key, value in (filters or {}).items()) or "-"


@admin.register(ImportLog)
class ImportLogAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "username",
        "kind",
        "file_name",
        "status",
        "created_count",
        "updated_count",
        "skipped_count",
        "error_count",
    )
    list_filter = ("kind", "status")
    search_fields = ("kind", "file_name", "username")
    readonly_fields = ("username",)
    date_hierarchy = "created_at"


class AccessedRecordFilter(admin.SimpleListFilter):
    """``?record=students.internationalstudent:42``: who looked at this record (the link on its change page)."""

    title = _("record")
    parameter_name = RECORD_PARAMETER

    def lookups(self, request, model_admin):
        # Only the record asked for: a list of every record ever looked at would be a list of people.
        value = self.value()
        return [(value, value)] if value else []

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        label, _sep, pk = value.rpartition(":")
        try:
            model = apps.get_model(label)
            obj = model(pk=int(pk))
        except (LookupError, ValueError):
            return queryset.none()
        return queryset.about(obj)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "username", "kind", "content_type", "record_count")
    # Not exported: a search may be a passport number (the change page masks it for those who may not read it).
    actions = None
    list_filter = (AccessedRecordFilter, "kind", "content_type")
    list_select_related = ("content_type",)
    search_fields = ("username",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = ("search_in_full", "search_masked", "reached")

    def get_fields(self, request, obj=None):
        # A search may be a passport number: only those who may see that kind of record's personal data read it.
        model = obj.content_type.model_class() if obj else None
        may_read = model is not None and can_see_personal_data(request.user, model)
        shown = "search_in_full" if may_read else "search_masked"
        return ("created_at", "username", "kind", "content_type", "record_count", shown, "export", "reached")

    @admin.display(description=_("search"))
    def search_in_full(self, access):
        return access.query or "-"

    @admin.display(description=_("search"))
    def search_masked(self, access):
        return "***" if access.query else "-"

    @admin.display(description=_("records reached"))
    def reached(self, access):
        rows = access.records.values_list("content_type__model", "object_id")[:200]
        return ", ".join(f"{model} #{pk}" for model, pk in rows) or "-"


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ("sent_at", "kind", "object_id", "due_on", "recipient")
    list_filter = ("kind",)
    search_fields = ("recipient",)
    date_hierarchy = "sent_at"
    show_full_result_count = False


@admin.register(DueDecision)
class DueDecisionAdmin(ReadOnlyAdmin):
    """Who cleared what from the due list, when and why (the front page records them)."""

    list_display = ("decided_at", "user", "action", "kind", "object_id", "due_on", "snoozed_until", "reason")
    list_filter = ("action", "kind")
    list_select_related = ("user",)
    search_fields = ("reason", "user__username")
    date_hierarchy = "decided_at"
    show_full_result_count = False
