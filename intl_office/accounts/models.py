from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInLockoutQuerySet(models.QuerySet):
    def in_force(self, now=None):
        """Lockouts still blocking their username and address."""
        return self.filter(unlocked_at__isnull=True, locked_until__gt=now or timezone.now())


class SignInLockout(models.Model):
    """One lockout of a username from an address, whichever handler counts the failures (database or Redis).

    Kept after it ends, as the record of who was locked out when, and who unlocked them.
    """

    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), default=timezone.now, db_index=True)
    locked_until = models.DateTimeField(_("locked until"))
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unlocked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SignInLockoutQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")
        ordering = ["-locked_at"]

    def __str__(self):
        return f"{self.username} @ {self.ip_address or '?'}"

    @property
    def in_force(self) -> bool:
        return self.unlocked_at is None and self.locked_until > timezone.now()
