"""The trips abroad in the admin: applicants' forms with destinations, members and the recorded steps, the approvers'
queue (``queue/``), the decisions, the approval form PDF and the invitation letter download."""

import mimetypes

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from intl_office.core.admin import OfficeTabularInline
from intl_office.core.admin_filters import due_filter
from intl_office.core.models import Unit
from intl_office.core.personal_admin import PersonalDataAdminMixin
from intl_office.travel import exports
from intl_office.travel.admin.shared import ACTION_LABELS, UnitScopedAdmin, _is_office
from intl_office.travel.models import ApprovalStep, LeadTime, Trip, TripDestination, TripMember
from intl_office.travel.queue import queue_counts
from intl_office.travel.reminders import DUE
from partners.admin import DocumentWidget

# What an applicant may still edit in each state; after approval a change of these sends the trip back.
EDITABLE_STATES = (Trip.State.DRAFT, Trip.State.RETURNED, Trip.State.APPROVED)
CHANGES_REOPENING = {"departs_on", "returns_on"}


class DestinationInline(OfficeTabularInline):
    model = TripDestination
    extra = 1


class MemberInline(PersonalDataAdminMixin, OfficeTabularInline):
    model = TripMember
    extra = 1
    list_select_related = ("unit",)


class StepInline(OfficeTabularInline):
    model = ApprovalStep
    fields = ["step", "decision", "comment", "decided_by", "decided_on", "reference"]
    readonly_fields = fields
    can_delete = False
    list_select_related = ("decided_by",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Trip)
class TripAdmin(UnitScopedAdmin):
    list_display = ["title", "unit", "departs_on", "returns_on", "state", "approval_number"]
    list_filter = ["state", due_filter(*DUE), "unit", "kind", "destinations__country"]
    date_hierarchy = "departs_on"
    search_fields = ["title", "inviting_institution", "approval_number"]
    autocomplete_fields = ["institution"]
    inlines = [DestinationInline, MemberInline, StepInline]
    readonly_fields = [
        "state",
        "submitted_on",
        "approval_number",
        "ministry_approved_on",
        "ministry_reference",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["unit", "title", "kind", ("departs_on", "returns_on"), "purpose", "programme"]}),
        (_("Plan"), {"fields": ["planned_trip", "out_of_plan_reason"]}),
        (
            _("Invitation"),
            {"fields": ["institution", "inviting_institution", "inviter", "invitation_letter"]},
        ),
        (_("Funding"), {"fields": [("funding", "budget"), "needs_ministry", "late_override_reason"]}),
        (
            _("Approval"),
            {"fields": ["state", "submitted_on", "approval_number", "ministry_approved_on", "ministry_reference"]},
        ),
        (_("After the trip"), {"fields": ["passports_returned_on", "report", "summary_en", "summary_zh"]}),
    ]
    change_form_template = "admin/travel/trip/change_form.html"
    list_template = "admin/travel/trip/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "letter_link"]
        if not _is_office(request):
            fields.append("late_override_reason")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read-only views would link the raw storage URL: show the permission-checked link instead.
        return [
            (
                title,
                {**options, "fields": ["letter_link" if f == "invitation_letter" else f for f in options["fields"]]},
            )
            for title, options in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        letter = form.base_fields.get("invitation_letter")
        if letter is not None:
            letter.widget = DocumentWidget()
            if obj is not None and obj.invitation_letter:
                letter.widget.download_url = reverse("admin:travel_trip_letter", args=[obj.pk])
        return form

    @admin.display(description=_("invitation letter"))
    def letter_link(self, trip):
        if trip is None or not trip.invitation_letter:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:travel_trip_letter", args=[trip.pk]),
            trip.invitation_letter.name.rsplit("/", 1)[-1],
        )

    def view_on_site(self, trip):
        """Only a published summary has a public page."""
        return trip.get_absolute_url() if trip.state == Trip.State.CLOSED else None

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return filters if _is_office(request) or request.user.has_perm("travel.approve_as_university") else filters[:2]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.state not in EDITABLE_STATES and not _is_office(request):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.applicant = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        trip = form.instance
        changed = CHANGES_REOPENING & set(form.changed_data) or any(
            formset.has_changed() for formset in formsets if formset.model in (TripMember, TripDestination)
        )
        if change and changed and trip.state == Trip.State.APPROVED:
            trip.decide("reopen", request.user, str(_("Dates, members or destinations changed after approval.")))
            self.message_user(
                request,
                _("The trip changed after approval: it goes through the approval chain again."),
                messages.WARNING,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        trip = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if trip is not None:
            actions = trip.available_actions(request.user)
            extra_context.update(
                trip_actions=[(name, ACTION_LABELS[name]) for name in actions],
                ministry_step="record_ministry_approval" in actions,
                asked=trip.asked_of_applicant(),
                decide_url=reverse("admin:travel_trip_decide", args=[trip.pk]),
                form_pdf_url=reverse("admin:travel_trip_approval_form", args=[trip.pk]),
                letter_url=reverse("admin:travel_trip_letter", args=[trip.pk]) if trip.invitation_letter else "",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("queue/", wrap(self.queue_view), name="{}_{}_queue".format(*info)),
            path("<int:pk>/decide/", wrap(self.decide_view), name="{}_{}_decide".format(*info)),
            path("<int:pk>/approval-form.pdf", wrap(self.approval_form_view), name="{}_{}_approval_form".format(*info)),
            path("<int:pk>/invitation-letter/", wrap(self.letter_view), name="{}_{}_letter".format(*info)),
            *super().get_urls(),
        ]

    def _trip(self, request, pk) -> Trip:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def queue_view(self, request):
        """What waits on this user: their decisions, and (for applicants) what is asked of them."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        waiting = Trip.objects.awaiting(request.user).select_related("unit").order_by("departs_on")
        mine = (
            Trip.objects.filter(unit__in=Unit.objects.of_user(request.user))
            .exclude(state__in=[Trip.State.CLOSED, Trip.State.REFUSED])
            .select_related("unit")
            .prefetch_related("members", "destinations")
            .order_by("departs_on")
        )
        table = LeadTime.table()
        for trip in mine:
            trip.lead_time_table = table
        asked = [(trip, trip.asked_of_applicant()) for trip in mine]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Trips: what waits on me"),
            "opts": self.opts,
            "waiting": waiting,
            "asked": [(trip, items) for trip, items in asked if items],
            "mine": mine,
            "counts": queue_counts(request.user),
        }
        return TemplateResponse(request, "admin/travel/trip/queue.html", context)

    @staticmethod
    def _decide_view(request, record, action, comment, **details):
        try:
            record.decide(action, request.user, comment, **details)
        except PermissionDenied:
            messages.error(request, _("This action is not yours to take now."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Done: %(state)s.") % {"state": record.get_state_display()})

    def decide_view(self, request, pk):
        if request.method != "POST":
            raise Http404
        trip = self._trip(request, pk)
        details = {}
        if request.POST.get("action") == "record_ministry_approval":
            details = {
                "decided_on": parse_date(request.POST.get("decided_on", "") or ""),
                "reference": request.POST.get("reference", "").strip(),
            }
        self._decide_view(request, trip, request.POST.get("action", ""), request.POST.get("comment", ""), **details)
        return HttpResponseRedirect(reverse("admin:travel_trip_change", args=[trip.pk]))

    def approval_form_view(self, request, pk):
        trip = self._trip(request, pk)
        return exports.approval_form_response(trip, request.user)

    def letter_view(self, request, pk):
        trip = self._trip(request, pk)
        if not trip.invitation_letter:
            raise Http404(_("This trip has no invitation letter."))
        name = trip.invitation_letter.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            trip.invitation_letter.open("rb"),
            as_attachment=content_type != "application/pdf" and not content_type.startswith("image/"),
            filename=name,
            content_type=content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
