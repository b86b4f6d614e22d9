"""The second-factor page of the staff area: set up an authenticator app, enter a code, renew backup codes."""

import logging

from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from intl_office.accounts import devices
from intl_office.accounts.forms import CodeForm, lockout_message
from intl_office.accounts.policy import second_factor_required

log = logging.getLogger("intl_office.signin")


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "title": _("Two-step sign-in"),
        "next": _next_url(request),
        "required": request.user.is_authenticated and second_factor_required(request.user),
        "lockout_message": lockout_message,
        **extra,
    }


def _show_backup_codes(request, codes, intro):
    return render(request, "accounts/backup_codes.html", _context(request, codes=codes, intro=intro))


def second_factor(request):
    """What this user needs: a code to verify this session, an app to set up, or the state of their second factor."""
    user = request.user
    form = CodeForm(request.POST or None)
    if not user.is_verified() and devices.has_second_factor(user):
        if form.is_valid():
            device = devices.verify_code(user, form.cleaned_data["otp_token"])
            if device is not None:
                devices.mark_verified(request, device)
                log.info("Second factor passed: %r.", user.get_username())
                return redirect(_next_url(request))
            # Counts towards the lockout, as at the login page; reaching it ends the session.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return render(request, "accounts/second_factor.html", _context(request, mode="locked"))
            form.add_error("otp_token", _("That code is not valid."))
        return render(request, "accounts/second_factor.html", _context(request, mode="verify", form=form))

    app = devices.app_device(user)
    if app is None:
        pending = devices.pending_app_device(user)
        if form.is_valid():
            if devices.confirm_app_device(pending, form.cleaned_data["otp_token"]):
                devices.mark_verified(request, pending)
                codes = devices.issue_backup_codes(user)
                log.warning("Second factor set up: %r now signs in with an authenticator app.", user.get_username())
                return _show_backup_codes(
                    request, codes, _("Your authenticator app is set up. Here are your backup codes.")
                )
            form.add_error("otp_token", _("That code is not valid. Check the time on your phone and try again."))
        context = _context(
            request, mode="enrol", form=form, qr_svg=devices.qr_svg(pending), secret=devices.secret(pending)
        )
        return render(request, "accounts/second_factor.html", context)

    context = _context(request, mode="status", app=app, backup_codes_left=devices.backup_codes_left(user))
    return render(request, "accounts/second_factor.html", context)


def backup_codes(request):
    """A new sheet of backup codes (the old one stops working), for a session that has passed the second factor."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_verified():
        return redirect(reverse("accounts:second-factor"))
    codes = devices.issue_backup_codes(request.user)
    log.warning("Backup codes renewed: %r.", request.user.get_username())
    return _show_backup_codes(request, codes, _("Your new backup codes. The previous ones no longer work."))
