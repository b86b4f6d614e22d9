"""The demo data set: BJTU's international overview, rebuilt from synthetic records.

``build()`` turns a fixed seed into rows (plain dicts, foreign keys given by
natural key) without touching the database; ``load()`` creates the rows that
are missing, so a second run changes nothing. The figures the overview page
states (../shared/seed/bjtu-international-overview.txt) are the constants
below, and intl_office.figures computes exactly these numbers from the rows.

Every person is synthetic: names come from syllable lists, passports read
"DEMO123456" and e-mail addresses end in @example.org. Institutions are real
public names.
"""

import datetime
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries

from experts.models import Appointment, Expert, TalentProject
from intl_office.models import Unit
from intl_office.people import Gender
from partners.models import Agreement, Contact, Delegation, Institution
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility

SEED = 20131231
EMAIL_DOMAIN = "example.org"

# --- The figures on the overview page, as the demo reproduces them exactly ---

COUNTED_INSTITUTIONS = 156
PARTNER_COUNTRIES = 32
MOBILITY_UNIVERSITIES = 53
CURRENT_STUDENTS = 1427
CURRENT_STUDENT_COUNTRIES = 84
RECEIVED_STUDENTS = 3268
RECEIVED_STUDENT_COUNTRIES = 107
FIGURES_YEAR = 2013
STUDENTS_PRESENT_IN_2013 = 1318
INBOUND_PERSON_TIMES_2013 = 1844
OUTBOUND_THROUGH_AGREEMENTS_2013 = 567
OUTBOUND_AFTER_GRADUATION_2013 = 419
LONG_TERM_TEACHERS_2013 = 60
TALENT_PROGRAMS_SINCE = 2011
TALENT_APPROVALS = {
    TalentProject.Scheme.THOUSAND_TALENTS: 2,
    TalentProject.Scheme.HIGH_END: 2,
    TalentProject.Scheme.PROJECT_111: 4,
    TalentProject.Scheme.KEY_FOREIGN_EXPERTS: 7,
    TalentProject.Scheme.OTHER: 4,
}

# "Current" students and agreements in force are the same on every day of this
# window: the current cohort arrives on or before STABLE_FROM and leaves on or
# after STABLE_UNTIL (or has no departure recorded yet), no student arrives or
# leaves in between, and no active agreement starts or ends in between. So the
# figures do not depend on the day the command or the tests run.
STABLE_FROM = datetime.date(2026, 9, 1)
STABLE_UNTIL = datetime.date(2030, 7, 1)

# --- Year by year, so trends are meaningful (2020-2022: the pandemic) ---

YEARS = range(2011, 2026)
INBOUND_PERSON_TIMES = {
    2011: 1516, 2012: 1692, 2013: INBOUND_PERSON_TIMES_2013, 2014: 1903, 2015: 1987, 2016: 2046, 2017: 2118,
    2018: 2187, 2019: 2236, 2020: 264, 2021: 318, 2022: 486, 2023: 1352, 2024: 1768, 2025: 1931,
}  # fmt: skip
OUTBOUND_PERSON_TIMES = {
    2011: 412, 2012: 455, 2013: 498, 2014: 530, 2015: 566, 2016: 604, 2017: 641, 2018: 688, 2019: 702,
    2020: 38, 2021: 52, 2022: 97, 2023: 486, 2024: 631, 2025: 694,
}  # fmt: skip
# BJTU students going abroad: (through agreements and programs, after graduation).
OUTBOUND_STUDENTS = {
    2011: (418, 337), 2012: (489, 381), 2013: (OUTBOUND_THROUGH_AGREEMENTS_2013, OUTBOUND_AFTER_GRADUATION_2013),
    2014: (603, 446), 2015: (648, 471), 2016: (702, 498), 2017: (751, 523), 2018: (806, 547), 2019: (842, 566),
    2020: (96, 388), 2021: (143, 402), 2022: (261, 437), 2023: (612, 489), 2024: (734, 528), 2025: (781, 552),
}  # fmt: skip
# Foreign experts with an appointment during the year (2026: the current one).
LONG_TERM_TEACHERS = {
    2011: 55, 2012: 58, 2013: LONG_TERM_TEACHERS_2013, 2014: 61, 2015: 59, 2016: 62, 2017: 63, 2018: 60,
    2019: 64, 2020: 55, 2021: 56, 2022: 57, 2023: 60, 2024: 62, 2025: 65, 2026: 63,
}  # fmt: skip
SHORT_TERM_EXPERTS = {
    2011: 48, 2012: 55, 2013: 61, 2014: 66, 2015: 72, 2016: 78, 2017: 83, 2018: 88, 2019: 91,
    2020: 12, 2021: 18, 2022: 24, 2023: 70, 2024: 85, 2025: 94, 2026: 40,
}  # fmt: skip

# --- BJTU units: (code, English name, Chinese name, kind, discipline, subjects) ---

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

# --- Partner institutions: 32 countries and regions (Hong Kong, Macao, Taiwan as regions) ---

# Universities by country: (English name, Chinese name, city).
UNIVERSITIES = {
    "US": [
        ("Texas Southern University", "德克萨斯南方大学", "Houston"),
        ("University of Illinois Urbana-Champaign", "伊利诺伊大学厄巴纳-香槟分校", "Urbana"),
        ("Purdue University", "普渡大学", "West Lafayette"),
        ("Georgia Institute of Technology", "佐治亚理工学院", "Atlanta"),
        ("University of California, Berkeley", "加州大学伯克利分校", "Berkeley"),
        ("Pennsylvania State University", "宾夕法尼亚州立大学", "University Park"),
        ("University of Delaware", "特拉华大学", "Newark"),
        ("Michigan State University", "密歇根州立大学", "East Lansing"),
        ("Rutgers University", "罗格斯大学", "New Brunswick"),
        ("University of Maryland", "马里兰大学", "College Park"),
        ("Northeastern University", "美国东北大学", "Boston"),
        ("University of Nebraska-Lincoln", "内布拉斯加大学林肯分校", "Lincoln"),
        ("Portland State University", "波特兰州立大学", "Portland"),
        ("San Jose State University", "圣何塞州立大学", "San Jose"),
    ],
    "GB": [
        ("University of Birmingham", "伯明翰大学", "Birmingham"),
        ("University of Leeds", "利兹大学", "Leeds"),
        ("University of Southampton", "南安普顿大学", "Southampton"),
        ("Loughborough University", "拉夫堡大学", "Loughborough"),
        ("University of Nottingham", "诺丁汉大学", "Nottingham"),
        ("Newcastle University", "纽卡斯尔大学", "Newcastle upon Tyne"),
        ("University of Huddersfield", "哈德斯菲尔德大学", "Huddersfield"),
        ("Lancaster University", "兰卡斯特大学", "Lancaster"),
        ("University of Glasgow", "格拉斯哥大学", "Glasgow"),
        ("Heriot-Watt University", "赫瑞-瓦特大学", "Edinburgh"),
    ],
    "FR": [
        ("EPITECH", "法国EPITECH信息技术学院", "Paris"),
        ("École Centrale de Lyon", "里昂中央理工学院", "Lyon"),
        ("École des Ponts ParisTech", "巴黎高科路桥学院", "Champs-sur-Marne"),
        ("Université de Technologie de Compiègne", "贡比涅技术大学", "Compiègne"),
        ("INSA Lyon", "里昂国立应用科学学院", "Lyon"),
        ("Université Gustave Eiffel", "古斯塔夫·埃菲尔大学", "Champs-sur-Marne"),
        ("Université de Lille", "里尔大学", "Lille"),
        ("Grenoble INP", "格勒诺布尔理工学院", "Grenoble"),
        ("Université de Technologie de Belfort-Montbéliard", "贝尔福-蒙贝利亚技术大学", "Belfort"),
        ("ESIGELEC", "", "Rouen"),
    ],
    "DE": [
        ("Technische Universität Berlin", "柏林工业大学", "Berlin"),
        ("RWTH Aachen University", "亚琛工业大学", "Aachen"),
        ("Technische Universität Dresden", "德累斯顿工业大学", "Dresden"),
        ("Karlsruhe Institute of Technology", "卡尔斯鲁厄理工学院", "Karlsruhe"),
        ("Technical University of Munich", "慕尼黑工业大学", "Munich"),
        ("Technische Universität Braunschweig", "不伦瑞克工业大学", "Braunschweig"),
        ("University of Stuttgart", "斯图加特大学", "Stuttgart"),
        ("Technische Universität Darmstadt", "达姆施塔特工业大学", "Darmstadt"),
        ("Hochschule Bremen", "不莱梅应用科学大学", "Bremen"),
        ("Leibniz University Hannover", "汉诺威大学", "Hanover"),
    ],
    "BE": [
        ("KU Leuven", "鲁汶大学", "Leuven"),
        ("Ghent University", "根特大学", "Ghent"),
        ("Université libre de Bruxelles", "布鲁塞尔自由大学", "Brussels"),
        ("University of Antwerp", "安特卫普大学", "Antwerp"),
        ("Université catholique de Louvain", "新鲁汶大学", "Louvain-la-Neuve"),
    ],
    "NL": [
        ("Delft University of Technology", "代尔夫特理工大学", "Delft"),
        ("Eindhoven University of Technology", "埃因霍温理工大学", "Eindhoven"),
        ("University of Twente", "特温特大学", "Enschede"),
        ("Erasmus University Rotterdam", "鹿特丹伊拉斯姆斯大学", "Rotterdam"),
    ],
    "IT": [
        ("Politecnico di Milano", "米兰理工大学", "Milan"),
        ("Politecnico di Torino", "都灵理工大学", "Turin"),
        ("Sapienza University of Rome", "罗马大学", "Rome"),
        ("University of Bologna", "博洛尼亚大学", "Bologna"),
    ],
    "ES": [
        ("Universidad Politécnica de Madrid", "马德里理工大学", "Madrid"),
        ("Universitat Politècnica de Catalunya", "加泰罗尼亚理工大学", "Barcelona"),
        ("University of Granada", "格拉纳达大学", "Granada"),
    ],
    "SE": [
        ("KTH Royal Institute of Technology", "瑞典皇家理工学院", "Stockholm"),
        ("Chalmers University of Technology", "查尔姆斯理工大学", "Gothenburg"),
        ("Linköping University", "林雪平大学", "Linköping"),
    ],
    "FI": [
        ("Aalto University", "阿尔托大学", "Espoo"),
        ("Tampere University", "坦佩雷大学", "Tampere"),
        ("University of Oulu", "奥卢大学", "Oulu"),
    ],
    "DK": [
        ("Technical University of Denmark", "丹麦技术大学", "Lyngby"),
        ("Aalborg University", "奥尔堡大学", "Aalborg"),
    ],
    "CH": [
        ("ETH Zurich", "苏黎世联邦理工学院", "Zurich"),
        ("EPFL", "洛桑联邦理工学院", "Lausanne"),
    ],
    "AT": [
        ("Graz University of Technology", "格拉茨工业大学", "Graz"),
        ("TU Wien", "维也纳工业大学", "Vienna"),
    ],
    "PT": [
        ("University of Lisbon", "里斯本大学", "Lisbon"),
        ("University of Porto", "波尔图大学", "Porto"),
    ],
    "IE": [
        ("University College Dublin", "都柏林大学学院", "Dublin"),
        ("Trinity College Dublin", "都柏林圣三一大学", "Dublin"),
    ],
    "PL": [
        ("Warsaw University of Technology", "华沙理工大学", "Warsaw"),
        ("Poznan University of Technology", "波兹南理工大学", "Poznań"),
    ],
    "CZ": [
        ("Czech Technical University in Prague", "布拉格捷克理工大学", "Prague"),
        ("University of Pardubice", "帕尔杜比采大学", "Pardubice"),
    ],
    "HU": [
        ("Budapest University of Technology and Economics", "布达佩斯技术与经济大学", "Budapest"),
        ("Széchenyi István University", "塞切尼·伊斯特万大学", "Győr"),
    ],
    "RU": [
        ("Russian University of Transport", "俄罗斯交通大学", "Moscow"),
        ("Emperor Alexander I St. Petersburg State Transport University", "圣彼得堡国立交通大学", "Saint Petersburg"),
        ("Ural State University of Railway Transport", "乌拉尔国立交通大学", "Yekaterinburg"),
        ("Siberian Transport University", "西伯利亚国立交通大学", "Novosibirsk"),
        ("Bauman Moscow State Technical University", "莫斯科鲍曼国立技术大学", "Moscow"),
    ],
    "BY": [
        ("Belarusian State University of Transport", "白俄罗斯国立交通大学", "Gomel"),
        ("Belarusian National Technical University", "白俄罗斯国立技术大学", "Minsk"),
    ],
    "KZ": [
        ("Kazakh Academy of Transport and Communications", "哈萨克交通与通讯学院", "Almaty"),
        ("Al-Farabi Kazakh National University", "哈萨克斯坦国立大学", "Almaty"),
        ("L.N. Gumilyov Eurasian National University", "欧亚国立大学", "Astana"),
    ],
    "JP": [
        ("Tohoku University", "日本东北大学", "Sendai"),
        ("Nagoya University", "名古屋大学", "Nagoya"),
        ("Waseda University", "早稻田大学", "Tokyo"),
        ("Kyushu University", "九州大学", "Fukuoka"),
        ("Tokyo Institute of Technology", "东京工业大学", "Tokyo"),
        ("Nihon University", "日本大学", "Tokyo"),
    ],
    "KR": [
        ("Seoul National University of Science and Technology", "首尔科学技术大学", "Seoul"),
        ("Korea National University of Transportation", "韩国交通大学", "Chungju"),
        ("Woosong University", "又松大学", "Daejeon"),
        ("Hanyang University", "汉阳大学", "Seoul"),
        ("Korea University", "高丽大学", "Seoul"),
        ("Ajou University", "韩国亚洲大学", "Suwon"),
    ],
    "SG": [
        ("National University of Singapore", "新加坡国立大学", "Singapore"),
        ("Nanyang Technological University", "南洋理工大学", "Singapore"),
    ],
    "MY": [
        ("University of Malaya", "马来亚大学", "Kuala Lumpur"),
        ("Universiti Teknologi Malaysia", "马来西亚理工大学", "Johor Bahru"),
    ],
    "TH": [
        ("Chulalongkorn University", "朱拉隆功大学", "Bangkok"),
        ("King Mongkut's Institute of Technology Ladkrabang", "泰国先皇技术学院", "Bangkok"),
    ],
    "AU": [
        ("University of Wollongong", "卧龙岗大学", "Wollongong"),
        ("Monash University", "莫纳什大学", "Melbourne"),
        ("University of New South Wales", "新南威尔士大学", "Sydney"),
        ("Queensland University of Technology", "昆士兰科技大学", "Brisbane"),
        ("University of Technology Sydney", "悉尼科技大学", "Sydney"),
        ("Central Queensland University", "中央昆士兰大学", "Rockhampton"),
    ],
    "NZ": [
        ("University of Auckland", "奥克兰大学", "Auckland"),
        ("University of Canterbury", "坎特伯雷大学", "Christchurch"),
    ],
    "CA": [
        ("University of Waterloo", "滑铁卢大学", "Waterloo"),
        ("University of Toronto", "多伦多大学", "Toronto"),
        ("University of British Columbia", "英属哥伦比亚大学", "Vancouver"),
        ("Concordia University", "康考迪亚大学", "Montreal"),
        ("University of Calgary", "卡尔加里大学", "Calgary"),
    ],
    "HK": [
        ("The Hong Kong Polytechnic University", "香港理工大学", "Hong Kong"),
        ("The University of Hong Kong", "香港大学", "Hong Kong"),
        ("City University of Hong Kong", "香港城市大学", "Hong Kong"),
        ("The Chinese University of Hong Kong", "香港中文大学", "Hong Kong"),
    ],
    "MO": [
        ("University of Macau", "澳门大学", "Macao"),
        ("Macau University of Science and Technology", "澳门科技大学", "Macao"),
    ],
    "TW": [
        ("National Yang Ming Chiao Tung University", "阳明交通大学", "Hsinchu"),
        ("National Taiwan University", "台湾大学", "Taipei"),
        ("National Cheng Kung University", "成功大学", "Tainan"),
        ("National Taipei University of Technology", "台北科技大学", "Taipei"),
    ],
}

IK = Institution.Kind
# Research institutions, companies, government bodies and others: (name, Chinese name, country, city, kind).
OTHER_PARTNERS = [
    ("Fraunhofer Institute for Transportation and Infrastructure Systems", "弗劳恩霍夫交通与基础设施系统研究所",
     "DE", "Dresden", IK.RESEARCH),
    ("German Aerospace Center (DLR)", "德国航空航天中心", "DE", "Cologne", IK.RESEARCH),
    ("Railway Technical Research Institute", "日本铁道综合技术研究所", "JP", "Kokubunji", IK.RESEARCH),
    ("Korea Railroad Research Institute", "韩国铁道技术研究院", "KR", "Uiwang", IK.RESEARCH),
    ("VTT Technical Research Centre of Finland", "芬兰国家技术研究中心", "FI", "Espoo", IK.RESEARCH),
    ("TNO", "荷兰应用科学研究组织", "NL", "The Hague", IK.RESEARCH),
    ("Inria", "法国国家信息与自动化研究所", "FR", "Paris", IK.RESEARCH),
    ("National Research Council Canada", "加拿大国家研究委员会", "CA", "Ottawa", IK.RESEARCH),
    ("CSIRO", "澳大利亚联邦科学与工业研究组织", "AU", "Canberra", IK.RESEARCH),
    ("Siemens Mobility", "西门子交通", "DE", "Munich", IK.COMPANY),
    ("Alstom", "阿尔斯通", "FR", "Saint-Ouen", IK.COMPANY),
    ("Hitachi Rail", "日立铁路", "JP", "Tokyo", IK.COMPANY),
    ("Knorr-Bremse", "克诺尔集团", "DE", "Munich", IK.COMPANY),
    ("Nokia Bell Labs", "诺基亚贝尔实验室", "FI", "Espoo", IK.COMPANY),
    ("Ericsson", "爱立信", "SE", "Stockholm", IK.COMPANY),
    ("Intel Labs", "英特尔实验室", "US", "Hillsboro", IK.COMPANY),
    ("ABB", "ABB集团", "CH", "Zurich", IK.COMPANY),
    ("German Academic Exchange Service (DAAD)", "德国学术交流中心", "DE", "Bonn", IK.GOVERNMENT),
    ("Campus France", "法国高等教育署", "FR", "Paris", IK.GOVERNMENT),
    ("Japan Student Services Organization", "日本学生支援机构", "JP", "Tokyo", IK.GOVERNMENT),
    ("Korea Rail Network Authority", "韩国铁道设施公团", "KR", "Daejeon", IK.GOVERNMENT),
    ("International Union of Railways (UIC)", "国际铁路联盟", "FR", "Paris", IK.OTHER),
    ("British Council", "英国文化协会", "GB", "London", IK.OTHER),
]  # fmt: skip

# Relations that ended: recorded, not counted (one of them from a 33rd country).
FORMER_PARTNERS = [
    ("University of Bradford", "布拉德福德大学", "GB", "Bradford"),
    ("Université de Haute-Alsace", "上阿尔萨斯大学", "FR", "Mulhouse"),
    ("Tomsk Polytechnic University", "托木斯克理工大学", "RU", "Tomsk"),
    ("University of Chile", "智利大学", "CL", "Santiago"),
]

KU_LEUVEN = "KU Leuven"
GROUP_T = "GROUP T - Leuven Institute of Technology"
GROUP_T_FORMER_NAME = "Groep T Internationale Hogeschool Leuven"
TEXAS_SOUTHERN = "Texas Southern University"

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

# --- Where international students come from: 107 countries and regions, most frequent first ---
# The first CURRENT_STUDENT_COUNTRIES send today's students; the rest sent students in the past only.

STUDENT_COUNTRIES = [
    ("KR", 40), ("KZ", 30), ("RU", 28), ("PK", 26), ("VN", 22), ("MN", 22), ("TH", 18), ("ID", 16),
    ("LA", 14), ("US", 14), ("FR", 12), ("DE", 10), ("JP", 10), ("MY", 9), ("BD", 9), ("NP", 8),
    ("UZ", 8), ("KG", 8), ("TJ", 7), ("AF", 7), ("KH", 7), ("MM", 7), ("LK", 6), ("IN", 6),
    ("TM", 6), ("AZ", 6), ("GE", 5), ("TR", 5), ("IR", 5), ("YE", 5), ("EG", 5), ("SD", 5),
    ("ET", 5), ("KE", 5), ("TZ", 5), ("NG", 5), ("GH", 5), ("CM", 4), ("ZA", 4), ("ZM", 4),
    ("ZW", 4), ("MA", 4), ("DZ", 4), ("GB", 4), ("IT", 4), ("ES", 4), ("BE", 4), ("NL", 3),
    ("SE", 3), ("PL", 3), ("UA", 3), ("BY", 3), ("CA", 3), ("AU", 3), ("MX", 3), ("BR", 3),
    ("HK", 3), ("MO", 3), ("TW", 3), ("SG", 3), ("PH", 3), ("AM", 2), ("IQ", 2), ("SY", 2),
    ("JO", 2), ("UG", 2), ("RW", 2), ("SN", 2), ("CI", 2), ("MZ", 2), ("MG", 2), ("TN", 2),
    ("BJ", 2), ("TG", 2), ("AR", 2), ("CL", 2), ("PE", 2), ("CO", 2), ("CZ", 2), ("HU", 2),
    ("RS", 2), ("BG", 2), ("RO", 2), ("GR", 2),
    # Past only.
    ("FI", 1), ("PT", 1), ("AT", 1), ("CH", 1), ("IE", 1), ("NZ", 1), ("VE", 1), ("CU", 1),
    ("EC", 1), ("BO", 1), ("LB", 1), ("OM", 1), ("SA", 1), ("LY", 1), ("ML", 1), ("NE", 1),
    ("CG", 1), ("CD", 1), ("GA", 1), ("AO", 1), ("NA", 1), ("BW", 1), ("ER", 1),
]  # fmt: skip

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

# --- Synthetic names: syllables, and the Chinese character that transliterates each ---

SYLLABLES = {
    "ka": "卡", "lo": "洛", "mi": "米", "ren": "伦", "sa": "萨", "vel": "维", "dor": "多", "an": "安", "ti": "蒂",
    "mar": "马", "bel": "贝", "no": "诺", "ri": "里", "sen": "森", "tal": "塔", "zu": "祖", "ya": "雅", "el": "艾",
    "or": "奥", "fin": "芬", "da": "达", "ke": "克", "lin": "林", "mo": "莫", "ra": "拉", "su": "苏", "te": "特",
    "vi": "薇", "ro": "罗", "ne": "妮",
}  # fmt: skip
PINYIN_SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
                   "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo"]  # fmt: skip
PINYIN_GIVEN = ["wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "tao",
                "ming", "chao", "xiu", "xia", "ping", "gang", "hua", "yu", "lan", "hui", "xin", "yi", "hao",
                "zhen"]  # fmt: skip

AK = Agreement.Kind
AS = Agreement.Status
ST = InternationalStudent.Category
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


# The partners' cities in Chinese, as Chinese readers know them.
CITIES_ZH = {
    "Aachen": "亚琛",
    "Aalborg": "奥尔堡",
    "Almaty": "阿拉木图",
    "Antwerp": "安特卫普",
    "Astana": "阿斯塔纳",
    "Atlanta": "亚特兰大",
    "Auckland": "奥克兰",
    "Bangkok": "曼谷",
    "Barcelona": "巴塞罗那",
    "Belfort": "贝尔福",
    "Berkeley": "伯克利",
    "Berlin": "柏林",
    "Birmingham": "伯明翰",
    "Bologna": "博洛尼亚",
    "Bonn": "波恩",
    "Boston": "波士顿",
    "Bradford": "布拉德福德",
    "Braunschweig": "不伦瑞克",
    "Bremen": "不来梅",
    "Brisbane": "布里斯班",
    "Brussels": "布鲁塞尔",
    "Budapest": "布达佩斯",
    "Calgary": "卡尔加里",
    "Canberra": "堪培拉",
    "Champs-sur-Marne": "马恩河畔尚",
    "Christchurch": "基督城",
    "Chungju": "忠州",
    "College Park": "学院市",
    "Cologne": "科隆",
    "Compiègne": "贡比涅",
    "Daejeon": "大田",
    "Darmstadt": "达姆施塔特",
    "Delft": "代尔夫特",
    "Dresden": "德累斯顿",
    "Dublin": "都柏林",
    "East Lansing": "东兰辛",
    "Edinburgh": "爱丁堡",
    "Eindhoven": "埃因霍温",
    "Enschede": "恩斯赫德",
    "Espoo": "埃斯波",
    "Fukuoka": "福冈",
    "Ghent": "根特",
    "Glasgow": "格拉斯哥",
    "Gomel": "戈梅利",
    "Gothenburg": "哥德堡",
    "Granada": "格拉纳达",
    "Graz": "格拉茨",
    "Grenoble": "格勒诺布尔",
    "Győr": "杰尔",
    "Hanover": "汉诺威",
    "Hillsboro": "希尔斯伯勒",
    "Hong Kong": "香港",
    "Houston": "休斯敦",
    "Hsinchu": "新竹",
    "Huddersfield": "哈德斯菲尔德",
    "Johor Bahru": "新山",
    "Karlsruhe": "卡尔斯鲁厄",
    "Kokubunji": "国分寺",
    "Kuala Lumpur": "吉隆坡",
    "Lancaster": "兰卡斯特",
    "Lausanne": "洛桑",
    "Leeds": "利兹",
    "Leuven": "鲁汶",
    "Lille": "里尔",
    "Lincoln": "林肯",
    "Linköping": "林雪平",
    "Lisbon": "里斯本",
    "London": "伦敦",
    "Loughborough": "拉夫堡",
    "Louvain-la-Neuve": "新鲁汶",
    "Lyngby": "灵比",
    "Lyon": "里昂",
    "Macao": "澳门",
    "Madrid": "马德里",
    "Melbourne": "墨尔本",
    "Milan": "米兰",
    "Minsk": "明斯克",
    "Montreal": "蒙特利尔",
    "Moscow": "莫斯科",
    "Mulhouse": "米卢斯",
    "Munich": "慕尼黑",
    "Nagoya": "名古屋",
    "New Brunswick": "新不伦瑞克",
    "Newark": "纽瓦克",
    "Newcastle upon Tyne": "泰恩河畔纽卡斯尔",
    "Nottingham": "诺丁汉",
    "Novosibirsk": "新西伯利亚",
    "Ottawa": "渥太华",
    "Oulu": "奥卢",
    "Pardubice": "帕尔杜比采",
    "Paris": "巴黎",
    "Portland": "波特兰",
    "Porto": "波尔图",
    "Poznań": "波兹南",
    "Prague": "布拉格",
    "Rockhampton": "罗克汉普顿",
    "Rome": "罗马",
    "Rotterdam": "鹿特丹",
    "Rouen": "鲁昂",
    "Saint Petersburg": "圣彼得堡",
    "Saint-Ouen": "圣旺",
    "San Jose": "圣何塞",
    "Santiago": "圣地亚哥",
    "Sendai": "仙台",
    "Seoul": "首尔",
    "Singapore": "新加坡",
    "Southampton": "南安普敦",
    "Stockholm": "斯德哥尔摩",
    "Stuttgart": "斯图加特",
    "Suwon": "水原",
    "Sydney": "悉尼",
    "Tainan": "台南",
    "Taipei": "台北",
    "Tampere": "坦佩雷",
    "The Hague": "海牙",
    "Tokyo": "东京",
    "Tomsk": "托木斯克",
    "Toronto": "多伦多",
    "Turin": "都灵",
    "Uiwang": "义王",
    "University Park": "大学园",
    "Urbana": "厄巴纳",
    "Vancouver": "温哥华",
    "Vienna": "维也纳",
    "Warsaw": "华沙",
    "Waterloo": "滑铁卢",
    "West Lafayette": "西拉法叶",
    "Wollongong": "卧龙岗",
    "Yekaterinburg": "叶卡捷琳堡",
    "Zurich": "苏黎世",
}


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
    # Superseded, lapsed, terminated and unfinished mobility agreements: none is in force.
    for university in rng.sample(mobility, 12) + rng.sample(other_universities, 10):
        ends = _date_in(rng, datetime.date(2012, 1, 1), datetime.date(2025, 12, 31))
        agreements.append(
            _agreement(
                rng,
                counter,
                rng.choice(kinds),
                [university],
                rng.choice(TEACHING_UNITS),
                _add_months(ends, -60),
                ends,
                AS.EXPIRED,
            )
        )
    for university in rng.sample(other_universities, 8):
        # Still "active" on paper, past the end date: expired in effect.
        ends = _date_in(rng, datetime.date(2016, 1, 1), datetime.date(2026, 6, 30))
        agreements.append(
            _agreement(
                rng,
                counter,
                rng.choice(kinds),
                [university],
                rng.choice(TEACHING_UNITS),
                _add_months(ends, -60),
                ends,
                AS.ACTIVE,
            )
        )
    for university in rng.sample(other_universities, 4):
        starts = _date_in(rng, datetime.date(2012, 1, 1), datetime.date(2020, 12, 31))
        agreements.append(
            _agreement(
                rng,
                counter,
                rng.choice(kinds),
                [university],
                rng.choice(TEACHING_UNITS),
                starts,
                _add_months(starts, 60),
                AS.TERMINATED,
            )
        )
    for status, n in ((AS.DRAFT, 5), (AS.NEGOTIATING, 6)):
        for university in rng.sample(other_universities, n):
            starts = _date_in(rng, datetime.date(2026, 9, 1), datetime.date(2027, 9, 1))
            agreements.append(
                _agreement(
                    rng,
                    counter,
                    rng.choice(kinds),
                    [university],
                    rng.choice(TEACHING_UNITS),
                    starts,
                    _add_months(starts, 60),
                    status,
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


# How a summary names each kind: lowercasing the label would give "a chinese-foreign ... program".
PROGRAM_KIND_PHRASES = {
    Program.Kind.DOUBLE_DEGREE: "A double-degree program",
    Program.Kind.STUDENT_EXCHANGE: "A student exchange program",
    Program.Kind.SHORT_VISIT: "A short visit or summer school",
    Program.Kind.COOPERATIVE: "A Chinese-foreign cooperatively run program",
    Program.Kind.INSTITUTE_ABROAD: "An institute abroad",
}


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
VISITING_REGIONS = ("HK", "MO", "TW")


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

# Mostly degree students, whose long stays carry each year's headcount into the next.
CATEGORY_WEIGHTS = {ST.DEGREE: 60, ST.LANGUAGE: 18, ST.EXCHANGE: 12, ST.SHORT_TERM: 4, ST.VISITING_SCHOLAR: 6}
CURRENT_CATEGORY_WEIGHTS = {ST.DEGREE: 62, ST.LANGUAGE: 16, ST.EXCHANGE: 14, ST.VISITING_SCHOLAR: 8}
FUNDING_WEIGHTS = {
    ST.DEGREE: {"csc": 35, "beijing": 10, "university": 15, "self_funded": 40},
    ST.LANGUAGE: {"confucius": 30, "self_funded": 60, "csc": 10},
    ST.EXCHANGE: {"agreement": 80, "self_funded": 20},
    ST.SHORT_TERM: {"self_funded": 60, "home": 40},
    ST.VISITING_SCHOLAR: {"home": 60, "csc": 40},
}
DEGREE_LEVEL_WEIGHTS = {DegreeLevel.BACHELOR: 50, DegreeLevel.MASTER: 35, DegreeLevel.DOCTORAL: 15}
AGE_RANGES = {
    DegreeLevel.BACHELOR: (18, 22),
    DegreeLevel.MASTER: (22, 28),
    DegreeLevel.DOCTORAL: (25, 35),
    ST.EXCHANGE: (19, 24),
    ST.LANGUAGE: (18, 30),
    ST.SHORT_TERM: (18, 25),
    ST.VISITING_SCHOLAR: (30, 55),
}
# Arrival years of each group of students, with weights.
# Today's students arrived from the autumn of 2022 (the end of the pandemic) on. Few short stays from the early years
# last until today, so the early years carry more weight to spread arrivals evenly and make the yearly headcount
# rise year by year towards today's figure.
CURRENT_ARRIVALS = {2022: 45, 2023: 24, 2024: 20, 2025: 18, 2026: 12}
CURRENT_ARRIVALS_FROM = datetime.date(2022, 8, 1)
PRESENT_IN_2013_ARRIVALS = {2008: 5, 2009: 10, 2010: 16, 2011: 21, 2012: 23, 2013: 25}
EARLIER_ARRIVALS = {year: 1 + (year - 1998) // 3 for year in range(1998, 2013)}
LATER_ARRIVALS = {year: 1 if year in (2020, 2021, 2022) else 4 for year in range(2014, 2026)}
LEFT_BEFORE_2013 = 60
ADMITTED_NOT_ARRIVED = 15
LAST_DEPARTURE = datetime.date(2026, 7, 15)


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

OUTBOUND_KIND_WEIGHTS = {
    OutboundMobility.Kind.EXCHANGE: 45,
    OutboundMobility.Kind.SHORT_VISIT: 30,
    OutboundMobility.Kind.DOUBLE_DEGREE: 15,
    OutboundMobility.Kind.INTERNSHIP: 10,
}
ABROAD = ["US", "GB", "AU", "HK", "JP", "DE", "FR", "CA", "SG", "NL"]
AGREEMENT_KIND_FOR = {
    OutboundMobility.Kind.EXCHANGE: AK.STUDENT_EXCHANGE,
    OutboundMobility.Kind.SHORT_VISIT: AK.SHORT_VISIT,
    OutboundMobility.Kind.DOUBLE_DEGREE: AK.DOUBLE_DEGREE,
}
PROGRAM_KIND_FOR = {
    OutboundMobility.Kind.EXCHANGE: Program.Kind.STUDENT_EXCHANGE,
    OutboundMobility.Kind.SHORT_VISIT: Program.Kind.SHORT_VISIT,
    OutboundMobility.Kind.DOUBLE_DEGREE: Program.Kind.DOUBLE_DEGREE,
}


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

LONG_TERM_POSITIONS = ["Foreign language teacher", "Foreign teacher", "Visiting professor", "Postdoctoral researcher"]
SHORT_TERM_POSITIONS = ["Guest lecturer", "Visiting professor", "Workshop speaker", "Short-term research fellow"]
TALENT_FUNDING = {
    TalentProject.Scheme.THOUSAND_TALENTS: Decimal("3000000"),
    TalentProject.Scheme.HIGH_END: Decimal("1000000"),
    TalentProject.Scheme.PROJECT_111: Decimal("9000000"),
    TalentProject.Scheme.KEY_FOREIGN_EXPERTS: Decimal("300000"),
    TalentProject.Scheme.OTHER: Decimal("150000"),
}
# Applications besides the approvals counted since 2011: (scheme, year, status).
OTHER_TALENT_APPLICATIONS = [
    (TalentProject.Scheme.PROJECT_111, 2008, TalentProject.Status.APPROVED),
    (TalentProject.Scheme.KEY_FOREIGN_EXPERTS, 2010, TalentProject.Status.APPROVED),
    (TalentProject.Scheme.THOUSAND_TALENTS, 2012, TalentProject.Status.REJECTED),
    (TalentProject.Scheme.HIGH_END, 2014, TalentProject.Status.REJECTED),
    (TalentProject.Scheme.PROJECT_111, 2016, TalentProject.Status.REJECTED),
    (TalentProject.Scheme.THOUSAND_TALENTS, 2018, TalentProject.Status.REJECTED),
    (TalentProject.Scheme.KEY_FOREIGN_EXPERTS, 2021, TalentProject.Status.REJECTED),
    (TalentProject.Scheme.OTHER, 2023, TalentProject.Status.REJECTED),
    (TalentProject.Scheme.HIGH_END, 2026, TalentProject.Status.APPLIED),
    (TalentProject.Scheme.PROJECT_111, 2026, TalentProject.Status.APPLIED),
    (TalentProject.Scheme.KEY_FOREIGN_EXPERTS, 2026, TalentProject.Status.APPLIED),
]


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
