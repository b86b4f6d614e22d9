"""The office's planning tables in the admin: the lead-time table, and the units' annual plans with their lines, their
submission and approval, and the plan workbook download."""

from django.contrib import admin
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin, OfficeTabularInline
from intl_office.core.models import Unit
from intl_office.travel import exports
from intl_office.travel.admin.shared import ListLinksMixin, _is_office
from intl_office.travel.models import AnnualPlan, LeadTime, PlannedTrip


@admin.register(LeadTime)
class LeadTimeAdmin(OfficeAdmin):
    list_display = ["case", "days"]
    list_editable = ["days"]
    readonly_fields = ()


class PlannedTripInline(OfficeTabularInline):
    model = PlannedTrip
    extra = 1


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ListLinksMixin, OfficeAdmin):
    list_template = "admin/travel/annualplan/change_list.html"
    list_display = ["__str__", "unit", "year", "round", "state", "submitted_at"]
    list_filter = ["year", "round", "state", "unit"]
    list_select_related = ["unit"]
    inlines = [PlannedTripInline]
    readonly_fields = ["state", "submitted_at"]
    actions = ["submit_plans", "approve_plans"]

    def get_queryset(self, request):
        plans = super().get_queryset(request).select_related("unit")
        return plans if _is_office(request) else plans.filter(unit__in=Unit.objects.of_user(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit" and not _is_office(request):
            kwargs["queryset"] = Unit.objects.of_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        # The unit filter would list every unit: applicants see their own units' plans only.
        filters = super().get_list_filter(request)
        return filters if _is_office(request) else [f for f in filters if f != "unit"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.state != AnnualPlan.State.DRAFT and not _is_office(request):
            return False
        return super().has_change_permission(request, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:year>/plan.xlsx", self.admin_site.admin_view(self.xlsx_view), name="{}_{}_xlsx".format(*info)),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The year filtered on, else next year (the December round plans it).
        year = request.GET.get("year__exact", "")
        plan_year = int(year) if year.isdigit() else timezone.localdate().year + 1
        return super().changelist_view(request, {**(extra_context or {}), "plan_year": plan_year})

    def xlsx_view(self, request, year):
        """The plans of the year as a workbook: one sheet per unit the user may see, and the consolidated sheet."""
        plans = self.get_queryset(request).filter(year=year)
        return exports.plan_workbook_response(plans, year)

    @admin.action(description=_("Submit the selected plans to the office"))
    def submit_plans(self, request, queryset):
        done = 0
        for plan in queryset.filter(state=AnnualPlan.State.DRAFT):
            plan.submit()
            plan.save()
            done += 1
        self.message_user(request, _("%(count)s plans submitted.") % {"count": done})

    @admin.action(description=_("Approve the selected plans (consolidated)"), permissions=["office"])
    def approve_plans(self, request, queryset):
        done = 0
        for plan in queryset.filter(state=AnnualPlan.State.SUBMITTED):
            plan.approve()
            plan.save()
            done += 1
        self.message_user(request, _("%(count)s plans approved.") % {"count": done})

    def has_office_permission(self, request):
        return _is_office(request)
