"""The counts of what waits on a user, for the travel pages and for the admin's front page (``travel_counts`` tag).

Two queries whatever the number of trips: one for the trips, one for the visits.
"""

from dataclasses import dataclass

from intl_office.travel.models import Trip, Visit


@dataclass(frozen=True)
class QueueCounts:
    trips: int
    visits: int

    @property
    def total(self) -> int:
        return self.trips + self.visits


def queue_counts(user) -> QueueCounts:
    """How many trips and visits wait on this user's decision."""
    return QueueCounts(trips=Trip.objects.awaiting(user).count(), visits=Visit.objects.awaiting(user).count())
