from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from experts import reminders
from experts.models import Appointment, Expert, TalentProject
from intl_office.core.admin import OfficeAdmin, OfficeTabularInline, advanced_fieldset, country_display
from intl_office.core.admin_filters import PresentCountryFilter, due_filter, today_filter, year_filter
from intl_office.core.personal_admin import PersonalDataAdminMixin
from intl_office.core.scope import is_unit_scoped


class AppointmentInline(OfficeTabularInline):
    model = Appointment
    fields = ("unit", "position", "term", "starts_on", "ends_on", "work_permit_expires_on")
    autocomplete_fields = ("unit",)
    list_select_related = ("unit",)

    def get_min_num(self, request, obj=None, **kwargs):
        # An expert belongs to the units that appointed them: one added by a unit-scoped user comes with an
        # appointment in their unit, or would leave their sight once saved.
        if obj is None and is_unit_scoped(request.user):
            return 1
        return super().get_min_num(request, obj, **kwargs)


@admin.register(Expert)
class ExpertAdmin(PersonalDataAdminMixin, OfficeAdmin):
    list_display = (
        "__str__",
        "name_zh",
        "nationality_flag",
        "home_institution",
        "field",
        "passport_expires_on",
        "visa_type",
        "passport_number",
        "date_of_birth",
        "email",
    )
    # Offered under "Columns", shown once a clerk ticks them: the list's defaults fit 1366 px beside both sidebars.
    list_display_hidden_by_default = ("date_of_birth", "email")
    list_filter = (
        ("nationality", PresentCountryFilter),
        "gender",
        "appointments__term",
        "visa_type",
        "work_permit_category",
    )
    list_select_related = ("home_institution",)
    search_fields = ("family_name", "given_name", "name_zh", "field", "=passport_number", "email")
    autocomplete_fields = ("home_institution",)
    inlines = (AppointmentInline,)
    fieldsets = (
        # Two fields a row: three wrap at 1366 px beside the navigation sidebar.
        (None, {"fields": (("family_name", "given_name"), ("name_zh", "title"), ("gender", "nationality"))}),
        (
            _("Personal data"),
            {
                "fields": (
                    ("date_of_birth", "email"),
                    "phone",
                    ("emergency_contact_name", "emergency_contact_phone"),
                )
            },
        ),
        (
            _("Passport, visa and work permit"),
            {
                "fields": (
                    ("passport_number", "passport_expires_on"),
                    ("visa_type", "visa_number"),
                    ("work_permit_category", "work_permit_number"),
                )
            },
        ),
        (_("Work"), {"fields": ("home_institution", "field")}),
        advanced_fieldset(),
    )

    @admin.display(description=_("nationality"), ordering="nationality")
    def nationality_flag(self, expert):
        return country_display(expert.nationality)


@admin.register(Appointment)
class AppointmentAdmin(OfficeAdmin):
    list_display = ("expert", "position", "unit", "term", "starts_on", "ends_on", "work_permit_expires_on")
    list_filter = (
        today_filter(_("today"), _("In post today"), "in_post_on"),
        year_filter(
            "starts_on",
            title=_("year in post"),
            queryset_for_year=lambda queryset, year: queryset.during_year(year),
        ),
        "term",
        "unit",
        due_filter(*reminders.DUE),
    )
    list_select_related = ("expert", "unit")
    search_fields = ("expert__family_name", "expert__given_name", "expert__name_zh", "position", "courses")
    repeat_on_add_another = ("unit", "position", "term", "starts_on", "ends_on")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("expert", "unit")
    fieldsets = (
        (None, {"fields": ("expert", "unit", "position", "term")}),
        (_("Dates"), {"fields": ("starts_on", "ends_on", "end_reminder_days")}),
        (_("Work permit"), {"fields": ("work_permit_expires_on", "work_permit_reminder_days")}),
        (_("Teaching"), {"fields": ("courses",)}),
        advanced_fieldset(),
    )


@admin.register(TalentProject)
class TalentProjectAdmin(OfficeAdmin):
    list_display = ("title", "scheme", "year", "lead_expert", "unit", "status", "approved_on", "funding_cny")
    list_filter = ("status", "scheme", "year", "unit")
    list_select_related = ("lead_expert", "unit")
    search_fields = ("title", "reference", "lead_expert__family_name", "lead_expert__name_zh")
    autocomplete_fields = ("lead_expert", "unit")
    fieldsets = (
        (None, {"fields": ("scheme", "year", "title", "reference", "lead_expert", "unit")}),
        (_("Decision"), {"fields": ("status", "approved_on", "funding_cny")}),
        advanced_fieldset(),
    )
