"""What a trip is made of: its destinations and its members (whose passport numbers are personal data)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from intl_office.core.models import Unit
from intl_office.travel.models.trip import Trip
from intl_office.travel.querysets import TripMemberQuerySet


class TripDestination(models.Model):
    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="destinations")
    order = models.PositiveIntegerField(_("order"), default=1)
    country = CountryField(_("country or region"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    arrives_on = models.DateField(_("arrives on"))
    leaves_on = models.DateField(_("leaves on"))

    class Meta:
        ordering = ["order", "arrives_on", "pk"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        constraints = [
            models.CheckConstraint(
                condition=Q(leaves_on__gte=F("arrives_on")),
                name="travel_destination_dates_ordered",
                violation_error_code="leaves_on",
                violation_error_message=_("The departure from a destination cannot be before the arrival."),
            ),
        ]
        indexes = [
            # The office's list filters trips by country.
            models.Index(fields=["country"], name="travel_destination_country"),
        ]

    def __str__(self):
        return f"{self.country.name} {self.arrives_on} to {self.leaves_on}"


class TripMember(models.Model):
    """A BJTU staff member or student on a trip. The passport number is personal data."""

    class PassportKind(models.TextChoices):
        OFFICIAL = "official", _("Official (公务护照)")
        SERVICE = "service", _("Service")
        DIPLOMATIC = "diplomatic", _("Diplomatic")
        ORDINARY = "ordinary", _("Ordinary (因私护照)")

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=200)
    is_student = models.BooleanField(_("student"), default=False)
    is_leader = models.BooleanField(_("leader"), default=False)
    passport_kind = models.CharField(_("passport kind"), max_length=20, choices=PassportKind)
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    has_valid_visa = models.BooleanField(_("holds a valid visa"), default=False)

    objects = TripMemberQuerySet.as_manager()
    # Past the retention period the passport number is cleared; the name stays (it is on the public summary).
    pseudonymised_fields = ()

    class Meta:
        ordering = ["-is_leader", "name", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["trip"],
                condition=Q(is_leader=True),
                name="travel_member_one_leader",
                violation_error_code="is_leader",
                violation_error_message=_("A trip has one leader."),
            ),
        ]

    def __str__(self):
        return self.name
