"""The demo's data tables: the figures the overview page states, BJTU's units, the partner institutions, where
students and experts come from, synthetic names, and the weights ``intl_office.demo`` draws its records with.

Pure data: building and loading the records is ``intl_office.demo``'s work (which re-exports the figures the tests
read as ``demo.CURRENT_STUDENTS`` and so on).
"""

import datetime
from decimal import Decimal

from experts.models import TalentProject
from intl_office.core.models import Unit
from partners.models import Agreement, Institution
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


# --- Wording: the partners' cities, and the kinds of program ---

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

# How a summary names each kind: lowercasing the label would give "a chinese-foreign ... program".
PROGRAM_KIND_PHRASES = {
    Program.Kind.DOUBLE_DEGREE: "A double-degree program",
    Program.Kind.STUDENT_EXCHANGE: "A student exchange program",
    Program.Kind.SHORT_VISIT: "A short visit or summer school",
    Program.Kind.COOPERATIVE: "A Chinese-foreign cooperatively run program",
    Program.Kind.INSTITUTE_ABROAD: "An institute abroad",
}


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
