"""Trips abroad and visits (the travel app's records) behind the demo's delegations, so that from
``RECORDED_FROM`` on the person-times come from members and guests, not a typed count.

Years before it stay totals, as an office's historical years are. Built from their own random sequence, so the rest
of the data set (and every figure it produces) stays what the seed gives.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.utils import translation
from django_countries import countries

from intl_office.demo.common import FIGURES_YEAR, DemoData
from intl_office.demo.people import People
from intl_office.travel.models import Funding, Guest, Kind, Trip, TripDestination, TripMember, Visit
from partners.models import Delegation

RECORDED_FROM = FIGURES_YEAR
BATCH_SIZE = 1000
POSITIONS = ["Professor", "Associate Professor", "Lecturer", "Dean", "Vice Dean", "Researcher", "PhD student"]
GUEST_POSITIONS = ["President", "Vice President", "Dean", "Professor", "Director of International Affairs"]


def delegation_key(row: dict) -> tuple:
    return (row["direction"], row["starts_on"], row["title"])


def build_travel(seed: int, data: DemoData) -> None:
    rng = random.Random(seed + 1)
    people = People(rng)
    units = {row["code"]: row for row in data.units}
    institutions = {row["slug"]: row["name_en"] for row in data.institutions}
    numbers = Counter()
    for row in data.delegations:
        year = row["starts_on"].year
        if year < RECORDED_FROM:
            continue
        size = row["people_count"]
        inviter = institutions.get(row["institution"]) or row["title"].split(" to ", 1)[-1]
        if row["direction"] == Delegation.Direction.OUTBOUND:
            numbers[year] += 1
            data.trips.append(_trip(rng, row, units[row["host_unit"]], inviter, f"BJTU-{year}-{numbers[year]:04d}"))
            leader = row["leader"].removeprefix("Prof. ")
            names = [leader] + [people.chinese() for _ in range(size - 1)]
            for i, name in enumerate(names):
                data.trip_members.append(
                    {
                        "delegation": delegation_key(row),
                        "name": name,
                        "unit": row["host_unit"],
                        "position": rng.choice(POSITIONS),
                        "is_student": False,
                        "is_leader": i == 0,
                        "passport_kind": TripMember.PassportKind.OFFICIAL,
                        "passport_number": f"DEMOE{len(data.trip_members) + 1:07d}",
                        "has_valid_visa": True,
                    }
                )
        else:
            data.visits.append(_visit(rng, row))
            leader = row["leader"].removeprefix("Prof. ")
            for i in range(size):
                data.guests.append(
                    {
                        "delegation": delegation_key(row),
                        "name": leader if i == 0 else people.contact_name(),
                        "position": rng.choice(GUEST_POSITIONS),
                        "institution": inviter,
                        "country": row["country"],
                        "passport_number": f"DEMOG{len(data.guests) + 1:07d}",
                    }
                )


def _trip(rng, row: dict, unit: dict, inviter: str, number: str) -> dict:
    country = row["country"]
    with translation.override("zh-hans"):
        country_zh = str(countries.name(country))
    return {
        "delegation": delegation_key(row),
        "unit": row["host_unit"],
        "title": row["title"],
        "kind": rng.choice(Kind.values),
        "purpose": row["purpose"],
        "programme": "Meetings with the partner; visits to laboratories; closing discussion.",
        "departs_on": row["starts_on"],
        "returns_on": row["ends_on"],
        "out_of_plan_reason": "Recorded from the office's files.",
        "institution": row["institution"],
        "inviting_institution": inviter,
        "inviter": "Office of International Affairs",
        "funding": rng.choice(Funding.values),
        "budget": Decimal(rng.randint(2, 40) * 1000) * row["people_count"],
        "state": Trip.State.CLOSED,
        "approval_number": number,
        "passports_returned_on": row["ends_on"] + datetime.timedelta(days=rng.randint(1, 5)),
        "report": "The delegation met its hosts as planned.",
        "summary_en": f"{unit['name_en']}: {row['purpose']}",
        "summary_zh": f"{unit['name_zh']}代表团赴{country_zh}开展交流。",
        "country": country,
    }


def _visit(rng, row: dict) -> dict:
    return {
        "delegation": delegation_key(row),
        "unit": row["host_unit"],
        "title": row["title"],
        "institution": row["institution"],
        "purpose": row["purpose"],
        "programme": "Welcome meeting; campus and laboratory visits; working sessions.",
        "host": "International Office",
        "starts_on": row["starts_on"],
        "ends_on": row["ends_on"],
        "reception_budget": Decimal(rng.randint(1, 10) * 1000),
        "payer": rng.choice(Visit.Payer.values),
        "state": Visit.State.APPROVED,
    }


def load_travel(data: DemoData, created: dict[str, int], units: dict, institutions: dict) -> None:
    """Trips with their destination and members, visits with their guests, for the delegations that have none yet
    (two queries when nothing is missing)."""
    recorded_trips = set(
        Trip.objects.values_list("delegation__direction", "delegation__starts_on", "delegation__title")
    )
    recorded_visits = set(
        Visit.objects.values_list("delegation__direction", "delegation__starts_on", "delegation__title")
    )
    trips = [row for row in data.trips if row["delegation"] not in recorded_trips]
    visits = [row for row in data.visits if row["delegation"] not in recorded_visits]
    created["trips"] = len(trips)
    created["visits"] = len(visits)
    if not trips and not visits:
        return
    delegations = {
        (direction, starts_on, title): pk
        for direction, starts_on, title, pk in Delegation.objects.values_list("direction", "starts_on", "title", "pk")
    }
    new_trips = [
        Trip(
            **{
                name: value
                for name, value in row.items()
                if name not in ("delegation", "unit", "institution", "country")
            },
            delegation_id=delegations[row["delegation"]],
            unit_id=units[row["unit"]],
            institution_id=institutions.get(row["institution"]),
        )
        for row in trips
    ]
    Trip.objects.bulk_create(new_trips, batch_size=BATCH_SIZE)
    trip_ids = {trip.delegation_id: trip.pk for trip in new_trips}
    by_key = {row["delegation"]: trip_ids[delegations[row["delegation"]]] for row in trips}
    TripDestination.objects.bulk_create(
        [
            TripDestination(
                trip_id=by_key[row["delegation"]],
                country=row["country"],
                arrives_on=row["departs_on"],
                leaves_on=row["returns_on"],
            )
            for row in trips
        ],
        batch_size=BATCH_SIZE,
    )
    members = [
        TripMember(
            **{name: value for name, value in row.items() if name not in ("delegation", "unit")},
            trip_id=by_key[row["delegation"]],
            unit_id=units[row["unit"]],
        )
        for row in data.trip_members
        if row["delegation"] in by_key
    ]
    TripMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    created["trip_members"] = len(members)

    new_visits = [
        Visit(
            **{name: value for name, value in row.items() if name not in ("delegation", "unit", "institution")},
            delegation_id=delegations[row["delegation"]],
            unit_id=units[row["unit"]],
            institution_id=institutions.get(row["institution"]),
        )
        for row in visits
    ]
    Visit.objects.bulk_create(new_visits, batch_size=BATCH_SIZE)
    visit_ids = {visit.delegation_id: visit.pk for visit in new_visits}
    guests = [
        Guest(
            **{name: value for name, value in row.items() if name != "delegation"},
            visit_id=visit_ids[delegations[row["delegation"]]],
        )
        for row in data.guests
        if delegations[row["delegation"]] in visit_ids
    ]
    Guest.objects.bulk_create(guests, batch_size=BATCH_SIZE)
    created["guests"] = len(guests)
