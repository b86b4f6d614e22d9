from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin, advanced_fieldset
from intl_office.core.admin_filters import PresentCountryFilter
from partners.admin import partner_names
from programs.models import Program


@admin.register(Program)
class ProgramAdmin(OfficeAdmin):
    list_display = (
        "title_en",
        "title_zh",
        "kind",
        "level",
        "partner_list",
        "unit",
        "discipline",
        "language",
        "moe_approval_number",
        "is_published",
    )
    # Offered under "Columns", shown once a clerk ticks them: the list's defaults fit 1366 px beside both sidebars.
    list_display_hidden_by_default = ("discipline", "language", "moe_approval_number")
    list_display_links = ("title_en", "title_zh")
    list_filter = (
        "kind",
        "level",
        "is_published",
        "discipline",
        "language",
        ("partners__country", PresentCountryFilter),
        "unit",
    )
    list_select_related = ("unit",)
    search_fields = ("title_en", "title_zh", "moe_approval_number", "partners__name_en", "partners__name_zh")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("partners", "agreement", "unit")
    fieldsets = (
        (None, {"fields": ("title_en", "title_zh", "slug", "kind", "level", "is_published")}),
        (_("Partners"), {"fields": ("partners", "agreement", "unit")}),
        (
            _("Studies"),
            {"fields": ("discipline", "language", "duration_months", "places")},
        ),
        (
            _("Applying"),
            {
                "fields": (
                    "application_deadline",
                    "second_application_deadline",
                    ("eligibility_en", "eligibility_zh"),
                    "tuition_exchange",
                    ("fees_en", "fees_zh"),
                    ("how_to_apply_en", "how_to_apply_zh"),
                ),
                "description": _("Shown on the public page when filled in; the unit's public contact is shown too."),
            },
        ),
        (
            _("Ministry of Education approval"),
            {
                "fields": ("moe_approval_number", "moe_approval_year", "established_year"),
                "description": _("For Chinese-foreign cooperatively run programs."),
            },
        ),
        (_("Public text"), {"fields": ("summary_en", "summary_zh", "description_en", "description_zh")}),
        advanced_fieldset(),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners")

    @admin.display(description=_("partner institutions"))
    def partner_list(self, program):
        return partner_names(program)
