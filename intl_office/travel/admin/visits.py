"""Incoming visits in the admin: the unit's request with its guests, the office's decision, the invitation letters
(a PDF per language) and the letter templates."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from intl_office.core.admin import OfficeAdmin, OfficeTabularInline
from intl_office.core.personal_admin import PersonalDataAdminMixin
from intl_office.travel import exports
from intl_office.travel.admin.shared import ACTION_LABELS, UnitScopedAdmin, _is_office
from intl_office.travel.admin.trips import TripAdmin
from intl_office.travel.models import Guest, InvitationTemplate, Visit


class GuestInline(PersonalDataAdminMixin, OfficeTabularInline):
    model = Guest
    extra = 1


@admin.register(Visit)
class VisitAdmin(UnitScopedAdmin):
    list_display = ["title", "unit", "starts_on", "ends_on", "state"]
    list_filter = ["state", "unit"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return filters if _is_office(request) else [f for f in filters if f != "unit"]

    date_hierarchy = "starts_on"
    search_fields = ["title"]
    autocomplete_fields = ["institution"]
    inlines = [GuestInline]
    readonly_fields = ["state", "decision_comment", "created_at", "updated_at"]
    change_form_template = "admin/travel/visit/change_form.html"

    def has_change_permission(self, request, obj=None):
        editable = (Visit.State.DRAFT, Visit.State.RETURNED)
        if obj is not None and obj.state not in editable and not _is_office(request):
            return False
        return super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        visit = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if visit is not None:
            extra_context.update(
                visit_actions=[(name, ACTION_LABELS[name]) for name in visit.available_actions(request.user)],
                decide_url=reverse("admin:travel_visit_decide", args=[visit.pk]),
                letter_urls=[
                    (label, reverse("admin:travel_visit_letter", args=[visit.pk, code]))
                    for code, label in InvitationTemplate.Language.choices
                ]
                if visit.state == Visit.State.APPROVED
                else [],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/", wrap(self.decide_view), name="{}_{}_decide".format(*info)),
            path(
                "<int:pk>/invitation-<str:language>.pdf",
                wrap(self.letter_view),
                name="{}_{}_letter".format(*info),
            ),
            *super().get_urls(),
        ]

    def _visit(self, request, pk) -> Visit:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def decide_view(self, request, pk):
        if request.method != "POST":
            raise Http404
        visit = self._visit(request, pk)
        TripAdmin._decide_view(request, visit, request.POST.get("action", ""), request.POST.get("comment", ""))
        return HttpResponseRedirect(reverse("admin:travel_visit_change", args=[visit.pk]))

    def letter_view(self, request, pk, language):
        visit = self._visit(request, pk)
        if visit.state != Visit.State.APPROVED or language not in InvitationTemplate.Language.values:
            raise Http404
        return exports.invitation_letter_response(visit, language, request.user)


@admin.register(InvitationTemplate)
class InvitationTemplateAdmin(OfficeAdmin):
    list_display = ["language", "title"]
    readonly_fields = ()
