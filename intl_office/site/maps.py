"""The two maps of the public site: where the partners are, and where international students come from."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django_countries.fields import Country

from intl_office.core.people import SMALL_GROUP_THRESHOLD
from intl_office.site.world_map import Band, WorldMap, draw


def _directory_link(partner_countries):
    base = reverse("partners:list")
    return lambda code: f"{base}?country={code}" if code in partner_countries else None


def partner_map(partners_by_country: dict[str, int]) -> WorldMap:
    """Counted partners per country; each country leads to the directory filtered by it."""
    bands = [
        Band(1, gettext("1 partner")),
        Band(2, gettext("2 to 4 partners")),
        Band(5, gettext("5 to 9 partners")),
        Band(10, gettext("10 partners or more")),
    ]
    return draw(
        partners_by_country,
        bands,
        title=gettext("Partner institutions by country and region"),
        link=_directory_link(partners_by_country),
        describe=lambda code, n: (
            ngettext("%(country)s: %(count)s partner", "%(country)s: %(count)s partners", n)
            % {"country": _name(code), "count": n}
        ),
    )


def student_map(shown_rows: list[dict], partners_by_country: dict[str, int]) -> WorldMap:
    """International students on campus per country, only the countries the overview shows
    (``country_breakdown``): countries of fewer than 5 students, and those folded with them, are drawn as those
    with none, so the map tells nothing the page does not."""
    counts = {row["country"].code: row["count"] for row in shown_rows}
    bands = [
        Band(SMALL_GROUP_THRESHOLD, gettext("5 to 19 students")),
        Band(20, gettext("20 to 49 students")),
        Band(50, gettext("50 to 99 students")),
        Band(100, gettext("100 students or more")),
    ]
    return draw(
        counts,
        bands,
        title=gettext("Where international students come from"),
        link=_directory_link(partners_by_country),
        describe=lambda code, n: (
            ngettext("%(country)s: %(count)s student", "%(country)s: %(count)s students", n)
            % {"country": _name(code), "count": n}
        ),
    )


def _name(code: str) -> str:
    return str(Country(code).name)
