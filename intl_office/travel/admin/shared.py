"""What the travel admin pages share: who counts as the office, the labels of the trips' and visits' decision
buttons, the list pages' own links, and the unit scope of the trips' and visits' pages."""

from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin
from intl_office.core.models import Unit
from intl_office.travel.models import PlannedTrip

ACTION_LABELS = {
    "submit": _("Submit"),
    "approve_as_unit_leader": _("Approve"),
    "approve_as_office": _("Approve"),
    "approve_as_university": _("Approve"),
    "record_ministry_approval": _("Record the Ministry's approval"),
    "return_for_changes": _("Return for changes"),
    "refuse": _("Refuse"),
    "submit_report": _("Submit the trip report"),
    "accept_report": _("Accept the report and publish the summary"),
    "return_report": _("Return the report"),
    "approve": _("Approve"),
}


def _is_office(request) -> bool:
    return request.user.has_perm("travel.approve_as_office")


class ListLinksMixin:
    """A list page with this app's own links: set on the instance, because the imports feature puts its list
    template on a class before this one (``intl_office.imports.apps``); ours extends it."""

    list_template = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.list_template:
            self.change_list_template = self.list_template


class UnitScopedAdmin(ListLinksMixin, OfficeAdmin):
    """Applicants see and file for their own units only; the office sees every unit."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user).select_related("unit")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not _is_office(request):
            kwargs["queryset"] = Unit.objects.of_user(request.user)
        if db_field.name == "planned_trip":
            lines = PlannedTrip.objects.select_related("plan__unit")
            if not _is_office(request):
                lines = lines.filter(plan__unit__in=Unit.objects.of_user(request.user))
            kwargs["queryset"] = lines
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
