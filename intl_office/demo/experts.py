"""Foreign experts: long-term teachers and short-term visitors year by year, and the talent-program projects they
lead."""

import datetime
import random
from decimal import Decimal

from experts.models import Appointment, TalentProject, WorkPermitCategory
from intl_office.core.people import Gender, VisaType
from intl_office.demo.common import YEARS, DemoData, counted, date_in
from intl_office.demo.partners_data import IK
from intl_office.demo.people import People
from intl_office.demo.units import LANGUAGE_UNIT, TEACHING_UNITS

SCHEME = TalentProject.Scheme
STATUS = TalentProject.Status

# Foreign experts with an appointment during the year (2026: the current one). The overview: "the number of long-term
# foreign teachers ... amounts to sixty annually".
LONG_TERM_TEACHERS = {
    2011: 55, 2012: 58, 2013: 60, 2014: 61, 2015: 59, 2016: 62, 2017: 63, 2018: 60,
    2019: 64, 2020: 55, 2021: 56, 2022: 57, 2023: 60, 2024: 62, 2025: 65, 2026: 63,
}  # fmt: skip
SHORT_TERM_EXPERTS = {
    2011: 48, 2012: 55, 2013: 61, 2014: 66, 2015: 72, 2016: 78, 2017: 83, 2018: 88, 2019: 91,
    2020: 12, 2021: 18, 2022: 24, 2023: 70, 2024: 85, 2025: 94, 2026: 40,
}  # fmt: skip
# Share of each year's experts who were there the year before.
RETURNING = {True: 0.65, False: 0.25}

EXPERT_COUNTRIES = ["US", "GB", "CA", "AU", "NZ", "IE", "DE", "FR", "JP", "KR", "RU", "ES", "IT", "BE", "NL"]
EXPERT_FIELDS = [
    "English language teaching", "Academic writing", "Railway signalling", "Transportation planning",
    "Computer vision", "Wireless communication", "Power electronics", "Structural engineering", "Logistics",
    "Finance", "International law", "Architecture", "Materials science", "Applied mathematics",
    "French language teaching", "German language teaching", "Japanese language teaching", "Optical networks",
]  # fmt: skip
COURSES = [
    "Oral English", "Academic Writing", "English for Engineers", "Public Speaking", "Intercultural Communication",
    "Introduction to Railway Systems", "Machine Learning", "Operations Research", "Technical French",
    "Technical German", "Japanese for Beginners", "Project Management",
]  # fmt: skip
LONG_TERM_POSITIONS = ["Foreign language teacher", "Foreign teacher", "Visiting professor", "Postdoctoral researcher"]
SHORT_TERM_POSITIONS = ["Guest lecturer", "Visiting professor", "Workshop speaker", "Short-term research fellow"]

# The overview: "From 2011 till now, nineteen ... applications were approved, including two '1000 Talent Plan', two
# 'High-end Foreign Experts', four '111 Project', etc."
TALENT_APPROVALS = {
    SCHEME.THOUSAND_TALENTS: 2,
    SCHEME.HIGH_END: 2,
    SCHEME.PROJECT_111: 4,
    SCHEME.KEY_FOREIGN_EXPERTS: 7,
    SCHEME.OTHER: 4,
}
# Applications besides the approvals counted since 2011: (scheme, year, status).
OTHER_TALENT_APPLICATIONS = [
    (SCHEME.PROJECT_111, 2008, STATUS.APPROVED),
    (SCHEME.KEY_FOREIGN_EXPERTS, 2010, STATUS.APPROVED),
    (SCHEME.THOUSAND_TALENTS, 2012, STATUS.REJECTED),
    (SCHEME.HIGH_END, 2014, STATUS.REJECTED),
    (SCHEME.PROJECT_111, 2016, STATUS.REJECTED),
    (SCHEME.THOUSAND_TALENTS, 2018, STATUS.REJECTED),
    (SCHEME.KEY_FOREIGN_EXPERTS, 2021, STATUS.REJECTED),
    (SCHEME.OTHER, 2023, STATUS.REJECTED),
    (SCHEME.HIGH_END, 2026, STATUS.APPLIED),
    (SCHEME.PROJECT_111, 2026, STATUS.APPLIED),
    (SCHEME.KEY_FOREIGN_EXPERTS, 2026, STATUS.APPLIED),
]
TALENT_FUNDING = {
    SCHEME.THOUSAND_TALENTS: Decimal("3000000"),
    SCHEME.HIGH_END: Decimal("1000000"),
    SCHEME.PROJECT_111: Decimal("9000000"),
    SCHEME.KEY_FOREIGN_EXPERTS: Decimal("300000"),
    SCHEME.OTHER: Decimal("150000"),
}
TALENT_TOPICS = [
    "Intelligent rail transportation systems", "Safety of high-speed railway infrastructure",
    "Next-generation wireless communication for railways", "Urban traffic big data",
    "Power electronics for traction systems", "Nanomaterials for energy storage", "Green logistics and supply chains",
    "Structural health monitoring of bridges", "Optical fibre sensing", "Computer vision for autonomous trains",
    "Resilient power grids", "Sustainable urban design", "Low-carbon transport economics",
    "Cybersecurity of train control systems", "Applied mathematics for network optimisation",
    "Environmental engineering for rail corridors", "Smart materials for vehicle engineering",
    "Software engineering for safety-critical systems", "Digital twins for railway maintenance",
    "International transport law", "Quantum communication networks", "Railway acoustics and vibration",
    "Human factors in transport", "Magnetic levitation", "Hydrogen-powered rolling stock",
    "Artificial intelligence for dispatching", "Traffic simulation",
]  # fmt: skip


def build_experts(rng: random.Random, people: People, data: DemoData) -> None:
    staff = _Staff(rng, people, data)
    short_term_by_year = {}
    for long_term, per_year in ((True, LONG_TERM_TEACHERS), (False, SHORT_TERM_EXPERTS)):
        previous = []
        for year, n in per_year.items():
            staying = rng.sample(previous, min(len(previous), round(n * RETURNING[long_term])))
            experts = staying + [staff.new_expert(long_term) for _ in range(n - len(staying))]
            for expert in experts:
                staff.appoint(expert, year, long_term)
            previous = experts
            if not long_term:
                short_term_by_year[year] = experts
    _build_talent_projects(rng, data, short_term_by_year)


def _papers(person: dict, long_term: bool) -> dict:
    """Passport expiry, visa and work permit, from the expert's own sequence so the other records stay as they were."""
    own = random.Random(f"expert-papers:{person['passport_number']}")
    return {
        "passport_expires_on": date_in(own, datetime.date(2026, 12, 1), datetime.date(2034, 12, 31)),
        "visa_type": VisaType.WORK_PERMIT if long_term else VisaType.F,
        "visa_number": f"E{own.randint(10_000_000, 99_999_999)}",
        "work_permit_category": own.choice((WorkPermitCategory.A, WorkPermitCategory.B)) if long_term else "",
        "work_permit_number": f"{own.randint(10**17, 10**18 - 1)}" if long_term else "",
        "phone": f"+86 13{own.randint(100_000_000, 999_999_999)}",
        "emergency_contact_name": f"{person['family_name']} ({own.choice(('spouse', 'sibling', 'parent'))})",
        "emergency_contact_phone": f"+{own.randint(1, 99)} {own.randint(1_000_000, 9_999_999)}",
    }


class _Staff:
    """Experts, each working in one BJTU unit, and their appointments."""

    def __init__(self, rng: random.Random, people: People, data: DemoData):
        self.rng = rng
        self.people = people
        self.data = data
        self.universities = [i for i in counted(data.institutions) if i["kind"] == IK.UNIVERSITY]
        self.units = {}

    def new_expert(self, long_term: bool) -> dict:
        rng = self.rng
        person = self.people.foreign()
        home = None if long_term and rng.random() < 0.8 else rng.choice(self.universities)
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
            **_papers(person, long_term),
        }
        self.data.experts.append(expert)
        self.units[expert["passport_number"]] = LANGUAGE_UNIT if rng.random() < 0.5 else rng.choice(TEACHING_UNITS)
        return expert

    def appoint(self, expert: dict, year: int, long_term: bool) -> None:
        rng = self.rng
        if long_term:
            # Contracts run within the calendar year, so each year counts its own teachers.
            starts = date_in(rng, datetime.date(year, 1, 5), datetime.date(year, 3, 10))
            ends = date_in(rng, datetime.date(year, 7, 5), datetime.date(year, 12, 31))
        else:
            starts = date_in(rng, datetime.date(year, 3, 1), datetime.date(year, 11, 15))
            ends = starts + datetime.timedelta(days=rng.randint(5, 45))
        self.data.appointments.append(
            {
                "expert": (expert["nationality"], expert["passport_number"]),
                "unit": self.units[expert["passport_number"]],
                "position": rng.choice(LONG_TERM_POSITIONS if long_term else SHORT_TERM_POSITIONS),
                "term": Appointment.Term.LONG_TERM if long_term else Appointment.Term.SHORT_TERM,
                "starts_on": starts,
                "ends_on": ends,
                "work_permit_expires_on": ends + datetime.timedelta(days=rng.randint(30, 60)) if long_term else None,
                "courses": "\n".join(rng.sample(COURSES, 2)) if long_term else rng.choice(COURSES),
            }
        )


def _build_talent_projects(rng: random.Random, data: DemoData, short_term_by_year: dict[int, list[dict]]) -> None:
    """Talent-program projects, led by experts visiting that year."""
    approved = [scheme for scheme, n in TALENT_APPROVALS.items() for _ in range(n)]
    rng.shuffle(approved)
    years = sorted(rng.choice(YEARS) for _ in approved)
    applications = [(scheme, year, STATUS.APPROVED) for scheme, year in zip(approved, years, strict=True)]
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
                "approved_on": approved_on if status == STATUS.APPROVED else None,
                "funding_cny": TALENT_FUNDING[scheme] if status == STATUS.APPROVED else None,
            }
        )
