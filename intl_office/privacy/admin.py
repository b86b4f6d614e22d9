"""The privacy feature in the admin: the purge log, the access request download on a person's record, and users
deactivated rather than deleted once they have log entries.

``plug_into`` runs from the app's ``ready()``: the domain's and the accounts feature's admins never import this one.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intl_office.core.log_admin import ReadOnlyAdmin
from intl_office.core.models import PersonalDataAccess
from intl_office.core.people import Person, can_see_personal_data
from intl_office.privacy import access_requests
from intl_office.privacy.models import PurgeRun
from intl_office.privacy.users import log_references

ACCESS_REQUEST_PERMISSION = "privacy.answer_access_request"
FORMATS = ("json", "xlsx")


@admin.register(PurgeRun)
class PurgeRunAdmin(ReadOnlyAdmin):
    list_display = ("ran_at", "before", "retention_years", "people_count", "files_removed", "searches_cleared")
    date_hierarchy = "ran_at"
    fields = ("ran_at", "before", "retention_years", "people", "people_count", "files_removed", "searches_cleared")


def may_answer_access_request(user, model) -> bool:
    return (
        user.has_perm(ACCESS_REQUEST_PERMISSION)
        and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        and can_see_personal_data(user, model)
    )


class AccessRequestMixin:
    """A person's record offers the download of everything held about them, to users allowed to answer."""

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/access-request/<str:file_format>/",
                self.admin_site.admin_view(self.access_request_view),
                name=f"{info[0]}_{info[1]}_access_request",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and may_answer_access_request(request.user, self.model):
            tools = [
                (_("Access request (JSON)"), access_request_url(obj, "json")),
                (_("Access request (Excel)"), access_request_url(obj, "xlsx")),
            ]
            context["record_tools"] = [*context.get("record_tools", []), *tools]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def access_request_view(self, request, object_id, file_format):
        if file_format not in FORMATS:
            raise Http404
        if not may_answer_access_request(request.user, self.model):
            raise PermissionDenied
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        PersonalDataAccess.objects.record(
            request.user, PersonalDataAccess.Kind.ACCESS_REQUEST, self.model, records=[obj.pk]
        )
        parts = access_requests.dossier(obj)
        if file_format == "json":
            return access_requests.json_response(obj, parts)
        return access_requests.xlsx_response(obj, parts)


def access_request_url(obj, file_format: str) -> str:
    info = obj._meta.app_label, obj._meta.model_name
    return reverse(f"admin:{info[0]}_{info[1]}_access_request", args=[obj.pk, file_format])


class DeactivateLoggedUsersMixin:
    """A user with log entries (exports, imports, personal data accesses, admin changes, history...) is never
    deleted: the delete page refuses and names why, and the "Deactivate" action ends their access instead."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            func = type(self).deactivate_users
            actions["deactivate_users"] = (func, "deactivate_users", func.short_description)
        return actions

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            references = log_references(user)
            if references:
                kinds = ", ".join(sorted(str(model._meta.verbose_name_plural) for model in references))
                protected = [
                    *protected,
                    _("%(user)s has log entries (%(kinds)s): deactivate the user instead.")
                    % {"user": user.get_username(), "kinds": kinds},
                ]
        return deleted, model_count, perms_needed, protected

    @admin.action(description=_("Deactivate the selected users (they can no longer sign in)"))
    def deactivate_users(self, request, queryset):
        count = queryset.filter(is_active=True).exclude(pk=request.user.pk).update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d user was deactivated.", "%(count)d users were deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )


def _plugged(model_admin, mixin):
    cls = type(model_admin)
    if issubclass(cls, mixin):
        return model_admin
    plugged = type(cls.__name__, (mixin, cls), {"__module__": cls.__module__})
    return plugged(model_admin.model, model_admin.admin_site)


def plug_into(site) -> None:
    registry = site._registry
    for model, model_admin in list(registry.items()):
        if issubclass(model, Person):
            registry[model] = _plugged(model_admin, AccessRequestMixin)
    user_model = get_user_model()
    if user_model in registry:
        registry[user_model] = _plugged(registry[user_model], DeactivateLoggedUsersMixin)
