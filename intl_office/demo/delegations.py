"""Delegations (the partners app's records): visitors received and BJTU delegations sent, year by year."""

import datetime
import random

from django_countries import countries

from intl_office.demo.common import YEARS, DemoData, counted, date_in
from intl_office.demo.partners_data import VISITING_REGIONS
from intl_office.demo.people import People
from intl_office.demo.students_data import STUDENT_COUNTRIES
from intl_office.demo.units import UNITS
from partners.models import Delegation

# Person-times a year (2020-2022: the pandemic).
INBOUND_PERSON_TIMES = {
    2011: 1516, 2012: 1692, 2013: 1844, 2014: 1903, 2015: 1987, 2016: 2046, 2017: 2118,
    2018: 2187, 2019: 2236, 2020: 264, 2021: 318, 2022: 486, 2023: 1352, 2024: 1768, 2025: 1931,
}  # fmt: skip
OUTBOUND_PERSON_TIMES = {
    2011: 412, 2012: 455, 2013: 498, 2014: 530, 2015: 566, 2016: 604, 2017: 641, 2018: 688, 2019: 702,
    2020: 38, 2021: 52, 2022: 97, 2023: 486, 2024: 631, 2025: 694,
}  # fmt: skip
DELEGATION_SIZES = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25]
DELEGATION_SIZE_WEIGHTS = [10, 14, 16, 14, 12, 10, 8, 6, 4, 3, 2, 1]
INBOUND_PURPOSES = [
    "Renewal of the student exchange agreement.",
    "Discussion of a double degree program.",
    "Joint research workshop.",
    "Visit to the rail transit laboratories.",
    "Summer school planning.",
    "Courtesy visit by the university leadership.",
]
OUTBOUND_PURPOSES = [
    "Signing of a cooperation agreement.",
    "Visit to exchange students at the partner university.",
    "International conference.",
    "Joint research project meeting.",
    "Recruitment fair for international students.",
]
# Delegations without a partner institution come from (or go to) one of these.
OFFICIAL_COUNTRIES = [code for code, _weight in STUDENT_COUNTRIES[:40]]
HOST_UNITS = [code for code, *_rest in UNITS]


def build_delegations(rng: random.Random, people: People, data: DemoData) -> None:
    partners = counted(data.institutions)
    regions = [i for i in partners if i["country"] in VISITING_REGIONS]
    seen = set()
    for year in YEARS:
        for direction, total in (
            (Delegation.Direction.INBOUND, INBOUND_PERSON_TIMES[year]),
            (Delegation.Direction.OUTBOUND, OUTBOUND_PERSON_TIMES[year]),
        ):
            inbound = direction == Delegation.Direction.INBOUND
            # Every year brings visitors from Hong Kong, Macao and Taiwan.
            first = [rng.choice([i for i in regions if i["country"] == r]) for r in VISITING_REGIONS] if inbound else []
            remaining = total
            while remaining:
                institution = first.pop() if first else (rng.choice(partners) if rng.random() < 0.75 else None)
                size = min(rng.choices(DELEGATION_SIZES, DELEGATION_SIZE_WEIGHTS)[0], remaining)
                remaining -= size
                row = _delegation(rng, people, direction, year, institution, size, seen)
                data.delegations.append(row)


def _delegation(rng, people: People, direction: str, year: int, institution: dict | None, size: int, seen) -> dict:
    """One delegation, on a day no other delegation of that direction and title starts."""
    inbound = direction == Delegation.Direction.INBOUND
    country = institution["country"] if institution else rng.choice(OFFICIAL_COUNTRIES)
    name = institution["name_en"] if institution else f"{countries.name(country)} education delegation"
    title = f"Visit by {name}" if inbound else f"BJTU delegation to {name}"
    starts = date_in(rng, datetime.date(year, 1, 6), datetime.date(year, 12, 15))
    while (direction, starts, title) in seen:
        starts = date_in(rng, datetime.date(year, 1, 6), datetime.date(year, 12, 15))
    seen.add((direction, starts, title))
    return {
        "direction": direction,
        "title": title,
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=rng.randint(0, 5 if inbound else 10)),
        "country": country,
        "institution": institution["slug"] if institution else None,
        "leader": f"Prof. {people.contact_name() if inbound else people.chinese()}",
        "people_count": size,
        "purpose": rng.choice(INBOUND_PURPOSES if inbound else OUTBOUND_PURPOSES),
        "host_unit": rng.choice(HOST_UNITS),
    }
