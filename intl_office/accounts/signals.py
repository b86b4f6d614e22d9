"""Every sign-in, failure and lockout is logged (username and address, never a password or a code)."""

import logging
import time

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed

from intl_office.accounts import lockouts

log = logging.getLogger("intl_office.signin")

# Session keys: when the user signed in, and when the session was last seen (time.time()).
SIGNED_IN_AT = "signin_at"
SEEN_AT = "signin_seen_at"


def _address(request):
    return get_client_ip_address(request) if request is not None else None


def on_logged_in(sender, request, user, **kwargs):
    # Django has already given the session a new key (login() cycles it); the limits count from now.
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    verified = getattr(user, "otp_device", None) is not None
    log.info("Signed in: %r from %s%s.", user.get_username(), _address(request), " with a second factor" * verified)


def on_login_failed(sender, credentials, request=None, **kwargs):
    log.warning("Sign-in failed: username %r from %s.", credentials.get("username"), _address(request))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    lockouts.record(username, ip_address)


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="intl_office.accounts.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="intl_office.accounts.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="intl_office.accounts.locked_out")
