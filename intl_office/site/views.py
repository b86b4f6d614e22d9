"""The public overview page and robots.txt."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_countries.fields import Country

from experts.models import TalentProject
from intl_office.core.i18n import name_sort_key
from intl_office.core.people import SMALL_GROUP_THRESHOLD, hidden_groups
from intl_office.site import figures
from intl_office.site.maps import partner_map, student_map
from intl_office.site.page_cache import public_page
from partners.models import Agreement, Institution

# The overview shows foreign teachers for this many years, ending at the chosen one.
TEACHER_YEARS = 5
# Countries drawn as bars on the overview; the others are behind "all countries and regions".
TOP_COUNTRIES = 10


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


def country_breakdown(counts: dict[str, int], threshold: int = SMALL_GROUP_THRESHOLD) -> dict:
    """Countries whose count may be shown (``hidden_groups``), largest first; the rest folded into one "other" line.

    Fewer than `threshold` people from a country are never shown, nor can they be worked out from the total: the
    "other" line holds at least two countries and `threshold` people or more. When every country would be folded,
    there is no breakdown at all (an "other" line equal to the total would say nothing but how many countries).
    """
    hidden = hidden_groups(counts, threshold)
    if hidden and len(hidden) == sum(1 for n in counts.values() if n):
        return {"rows": [], "other_countries": 0, "other_people": 0}
    shown = [{"country": Country(code=code), "count": n} for code, n in counts.items() if n and code not in hidden]
    shown.sort(key=lambda row: (-row["count"], name_sort_key(row["country"].name)))
    return {"rows": shown, "other_countries": len(hidden), "other_people": sum(counts[code] for code in hidden)}


def top_bars(rows: list[dict], limit: int = TOP_COUNTRIES) -> list[dict]:
    """The largest rows, each with its bar's length in percent of the largest."""
    top = rows[:limit]
    largest = max((row["count"] for row in top), default=0) or 1
    return [{**row, "percent": round(100 * row["count"] / largest, 1)} for row in top]


def year_notice_for(value: str, *, first: int, last: int, shown: int) -> str:
    """Why the asked-for year is not shown, in the visitor's words: not a number, or outside the records."""
    value = Truncator(value.strip()).chars(12)
    if not (value.isascii() and value.isdigit()):
        message = gettext("“%(value)s” is not a year. Showing %(shown)s instead.")
    else:
        message = gettext(
            "There are no figures for %(value)s: the records cover %(first)s to %(last)s. Showing %(shown)s instead."
        )
    return message % {"value": value, "first": first, "last": last, "shown": shown}


@public_page
@require_safe
def overview(request):
    """The international overview, computed from the records; ?year= picks the year of the yearly figures."""
    today = timezone.localdate()
    latest = figures.latest_complete_year(today)
    first = min(figures.first_record_year(default=latest), latest)
    # Every year from the first record to this one, counted to date.
    years = list(range(today.year, first - 1, -1))
    form = YearForm(request.GET or None, years=years)
    year_notice = ""
    if form.is_valid():
        year = form.cleaned_data["year"]
    else:
        year = latest
        if "year" in request.GET:
            year_notice = year_notice_for(request.GET["year"], first=first, last=today.year, shown=year)
        form = YearForm(initial={"year": year}, years=years)
    # This year's figures run to today; a past year's, to its end.
    by = today if year == today.year else None

    partners = figures.partner_figures()
    students_by_country = country_breakdown(figures.current_students_by_country())
    partner_countries = figures.partners_by_country()
    year_figures = figures.year_figures(year, by)
    routes = (year_figures.outbound_through_agreements, year_figures.outbound_after_graduation)
    by_kind = figures.institutions_by_kind()
    talent = figures.talent_figures()
    teacher_years = list(range(max(year - TEACHER_YEARS + 1, first), year + 1))
    context = {
        "year": year,
        "year_form": form,
        "year_notice": year_notice,
        "year_to_date": by,
        "partners": partners,
        "institutions_by_kind": [
            {"kind": kind, "label": Institution.Kind(kind).label, "count": n} for kind, n in by_kind.items() if n
        ],
        "universities_by_form": [
            {"kind": kind, "label": Agreement.Kind(kind).label, "count": n}
            for kind, n in partners.universities_by_kind.items()
        ],
        "students": figures.student_figures(),
        "students_by_country": students_by_country,
        "students_top": top_bars(students_by_country["rows"]),
        "partner_map": partner_map(partner_countries),
        "student_map": student_map(students_by_country["rows"], partner_countries),
        "year_figures": year_figures,
        # The two routes add up to the total shown above them: when one is a small group, the other would give it
        # away by subtraction, so neither is shown.
        "outbound_routes_hidden": bool(hidden_groups(dict(enumerate(routes)))),
        "teachers_by_year": [
            {"year": y, "long_term": lt, "short_term": st}
            for y, (lt, st) in figures.foreign_teachers_by_year(teacher_years, by).items()
        ],
        "talent": talent,
        "talent_by_scheme": [
            {"scheme": scheme, "label": TalentProject.Scheme(scheme).label, "count": n}
            for scheme, n in talent.by_scheme.items()
            if n
        ],
        # Unpublished programs are drafts: never named on a public page.
        "ministry_programs": list(figures.ministry_approved_programs().published()),
        "institutes_abroad": list(figures.institutes_abroad().published()),
    }
    return render(request, "public/overview.html", context)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
