"""What every part of the demo shares: the seed, the years it covers, the rows it builds, and date helpers."""

import datetime
import random
from dataclasses import dataclass, field

SEED = 20131231
EMAIL_DOMAIN = "example.org"

# The overview page states its yearly figures for this year.
FIGURES_YEAR = 2013
# Year by year, so trends are meaningful (2020-2022: the pandemic).
YEARS = range(2011, 2026)

# "Current" students and agreements in force are the same on every day of this
# window: the current cohort arrives on or before STABLE_FROM and leaves on or
# after STABLE_UNTIL (or has no departure recorded yet), no student arrives or
# leaves in between, and no active agreement starts or ends in between. So the
# figures do not depend on the day the command or the tests run.
STABLE_FROM = datetime.date(2026, 9, 1)
STABLE_UNTIL = datetime.date(2030, 7, 1)


@dataclass
class DemoData:
    """Rows by model, in creation order. Foreign keys are natural keys; M2M partners are lists of slugs."""

    units: list[dict] = field(default_factory=list)
    institutions: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    programs: list[dict] = field(default_factory=list)
    delegations: list[dict] = field(default_factory=list)
    students: list[dict] = field(default_factory=list)
    outbound: list[dict] = field(default_factory=list)
    experts: list[dict] = field(default_factory=list)
    appointments: list[dict] = field(default_factory=list)
    talent_projects: list[dict] = field(default_factory=list)
    # The travel app's records behind the delegations (intl_office.demo.travel).
    trips: list[dict] = field(default_factory=list)
    trip_members: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    guests: list[dict] = field(default_factory=list)


def date_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def counted(institutions: list[dict]) -> list[dict]:
    """The rows Institution.objects.counted() will return: active and not merged."""
    return [i for i in institutions if i.get("is_active", True) and not i.get("merged_into")]
