"""Partner institutions, their contacts, and the agreements with them (the tables are in ``partners_data``)."""

import datetime
import random
from collections import Counter

from django.utils.text import slugify
from django_countries import countries

from intl_office.demo.common import EMAIL_DOMAIN, DemoData, add_months, counted, date_in
from intl_office.demo.partners_data import (
    CITIES_ZH,
    FORMER_PARTNERS,
    GROUP_T,
    GROUP_T_FORMER_NAME,
    IK,
    KU_LEUVEN,
    MOBILITY_UNIVERSITIES,
    OTHER_PARTNERS,
    TEXAS_SOUTHERN,
    UNIVERSITIES,
)
from intl_office.demo.people import People
from intl_office.demo.units import OFFICE_UNIT, TEACHING_UNITS
from partners.models import Agreement

AK = Agreement.Kind
AS = Agreement.Status
# In this order: agreements cycle through them, and draw from them.
MOBILITY_KINDS = [AK.STUDENT_EXCHANGE, AK.DOUBLE_DEGREE, AK.SHORT_VISIT]

# Superseded, lapsed, terminated and unfinished mobility agreements: none is in force. Each group: how many of the
# universities with a mobility agreement in force and of the other universities it is with, the span a date is drawn
# from, whether that date is the end (else the start) of a five-year agreement, and the status.
NOT_IN_FORCE = [
    (12, 10, (datetime.date(2012, 1, 1), datetime.date(2025, 12, 31)), True, AS.EXPIRED),
    # Still "active" on paper, past the end date: expired in effect.
    (0, 8, (datetime.date(2016, 1, 1), datetime.date(2026, 6, 30)), True, AS.ACTIVE),
    (0, 4, (datetime.date(2012, 1, 1), datetime.date(2020, 12, 31)), False, AS.TERMINATED),
    (0, 5, (datetime.date(2026, 9, 1), datetime.date(2027, 9, 1)), False, AS.DRAFT),
    (0, 6, (datetime.date(2026, 9, 1), datetime.date(2027, 9, 1)), False, AS.NEGOTIATING),
]


# ---------------------------------------------------------------- institutions and contacts


def _institution(rng, name_en, name_zh, country, city, kind, **extra) -> dict:
    since = datetime.date(rng.randint(1985, 2019), rng.randint(1, 12), rng.randint(1, 28))
    kind_label = IK(kind).label
    return {
        "name_en": name_en,
        "name_zh": name_zh,
        "slug": slugify(name_en)[:120],
        "kind": kind,
        "country": country,
        "city": city,
        "city_zh": CITIES_ZH[city],
        "relations_since": since,
        "description_en": f"{kind_label} in {city}, {countries.name(country)}; a BJTU partner since {since.year}.",
        "description_zh": f"自{since.year}年起与北京交通大学开展合作。",
        **extra,
    }


def build_institutions(rng: random.Random, people: People, data: DemoData) -> tuple[list[dict], list[dict]]:
    """Partners and their contacts; returns the universities with a mobility agreement in force, and the partners
    counted or former (GROUP T aside)."""
    universities = [
        _institution(rng, name_en, name_zh, country, city, IK.UNIVERSITY)
        for country, rows in UNIVERSITIES.items()
        for name_en, name_zh, city in rows
    ]
    others = [_institution(rng, *row) for row in OTHER_PARTNERS]
    counted_partners = universities + others
    former = [_institution(rng, *row, IK.UNIVERSITY, is_active=False) for row in FORMER_PARTNERS]
    # Cooperation goes on under KU Leuven: GROUP T stays active but is counted only as KU Leuven.
    group_t = _institution(
        rng, GROUP_T, "鲁汶工程技术学院", "BE", "Leuven", IK.UNIVERSITY,
        former_name=GROUP_T_FORMER_NAME, merged_into=KU_LEUVEN,
    )  # fmt: skip
    data.institutions = [*counted_partners, *former, group_t]
    _build_contacts(rng, people, data, counted_partners)

    # The named partners behind the institutes and cooperative programs are among them.
    named = {KU_LEUVEN, TEXAS_SOUTHERN}
    first = [u for u in universities if u["name_en"] in named]
    rest = [u for u in universities if u["name_en"] not in named]
    mobility = first + rng.sample(rest, MOBILITY_UNIVERSITIES - len(first))
    return mobility, counted_partners + former


def _build_contacts(rng: random.Random, people: People, data: DemoData, institutions: list[dict]) -> None:
    positions = [("International relations officer", True), ("Exchange coordinator", False)]
    for institution in institutions:
        if rng.random() < 0.6:
            for position, is_primary in positions[: rng.choice((1, 1, 2))]:
                data.contacts.append(
                    {
                        "institution": institution["slug"],
                        "name": people.contact_name(),
                        "position": position,
                        "email": f"contact{len(data.contacts) + 1}@{EMAIL_DOMAIN}",
                        "phone": f"+00 555 01{len(data.contacts) % 100:02d}",
                        "is_primary": is_primary,
                    }
                )


# ---------------------------------------------------------------- agreements


class Agreements:
    """Adds agreement rows to the data set, numbered BJTU-<starting year>-<nnn> in the order they are made."""

    def __init__(self, rng: random.Random, data: DemoData):
        self.rng = rng
        self.rows = data.agreements
        self.counter = Counter()

    def add(self, kind, partners, unit, starts_on, ends_on, status, title_suffix="") -> dict:
        self.counter[starts_on.year] += 1
        places = kind in MOBILITY_KINDS
        names = " and ".join(p["name_en"] for p in partners)
        row = {
            "title": f"{AK(kind).label} agreement with {names}{title_suffix}",
            "reference": f"BJTU-{starts_on.year}-{self.counter[starts_on.year]:03d}",
            "kind": kind,
            "partners": [p["slug"] for p in partners],
            "unit": unit,
            "signed_on": starts_on - datetime.timedelta(days=self.rng.randint(5, 60)),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": status,
            "places_inbound": self.rng.randint(2, 10) if places else 0,
            "places_outbound": self.rng.randint(2, 12) if places else 0,
        }
        self.rows.append(row)
        return row


def build_agreements(
    rng: random.Random, data: DemoData, mobility: list[dict], institutions: list[dict]
) -> tuple[Agreements, list[dict]]:
    """Agreements of every kind and status; returns the builder (programs add their own agreements) and the mobility
    agreements in force."""
    agreements = Agreements(rng, data)
    mobility_slugs = {u["slug"] for u in mobility}
    other_universities = [
        i
        for i in institutions
        if i["slug"] not in mobility_slugs and i.get("is_active", True) and i["kind"] == IK.UNIVERSITY
    ]
    in_force = _in_force(rng, agreements, mobility)
    _not_in_force(rng, agreements, mobility, other_universities)
    # Relations that ended with the former partners.
    for institution in [i for i in institutions if not i.get("is_active", True)]:
        ends = date_in(rng, datetime.date(2008, 1, 1), datetime.date(2020, 12, 31))
        agreements.add(AK.FRAMEWORK, [institution], OFFICE_UNIT, add_months(ends, -60), ends, AS.EXPIRED)
    _framework_and_research(rng, agreements, institutions, other_universities)
    return agreements, in_force


def _in_force_dates(rng: random.Random) -> tuple[datetime.date, datetime.date | None]:
    # Starts no later than STABLE_FROM, ends no earlier than STABLE_UNTIL (or never).
    starts = date_in(rng, datetime.date(2012, 1, 1), datetime.date(2026, 6, 30))
    ends = rng.choice([None, None, datetime.date(2030, 12, 31), datetime.date(2031, 8, 31)])
    return starts, ends


def _in_force(rng: random.Random, agreements: Agreements, mobility: list[dict]) -> list[dict]:
    """The mobility agreements in force, through which the overview counts partner universities."""
    in_force = []
    for i, university in enumerate(mobility):
        chosen = [MOBILITY_KINDS[i % 3]]
        if rng.random() < 0.35:
            chosen.append(MOBILITY_KINDS[(i + 1) % 3])
        for kind in chosen:
            starts, ends = _in_force_dates(rng)
            in_force.append(agreements.add(kind, [university], rng.choice(TEACHING_UNITS), starts, ends, AS.ACTIVE))
    # A consortium agreement with two of them.
    starts, ends = _in_force_dates(rng)
    consortium = " (summer school consortium)"
    in_force.append(agreements.add(AK.SHORT_VISIT, mobility[5:7], OFFICE_UNIT, starts, ends, AS.ACTIVE, consortium))
    return in_force


def _not_in_force(rng, agreements: Agreements, mobility: list[dict], other_universities: list[dict]) -> None:
    for from_mobility, from_others, (first, last), drawn_is_end, status in NOT_IN_FORCE:
        # Drawn when the group's turn comes.
        universities = rng.sample(mobility, from_mobility) + rng.sample(other_universities, from_others)
        for university in universities:
            day = date_in(rng, first, last)
            starts, ends = (add_months(day, -60), day) if drawn_is_end else (day, add_months(day, 60))
            kind = rng.choice(MOBILITY_KINDS)
            agreements.add(kind, [university], rng.choice(TEACHING_UNITS), starts, ends, status)


def _framework_and_research(rng, agreements: Agreements, institutions: list[dict], other_universities: list[dict]):
    """Framework agreements and MoUs, and research cooperation."""
    for institution in rng.sample(counted(institutions), 70):
        starts = date_in(rng, datetime.date(2005, 1, 1), datetime.date(2025, 12, 31))
        expired = rng.random() < 0.2
        ends = add_months(starts, 60) if expired else None
        agreements.add(AK.FRAMEWORK, [institution], OFFICE_UNIT, starts, ends, AS.EXPIRED if expired else AS.ACTIVE)
    research = [i for i in institutions if i["kind"] in (IK.RESEARCH, IK.COMPANY)]
    for institution in research + rng.sample(other_universities, 6):
        starts = date_in(rng, datetime.date(2010, 1, 1), datetime.date(2025, 12, 31))
        agreements.add(AK.RESEARCH, [institution], rng.choice(TEACHING_UNITS), starts, None, AS.ACTIVE)
