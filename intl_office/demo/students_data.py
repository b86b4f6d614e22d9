"""The students' tables: the overview's figures, where international students come from, how they are drawn
(category, funding, level, age, arrival), and where BJTU's own students go abroad."""

import datetime

from partners.models import Agreement
from programs.models import DegreeLevel, Program
from students.models import InternationalStudent, OutboundMobility

AK = Agreement.Kind
ST = InternationalStudent.Category

# The overview's figures: "over 1,400" international students on campus now from "more than 80" countries and
# regions; "over 3,200" received since the beginning from "more than 100"; "exceeds 1,300" during 2013.
CURRENT_STUDENTS = 1427
CURRENT_STUDENT_COUNTRIES = 84
RECEIVED_STUDENTS = 3268
RECEIVED_STUDENT_COUNTRIES = 107
STUDENTS_PRESENT_IN_2013 = 1318

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

# --- International students

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
# The ministry's discipline categories of what each kind of student studies: BJTU is an engineering university;
# Chinese-language and most short-term students study Chinese (literature).
SD = InternationalStudent.Discipline
DISCIPLINE_WEIGHTS = {
    ST.DEGREE: {
        SD.ENGINEERING: 44, SD.MANAGEMENT: 18, SD.ECONOMICS: 12, SD.SCIENCE: 8, SD.LITERATURE: 6, SD.LAW: 4,
        SD.ART: 3, SD.EDUCATION: 2, SD.PHILOSOPHY: 1, SD.HISTORY: 1, SD.INTERDISCIPLINARY: 1,
    },
    ST.LANGUAGE: {SD.LITERATURE: 1},
    ST.EXCHANGE: {SD.ENGINEERING: 40, SD.MANAGEMENT: 25, SD.ECONOMICS: 15, SD.LITERATURE: 20},
    ST.SHORT_TERM: {SD.LITERATURE: 80, SD.ENGINEERING: 20},
    ST.VISITING_SCHOLAR: {SD.ENGINEERING: 50, SD.SCIENCE: 20, SD.MANAGEMENT: 15, SD.ECONOMICS: 15},
}  # fmt: skip
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


# --- BJTU students abroad

# BJTU students going abroad: (through agreements and programs, after graduation). 2013: 986 in all, "among which 567
# students are through agreed agreements and programs, 419 students study abroad after graduation".
OUTBOUND_STUDENTS = {
    2011: (418, 337), 2012: (489, 381), 2013: (567, 419),
    2014: (603, 446), 2015: (648, 471), 2016: (702, 498), 2017: (751, 523), 2018: (806, 547), 2019: (842, 566),
    2020: (96, 388), 2021: (143, 402), 2022: (261, 437), 2023: (612, 489), 2024: (734, 528), 2025: (781, 552),
}  # fmt: skip
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
