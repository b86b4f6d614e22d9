"""The admin of sign-in: lockouts (superusers unlock them), and the users' second factor (superusers reset it).

Only superusers see these pages, whatever permissions others are given: they show who tried to sign in from where.
"""

import logging

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intl_office.accounts import devices, lockouts
from intl_office.accounts.models import SignInLockout

log = logging.getLogger("intl_office.signin")


def is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class SuperusersOnly:
    def has_module_permission(self, request):
        return is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request)


@admin.register(SignInLockout)
class SignInLockoutAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["username", "ip_address", "locked_at", "locked_until", "state", "unlocked_by"]
    list_select_related = ["unlocked_by"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "locked_at"
    actions = ["unlock"]
    readonly_fields = ["username", "ip_address", "locked_at", "locked_until", "unlocked_at", "unlocked_by"]

    @admin.display(description=_("state"))
    def state(self, lockout):
        if lockout.unlocked_at:
            return _("unlocked")
        return _("locked") if lockout.in_force else _("ended")

    def has_delete_permission(self, request, obj=None):
        return False  # the record stays; unlocking ends the lockout

    def has_unlock_permission(self, request):
        return is_superuser(request)

    @admin.action(description=_("Unlock the selected usernames and addresses"), permissions=["unlock"])
    def unlock(self, request, queryset):
        unlocked = sum(lockouts.unlock(lockout, request.user) for lockout in queryset)
        self.message_user(
            request,
            ngettext("%(count)d lockout ended.", "%(count)d lockouts ended.", unlocked) % {"count": unlocked},
            messages.SUCCESS,
        )


# django-axes's own pages (its database handler's attempts and log): superusers only. Deleting an attempt unlocks.
for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (SuperusersOnly, model_admin), {}))

# Devices are set up by their owner and reset from the user list, never edited here (an added device with a known
# key would be a second factor for someone else).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


User = get_user_model()


class OfficeUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "has_second_factor"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        codes = StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
        return super().get_queryset(request).annotate(_has_app=Exists(app), _has_codes=Exists(codes))

    @admin.display(description=_("second factor"), boolean=True)
    def has_second_factor(self, user):
        return user._has_app or user._has_codes

    def has_reset_second_factor_permission(self, request):
        return is_superuser(request)

    @admin.action(
        description=_("Reset the second factor (the user sets up a new one at their next visit)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            devices.reset(user)
            log.warning("Second factor reset: %r, by %r.", user.get_username(), request.user.get_username())
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset.",
                "The second factor of %(count)d users were reset.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, OfficeUserAdmin)
