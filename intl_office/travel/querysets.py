"""Which trips and visits a user sees, what waits on whom, what is due after a trip, and the person-times."""

import datetime

from django.db import models
from django.db.models import Q

from intl_office.core.models import Unit
from intl_office.travel.rules import add_working_days

# The state a trip waits in for each approval permission (travel.models.STEP_PERMISSION, read backwards).
_QUEUES = {
    "travel.approve_as_unit_leader": ("submitted",),
    "travel.approve_as_office": ("unit_approved", "ministry"),
    "travel.approve_as_university": ("office_approved",),
}


def _sees_everything(user) -> bool:
    return (
        user.is_superuser or user.has_perm("travel.approve_as_office") or user.has_perm("travel.approve_as_university")
    )


# Trips on their way through the approval chain (travel.models.Trip.AWAITING's states).
AWAITING_STATES = ("submitted", "unit_approved", "office_approved", "ministry")


class TripQuerySet(models.QuerySet):
    def awaiting_approval(self):
        """Trips waiting on any step of the approval chain (whoever decides next)."""
        return self.filter(state__in=AWAITING_STATES)

    def visible_to(self, user):
        """The office and the university leaders see every trip; everyone else their own units' trips only."""
        if _sees_everything(user):
            return self
        return self.filter(unit__in=Unit.objects.of_user(user))

    def awaiting(self, user):
        """The trips waiting on this user's decision (a unit leader's: their own units' only)."""
        condition = Q(pk__in=[])
        for permission, states in _QUEUES.items():
            if not user.has_perm(permission):
                continue
            if permission == "travel.approve_as_unit_leader":
                condition |= Q(state__in=states, unit__in=Unit.objects.of_user(user))
            else:
                condition |= Q(state__in=states)
        return self.filter(condition)

    def returned_by(self, today: datetime.date):
        return self.filter(state="approved", returns_on__lt=today)

    def passports_not_returned(self, today: datetime.date):
        """Approved trips back for five working days or more whose passports are not handed back. Working days
        are counted in Python (no holiday calendar in the database): at most a week's more trips are read."""
        candidates = self.returned_by(today - datetime.timedelta(days=5)).filter(passports_returned_on__isnull=True)
        late = [trip.pk for trip in candidates.only("pk", "returns_on") if add_working_days(trip.returns_on, 5) < today]
        return self.filter(pk__in=late).select_related("unit").order_by("returns_on", "title")

    def reports_overdue(self, today: datetime.date):
        """Approved trips back for more than twenty days without a submitted report."""
        return (
            self.returned_by(today - datetime.timedelta(days=20)).select_related("unit").order_by("returns_on", "title")
        )

    def published(self):
        """Trips whose report the office accepted: their summaries are public (names and units only)."""
        return self.filter(state="closed")


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _sees_everything(user):
            return self
        return self.filter(unit__in=Unit.objects.of_user(user))

    def awaiting(self, user):
        if not user.has_perm("travel.approve_as_office"):
            return self.none()
        return self.filter(state="submitted")


class TripMemberQuerySet(models.QuerySet):
    def gone_before(self, day: datetime.date):
        """Members of trips that came back before the day: the retention period of their passport numbers runs
        from then (intl_office.privacy.retention)."""
        return self.filter(trip__returns_on__lt=day)


class GuestQuerySet(models.QuerySet):
    def gone_before(self, day: datetime.date):
        """Guests of visits that ended before the day (intl_office.privacy.retention)."""
        return self.filter(visit__ends_on__lt=day)
