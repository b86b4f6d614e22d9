"""International students (on campus now, in the past, admitted and not arrived) and BJTU students abroad; the tables
are in ``students_data``."""

import datetime
import itertools
import random
from collections import Counter, defaultdict

from intl_office.core.people import Gender, VisaType
from intl_office.demo.common import (
    SEED,
    STABLE_FROM,
    STABLE_UNTIL,
    YEARS,
    DemoData,
    add_months,
    counted,
    date_in,
    pick,
)
from intl_office.demo.partners_data import IK
from intl_office.demo.people import People
from intl_office.demo.students_data import (
    ABROAD,
    ADMITTED_NOT_ARRIVED,
    AGE_RANGES,
    AGREEMENT_KIND_FOR,
    CATEGORY_WEIGHTS,
    CURRENT_ARRIVALS,
    CURRENT_ARRIVALS_FROM,
    CURRENT_CATEGORY_WEIGHTS,
    CURRENT_STUDENT_COUNTRIES,
    CURRENT_STUDENTS,
    DEGREE_LEVEL_WEIGHTS,
    DISCIPLINE_WEIGHTS,
    EARLIER_ARRIVALS,
    FUNDING_WEIGHTS,
    LAST_DEPARTURE,
    LATER_ARRIVALS,
    LEFT_BEFORE_2013,
    OUTBOUND_KIND_WEIGHTS,
    OUTBOUND_STUDENTS,
    PRESENT_IN_2013_ARRIVALS,
    PROGRAM_KIND_FOR,
    RECEIVED_STUDENTS,
    ST,
    STUDENT_COUNTRIES,
    STUDENTS_PRESENT_IN_2013,
)
from intl_office.demo.units import LANGUAGE_UNIT, TEACHING_UNITS, UNITS
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility

# The first CURRENT_STUDENT_COUNTRIES send today's students; the rest sent students in the past only.
CURRENT_COUNTRIES = [code for code, _weight in STUDENT_COUNTRIES[:CURRENT_STUDENT_COUNTRIES]]
PAST_ONLY_COUNTRIES = [code for code, _weight in STUDENT_COUNTRIES[CURRENT_STUDENT_COUNTRIES:]]
STATUS = InternationalStudent.Status
ROUTE = OutboundMobility.Route
VISA = VisaType


# ---------------------------------------------------------------- international students


def build_students(rng: random.Random, people: People, data: DemoData) -> None:
    current, past = _stays(rng)
    admitted = [(ST.DEGREE, pick(rng, DEGREE_LEVEL_WEIGHTS), None, None) for _ in range(ADMITTED_NOT_ARRIVED)]
    groups = [
        (current, _nationalities(rng, CURRENT_COUNTRIES, CURRENT_COUNTRIES, CURRENT_STUDENTS), "current"),
        (past, _nationalities(rng, PAST_ONLY_COUNTRIES, CURRENT_COUNTRIES + PAST_ONLY_COUNTRIES, len(past)), "past"),
        (admitted, rng.choices(CURRENT_COUNTRIES, k=ADMITTED_NOT_ARRIVED), "admitted"),
    ]
    rows = _StudentRows(rng, people, data)
    for stays, nationalities, group in groups:
        for stay, nationality in zip(stays, nationalities, strict=True):
            data.students.append(rows.student(stay, nationality, group))


def _stays(rng: random.Random) -> tuple[list[tuple], list[tuple]]:
    """Category, level, arrival and planned departure of today's students, and of past students."""
    # Today's students: still on campus throughout the stable window (departure unrecorded before STABLE_UNTIL).
    current = [
        _student_dates(
            rng, CURRENT_CATEGORY_WEIGHTS, CURRENT_ARRIVALS,
            lambda a, d: a >= CURRENT_ARRIVALS_FROM and d >= STABLE_FROM,
        )
        for _ in range(CURRENT_STUDENTS)
    ]  # fmt: skip
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
    return current, in_2013 + earlier + later


def _student_dates(rng, categories: dict, arrivals: dict, accept) -> tuple[str, str, datetime.date, datetime.date]:
    """Category, level, arrival and planned departure of one student, drawn until ``accept`` says yes."""
    while True:
        category = pick(rng, categories)
        level = pick(rng, DEGREE_LEVEL_WEIGHTS) if category == ST.DEGREE else DegreeLevel.NON_DEGREE
        arrived, departs = _stay(rng, category, level, pick(rng, arrivals))
        if accept(arrived, departs):
            return category, level, min(arrived, STABLE_FROM), departs


def _stay(rng: random.Random, category: str, level: str, year: int) -> tuple[datetime.date, datetime.date]:
    """A plausible arrival in the year, and the planned departure."""
    if category == ST.SHORT_TERM:
        arrived = date_in(rng, datetime.date(year, 6, 25), datetime.date(year, 7, 20))
        return arrived, arrived + datetime.timedelta(days=rng.randint(14, 56))
    if rng.random() < 0.8:
        arrived = date_in(rng, datetime.date(year, 8, 25), datetime.date(year, 9, 8))
    else:
        arrived = date_in(rng, datetime.date(year, 2, 20), datetime.date(year, 3, 5))
    # Every degree length is drawn; the other lengths only for students without a degree level.
    months = {
        DegreeLevel.BACHELOR: rng.choice((48, 48, 60)),
        DegreeLevel.MASTER: rng.choice((30, 36)),
        DegreeLevel.DOCTORAL: rng.choice((36, 48, 60)),
    }.get(level) or {
        ST.EXCHANGE: rng.choice((5, 10)),
        ST.LANGUAGE: rng.choice((5, 10, 10, 22)),
        ST.VISITING_SCHOLAR: rng.randint(3, 12),
    }[category]
    return arrived, add_months(arrived, months) - datetime.timedelta(days=rng.randint(40, 60))


def _nationalities(rng: random.Random, required: list[str], allowed: list[str], n: int) -> list[str]:
    """Every required country once, the rest drawn by weight among the allowed ones."""
    weights = dict(STUDENT_COUNTRIES)
    drawn = rng.choices(allowed, [weights[c] for c in allowed], k=n - len(required))
    result = required + drawn
    rng.shuffle(result)
    return result


class _StudentRows:
    """Student rows: numbered by arrival year, from a partner university when they come on exchange."""

    def __init__(self, rng: random.Random, people: People, data: DemoData):
        self.rng = rng
        self.people = people
        self.serials = Counter()
        self.programs_by_partner = defaultdict(dict)
        for program in data.programs:
            for slug in program["partners"]:
                self.programs_by_partner[slug].setdefault(program["kind"], program["slug"])
        self.universities_by_country = defaultdict(list)
        for institution in counted(data.institutions):
            if institution["kind"] == IK.UNIVERSITY:
                self.universities_by_country[institution["country"]].append(institution["slug"])

    def student(self, stay: tuple, nationality: str, group: str) -> dict:
        rng = self.rng
        category, level, arrived, departs = stay
        year = arrived.year if arrived else STABLE_FROM.year + 1
        self.serials[year] += 1
        person = self.people.foreign()
        age_low, age_high = AGE_RANGES.get(level) or AGE_RANGES[category]
        home = None
        if category in (ST.EXCHANGE, ST.VISITING_SCHOLAR) and self.universities_by_country[nationality]:
            home = rng.choice(self.universities_by_country[nationality])
        program = None
        if home and category == ST.EXCHANGE:
            program = self.programs_by_partner[home].get(Program.Kind.STUDENT_EXCHANGE)
        status, departed, permit = self._outcome(group, category, departs)
        unit = LANGUAGE_UNIT if category in (ST.LANGUAGE, ST.SHORT_TERM) else rng.choice(TEACHING_UNITS)
        number = f"{year}9{self.serials[year]:04d}"
        # Drawn from a sequence of their own, so the students' other attributes (and every record built after them)
        # are the same as before these two were recorded.
        own = random.Random(f"{SEED}:{number}")
        discipline = pick(own, DISCIPLINE_WEIGHTS[category])
        graduated = None
        if status == STATUS.COMPLETED:
            # Degrees are conferred a few weeks before the student leaves; other studies end on the last day.
            before = own.randint(5, 30) if category == ST.DEGREE else 0
            graduated = max(arrived, departed - datetime.timedelta(days=before))
        compliance = _compliance(own, person, number, category, status, arrived, departed)
        return {
            "family_name": person["family_name"],
            "given_name": person["given_name"],
            "name_zh": person["name_zh"] if rng.random() < 0.7 else "",
            "gender": rng.choices([Gender.FEMALE, Gender.MALE, Gender.UNSPECIFIED], [48, 50, 2])[0],
            "date_of_birth": datetime.date(
                year - rng.randint(age_low, age_high), rng.randint(1, 12), rng.randint(1, 28)
            ),
            "nationality": nationality,
            "passport_number": person["passport_number"],
            "student_number": number,
            "category": category,
            "level": level,
            "program": program,
            "home_institution": home,
            "unit": unit,
            "funding": pick(rng, FUNDING_WEIGHTS[category]),
            "discipline": discipline,
            "arrived_on": arrived,
            "graduated_on": graduated,
            "departed_on": departed,
            "status": status,
            "residence_permit_expires_on": permit,
            "email": person["email"],
            **compliance,
        }  # fmt: skip

    def _outcome(self, group: str, category: str, departs: datetime.date | None) -> tuple:
        """Status, departure on record and residence permit's expiry."""
        if group == "current":
            departed = departs if departs >= STABLE_UNTIL else None
            permit = date_in(self.rng, datetime.date(2026, 12, 1), datetime.date(2028, 8, 31))
            return STATUS.ENROLLED, departed, permit
        if group == "past":
            status = STATUS.WITHDRAWN if self.rng.random() < 0.04 else STATUS.COMPLETED
            permit = None if category == ST.SHORT_TERM else departs + datetime.timedelta(days=self.rng.randint(0, 30))
            return status, departs, permit
        return STATUS.ADMITTED, None, None


def _compliance(own: random.Random, person: dict, number: str, category: str, status: str, arrived, departed) -> dict:
    """The papers the office tracks: passport expiry, visa, admission notice and JW form, insurance, accommodation,
    phone and emergency contact. Drawn from the student's own sequence, after everything else, so the figures the
    demo prints stay as they were. Current students' passports and insurance fall due now and then."""
    if arrived is None and status != STATUS.ADMITTED:
        return {}
    start = arrived or STABLE_UNTIL
    long_stay = category in (ST.DEGREE, ST.EXCHANGE, ST.LANGUAGE, ST.VISITING_SCHOLAR)
    off_campus = own.random() < 0.25
    current = status in (STATUS.ENROLLED, STATUS.ADMITTED)
    # Insurance runs a year at a time from arrival; a current student's is renewed up to this year.
    insured_until = start + datetime.timedelta(days=365)
    while current and insured_until < STABLE_UNTIL:
        insured_until += datetime.timedelta(days=365)
    return {
        "passport_expires_on": date_in(
            own, start + datetime.timedelta(days=300), start + datetime.timedelta(days=3650)
        ),
        "visa_type": (VISA.STUDY_PERMIT if status == STATUS.ENROLLED else VISA.X1) if long_stay else VISA.X2,
        "visa_number": f"E{own.randint(10_000_000, 99_999_999)}",
        "admission_notice_number": f"BJTU-{number}",
        "jw_form": InternationalStudent.JWForm.JW202 if long_stay else "",
        "jw_form_number": f"{own.randint(100_000, 999_999)}" if long_stay else "",
        "insurance_provider": own.choice(("Ping An", "China Life", "Taiping")),
        "insurance_policy_number": f"INS{own.randint(1_000_000, 9_999_999)}",
        "insurance_expires_on": insured_until,
        "accommodation": InternationalStudent.Accommodation.OFF_CAMPUS
        if off_campus
        else InternationalStudent.Accommodation.ON_CAMPUS,
        "address_registered_on": start + datetime.timedelta(days=own.randint(1, 3)) if off_campus and arrived else None,
        "phone": f"+86 13{own.randint(100_000_000, 999_999_999)}",
        "emergency_contact_name": f"{person['family_name']} ({own.choice(('mother', 'father', 'spouse'))})",
        "emergency_contact_phone": f"+{own.randint(1, 99)} {own.randint(1_000_000, 9_999_999)}",
    }


# ---------------------------------------------------------------- BJTU students abroad


def build_outbound(rng: random.Random, people: People, data: DemoData) -> None:
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
    universities = [i for i in counted(data.institutions) if i["kind"] == IK.UNIVERSITY]
    unit_numbers = {code: n for n, (code, *_rest) in enumerate(UNITS, start=1)}

    for year in YEARS:
        serial = itertools.count(1)
        through, after_graduation = OUTBOUND_STUDENTS[year]
        for route, n in ((ROUTE.AGREEMENT, through), (ROUTE.AFTER_GRADUATION, after_graduation)):
            for _ in range(n):
                unit = rng.choice(TEACHING_UNITS)
                if route == ROUTE.AGREEMENT:
                    kind = pick(rng, OUTBOUND_KIND_WEIGHTS)
                    destination = rng.choice(destinations)
                    by_kind = agreements[destination["slug"]]
                    agreement = by_kind.get(AGREEMENT_KIND_FOR.get(kind)) or next(iter(by_kind.values()))
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


def _outbound_dates(rng: random.Random, kind: str, year: int) -> tuple[datetime.date, datetime.date | None]:
    def on(start: tuple[int, int], end: tuple[int, int]) -> datetime.date:
        return date_in(rng, datetime.date(year, *start), datetime.date(year, *end))

    if kind == OutboundMobility.Kind.EXCHANGE:
        starts = on((8, 25), (9, 10)) if rng.random() < 0.7 else on((2, 15), (3, 1))
        return starts, add_months(starts, rng.choice((5, 10)))
    if kind == OutboundMobility.Kind.SHORT_VISIT:
        starts = on((7, 1), (8, 10))
        return starts, starts + datetime.timedelta(days=rng.randint(14, 42))
    if kind == OutboundMobility.Kind.DOUBLE_DEGREE:
        starts = on((8, 25), (9, 10))
        return starts, add_months(starts, rng.choice((18, 24)))
    if kind == OutboundMobility.Kind.INTERNSHIP:
        starts = on((3, 1), (10, 31))
        return starts, add_months(starts, rng.randint(2, 6))
    starts = on((8, 15), (9, 25))
    return starts, add_months(starts, rng.choice((12, 24))) if rng.random() < 0.8 else None
