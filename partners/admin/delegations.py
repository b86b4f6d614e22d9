"""Delegations (visits in and out) in the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin, advanced_fieldset, country_display, short_text
from intl_office.core.admin_filters import PresentCountryFilter, year_filter
from partners.models import Delegation


@admin.register(Delegation)
class DelegationAdmin(OfficeAdmin):
    list_display = (
        "short_title",
        "direction",
        "starts_on",
        "ends_on",
        "country_flag",
        "institution",
        "leader",
        "people_count",
        "host_unit",
    )
    # Offered under "Columns", shown once a clerk ticks them: the list's defaults fit 1366 px beside both sidebars.
    list_display_hidden_by_default = ("leader", "people_count")
    list_filter = ("direction", year_filter("starts_on"), ("country", PresentCountryFilter), "host_unit")
    list_select_related = ("institution", "host_unit")
    search_fields = ("title", "leader", "purpose", "institution__name_en", "institution__name_zh")
    repeat_on_add_another = ("direction", "starts_on", "ends_on", "host_unit")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("institution", "host_unit")
    fieldsets = (
        (None, {"fields": ("direction", "title", "starts_on", "ends_on")}),
        (_("Who"), {"fields": ("country", "institution", "leader", "people_count", "host_unit")}),
        (_("Purpose"), {"fields": ("purpose",)}),
        advanced_fieldset(),
    )

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, delegation):
        return short_text(delegation.title)

    @admin.display(description=_("country or region"), ordering="country")
    def country_flag(self, delegation):
        return country_display(delegation.country)
