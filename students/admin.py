from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin, advanced_fieldset, country_display
from intl_office.core.admin_filters import PresentCountryFilter, due_filter, today_filter, year_filter
from intl_office.core.personal_admin import PersonalDataAdminMixin
from students import reminders
from students.models import InternationalStudent, OutboundMobility


@admin.register(InternationalStudent)
class InternationalStudentAdmin(PersonalDataAdminMixin, OfficeAdmin):
    # What decides the next step first (status, dates, what expires), then who and where.
    list_display = (
        "full_name",
        "status",
        "arrived_on",
        "departed_on",
        "residence_permit_expires_on",
        "passport_expires_on",
        "insurance_expires_on",
        "category",
        "level",
        "nationality_flag",
        "unit",
        "name_zh",
        "student_number",
        "program",
        "passport_number",
        "email",
    )
    # Offered under "Columns", shown once a clerk ticks them: the list's defaults fit 1366 px beside both sidebars.
    list_display_hidden_by_default = (
        "category",
        "level",
        "nationality_flag",
        "unit",
        "name_zh",
        "student_number",
        "program",
        "passport_number",
        "email",
    )
    list_filter = (
        today_filter(_("today"), _("On campus today"), "present_on"),
        year_filter(
            "arrived_on",
            title=_("year on campus"),
            queryset_for_year=lambda queryset, year: queryset.present_during_year(year),
        ),
        "status",
        "category",
        "level",
        "funding",
        "discipline",
        "visa_type",
        "accommodation",
        ("nationality", PresentCountryFilter),
        "unit",
        due_filter(*reminders.DUE),
    )
    list_select_related = ("unit", "program")
    search_fields = ("family_name", "given_name", "name_zh", "=student_number", "=passport_number", "email")
    date_hierarchy = "arrived_on"
    autocomplete_fields = ("program", "home_institution", "unit")
    # Save and add another keeps what a batch of arrivals shares.
    repeat_on_add_another = (
        "category",
        "level",
        "program",
        "home_institution",
        "unit",
        "funding",
        "arrived_on",
        "departed_on",
    )
    # A full COUNT(*) on every page is slow on a large table; the filtered count is enough.
    show_full_result_count = False
    fieldsets = (
        # Two fields a row: three wrap at 1366 px beside the navigation sidebar.
        (_("Identity"), {"fields": (("family_name", "given_name"), "name_zh", ("gender", "nationality"))}),
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
            _("Studies"),
            {
                "fields": (
                    "student_number",
                    ("category", "level"),
                    "discipline",
                    "program",
                    "home_institution",
                    "unit",
                    "funding",
                )
            },
        ),
        (_("Stay"), {"fields": ("status", ("arrived_on", "departed_on"), "graduated_on")}),
        (
            _("Passport, visa and residence permit"),
            {
                "fields": (
                    ("passport_number", "passport_expires_on"),
                    ("visa_type", "visa_number"),
                    ("residence_permit_expires_on", "residence_permit_reminder_days"),
                )
            },
        ),
        (_("Admission"), {"fields": ("admission_notice_number", ("jw_form", "jw_form_number"))}),
        (_("Insurance"), {"fields": (("insurance_provider", "insurance_policy_number"), "insurance_expires_on")}),
        (_("Accommodation"), {"fields": (("accommodation", "address_registered_on"),)}),
        advanced_fieldset(),
    )

    @admin.display(description=_("name"), ordering="family_name")
    def full_name(self, student):
        return student.full_name

    @admin.display(description=_("nationality"), ordering="nationality")
    def nationality_flag(self, student):
        return country_display(student.nationality)


@admin.register(OutboundMobility)
class OutboundMobilityAdmin(OfficeAdmin):
    list_display = (
        "student_name",
        "student_number",
        "unit",
        "destination",
        "country_flag",
        "route",
        "kind",
        "starts_on",
        "ends_on",
        "academic_year",
    )
    # Offered under "Columns", shown once a clerk ticks them: the list's defaults fit 1366 px beside both sidebars.
    list_display_hidden_by_default = ("student_number", "route", "academic_year")
    list_filter = (year_filter("starts_on"), "route", "kind", ("destination_country", PresentCountryFilter), "unit")
    list_select_related = ("unit", "destination")
    search_fields = ("student_name", "=student_number", "destination__name_en", "destination__name_zh")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("unit", "destination", "program", "agreement")
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("student_name", "student_number", "unit")}),
        (_("Destination"), {"fields": ("destination", "destination_country", "route", "program", "agreement")}),
        (_("Stay"), {"fields": ("kind", "starts_on", "ends_on", "academic_year")}),
        advanced_fieldset(),
    )

    @admin.display(description=_("country or region"), ordering="destination_country")
    def country_flag(self, mobility):
        return country_display(mobility.destination_country)
