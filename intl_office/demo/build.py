"""The demo data set: BJTU's international overview, rebuilt from synthetic records.

``build()`` turns a fixed seed into rows (plain dicts, foreign keys given by
natural key) without touching the database; ``load()`` creates the rows that
are missing, so a second run changes nothing. The figures the overview page
states (../shared/seed/bjtu-international-overview.txt) are the constants
in intl_office.demo_data, and intl_office.figures computes exactly these numbers from the rows.

Every person is synthetic: names come from syllable lists, passports read
"DEMO123456" and e-mail addresses end in @example.org. Institutions are real
public names.
"""

import datetime
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries

from experts.models import Appointment, Expert, TalentProject
from intl_office.core.models import Unit
from intl_office.core.people import Gender
from intl_office.demo import data as demo_data
from intl_office.demo.data import (
    ABROAD,
    ADMITTED_NOT_ARRIVED,
    AGE_RANGES,
    AGREEMENT_KIND_FOR,
    AK,
    AS,
    CATEGORY_WEIGHTS,
    CITIES_ZH,
    COUNTED_INSTITUTIONS,
    COURSES,
    CURRENT_ARRIVALS,
    CURRENT_ARRIVALS_FROM,
    CURRENT_CATEGORY_WEIGHTS,
    CURRENT_STUDENT_COUNTRIES,
    CURRENT_STUDENTS,
    DEGREE_LEVEL_WEIGHTS,
    DELEGATION_SIZE_WEIGHTS,
    DELEGATION_SIZES,
    EARLIER_ARRIVALS,
    EMAIL_DOMAIN,
    EXPERT_COUNTRIES,
    EXPERT_FIELDS,
    FORMER_PARTNERS,
    FUNDING_WEIGHTS,
    GROUP_T,
    GROUP_T_FORMER_NAME,
    IK,
    INBOUND_PERSON_TIMES,
    INBOUND_PURPOSES,
    INSTITUTES_ABROAD,
    KU_LEUVEN,
    LANGUAGE_UNIT,
    LAST_DEPARTURE,
    LATER_ARRIVALS,
    LEFT_BEFORE_2013,
    LONG_TERM_POSITIONS,
    LONG_TERM_TEACHERS,
    MINISTRY_PROGRAMS,
    MOBILITY_UNIVERSITIES,
    OFFICE_UNIT,
    OTHER_PARTNERS,
    OTHER_TALENT_APPLICATIONS,
    OUTBOUND_KIND_WEIGHTS,
    OUTBOUND_PERSON_TIMES,
    OUTBOUND_PURPOSES,
    OUTBOUND_STUDENTS,
    PARTNER_COUNTRIES,
    PD,
    PINYIN_GIVEN,
    PINYIN_SURNAMES,
    PRESENT_IN_2013_ARRIVALS,
    PROGRAM_KIND_FOR,
    PROGRAM_KIND_PHRASES,
    RECEIVED_STUDENT_COUNTRIES,
    RECEIVED_STUDENTS,
    SEED,
    SHORT_TERM_EXPERTS,
    SHORT_TERM_POSITIONS,
    ST,
    STABLE_FROM,
    STABLE_UNTIL,
    STUDENT_COUNTRIES,
    STUDENTS_PRESENT_IN_2013,
    SYLLABLES,
    TALENT_APPROVALS,
    TALENT_FUNDING,
    TALENT_TOPICS,
    TEACHING_UNITS,
    TEXAS_SOUTHERN,
    UNITS,
    UNIVERSITIES,
    VISITING_REGIONS,
    YEARS,
)
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility

# The overview's figures that the build does not use: callers read every one of them as ``demo.X``.
FIGURES_YEAR = demo_data.FIGURES_YEAR
INBOUND_PERSON_TIMES_2013 = demo_data.INBOUND_PERSON_TIMES_2013
LONG_TERM_TEACHERS_2013 = demo_data.LONG_TERM_TEACHERS_2013
OUTBOUND_AFTER_GRADUATION_2013 = demo_data.OUTBOUND_AFTER_GRADUATION_2013
OUTBOUND_THROUGH_AGREEMENTS_2013 = demo_data.OUTBOUND_THROUGH_AGREEMENTS_2013
TALENT_PROGRAMS_SINCE = demo_data.TALENT_PROGRAMS_SINCE

BATCH_SIZE = 1000


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


# ---------------------------------------------------------------- helpers


def _date_in(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _counted(institutions: list[dict]) -> list[dict]:
    """The rows Institution.objects.counted() will return: active and not merged."""
    return [i for i in institutions if i.get("is_active", True) and not i.get("merged_into")]


def _latin(rng: random.Random, syllables: int) -> list[str]:
    return [rng.choice(list(SYLLABLES)) for _ in range(syllables)]


class _People:
    """Synthetic names, passports and e-mail addresses, never repeated."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = itertools.count(100001)

    def foreign(self) -> dict:
        given = _latin(self.rng, self.rng.choice((2, 2, 3)))
        family = _latin(self.rng, self.rng.choice((2, 3, 3)))
        n = next(self.serial)
        return {
            "family_name": "".join(family).capitalize(),
            "given_name": "".join(given).capitalize(),
            "name_zh": "".join(SYLLABLES[s] for s in given) + "·" + "".join(SYLLABLES[s] for s in family),
            "passport_number": f"DEMO{n:06d}",
            "email": f"{''.join(given)}.{''.join(family)}.{n}@{EMAIL_DOMAIN}",
        }

    def contact_name(self) -> str:
        person = self.foreign()
        return f"{person['given_name']} {person['family_name']}"

    def chinese(self) -> str:
        given = "".join(self.rng.sample(PINYIN_GIVEN, self.rng.choice((1, 2))))
        return f"{self.rng.choice(PINYIN_SURNAMES)} {given.capitalize()}"


# ---------------------------------------------------------------- build


def build(seed: int = SEED) -> DemoData:
    """The whole demo data set, from the seed alone (no database access)."""
    rng = random.Random(seed)
    people = _People(rng)
    data = DemoData()
    # Country names in titles must not depend on the active language.
    with translation.override("en"):
        _build_units(data)
        mobility, institutions = _build_institutions(rng, people, data)
        _build_agreements_and_programs(rng, data, mobility, institutions)
        _build_delegations(rng, people, data, institutions)
        _build_students(rng, people, data)
        _build_outbound(rng, people, data, mobility)
        _build_experts(rng, people, data, institutions)
    _check(data)
    return data


def _check(data: DemoData) -> None:
    """Fail early if the tables above were edited out of step with the overview's figures."""
    counted = _counted(data.institutions)
    problems = []
    if len(counted) != COUNTED_INSTITUTIONS:
        problems.append(f"{len(counted)} counted institutions, not {COUNTED_INSTITUTIONS}")
    if len({i["country"] for i in counted}) != PARTNER_COUNTRIES:
        problems.append(f"counted institutions are not from {PARTNER_COUNTRIES} countries")
    if len(dict(STUDENT_COUNTRIES)) != RECEIVED_STUDENT_COUNTRIES:
        problems.append(f"STUDENT_COUNTRIES does not list {RECEIVED_STUDENT_COUNTRIES} distinct countries")
    if problems:
        raise ValueError("Demo data out of step with its figures: " + "; ".join(problems) + ".")


def _build_units(data: DemoData) -> None:
    for code, name_en, name_zh, kind, _discipline, _subjects in UNITS:
        data.units.append(
            {
                "code": code,
                "name_en": name_en,
                "name_zh": name_zh,
                "kind": kind,
                "contact_name": f"International affairs secretary, {name_en}",
                "contact_email": f"{code}-international@{EMAIL_DOMAIN}",
            }
        )


def _institution(rng, name_en, name_zh, country, city, kind, **extra) -> dict:
    since = datetime.date(rng.randint(1985, 2019), rng.randint(1, 12), rng.randint(1, 28))
    kind_label = Institution.Kind(kind).label
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


def _build_institutions(rng: random.Random, people: _People, data: DemoData) -> tuple[list[dict], list[dict]]:
    """Partners, contacts, and the universities with a mobility agreement in force."""
    universities = [
        _institution(rng, name_en, name_zh, country, city, IK.UNIVERSITY)
        for country, rows in UNIVERSITIES.items()
        for name_en, name_zh, city in rows
    ]
    others = [_institution(rng, *row) for row in OTHER_PARTNERS]
    counted = universities + others
    former = [_institution(rng, *row, IK.UNIVERSITY, is_active=False) for row in FORMER_PARTNERS]
    # Cooperation goes on under KU Leuven: GROUP T stays active but is counted only as KU Leuven.
    group_t = _institution(
        rng,
        GROUP_T,
        "鲁汶工程技术学院",
        "BE",
        "Leuven",
        IK.UNIVERSITY,
        former_name=GROUP_T_FORMER_NAME,
        merged_into=KU_LEUVEN,
    )
    data.institutions = [*counted, *former, group_t]

    for institution in counted:
        if rng.random() < 0.6:
            for position, is_primary in [("International relations officer", True), ("Exchange coordinator", False)][
                : rng.choice((1, 1, 2))
            ]:
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

    # The named partners behind the institutes and cooperative programs are among them.
    named = {KU_LEUVEN, TEXAS_SOUTHERN}
    first = [u for u in universities if u["name_en"] in named]
    rest = [u for u in universities if u["name_en"] not in named]
    mobility = first + rng.sample(rest, MOBILITY_UNIVERSITIES - len(first))
    return mobility, counted + former


def _agreement(rng, counter, kind, partners, unit, starts_on, ends_on, status, title_suffix="") -> dict:
    counter[starts_on.year] += 1
    places = kind in (AK.DOUBLE_DEGREE, AK.STUDENT_EXCHANGE, AK.SHORT_VISIT)
    names = " and ".join(p["name_en"] for p in partners)
    return {
        "title": f"{AK(kind).label} agreement with {names}{title_suffix}",
        "reference": f"BJTU-{starts_on.year}-{counter[starts_on.year]:03d}",
        "kind": kind,
        "partners": [p["slug"] for p in partners],
        "unit": unit,
        "signed_on": starts_on - datetime.timedelta(days=rng.randint(5, 60)),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": status,
        "places_inbound": rng.randint(2, 10) if places else 0,
        "places_outbound": rng.randint(2, 12) if places else 0,
    }


def _build_agreements_and_programs(rng, data: DemoData, mobility: list[dict], institutions: list[dict]) -> None:
    counter = Counter()
    by_name = {i["name_en"]: i for i in institutions}
    mobility_slugs = {u["slug"] for u in mobility}
    others = [i for i in institutions if i["slug"] not in mobility_slugs and i.get("is_active", True)]
    other_universities = [i for i in others if i["kind"] == IK.UNIVERSITY]

    def in_force_dates():
        # Starts no later than STABLE_FROM, ends no earlier than STABLE_UNTIL (or never).
        starts = _date_in(rng, datetime.date(2012, 1, 1), datetime.date(2026, 6, 30))
        ends = rng.choice([None, None, datetime.date(2030, 12, 31), datetime.date(2031, 8, 31)])
        return starts, ends

    # In force, through which the overview counts partner universities.
    in_force = []
    kinds = [AK.STUDENT_EXCHANGE, AK.DOUBLE_DEGREE, AK.SHORT_VISIT]
    for i, university in enumerate(mobility):
        chosen = [kinds[i % 3]]
        if rng.random() < 0.35:
            chosen.append(kinds[(i + 1) % 3])
        for kind in chosen:
            starts, ends = in_force_dates()
            in_force.append(
                _agreement(rng, counter, kind, [university], rng.choice(TEACHING_UNITS), starts, ends, AS.ACTIVE)
            )
    # A consortium agreement with two of them.
    starts, ends = in_force_dates()
    in_force.append(
        _agreement(
            rng,
            counter,
            AK.SHORT_VISIT,
            mobility[5:7],
            OFFICE_UNIT,
            starts,
            ends,
            AS.ACTIVE,
            " (summer school consortium)",
        )
    )

    agreements = list(in_force)
    # Superseded, lapsed, terminated and unfinished mobility agreements: none is in force. Each group: who (drawn
    # when its turn comes, so the random sequence stays as it was), the span a date is drawn from, whether that date
    # is the end (else the start) of a five-year agreement, and the status.
    not_in_force = (
        (
            lambda: rng.sample(mobility, 12) + rng.sample(other_universities, 10),
            (datetime.date(2012, 1, 1), datetime.date(2025, 12, 31)),
            True,
            AS.EXPIRED,
        ),
        # Still "active" on paper, past the end date: expired in effect.
        (
            lambda: rng.sample(other_universities, 8),
            (datetime.date(2016, 1, 1), datetime.date(2026, 6, 30)),
            True,
            AS.ACTIVE,
        ),
        (
            lambda: rng.sample(other_universities, 4),
            (datetime.date(2012, 1, 1), datetime.date(2020, 12, 31)),
            False,
            AS.TERMINATED,
        ),
        (
            lambda: rng.sample(other_universities, 5),
            (datetime.date(2026, 9, 1), datetime.date(2027, 9, 1)),
            False,
            AS.DRAFT,
        ),
        (
            lambda: rng.sample(other_universities, 6),
            (datetime.date(2026, 9, 1), datetime.date(2027, 9, 1)),
            False,
            AS.NEGOTIATING,
        ),
    )
    for universities, (first, last), drawn_is_end, status in not_in_force:
        for university in universities():
            day = _date_in(rng, first, last)
            starts, ends = (_add_months(day, -60), day) if drawn_is_end else (day, _add_months(day, 60))
            agreements.append(
                _agreement(
                    rng, counter, rng.choice(kinds), [university], rng.choice(TEACHING_UNITS), starts, ends, status
                )
            )
    # Relations that ended with the former partners.
    for institution in [i for i in institutions if not i.get("is_active", True)]:
        ends = _date_in(rng, datetime.date(2008, 1, 1), datetime.date(2020, 12, 31))
        agreement = _agreement(
            rng, counter, AK.FRAMEWORK, [institution], OFFICE_UNIT, _add_months(ends, -60), ends, AS.EXPIRED
        )
        agreements.append(agreement)
    # Framework agreements and MoUs, research cooperation.
    for institution in rng.sample(_counted(institutions), 70):
        starts = _date_in(rng, datetime.date(2005, 1, 1), datetime.date(2025, 12, 31))
        expired = rng.random() < 0.2
        ends = _add_months(starts, 60) if expired else None
        agreements.append(
            _agreement(
                rng,
                counter,
                AK.FRAMEWORK,
                [institution],
                OFFICE_UNIT,
                starts,
                ends,
                AS.EXPIRED if expired else AS.ACTIVE,
            )
        )
    for institution in [i for i in institutions if i["kind"] in (IK.RESEARCH, IK.COMPANY)] + rng.sample(
        other_universities, 6
    ):
        starts = _date_in(rng, datetime.date(2010, 1, 1), datetime.date(2025, 12, 31))
        agreements.append(
            _agreement(rng, counter, AK.RESEARCH, [institution], rng.choice(TEACHING_UNITS), starts, None, AS.ACTIVE)
        )

    # The Ministry-approved cooperative programs and the institutes abroad, each on its own agreement.
    for title_en, title_zh, partner, unit, level, discipline, number, year in MINISTRY_PROGRAMS:
        agreement = _agreement(
            rng, counter, AK.JOINT_PROGRAM, [by_name[partner]], unit, datetime.date(year - 1, 9, 1), None, AS.ACTIVE
        )
        agreements.append(agreement)
        data.programs.append(
            _program(
                rng,
                title_en,
                title_zh,
                Program.Kind.COOPERATIVE,
                level,
                discipline,
                unit,
                [by_name[partner]],
                agreement,
                moe_approval_number=number,
                moe_approval_year=year,
                established_year=year,
                places=rng.choice((60, 80, 100)),
                duration_months=48 if level == DegreeLevel.BACHELOR else 30,
                language=Program.Language.BILINGUAL,
            )
        )
    for title_en, title_zh, partner, established in INSTITUTES_ABROAD:
        agreement = _agreement(
            rng,
            counter,
            AK.INSTITUTE_ABROAD,
            [by_name[partner]],
            OFFICE_UNIT,
            datetime.date(established, 3, 1),
            None,
            AS.ACTIVE,
        )
        agreements.append(agreement)
        data.programs.append(
            _program(
                rng,
                title_en,
                title_zh,
                Program.Kind.INSTITUTE_ABROAD,
                DegreeLevel.NON_DEGREE,
                PD.HUMANITIES,
                OFFICE_UNIT,
                [by_name[partner]],
                agreement,
                established_year=established,
                language=Program.Language.BILINGUAL,
            )
        )

    # Programs on about forty of the agreements in force, a few of them not yet published.
    program_kinds = {
        AK.DOUBLE_DEGREE: Program.Kind.DOUBLE_DEGREE,
        AK.STUDENT_EXCHANGE: Program.Kind.STUDENT_EXCHANGE,
        AK.SHORT_VISIT: Program.Kind.SHORT_VISIT,
    }
    units = {code: (discipline, subjects) for code, _en, _zh, _kind, discipline, subjects in UNITS}
    slugs = {p["slug"] for p in data.programs}
    for n, agreement in enumerate(rng.sample(in_force, 42)):
        partners = [i for i in institutions if i["slug"] in agreement["partners"]]
        discipline, subjects = units[agreement["unit"]] if agreement["unit"] != OFFICE_UNIT else units["stt"]
        subject_en, subject_zh = rng.choice(subjects)
        kind = program_kinds[agreement["kind"]]
        level = {
            Program.Kind.DOUBLE_DEGREE: rng.choice([DegreeLevel.MASTER, DegreeLevel.MASTER, DegreeLevel.BACHELOR]),
            Program.Kind.STUDENT_EXCHANGE: rng.choice([DegreeLevel.BACHELOR, DegreeLevel.MASTER]),
            Program.Kind.SHORT_VISIT: DegreeLevel.NON_DEGREE,
        }[kind]
        partner_en = " and ".join(p["name_en"] for p in partners)
        partner_zh = "、".join(p["name_zh"] or p["name_en"] for p in partners)
        title_en, title_zh = {
            Program.Kind.DOUBLE_DEGREE: (
                f"{subject_en} double degree ({level.label}) with {partner_en}",
                f"与{partner_zh}合作{subject_zh}双学位项目",
            ),
            Program.Kind.STUDENT_EXCHANGE: (
                f"{subject_en} student exchange with {partner_en}",
                f"与{partner_zh}{subject_zh}学生交换项目",
            ),
            Program.Kind.SHORT_VISIT: (
                f"{subject_en} summer school at {partner_en}",
                f"{partner_zh}{subject_zh}暑期学校",
            ),
        }[kind]
        if partners[0]["country"] in VISITING_REGIONS:
            language = Program.Language.CHINESE
        elif partners[0]["country"] == "FR" and n % 2:
            language = Program.Language.FRENCH
        else:
            language = Program.Language.BILINGUAL if n % 7 == 0 else Program.Language.ENGLISH
        program = _program(
            rng,
            title_en,
            title_zh,
            kind,
            level,
            discipline,
            agreement["unit"],
            partners,
            agreement,
            is_published=n % 10 != 3,
            language=language,
            established_year=agreement["starts_on"].year,
        )
        while program["slug"] in slugs:
            program["slug"] = f"{program['slug'][:110]}-{n}"
        slugs.add(program["slug"])
        data.programs.append(program)
    data.agreements = agreements


def _program(rng, title_en, title_zh, kind, level, discipline, unit, partners, agreement, **extra) -> dict:
    partner = partners[0]
    partner_zh = partner["name_zh"] or partner["name_en"]
    what = PROGRAM_KIND_PHRASES[kind]
    duration = {
        Program.Kind.DOUBLE_DEGREE: rng.choice((24, 36)),
        Program.Kind.STUDENT_EXCHANGE: rng.choice((5, 10)),
        Program.Kind.SHORT_VISIT: rng.choice((1, 2)),
    }.get(kind)
    row = {
        "title_en": title_en,
        "title_zh": title_zh,
        "slug": slugify(title_en)[:120],
        "kind": kind,
        "level": level,
        "partners": [p["slug"] for p in partners],
        "agreement": agreement["reference"],
        "unit": unit,
        "discipline": discipline,
        "language": Program.Language.ENGLISH,
        "duration_months": duration,
        "places": rng.choice((5, 8, 10, 15, 20, 30)),
        "application_deadline": datetime.date(2027, rng.choice((3, 4, 5)), rng.choice((15, 30))),
        "summary_en": f"{what} of BJTU with {partner['name_en']} ({countries.name(partner['country'])}).",
        "summary_zh": f"北京交通大学与{partner_zh}合作的项目。",
        "description_en": (
            f"{title_en}. Students follow courses taught in {partner['city']} and at BJTU in Beijing; "
            "credits are recognised by both institutions. Applications go through the BJTU unit in charge."
        ),
        "description_zh": f"{title_zh}。学生在{partner_zh}和北京交通大学学习，学分双方互认。",  # noqa: RUF001
        "is_published": True,
    }
    row.update(extra)
    return row


# ---------------------------------------------------------------- delegations


def _build_delegations(rng: random.Random, people: _People, data: DemoData, institutions: list[dict]) -> None:
    counted = _counted(institutions)
    regions = [i for i in counted if i["country"] in VISITING_REGIONS]
    official_countries = [code for code, _weight in STUDENT_COUNTRIES[:40]]
    unit_codes = [code for code, *_rest in UNITS]
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
                institution = first.pop() if first else (rng.choice(counted) if rng.random() < 0.75 else None)
                size = min(rng.choices(DELEGATION_SIZES, DELEGATION_SIZE_WEIGHTS)[0], remaining)
                remaining -= size
                country = institution["country"] if institution else rng.choice(official_countries)
                name = institution["name_en"] if institution else f"{countries.name(country)} education delegation"
                title = f"Visit by {name}" if inbound else f"BJTU delegation to {name}"
                starts = _date_in(rng, datetime.date(year, 1, 6), datetime.date(year, 12, 15))
                while (direction, starts, title) in seen:
                    starts = _date_in(rng, datetime.date(year, 1, 6), datetime.date(year, 12, 15))
                seen.add((direction, starts, title))
                data.delegations.append(
                    {
                        "direction": direction,
                        "title": title,
                        "starts_on": starts,
                        "ends_on": starts + datetime.timedelta(days=rng.randint(0, 5 if inbound else 10)),
                        "country": country,
                        "institution": institution["slug"] if institution else None,
                        "leader": f"Prof. {people.contact_name() if inbound else people.chinese()}",
                        "people_count": size,
                        "purpose": rng.choice(INBOUND_PURPOSES if inbound else OUTBOUND_PURPOSES),
                        "host_unit": rng.choice(unit_codes),
                    }
                )


# ---------------------------------------------------------------- international students


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _stay(rng: random.Random, category: str, level: str, year: int) -> tuple[datetime.date, datetime.date]:
    """A plausible arrival in the year, and the planned departure."""
    if category == ST.SHORT_TERM:
        arrived = _date_in(rng, datetime.date(year, 6, 25), datetime.date(year, 7, 20))
        return arrived, arrived + datetime.timedelta(days=rng.randint(14, 56))
    if rng.random() < 0.8:
        arrived = _date_in(rng, datetime.date(year, 8, 25), datetime.date(year, 9, 8))
    else:
        arrived = _date_in(rng, datetime.date(year, 2, 20), datetime.date(year, 3, 5))
    months = {
        DegreeLevel.BACHELOR: rng.choice((48, 48, 60)),
        DegreeLevel.MASTER: rng.choice((30, 36)),
        DegreeLevel.DOCTORAL: rng.choice((36, 48, 60)),
    }.get(level) or {
        ST.EXCHANGE: rng.choice((5, 10)),
        ST.LANGUAGE: rng.choice((5, 10, 10, 22)),
        ST.VISITING_SCHOLAR: rng.randint(3, 12),
    }[category]
    return arrived, _add_months(arrived, months) - datetime.timedelta(days=rng.randint(40, 60))


def _student_dates(rng, categories: dict, arrivals: dict, accept) -> tuple[str, str, datetime.date, datetime.date]:
    """Category, level, arrival and planned departure of one student, drawn until ``accept`` says yes."""
    while True:
        category = _pick(rng, categories)
        level = _pick(rng, DEGREE_LEVEL_WEIGHTS) if category == ST.DEGREE else DegreeLevel.NON_DEGREE
        arrived, departs = _stay(rng, category, level, _pick(rng, arrivals))
        if accept(arrived, departs):
            return category, level, min(arrived, STABLE_FROM), departs


def _build_students(rng: random.Random, people: _People, data: DemoData) -> None:
    current_countries = [code for code, _weight in STUDENT_COUNTRIES[:CURRENT_STUDENT_COUNTRIES]]
    past_only = [code for code, _weight in STUDENT_COUNTRIES[CURRENT_STUDENT_COUNTRIES:]]
    weights = dict(STUDENT_COUNTRIES)

    def nationalities(required: list[str], allowed: list[str], n: int) -> list[str]:
        # Every required country once, the rest drawn by weight among the allowed ones.
        drawn = rng.choices(allowed, [weights[c] for c in allowed], k=n - len(required))
        result = required + drawn
        rng.shuffle(result)
        return result

    # Today's students: still on campus throughout the stable window (departure unrecorded before STABLE_UNTIL).
    current = [
        _student_dates(
            rng,
            CURRENT_CATEGORY_WEIGHTS,
            CURRENT_ARRIVALS,
            lambda a, d: a >= CURRENT_ARRIVALS_FROM and d >= STABLE_FROM,
        )
        for _ in range(CURRENT_STUDENTS)
    ]
    # Past students: on campus during 2013, gone before 2013, or arrived after 2013 and gone by the summer of 2026.
    in_2013 = [
        _student_dates(
            rng, CATEGORY_WEIGHTS, PRESENT_IN_2013_ARRIVALS,
            lambda a, d: a <= datetime.date(2013, 12, 31) and d >= datetime.date(2013, 1, 1),
        )
        for _ in range(STUDENTS_PRESENT_IN_2013)
    ]  # fmt: skip
    earlier = [
        _student_dates(rng, CATEGORY_WEIGHTS, EARLIER_ARRIVALS, lambda a, d: d <= datetime.date(2012, 12, 31))
        for _ in range(LEFT_BEFORE_2013)
    ]
    later = [
        _student_dates(rng, CATEGORY_WEIGHTS, LATER_ARRIVALS, lambda a, d: d <= LAST_DEPARTURE)
        for _ in range(RECEIVED_STUDENTS - CURRENT_STUDENTS - STUDENTS_PRESENT_IN_2013 - LEFT_BEFORE_2013)
    ]
    past = in_2013 + earlier + later

    programs_by_partner = defaultdict(dict)
    for program in data.programs:
        for slug in program["partners"]:
            programs_by_partner[slug].setdefault(program["kind"], program["slug"])
    universities_by_country = defaultdict(list)
    for institution in _counted(data.institutions):
        if institution["kind"] == IK.UNIVERSITY:
            universities_by_country[institution["country"]].append(institution["slug"])

    serials = Counter()
    admitted = [(ST.DEGREE, _pick(rng, DEGREE_LEVEL_WEIGHTS), None, None) for _ in range(ADMITTED_NOT_ARRIVED)]
    groups = [
        (current, nationalities(current_countries, current_countries, CURRENT_STUDENTS), "current"),
        (past, nationalities(past_only, current_countries + past_only, len(past)), "past"),
        (admitted, rng.choices(current_countries, k=ADMITTED_NOT_ARRIVED), "admitted"),
    ]
    for students, nationality_list, group in groups:
        for (category, level, arrived, departs), nationality in zip(students, nationality_list, strict=True):
            year = arrived.year if arrived else STABLE_FROM.year + 1
            serials[year] += 1
            person = people.foreign()
            age_low, age_high = AGE_RANGES.get(level) or AGE_RANGES[category]
            home = None
            if category in (ST.EXCHANGE, ST.VISITING_SCHOLAR) and universities_by_country[nationality]:
                home = rng.choice(universities_by_country[nationality])
            program = None
            if home and category == ST.EXCHANGE:
                program = programs_by_partner[home].get(Program.Kind.STUDENT_EXCHANGE)
            if group == "current":
                status = InternationalStudent.Status.ENROLLED
                departed = departs if departs >= STABLE_UNTIL else None
                permit = _date_in(rng, datetime.date(2026, 12, 1), datetime.date(2028, 8, 31))
            elif group == "past":
                status = (
                    InternationalStudent.Status.WITHDRAWN
                    if rng.random() < 0.04
                    else InternationalStudent.Status.COMPLETED
                )
                departed = departs
                permit = None if category == ST.SHORT_TERM else departs + datetime.timedelta(days=rng.randint(0, 30))
            else:
                status, departed, permit = InternationalStudent.Status.ADMITTED, None, None
            unit = LANGUAGE_UNIT if category in (ST.LANGUAGE, ST.SHORT_TERM) else rng.choice(TEACHING_UNITS)
            data.students.append(
                {
                    "family_name": person["family_name"],
                    "given_name": person["given_name"],
                    "name_zh": person["name_zh"] if rng.random() < 0.7 else "",
                    "gender": rng.choices([Gender.FEMALE, Gender.MALE, Gender.UNSPECIFIED], [48, 50, 2])[0],
                    "date_of_birth": datetime.date(
                        year - rng.randint(age_low, age_high), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    "nationality": nationality,
                    "passport_number": person["passport_number"],
                    "student_number": f"{year}9{serials[year]:04d}",
                    "category": category,
                    "level": level,
                    "program": program,
                    "home_institution": home,
                    "unit": unit,
                    "funding": _pick(rng, FUNDING_WEIGHTS[category]),
                    "arrived_on": arrived,
                    "departed_on": departed,
                    "status": status,
                    "residence_permit_expires_on": permit,
                    "email": person["email"],
                }
            )  # fmt: skip


# ---------------------------------------------------------------- BJTU students abroad


def _outbound_dates(rng: random.Random, kind: str, year: int) -> tuple[datetime.date, datetime.date | None]:
    def on(start: tuple[int, int], end: tuple[int, int]) -> datetime.date:
        return _date_in(rng, datetime.date(year, *start), datetime.date(year, *end))

    if kind == OutboundMobility.Kind.EXCHANGE:
        starts = on((8, 25), (9, 10)) if rng.random() < 0.7 else on((2, 15), (3, 1))
        return starts, _add_months(starts, rng.choice((5, 10)))
    if kind == OutboundMobility.Kind.SHORT_VISIT:
        starts = on((7, 1), (8, 10))
        return starts, starts + datetime.timedelta(days=rng.randint(14, 42))
    if kind == OutboundMobility.Kind.DOUBLE_DEGREE:
        starts = on((8, 25), (9, 10))
        return starts, _add_months(starts, rng.choice((18, 24)))
    if kind == OutboundMobility.Kind.INTERNSHIP:
        starts = on((3, 1), (10, 31))
        return starts, _add_months(starts, rng.randint(2, 6))
    starts = on((8, 15), (9, 25))
    return starts, _add_months(starts, rng.choice((12, 24))) if rng.random() < 0.8 else None


def _build_outbound(rng: random.Random, people: _People, data: DemoData, mobility: list[dict]) -> None:
    agreements = defaultdict(dict)
    for agreement in data.agreements:
        if agreement["kind"] in AGREEMENT_KIND_FOR.values():
            for slug in agreement["partners"]:
                agreements[slug].setdefault(agreement["kind"], agreement["reference"])
    programs = defaultdict(dict)
    for program in data.programs:
        for slug in program["partners"]:
            programs[slug].setdefault(program["kind"], program["slug"])
    destinations = [u for u in data.institutions if u["slug"] in agreements]
    universities = [i for i in _counted(data.institutions) if i["kind"] == IK.UNIVERSITY]
    unit_numbers = {code: n for n, (code, *_rest) in enumerate(UNITS, start=1)}

    for year in YEARS:
        serial = itertools.count(1)
        through, after_graduation = OUTBOUND_STUDENTS[year]
        for route, n in (
            (OutboundMobility.Route.AGREEMENT, through),
            (OutboundMobility.Route.AFTER_GRADUATION, after_graduation),
        ):
            for _ in range(n):
                unit = rng.choice(TEACHING_UNITS)
                if route == OutboundMobility.Route.AGREEMENT:
                    kind = _pick(rng, OUTBOUND_KIND_WEIGHTS)
                    destination = rng.choice(destinations)
                    agreement = agreements[destination["slug"]].get(AGREEMENT_KIND_FOR.get(kind)) or next(
                        iter(agreements[destination["slug"]].values())
                    )
                    program = programs[destination["slug"]].get(PROGRAM_KIND_FOR.get(kind))
                    enrolled = year - 2
                else:
                    kind, agreement, program, enrolled = OutboundMobility.Kind.GRADUATE_STUDY, None, None, year - 4
                    destination = rng.choice(universities) if rng.random() < 0.75 else None
                starts, ends = _outbound_dates(rng, kind, year)
                first_year = year if starts.month >= 8 else year - 1
                data.outbound.append(
                    {
                        "student_name": people.chinese(),
                        "student_number": f"{enrolled % 100:02d}{unit_numbers[unit]:02d}{next(serial):04d}",
                        "unit": unit,
                        "destination": destination["slug"] if destination else None,
                        "destination_country": destination["country"] if destination else rng.choice(ABROAD),
                        "route": route,
                        "program": program,
                        "agreement": agreement,
                        "kind": kind,
                        "starts_on": starts,
                        "ends_on": ends,
                        "academic_year": f"{first_year}-{first_year + 1}",
                    }
                )  # fmt: skip


# ---------------------------------------------------------------- foreign experts


def _build_experts(rng: random.Random, people: _People, data: DemoData, institutions: list[dict]) -> None:
    universities = [i for i in _counted(institutions) if i["kind"] == IK.UNIVERSITY]
    units = {}

    def new_expert(long_term: bool) -> dict:
        person = people.foreign()
        home = None if long_term and rng.random() < 0.8 else rng.choice(universities)
        expert = {
            "family_name": person["family_name"],
            "given_name": person["given_name"],
            "name_zh": person["name_zh"] if rng.random() < 0.5 else "",
            "title": rng.choice(("Mr.", "Ms.", "Dr.")) if long_term else rng.choice(("Prof.", "Prof.", "Dr.")),
            "nationality": home["country"] if home else rng.choice(EXPERT_COUNTRIES),
            "gender": rng.choice((Gender.FEMALE, Gender.MALE)),
            "date_of_birth": datetime.date(rng.randint(1945, 1992), rng.randint(1, 12), rng.randint(1, 28)),
            "passport_number": person["passport_number"],
            "home_institution": home["slug"] if home else None,
            "field": rng.choice(EXPERT_FIELDS),
            "email": person["email"],
        }
        data.experts.append(expert)
        units[expert["passport_number"]] = LANGUAGE_UNIT if rng.random() < 0.5 else rng.choice(TEACHING_UNITS)
        return expert

    def appoint(expert, year, long_term: bool) -> None:
        if long_term:
            # Contracts run within the calendar year, so each year counts its own teachers.
            starts = _date_in(rng, datetime.date(year, 1, 5), datetime.date(year, 3, 10))
            ends = _date_in(rng, datetime.date(year, 7, 5), datetime.date(year, 12, 31))
        else:
            starts = _date_in(rng, datetime.date(year, 3, 1), datetime.date(year, 11, 15))
            ends = starts + datetime.timedelta(days=rng.randint(5, 45))
        data.appointments.append(
            {
                "expert": (expert["nationality"], expert["passport_number"]),
                "unit": units[expert["passport_number"]],
                "position": rng.choice(LONG_TERM_POSITIONS if long_term else SHORT_TERM_POSITIONS),
                "term": Appointment.Term.LONG_TERM if long_term else Appointment.Term.SHORT_TERM,
                "starts_on": starts,
                "ends_on": ends,
                "work_permit_expires_on": ends + datetime.timedelta(days=rng.randint(30, 60)) if long_term else None,
                "courses": "\n".join(rng.sample(COURSES, 2)) if long_term else rng.choice(COURSES),
            }
        )

    short_term_by_year = {}
    for long_term, per_year, returning in ((True, LONG_TERM_TEACHERS, 0.65), (False, SHORT_TERM_EXPERTS, 0.25)):
        previous = []
        for year, n in per_year.items():
            staying = rng.sample(previous, min(len(previous), round(n * returning)))
            experts = staying + [new_expert(long_term) for _ in range(n - len(staying))]
            for expert in experts:
                appoint(expert, year, long_term)
            previous = experts
            if not long_term:
                short_term_by_year[year] = experts

    # Talent-program projects, led by experts visiting that year.
    approved = [scheme for scheme, n in TALENT_APPROVALS.items() for _ in range(n)]
    rng.shuffle(approved)
    years = sorted(rng.choice(YEARS) for _ in approved)
    applications = [(scheme, year, TalentProject.Status.APPROVED) for scheme, year in zip(approved, years, strict=True)]
    for n, (scheme, year, status) in enumerate(sorted(applications + OTHER_TALENT_APPLICATIONS, key=lambda a: a[1]), 1):
        lead = rng.choice(short_term_by_year.get(year, short_term_by_year[min(short_term_by_year)]))
        approved_on = datetime.date(year, rng.randint(5, 11), rng.randint(1, 28))
        data.talent_projects.append(
            {
                "scheme": scheme,
                "year": year,
                "title": rng.choice(TALENT_TOPICS),
                "reference": f"TP-{year}-{n:02d}",
                "lead_expert": (lead["nationality"], lead["passport_number"]),
                "unit": rng.choice(TEACHING_UNITS),
                "status": status,
                "approved_on": approved_on if status == TalentProject.Status.APPROVED else None,
                "funding_cny": TALENT_FUNDING[scheme] if status == TalentProject.Status.APPROVED else None,
            }
        )


# ---------------------------------------------------------------- load


def _resolved(row: dict, foreign_keys: dict[str, dict]) -> dict:
    """The row as model fields: natural keys of related rows replaced by their ids."""
    row = {name: value for name, value in row.items() if name != "partners"}
    for name, ids in foreign_keys.items():
        key = row.pop(name, None)
        row[f"{name}_id"] = None if key is None else ids[key]
    return row


def _create_missing(model, rows: list[dict], key_fields: tuple[str, ...], **foreign_keys) -> list:
    """Create the rows whose natural key is not in the table yet; existing rows are left untouched."""
    existing = set(model.objects.values_list(*key_fields))
    new = []
    for row in rows:
        fields = _resolved(row, foreign_keys)
        key = tuple(fields[name] for name in key_fields)
        if key not in existing:
            existing.add(key)
            new.append(model(**fields))
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return new


def _add_partners(model, rows: list[dict], new: list, key_field: str, institution_ids: dict) -> None:
    """Link partner institutions to the rows created in this run (existing rows keep their partners)."""
    created = {getattr(obj, key_field) for obj in new}
    if not created:
        return
    ids = dict(model.objects.filter(**{f"{key_field}__in": created}).values_list(key_field, "pk"))
    through = model.partners.through
    owner = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{owner: ids[row[key_field]], "institution_id": institution_ids[slug]})
            for row in rows
            if row[key_field] in created
            for slug in row["partners"]
        ],
        batch_size=BATCH_SIZE,
    )


def load(data: DemoData | None = None) -> dict[str, int]:
    """Create whatever part of the demo data set is missing, in one transaction; return counts created."""
    data = data or build()
    created = {}
    with transaction.atomic():
        created["units"] = len(_create_missing(Unit, data.units, ("code",)))
        unit_ids = dict(Unit.objects.values_list("code", "pk"))

        plain = [row for row in data.institutions if "merged_into" not in row]
        merged = [row for row in data.institutions if "merged_into" in row]
        new = _create_missing(Institution, plain, ("slug",))
        institution_ids = dict(Institution.objects.values_list("slug", "pk"))
        by_name = {row["name_en"]: institution_ids[row["slug"]] for row in plain}
        new += _create_missing(Institution, merged, ("slug",), merged_into=by_name)
        created["institutions"] = len(new)
        institution_ids = dict(Institution.objects.values_list("slug", "pk"))

        created["contacts"] = len(
            _create_missing(Contact, data.contacts, ("institution_id", "name"), institution=institution_ids)
        )
        new = _create_missing(Agreement, data.agreements, ("reference",), unit=unit_ids)
        _add_partners(Agreement, data.agreements, new, "reference", institution_ids)
        created["agreements"] = len(new)
        agreement_ids = dict(Agreement.objects.exclude(reference="").values_list("reference", "pk"))

        new = _create_missing(Program, data.programs, ("slug",), agreement=agreement_ids, unit=unit_ids)
        _add_partners(Program, data.programs, new, "slug", institution_ids)
        created["programs"] = len(new)
        program_ids = dict(Program.objects.values_list("slug", "pk"))

        created["delegations"] = len(
            _create_missing(
                Delegation,
                data.delegations,
                ("direction", "starts_on", "title"),
                institution=institution_ids,
                host_unit=unit_ids,
            )
        )
        created["students"] = len(
            _create_missing(
                InternationalStudent,
                data.students,
                ("student_number",),
                program=program_ids,
                home_institution=institution_ids,
                unit=unit_ids,
            )
        )
        created["outbound"] = len(
            _create_missing(
                OutboundMobility,
                data.outbound,
                ("student_number", "starts_on", "destination_country"),
                unit=unit_ids,
                destination=institution_ids,
                program=program_ids,
                agreement=agreement_ids,
            )
        )
        created["experts"] = len(
            _create_missing(Expert, data.experts, ("nationality", "passport_number"), home_institution=institution_ids)
        )
        expert_ids = {
            (nationality, passport): pk
            for nationality, passport, pk in Expert.objects.exclude(passport_number="").values_list(
                "nationality", "passport_number", "pk"
            )
        }
        created["appointments"] = len(
            _create_missing(
                Appointment, data.appointments, ("expert_id", "unit_id", "starts_on"), expert=expert_ids, unit=unit_ids
            )
        )
        created["talent_projects"] = len(
            _create_missing(TalentProject, data.talent_projects, ("reference",), lead_expert=expert_ids, unit=unit_ids)
        )
    return created
