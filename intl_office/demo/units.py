"""BJTU's schools and the international office, with the subjects each school teaches."""

from intl_office.core.models import Unit
from intl_office.demo.common import EMAIL_DOMAIN, DemoData
from programs.models import Program

# (code, English name, Chinese name, kind, discipline, subjects)
S, D = Unit.Kind.SCHOOL, Unit.Kind.DEPARTMENT
PD = Program.Discipline
UNITS = [
    ("scit", "School of Computer and Information Technology", "计算机与信息技术学院", S, PD.COMPUTING,
     [("Computer Science", "计算机科学"), ("Artificial Intelligence", "人工智能")]),
    ("sem", "School of Economics and Management", "经济管理学院", S, PD.ECONOMICS,
     [("Business Administration", "工商管理"), ("Economics", "经济学"), ("Finance", "金融学")]),
    ("stt", "School of Traffic and Transportation", "交通运输学院", S, PD.TRANSPORT,
     [("Transportation Engineering", "交通运输工程"), ("Logistics Management", "物流管理")]),
    ("seie", "School of Electronic and Information Engineering", "电子信息工程学院", S, PD.ENGINEERING,
     [("Communication Engineering", "通信工程"), ("Electronic Engineering", "电子工程")]),
    ("sse", "School of Software Engineering", "软件学院", S, PD.COMPUTING,
     [("Software Engineering", "软件工程")]),
    ("slcs", "School of Languages and Communication Studies", "语言与传播学院", S, PD.HUMANITIES,
     [("Chinese Language and Culture", "汉语与中国文化"), ("Intercultural Communication", "跨文化交际")]),
    ("smece", "School of Mechanical, Electronic and Control Engineering", "机械与电子控制工程学院", S,
     PD.ENGINEERING, [("Mechanical Engineering", "机械工程"), ("Vehicle Engineering", "车辆工程")]),
    ("sce", "School of Civil Engineering", "土木建筑工程学院", S, PD.ENGINEERING,
     [("Civil Engineering", "土木工程"), ("Railway Engineering", "铁道工程")]),
    ("see", "School of Electrical Engineering", "电气工程学院", S, PD.ENGINEERING,
     [("Electrical Engineering", "电气工程")]),
    ("ss", "School of Science", "理学院", S, PD.SCIENCE,
     [("Applied Mathematics", "应用数学"), ("Materials Physics", "材料物理")]),
    ("law", "School of Law", "法学院", S, PD.LAW, [("International Law", "国际法")]),
    ("sad", "School of Architecture and Design", "建筑与艺术学院", S, PD.ARTS,
     [("Architecture", "建筑学"), ("Industrial Design", "工业设计")]),
    ("senv", "School of Environment", "环境学院", S, PD.ENGINEERING,
     [("Environmental Engineering", "环境工程")]),
    ("spse", "School of Physical Science and Engineering", "物理科学与工程学院", S, PD.SCIENCE,
     [("Optoelectronics", "光电子学")]),
    ("ico", "Office of International Cooperation and Exchange", "国际合作与交流处", D, None, []),
]  # fmt: skip
TEACHING_UNITS = [code for code, *_rest, discipline, _subjects in UNITS if discipline]
OFFICE_UNIT = "ico"
LANGUAGE_UNIT = "slcs"


def build_units(data: DemoData) -> None:
    for code, name_en, name_zh, kind, _discipline, _subjects in UNITS:
        data.units.append(
            {
                "code": code,
                "name_en": name_en,
                "name_zh": name_zh,
                "kind": kind,
                "contact_name": f"International affairs secretary, {name_en}",
                "contact_email": f"{code}-international@{EMAIL_DOMAIN}",
                # The unit's office, for applicants (a program's page shows it).
                "public_email": f"{code}-office@{EMAIL_DOMAIN}",
                "public_phone": f"+86 10 5168 {7100 + len(data.units):04d}",
            }
        )
