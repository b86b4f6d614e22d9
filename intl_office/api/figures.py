"""The overview's figures for a year as open data: only what the overview shows, people counts suppressed alike.

A count of people below the small-group threshold is ``None`` (the overview says "fewer than 5"); the two routes of
students abroad are both ``None`` when one is small (the other would give it away by subtraction); the students'
countries are the overview's breakdown, small groups folded into "other".
"""

from django.utils import timezone
from django.utils.translation import override
from django_countries.fields import Country

from intl_office.core.people import SMALL_GROUP_THRESHOLD, hidden_groups
from intl_office.site import figures
from intl_office.site.views import country_breakdown


def people(count: int) -> int | None:
    """A count of people as the overview shows it: ``None`` for 1 to 4."""
    return None if 0 < count < SMALL_GROUP_THRESHOLD else count


def available_years() -> list[int]:
    """The overview's years, latest first: from the first record to the current year (to date)."""
    today = timezone.localdate()
    latest = figures.latest_complete_year(today)
    first = min(figures.first_record_year(default=latest), latest)
    return list(range(today.year, first - 1, -1))


def country_name(code: str) -> dict[str, str]:
    names = {}
    for language in ("en", "zh-hans"):
        with override(language):
            names[language] = str(Country(code).name)
    return names


def year_figures(year: int) -> dict:
    """The overview's figures with the year's figures for ``year`` (this year's to today), in one dictionary."""
    today = timezone.localdate()
    by = today if year == today.year else None
    partners = figures.partner_figures()
    students = figures.student_figures()
    year_data = figures.year_figures(year, by)
    routes = (year_data.outbound_through_agreements, year_data.outbound_after_graduation)
    routes_hidden = bool(hidden_groups(dict(enumerate(routes))))
    breakdown = country_breakdown(figures.current_students_by_country())
    talent = figures.talent_figures()
    return {
        "year": year,
        "to_date": by,
        "partners": {
            "institutions": partners.institutions,
            "countries_and_regions": partners.countries,
            "universities_for_study_abroad": partners.universities_any_mobility,
            "universities_by_form_of_cooperation": partners.universities_by_kind,
            "institutions_by_kind": figures.institutions_by_kind(),
            "by_country": [
                {"country": code, "name": country_name(code), "institutions": n}
                for code, n in figures.partners_by_country().items()
            ],
        },
        "students": {
            "on_campus_today": people(students.current),
            "their_countries_and_regions": students.current_countries,
            "received_over_the_years": people(students.received),
            "countries_and_regions_received_from": students.received_countries,
            "by_country": [
                {"country": row["country"].code, "name": country_name(row["country"].code), "students": row["count"]}
                for row in breakdown["rows"]
            ],
            "other_countries_and_regions": breakdown["other_countries"],
            "students_from_other_countries_and_regions": people(breakdown["other_people"]),
        },
        "year_figures": {
            "inbound_delegation_person_times": people(year_data.inbound_delegation_person_times),
            "outbound_delegation_person_times": people(year_data.outbound_delegation_person_times),
            "outbound_students": people(year_data.outbound_students),
            "outbound_through_agreements": None if routes_hidden else people(routes[0]),
            "outbound_after_graduation": None if routes_hidden else people(routes[1]),
            "overseas_students": people(year_data.overseas_students),
            "long_term_foreign_teachers": people(year_data.long_term_foreign_teachers),
            "short_term_foreign_experts": people(year_data.short_term_foreign_experts),
        },
        "talent_projects": {"since": talent.since, "approved": talent.approved, "by_scheme": talent.by_scheme},
    }


def csv_rows(data: dict) -> list[tuple[str, str]]:
    """(figure, value) rows of ``year_figures``: nested names joined with dots; a suppressed count reads
    "fewer than 5"."""
    rows = []

    def walk(prefix: str, value):
        if isinstance(value, dict) and not {"country", "name"} <= set(value):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else key, inner)
        elif isinstance(value, list):
            for item in value:
                count_key = next(key for key in item if key not in {"country", "name"})
                walk(f"{prefix}.{item['country']}", item[count_key])
        else:
            shown = "" if value is None else value
            if value is None and prefix not in {"to_date"}:
                shown = f"fewer than {SMALL_GROUP_THRESHOLD}"
            rows.append((prefix, str(shown)))

    walk("", data)
    return rows
