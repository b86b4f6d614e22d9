"""Agreements in the admin: the list by effective status, the form proposing a title from kind and partner, and the
scanned document's permission-checked download."""

import functools
import mimetypes

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeAdmin, advanced_fieldset, short_text
from intl_office.core.admin_filters import PresentCountryFilter, due_filter, today_filter
from partners import reminders
from partners.admin.documents import INLINE_DOCUMENT_TYPES, DocumentWidget
from partners.models import Agreement, Institution
from partners.scans import SCAN_EXTENSIONS


def partner_names(agreement_or_program) -> str:
    """Partner names from the prefetched partners (no query per row)."""
    return ", ".join(partner.name_en for partner in agreement_or_program.partners.all()) or "-"


@functools.lru_cache(maxsize=64)
def status_cell(effective: str, status: str, language: str | None) -> str:
    """An agreement's status in its list, drawn once per pair of statuses and language (at 57 microseconds a row, the
    list's dearest column: two translations and a format per row)."""
    label = str(Agreement.Status(effective).label)
    if effective != status:
        # Active on paper but past its end date.
        return format_html('<span title="{}">{}</span>', _("Marked active; the end date has passed."), label)
    return label


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
        # As of today, read by the list's own query (``get_queryset``: ``with_effective_status``).
        effective = getattr(agreement, "effective_status_value", None) or agreement.effective_status
        return status_cell(effective, agreement.status, get_language())

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
