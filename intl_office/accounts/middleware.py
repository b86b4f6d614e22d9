"""Session limits and the second factor, enforced on every request."""

import logging
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from intl_office.accounts.policy import second_factor_required
from intl_office.accounts.signals import SEEN_AT, SIGNED_IN_AT

log = logging.getLogger("intl_office.signin")

# The last-seen time is written at most this often (seconds), so that a busy session is not saved on every request:
# a session may end up to this much before its idle limit, never after.
SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """Signs out a session idle for SESSION_IDLE_MINUTES, or signed in more than SESSION_MAX_HOURS ago.

    The login time is kept in the session (signals.on_logged_in), so the absolute limit holds for a user who
    is active all along. The session cookie and the stored session expire after the idle time too
    (SESSION_COOKIE_AGE), counted from the last time the session was saved. Goes after AuthenticationMiddleware
    and MessageMiddleware; needs no query beyond loading the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            signed_in_at = session.get(SIGNED_IN_AT)
            seen_at = session.get(SEEN_AT)
            if signed_in_at is None or seen_at is None or now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
                self.end(request, _("Your session has ended: sign in again."), "the maximum duration")
            elif now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
                self.end(request, _("You were signed out after a while without activity: sign in again."), "idle")
            elif now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def end(request, message, why):
        log.info("Session ended (%s) for user id %s.", why, request.session.get(SESSION_KEY))
        logout(request)
        messages.info(request, message)


class SecondFactorMiddleware:
    """In the staff area (/admin/, the reports included), whoever must have a second factor and has not passed it
    in this session goes to the second-factor page first: to set one up, or to enter a code.

    Goes after django-otp's OTPMiddleware. Costs no query of its own: the permissions it reads are those the
    admin reads anyway (cached on the user); OTPMiddleware loads the session's device (one query) when there is one.
    """

    STAFF_PREFIX = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def open_paths(self):
        if self._open is None:
            self._open = {
                reverse(name)
                for name in ("admin:login", "admin:logout", "accounts:second-factor", "accounts:backup-codes")
            }
        return self._open

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.STAFF_PREFIX) and path not in self.open_paths():
            user = request.user
            if user.is_authenticated and not user.is_verified() and second_factor_required(user):
                target = reverse("accounts:second-factor")
                return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)
