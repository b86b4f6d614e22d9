"""Dates and places the travel rules count with: working days, the Schengen area, the Americas.

Working days are Monday to Friday; public holidays and the adjusted working weekends of the Chinese calendar are not
known here (the office can extend a deadline by hand).
"""

import datetime

# The Schengen area's members (ISO 3166 codes), 2025: the EU members in it plus Iceland, Liechtenstein, Norway and
# Switzerland.
SCHENGEN = frozenset("AT BE BG CH CZ DE DK EE ES FI FR GR HR HU IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK".split())

# North, Central and South America and the Caribbean, as the ministry's statistics group them.
AMERICAS = frozenset(
    (
        "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT GY HN HT JM KN KY LC "
        "MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT UM US UY VC VE VG VI"
    ).split()
)


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The day ``count`` working days (Monday to Friday) after ``day``."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day
