"""Partner institutions and their contacts in the admin: the institution's page with its contacts and its agreements
(through the agreement-partner link), and the contacts' own list."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import (
    OfficeAdmin,
    OfficeStackedInline,
    OfficeTabularInline,
    advanced_fieldset,
    country_display,
)
from intl_office.core.admin_filters import PresentCountryFilter
from intl_office.core.scope import is_unit_scoped, visible_to
from partners.admin.institution_form import InstitutionAdminForm
from partners.models import Agreement, Contact, Institution

AgreementPartner = Agreement.partners.through


# The auto-created link model has no readable name; inline rows and the history show this one.
def _agreement_partner_str(self):
    return str(self.agreement)


AgreementPartner.__str__ = _agreement_partner_str


class ContactFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The database allows one primary contact per institution, but checks each row
        # alone: two new rows both ticked would pass the form and fail on save.
        primary = [
            form for form in self.forms if form.cleaned_data.get("is_primary") and not form.cleaned_data.get("DELETE")
        ]
        if len(primary) > 1:
            raise ValidationError(_("Only one contact can be the primary contact."))


class ContactInline(OfficeStackedInline):
    model = Contact
    formset = ContactFormSet
    fields = (("name", "name_zh"), "position", ("email", "phone"), "is_primary", "notes")


class AgreementLinkInline(OfficeTabularInline):
    """The institution's agreements, through the agreement-partner link (an agreement can have several partners)."""

    model = AgreementPartner
    verbose_name = _("agreement")
    verbose_name_plural = _("agreements")
    autocomplete_fields = ("agreement",)
    fields = ("agreement", "agreement_kind", "agreement_status", "agreement_ends_on")
    readonly_fields = ("agreement_kind", "agreement_status", "agreement_ends_on")
    list_select_related = ("agreement",)

    def get_queryset(self, request):
        # The link has no unit of its own: a unit-scoped user sees the links to their units' agreements only.
        queryset = super().get_queryset(request)
        if not is_unit_scoped(request.user):
            return queryset
        return queryset.filter(agreement__in=visible_to(Agreement.objects.all(), request.user))

    @admin.display(description=_("kind"))
    def agreement_kind(self, link):
        return link.agreement.get_kind_display() if link.agreement_id else "-"

    @admin.display(description=_("status"))
    def agreement_status(self, link):
        return link.agreement.get_effective_status_display() if link.agreement_id else "-"

    @admin.display(description=_("ends on"))
    def agreement_ends_on(self, link):
        return (link.agreement.ends_on or _("open-ended")) if link.agreement_id else "-"


class CountedFilter(admin.SimpleListFilter):
    title = _("counted as partner")
    parameter_name = "counted"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No: inactive or merged"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.counted()
        if self.value() == "no":
            return queryset.exclude(pk__in=Institution.objects.counted().values("pk"))
        return queryset


@admin.register(Institution)
class InstitutionAdmin(OfficeAdmin):
    list_display = ("name_en", "name_zh", "country_flag", "city", "kind", "agreement_count", "is_active", "merged_into")
    list_display_links = ("name_en", "name_zh")
    list_filter = ("kind", ("country", PresentCountryFilter), "is_active", CountedFilter)
    list_select_related = ("merged_into",)
    search_fields = ("name_en", "name_zh", "former_name", "city", "city_zh")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("merged_into",)
    inlines = (ContactInline, AgreementLinkInline)
    form = InstitutionAdminForm
    fieldsets = (
        (None, {"fields": ("name_en", "name_zh", "slug", "kind", "is_active")}),
        (_("Location"), {"fields": ("country", ("city", "city_zh"), "website")}),
        (_("Relations"), {"fields": ("relations_since", "former_name", "merged_into", "new_agreement")}),
        (_("Public description"), {"fields": ("description_en", "description_zh")}),
        advanced_fieldset(),
    )
    readonly_fields = (*OfficeAdmin.readonly_fields, "new_agreement")

    @admin.display(description=_("new agreement"))
    def new_agreement(self, institution):
        """An agreement with this partner, its title proposed from kind and partner (``AgreementAdmin``)."""
        if institution is None or institution.pk is None:
            return _("Save the institution first.")
        url = reverse("admin:partners_agreement_add") + f"?partners={institution.pk}"
        return format_html('<a class="addlink" href="{}">{}</a>', url, _("Add an agreement with this institution"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.method != "POST":
            return fieldsets
        # The confirmation appears once a save was tried: the similar-name check asks for it only then.
        (title, options), *rest = fieldsets
        return ((title, {**options, "fields": (*options["fields"], "confirm_similar")}), *rest)

    def get_queryset(self, request):
        return super().get_queryset(request).with_agreement_total()

    @admin.display(description=_("country or region"), ordering="country")
    def country_flag(self, institution):
        return country_display(institution.country)

    @admin.display(description=_("agreements"), ordering="agreement_total")
    def agreement_count(self, institution):
        return institution.agreement_total


@admin.register(Contact)
class ContactAdmin(OfficeAdmin):
    list_display = ("name", "name_zh", "institution", "position", "email", "phone", "is_primary")
    list_filter = ("is_primary", ("institution__country", PresentCountryFilter))
    list_select_related = ("institution",)
    search_fields = ("name", "name_zh", "email", "position", "institution__name_en", "institution__name_zh")
    autocomplete_fields = ("institution",)
    fieldsets = (
        (None, {"fields": ("institution", ("name", "name_zh"), "position", "is_primary")}),
        (_("Contact details"), {"fields": ("email", "phone")}),
        advanced_fieldset("notes"),
    )
