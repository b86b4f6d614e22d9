"""Lockouts: the login page's answer, their record, and unlocking by a superuser."""

import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from intl_office.accounts.forms import lockout_message
from intl_office.accounts.models import SignInLockout

log = logging.getLogger("intl_office.signin")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page as the view drew it (its form says why), as 429 Too Many Requests.

    The sign-in form turns the lockout into its error message (forms.SignInForm); anything else gets the
    message alone.
    """
    if isinstance(original_response, HttpResponse) and original_response.status_code == 200:
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429, content_type="text/plain; charset=utf-8")


def record(username: str, ip_address: str | None) -> SignInLockout:
    """One row per lockout: signals repeated during the lockout find the row already there."""
    now = timezone.now()
    lockout = SignInLockout.objects.in_force(now).filter(username=username or "", ip_address=ip_address).first()
    if lockout is None:
        lockout = SignInLockout.objects.create(
            username=username or "",
            ip_address=ip_address,
            locked_at=now,
            locked_until=now + settings.AXES_COOLOFF_TIME,
        )
        log.warning("Sign-in locked: username %r from %s until %s.", username, ip_address, lockout.locked_until)
    return lockout


def unlock(lockout: SignInLockout, by) -> bool:
    """Clears the failure count of the lockout's username and address, in the database or Redis alike."""
    if not lockout.in_force:
        return False
    axes_reset(ip=lockout.ip_address, username=lockout.username)
    lockout.unlocked_at = timezone.now()
    lockout.unlocked_by = by
    lockout.save(update_fields=["unlocked_at", "unlocked_by"])
    log.warning("Sign-in unlocked: username %r from %s, by %r.", lockout.username, lockout.ip_address, str(by))
    return True
