"""The continents the Ministry of Education's statistics group countries and regions by (亚洲, 非洲, 欧洲, 美洲,
大洋洲), and the continent of each ISO 3166 country code.

As in the ministry's tables, Cyprus, Georgia, Armenia, Azerbaijan and Turkey are in Asia; Russia is in Europe; the
Americas are one continent. Antarctic territories fall under "Other".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Continent(models.TextChoices):
    ASIA = "asia", _("Asia")
    AFRICA = "africa", _("Africa")
    EUROPE = "europe", _("Europe")
    AMERICAS = "americas", _("Americas")
    OCEANIA = "oceania", _("Oceania")
    OTHER = "other", _("Other")


_CODES = {
    Continent.ASIA: (
        "AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV "
        "MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE"
    ),
    Continent.AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ "
        "NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"
    ),
    Continent.EUROPE: (
        "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME "
        "MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK"
    ),
    Continent.AMERICAS: (
        "AG AI AR AW BB BL BM BO BQ BR BS BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT GY HN HT JM KN KY LC "
        "MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT UM US UY VC VE VG VI"
    ),
    Continent.OCEANIA: "AS AU CK FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS",
}

CONTINENT_OF = {code: continent for continent, codes in _CODES.items() for code in codes.split()}


def continent_of(code) -> Continent:
    return CONTINENT_OF.get(str(code).upper(), Continent.OTHER)
