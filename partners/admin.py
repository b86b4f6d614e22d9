import mimetypes

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import (
    OfficeAdmin,
    OfficeModelForm,
    OfficeStackedInline,
    OfficeTabularInline,
    advanced_fieldset,
    country_display,
    short_text,
)
from intl_office.core.admin_filters import PresentCountryFilter, due_filter, today_filter, year_filter
from intl_office.core.scope import is_unit_scoped, visible_to
from partners import reminders
from partners.models import Agreement, Contact, Delegation, Institution
from partners.names import NameIndex
from partners.scans import SCAN_EXTENSIONS

# Scanned agreements are PDFs and images only (checked by the model field's validator, partners/scans.py), so a
# download can never be a page that runs in the admin's origin.
INLINE_DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}

AgreementPartner = Agreement.partners.through


# The auto-created link model has no readable name; inline rows and the history show this one.
def _agreement_partner_str(self):
    return str(self.agreement)


AgreementPartner.__str__ = _agreement_partner_str


def partner_names(agreement_or_program) -> str:
    """Partner names from the prefetched partners (no query per row)."""
    return ", ".join(partner.name_en for partner in agreement_or_program.partners.all()) or "-"


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


class InstitutionAdminForm(OfficeModelForm):
    """Catches a near-duplicate where it is typed, with the importer's similar-name check (partners.names): a name
    like a stored one (in the same country) or a Chinese name already used asks for confirmation, linking to the
    similar record; an exact duplicate (English or former name) links to the existing record."""

    confirm_similar = forms.BooleanField(
        label=_("I have checked the similar names: this is a different institution."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name_en") or "").strip()
        if not name or "name_en" in self._errors:
            return cleaned
        others = Institution.objects.exclude(pk=self.instance.pk) if self.instance.pk else Institution.objects.all()
        exact = others.filter(Q(name_en__iexact=name) | Q(former_name__iexact=name)).first()
        if exact:
            if exact.name_en.lower() == name.lower():
                # The rule's own words (institution_name_en_unique_ci), then where the record is.
                unique = next(c for c in Institution._meta.constraints if c.name == "institution_name_en_unique_ci")
                self.add_error("name_en", unique.get_violation_error_message())
            self.add_error("name_en", _exact_duplicate_error(exact))
            return cleaned
        # An edit that leaves the names and country alone was checked when they were typed.
        unchanged = self.instance.pk and not self.has_changed_name()
        if unchanged or cleaned.get("confirm_similar"):
            return cleaned
        similar = self.similar_records(others, name, cleaned)
        if similar:
            self.add_error(
                "name_en",
                ValidationError(
                    format_html(
                        "{} {}",
                        _("This name looks like another institution's:"),
                        format_html_join(
                            ", ", '<a href="{}">{}</a>', ((_change_url(o), o.autocomplete_label()) for o in similar)
                        ),
                    ),
                    code="similar_name",
                ),
            )
            self.add_error(
                "confirm_similar",
                _("If it is a different institution, tick this box and save again."),
            )
        return cleaned

    def has_changed_name(self) -> bool:
        return bool({"name_en", "name_zh", "country"} & set(self.changed_data))

    def similar_records(self, others, name: str, cleaned) -> list[Institution]:
        """The stored institutions whose English or former name looks like the name, or with the same Chinese
        name, as the importer finds them (one query for the names, one for the records)."""
        country = str(cleaned.get("country") or "")
        index = NameIndex()
        by_name = {}
        same_chinese = []
        name_zh = (cleaned.get("name_zh") or "").strip()
        for pk, name_en, former, other_country, other_zh in others.values_list(
            "pk", "name_en", "former_name", "country", "name_zh"
        ):
            for other in (name_en, former):
                if other:
                    index.add(other, other_country)
                    by_name.setdefault(other, pk)
            if name_zh and other_zh.strip() == name_zh:
                same_chinese.append(pk)
        ids = [by_name[other] for other in index.similar(name, country=country)] + same_chinese
        return list(Institution.objects.filter(pk__in=ids).order_by("name_en")) if ids else []


def _change_url(institution) -> str:
    return reverse("admin:partners_institution_change", args=[institution.pk])


def _exact_duplicate_error(existing) -> ValidationError:
    return ValidationError(
        format_html(
            '{} <a href="{}">{}</a>',
            _("This institution is already recorded:"),
            _change_url(existing),
            existing.autocomplete_label(),
        ),
        code="duplicate_name",
    )


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
        # A grouped query drops the model's default ordering: restate it, so the autocomplete pages consistently.
        queryset = super().get_queryset(request).annotate(agreement_total=Count("agreements", distinct=True))
        return queryset.order_by(*Institution._meta.ordering)

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


class EffectiveStatusFilter(admin.SimpleListFilter):
    """Status as it is today: an active agreement past its end date counts as expired."""

    title = _("status")
    parameter_name = "effective_status"

    def lookups(self, request, model_admin):
        return Agreement.Status.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value in Agreement.Status.values:
            return queryset.having_effective_status(value, timezone.localdate())
        return queryset


class DocumentWidget(AdminFileWidget):
    """Links the current file to the permission-checked download instead of the (unserved) storage URL."""

    download_url = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value) and self.download_url:
            context["widget"]["value"] = _DocumentLink(value.name.rsplit("/", 1)[-1], self.download_url)
        return context


class _DocumentLink:
    def __init__(self, name, url):
        self.name, self.url = name, url

    def __str__(self):
        return self.name


@admin.register(Agreement)
class AgreementAdmin(OfficeAdmin):
    # What decides the next step first: status and end date, then what and with whom.
    list_display = (
        "short_title",
        "effective_status",
        "ends_on",
        "starts_on",
        "kind",
        "partner_list",
        "unit",
        "reference",
        "places",
        "has_document",
    )
    # Offered under "Columns", shown once a clerk ticks them: the list's defaults fit 1366 px beside both sidebars.
    list_display_hidden_by_default = ("reference", "places", "has_document")
    list_filter = (
        today_filter(_("today"), _("In force today"), "in_force"),
        EffectiveStatusFilter,
        due_filter(*reminders.DUE),
        "kind",
        ("partners__country", PresentCountryFilter),
        "unit",
    )
    list_select_related = ("unit",)
    search_fields = ("title", "reference", "partners__name_en", "partners__name_zh")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("partners", "unit")
    fieldsets = (
        (None, {"fields": ("title", "reference", "kind", "status", "partners", "unit")}),
        (_("Dates"), {"fields": ("signed_on", "starts_on", "ends_on", "reminder_days")}),
        (_("Places per year"), {"fields": ("places_inbound", "places_outbound")}),
        (_("Scanned document"), {"fields": ("document",)}),
        advanced_fieldset("notes"),
    )

    # Save and add another keeps what a clerk entering a batch usually repeats.
    repeat_on_add_another = ("kind", "unit", "signed_on", "starts_on", "ends_on")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partners").with_effective_status()

    def get_changeform_initial_data(self, request):
        """Opened from an institution's page (``?partners=<pk>``): the title proposed from kind and partner."""
        initial = super().get_changeform_initial_data(request)
        if "title" not in initial and initial.get("partners"):
            # Django splits a many-to-many parameter on commas into a list.
            given = initial["partners"]
            parts = given if isinstance(given, list | tuple) else str(given).split(",")
            ids = [str(part) for part in parts if str(part).isdigit()]
            partner = Institution.objects.filter(pk__in=ids).order_by("name_en").first()
            if partner is not None:
                kind = initial.get("kind") or Agreement._meta.get_field("kind").get_default()
                label = dict(Agreement.Kind.choices).get(kind) or gettext("Agreement")
                initial["title"] = f"{label}: {partner.name_en}"
        return initial

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read-only views would link the raw storage URL: show the permission-checked link instead.
        return [
            (title, {**options, "fields": tuple("document_link" if f == "document" else f for f in options["fields"])})
            for title, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "document_link")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        document = form.base_fields.get("document")
        if document is not None:
            document.widget = DocumentWidget()
            if obj is not None and obj.document:
                document.widget.download_url = self.document_url(obj)
            document.help_text = _(
                "Private: only staff can download it. A PDF or an image (%(types)s), %(limit)s at most."
            ) % {"types": ", ".join(SCAN_EXTENSIONS), "limit": filesizeformat(settings.AGREEMENT_SCAN_MAX_BYTES)}
        return form

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/document/",
                self.admin_site.admin_view(self.document_view),
                name="{}_{}_document".format(*info),
            ),
            *super().get_urls(),
        ]

    def document_url(self, agreement) -> str:
        return reverse(f"{self.admin_site.name}:partners_agreement_document", args=[agreement.pk])

    def document_view(self, request, object_id):
        """Serves the scanned agreement to staff who may view agreements; it has no public URL."""
        agreement = self.get_object(request, object_id)
        if agreement is None or not agreement.document:
            raise Http404(_("This agreement has no scanned document."))
        if not self.has_view_permission(request, agreement):
            raise PermissionDenied
        name = agreement.document.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            agreement.document.open("rb"),
            as_attachment=content_type not in INLINE_DOCUMENT_TYPES,
            filename=name,
            content_type=content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, agreement):
        return short_text(agreement.title)

    @admin.display(description=_("partner institutions"))
    def partner_list(self, agreement):
        return short_text(partner_names(agreement))

    @admin.display(description=_("status"), ordering="effective_status_value")
    def effective_status(self, agreement):
        label = agreement.get_effective_status_display()
        if agreement.effective_status != agreement.status:
            # Active on paper but past its end date.
            return format_html('<span title="{}">{}</span>', _("Marked active; the end date has passed."), label)
        return label

    @admin.display(description=_("places in / out"))
    def places(self, agreement):
        return f"{agreement.places_inbound} / {agreement.places_outbound}"

    @admin.display(description=_("document"), boolean=True)
    def has_document(self, agreement):
        return bool(agreement.document)

    @admin.display(description=_("scanned document"))
    def document_link(self, agreement):
        if agreement is None or not agreement.document:
            return _("No document")
        return format_html(
            '<a href="{}">{}</a>', self.document_url(agreement), agreement.document.name.rsplit("/", 1)[-1]
        )


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
