"""Programs: the three the Ministry of Education approved, the institutes BJTU runs abroad, and about forty on the
mobility agreements in force."""

import datetime
import random

from django.utils.text import slugify
from django_countries import countries

from intl_office.demo.common import DemoData
from intl_office.demo.partners import AK, AS, Agreements
from intl_office.demo.partners_data import KU_LEUVEN, TEXAS_SOUTHERN, VISITING_REGIONS
from intl_office.demo.units import OFFICE_UNIT, PD, UNITS
from programs.models import DegreeLevel, Program

# The three Ministry-approved programs: (title, Chinese title, partner, unit, level, discipline, approval).
MINISTRY_PROGRAMS = [
    ("BJTU-University of Waterloo Nanomaterials Undergraduate Program",
     "北京交通大学与加拿大滑铁卢大学合作举办纳米材料本科教育项目", "University of Waterloo", "ss",
     DegreeLevel.BACHELOR, PD.SCIENCE, "MOE11CA2A20121189N", 2012),
    ("BJTU-University of Wollongong Mechatronics Engineering Undergraduate Program",
     "北京交通大学与澳大利亚卧龙岗大学合作举办机械电子工程专业本科教育项目", "University of Wollongong", "smece",
     DegreeLevel.BACHELOR, PD.ENGINEERING, "MOE11AU2A20131427N", 2013),
    ("BJTU-EPITECH Software Engineering Master Program",
     "北京交通大学与法国EPITECH合作举办软件工程专业硕士研究生教育项目", "EPITECH", "sse",
     DegreeLevel.MASTER, PD.COMPUTING, "MOE11FR2A20151562N", 2015),
]  # fmt: skip

# Institutes BJTU runs abroad: (title, Chinese title, partner, established).
INSTITUTES_ABROAD = [
    ("GROUP T International Education Academy - KU Leuven", "鲁汶大学GROUP T国际教育学院", KU_LEUVEN, 2006),
    ("Confucius Institute in Belgium", "比利时孔子学院", KU_LEUVEN, 2007),
    ("Texas Southern University Confucius Institute", "德克萨斯南方大学孔子学院", TEXAS_SOUTHERN, 2013),
]

# How a summary names each kind: lowercasing the label would give "a chinese-foreign ... program".
PROGRAM_KIND_PHRASES = {
    Program.Kind.DOUBLE_DEGREE: "A double-degree program",
    Program.Kind.STUDENT_EXCHANGE: "A student exchange program",
    Program.Kind.SHORT_VISIT: "A short visit or summer school",
    Program.Kind.COOPERATIVE: "A Chinese-foreign cooperatively run program",
    Program.Kind.INSTITUTE_ABROAD: "An institute abroad",
}
# The kind of program run on each kind of mobility agreement.
PROGRAM_KINDS = {
    AK.DOUBLE_DEGREE: Program.Kind.DOUBLE_DEGREE,
    AK.STUDENT_EXCHANGE: Program.Kind.STUDENT_EXCHANGE,
    AK.SHORT_VISIT: Program.Kind.SHORT_VISIT,
}
MOBILITY_PROGRAMS = 42


def build_programs(
    rng: random.Random, data: DemoData, agreements: Agreements, in_force: list[dict], institutions: list[dict]
) -> None:
    """The programs, in this order; the cooperative programs and institutes abroad each on its own agreement."""
    by_name = {i["name_en"]: i for i in institutions}
    for title_en, title_zh, partner, unit, level, discipline, number, year in MINISTRY_PROGRAMS:
        partners = [by_name[partner]]
        agreement = agreements.add(AK.JOINT_PROGRAM, partners, unit, datetime.date(year - 1, 9, 1), None, AS.ACTIVE)
        data.programs.append(
            _program(
                rng, title_en, title_zh, Program.Kind.COOPERATIVE, level, discipline, unit, partners, agreement,
                moe_approval_number=number, moe_approval_year=year, established_year=year,
                places=rng.choice((60, 80, 100)), duration_months=48 if level == DegreeLevel.BACHELOR else 30,
                language=Program.Language.BILINGUAL,
            )
        )  # fmt: skip
    for title_en, title_zh, partner, established in INSTITUTES_ABROAD:
        partners = [by_name[partner]]
        starts = datetime.date(established, 3, 1)
        agreement = agreements.add(AK.INSTITUTE_ABROAD, partners, OFFICE_UNIT, starts, None, AS.ACTIVE)
        data.programs.append(
            _program(
                rng, title_en, title_zh, Program.Kind.INSTITUTE_ABROAD, DegreeLevel.NON_DEGREE, PD.HUMANITIES,
                OFFICE_UNIT, partners, agreement, established_year=established, language=Program.Language.BILINGUAL,
            )
        )  # fmt: skip
    _build_mobility_programs(rng, data, in_force, institutions)


def _build_mobility_programs(rng: random.Random, data: DemoData, in_force: list[dict], institutions: list[dict]):
    """Programs on about forty of the agreements in force, a few of them not yet published."""
    units = {code: (discipline, subjects) for code, _en, _zh, _kind, discipline, subjects in UNITS}
    slugs = {p["slug"] for p in data.programs}
    for n, agreement in enumerate(rng.sample(in_force, MOBILITY_PROGRAMS)):
        partners = [i for i in institutions if i["slug"] in agreement["partners"]]
        discipline, subjects = units[agreement["unit"]] if agreement["unit"] != OFFICE_UNIT else units["stt"]
        subject = rng.choice(subjects)
        kind = PROGRAM_KINDS[agreement["kind"]]
        # Both levels are drawn whatever the kind.
        level = {
            Program.Kind.DOUBLE_DEGREE: rng.choice([DegreeLevel.MASTER, DegreeLevel.MASTER, DegreeLevel.BACHELOR]),
            Program.Kind.STUDENT_EXCHANGE: rng.choice([DegreeLevel.BACHELOR, DegreeLevel.MASTER]),
            Program.Kind.SHORT_VISIT: DegreeLevel.NON_DEGREE,
        }[kind]
        title_en, title_zh = _titles(kind, level, subject, partners)
        program = _program(
            rng, title_en, title_zh, kind, level, discipline, agreement["unit"], partners, agreement,
            is_published=n % 10 != 3, language=_language(n, partners[0]["country"]),
            established_year=agreement["starts_on"].year,
        )  # fmt: skip
        while program["slug"] in slugs:
            program["slug"] = f"{program['slug'][:110]}-{n}"
        slugs.add(program["slug"])
        data.programs.append(program)


def _titles(kind: str, level: DegreeLevel, subject: tuple[str, str], partners: list[dict]) -> tuple[str, str]:
    subject_en, subject_zh = subject
    partner_en = " and ".join(p["name_en"] for p in partners)
    partner_zh = "、".join(p["name_zh"] or p["name_en"] for p in partners)
    if kind == Program.Kind.DOUBLE_DEGREE:
        return (
            f"{subject_en} double degree ({level.label}) with {partner_en}",
            f"与{partner_zh}合作{subject_zh}双学位项目",
        )
    if kind == Program.Kind.STUDENT_EXCHANGE:
        return f"{subject_en} student exchange with {partner_en}", f"与{partner_zh}{subject_zh}学生交换项目"
    return f"{subject_en} summer school at {partner_en}", f"{partner_zh}{subject_zh}暑期学校"


def _language(n: int, country: str) -> str:
    if country in VISITING_REGIONS:
        return Program.Language.CHINESE
    if country == "FR" and n % 2:
        return Program.Language.FRENCH
    return Program.Language.BILINGUAL if n % 7 == 0 else Program.Language.ENGLISH


def _program(rng, title_en, title_zh, kind, level, discipline, unit, partners, agreement, **extra) -> dict:
    partner = partners[0]
    partner_zh = partner["name_zh"] or partner["name_en"]
    what = PROGRAM_KIND_PHRASES[kind]
    # Every duration is drawn whatever the kind.
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
        # What a visitor needs to apply (the public page leaves out what is empty).
        "eligibility_en": ELIGIBILITY[level][0],
        "eligibility_zh": ELIGIBILITY[level][1],
        "tuition_exchange": kind == Program.Kind.STUDENT_EXCHANGE,
        "fees_en": FEES.get(kind, ("", ""))[0],
        "fees_zh": FEES.get(kind, ("", ""))[1],
        "how_to_apply_en": (
            "Apply to the international affairs secretary of the BJTU unit in charge with your transcript, a language "
            "certificate and a study plan; the unit nominates its candidates to the partner."
        ),
        "how_to_apply_zh": "向负责的学院外事秘书提交成绩单、语言证明和学习计划，由学院向合作院校推荐候选人。",  # noqa: RUF001
    }
    row.update(extra)
    return row


# Who may apply, by level: (English, Chinese).
ELIGIBILITY = {
    DegreeLevel.BACHELOR: (
        "BJTU undergraduates in their second or third year with a good academic record.",
        "成绩良好的北京交通大学本科二、三年级学生。",
    ),
    DegreeLevel.MASTER: ("BJTU master's students in their first year.", "北京交通大学一年级硕士研究生。"),
    DegreeLevel.DOCTORAL: (
        "BJTU doctoral candidates, with their supervisor's consent.",
        "经导师同意的北京交通大学博士生。",
    ),
    DegreeLevel.NON_DEGREE: ("BJTU students of any level.", "北京交通大学各层次学生。"),
}
# Fees by kind (an exchange charges no tuition: ``tuition_exchange``): (English, Chinese).
FEES = {
    Program.Kind.DOUBLE_DEGREE: (
        "Tuition at BJTU for the years in Beijing; the partner's tuition for the years abroad.",
        "在京期间缴纳北京交通大学学费，在外期间缴纳合作院校学费。",  # noqa: RUF001
    ),
    Program.Kind.SHORT_VISIT: ("Programme fee and travel paid by the student.", "项目费和旅费由学生自理。"),
}
