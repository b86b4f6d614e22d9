"""The report's front page: BJTU's international overview, paragraph by paragraph, in its own words, with the figures
of the report's year; then the key figures against the previous year (or the year compared with).

The overview's text is kept in docs/bjtu-international-overview.txt; each paragraph below follows one of its
paragraphs, in the same order. Text is in the active language.
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from experts.models import TalentProject
from intl_office.core.figure_cache import get_or_compute
from intl_office.core.i18n import chinese_page, localized
from intl_office.reports.base import NoRecords, Table, change, country_name, percent_change
from intl_office.reports.continents import Continent, continent_of
from intl_office.reports.params import ReportParams, long_date
from intl_office.reports.snapshot import FirstYears, Snapshot, first_years, snapshot

# The schemes the overview names one by one; the others are summed up by "etc.".
NAMED_SCHEMES = (
    TalentProject.Scheme.THOUSAND_TALENTS,
    TalentProject.Scheme.HIGH_END,
    TalentProject.Scheme.PROJECT_111,
)
# Continents the third paragraph names where the students received came from, most students first.
NAMED_CONTINENTS = 3

KEY_FIGURES = (
    ("partner_institutions", _("Partner institutions")),
    ("partner_countries", _("Their countries and regions")),
    ("mobility_universities", _("Partner universities with mobility agreements in force")),
    ("agreements_in_force", _("Agreements in force")),
    ("students_on_campus", _("International students on campus on the day")),
    ("students_during_year", _("International students during the year")),
    ("new_students", _("New international students in the year")),
    ("graduates", _("International students graduated or completed in the year")),
    ("inbound_person_times", _("Inbound delegation person-times")),
    ("outbound_person_times", _("Outbound delegation person-times")),
    ("outbound_students", _("BJTU students abroad")),
    ("outbound_through_agreements", _("Abroad through agreements or programs")),
    ("outbound_after_graduation", _("Abroad after graduation")),
    ("long_term_teachers", _("Long-term foreign teachers")),
    ("short_term_experts", _("Short-term foreign experts")),
    ("talent_approved", _("Talent-program projects approved in the rounds since %(since)s")),
)


def n(value) -> str:
    """A count grouped in threes (1,844) in both languages, as on the public overview."""
    return str(value) if isinstance(value, NoRecords) else f"{value:,}"


def listing(items: list[str]) -> str:
    """A, B and C / A、B和C."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return gettext("%(first)s and %(last)s") % {"first": gettext(", ").join(items[:-1]), "last": items[-1]}


def sentences(*parts: str) -> str:
    """Sentences one after the other: a space between them in English, none in Chinese."""
    return ("" if chinese_page() else " ").join(part for part in parts if part)


def as_of_phrase(p: ReportParams) -> str:
    return gettext("As of %(day)s") % {"day": p.day_phrase}


def during_phrase(p: ReportParams) -> str:
    if p.as_of.month == 12 and p.as_of.day == 31:
        return gettext("During %(year)s") % {"year": p.year}
    return gettext("During %(year)s, up to %(day)s") % {"year": p.year, "day": long_date(p.as_of)}


def paragraphs(s: Snapshot, before: Snapshot) -> list[str]:
    """The overview's nine paragraphs for the snapshot's year (``before``: the year its teachers are compared with)."""
    return [
        gettext(
            "Beijing Jiaotong University has attached great importance to enhancing international cooperation in "
            "education and has always been taking strengthening international cooperation as an important way to "
            "promote the development of BJTU."
        ),
        _partners(s),
        _students(s),
        _institutes(s),
        _ministry_programs(s),
        _the_year(s),
        gettext(
            "Beijing Jiaotong University has been inviting foreign experts and teachers to instruct and give lectures "
            "at the university for more than fifty years."
        ),
        _teachers(s, before),
        _talent(s),
    ]


def _partners(s: Snapshot) -> str:
    return gettext(
        "%(as_of)s, BJTU had established cooperative relations with %(institutions)s renowned universities, "
        "institutions and high-tech companies from %(countries)s countries and regions all over the world. The "
        "opportunities for teachers and students to study abroad have been largely increased by maintaining "
        "partnership with %(universities)s international universities in the forms of double degree programs, "
        "student exchange programs and short visit programs."
    ) % {
        "as_of": as_of_phrase(s.params),
        "institutions": n(s.partner_institutions),
        "countries": n(s.partner_countries),
        "universities": n(s.mobility_universities),
    }


def _continents(s: Snapshot) -> list[str]:
    by_continent = {}
    for code, count in s.received_by_country.items():
        continent = continent_of(code)
        by_continent[continent] = by_continent.get(continent, 0) + count
    ordered = sorted((c for c in by_continent if c != Continent.OTHER), key=lambda c: (-by_continent[c], c))
    return [Continent(c).label for c in ordered[:NAMED_CONTINENTS]]


def _students(s: Snapshot) -> str:
    first = gettext(
        "BJTU is one of the first universities authorized by the Chinese government to enroll international students."
    )
    now = gettext(
        "%(as_of)s, there were %(students)s international students from %(countries)s countries and regions studying "
        "on campus."
    ) % {"as_of": as_of_phrase(s.params), "students": n(s.students_on_campus), "countries": n(s.student_countries)}
    continents = _continents(s)
    values = {"received": n(s.students_received), "countries": n(s.received_countries)}
    received = (
        gettext(
            "Ever since, BJTU has received %(received)s overseas students and visiting scholars from %(countries)s "
            "countries and regions in %(continents)s etc."
        )
        % {**values, "continents": listing(continents)}
        if continents
        else ""
    )
    return sentences(first, now, received)


def _named_programs(programs) -> list[str]:
    return [localized(program.title_en, program.title_zh) for program in programs]


def _institutes(s: Snapshot) -> str:
    if not s.institutes_abroad:
        return gettext("BJTU had not yet established an institute abroad.")
    names = []
    for institute in s.institutes_abroad:
        name = localized(institute.title_en, institute.title_zh)
        country = listing(sorted({country_name(p.country) for p in institute.partners.all()}))
        # "Confucius Institute in Belgium" names its country already.
        named = not country or country in name
        names.append(
            name if named else gettext("%(institute)s in %(country)s") % {"institute": name, "country": country}
        )
    return gettext("BJTU has also established %(names)s.") % {"names": listing(names)}


def _ministry_programs(s: Snapshot) -> str:
    if not s.ministry_programs:
        return gettext(
            "BJTU had no Chinese-Foreign Collaboration in Running School Program approved by the Ministry of Education "
            "yet."
        )
    return ngettext(
        "BJTU has carried out %(count)s Chinese-Foreign Collaboration in Running School Program approved by the "
        "Ministry of Education: %(names)s.",
        "BJTU has carried out %(count)s Chinese-Foreign Collaboration in Running School Programs approved by the "
        "Ministry of Education. They are %(names)s, respectively.",
        len(s.ministry_programs),
    ) % {"count": len(s.ministry_programs), "names": listing(_named_programs(s.ministry_programs))}


def _the_year(s: Snapshot) -> str:
    return gettext(
        "%(during)s, BJTU received %(visitors)s person-times of overseas delegations and individuals (including Hong "
        "Kong, Macao and Taiwan) for short visits. The number of BJTU students who went abroad to study reached "
        "%(abroad)s, among which %(through)s students went through agreements and programs and %(after)s students "
        "studied abroad after graduation. The number of overseas students reached %(overseas)s."
    ) % {
        "during": during_phrase(s.params),
        "visitors": n(s.inbound_person_times),
        "abroad": n(s.outbound_students),
        "through": n(s.outbound_through_agreements),
        "after": n(s.outbound_after_graduation),
        "overseas": n(s.students_during_year),
    }


def _teachers_in(s: Snapshot) -> int | NoRecords:
    if isinstance(s.long_term_teachers, NoRecords):
        return s.long_term_teachers
    return s.long_term_teachers + s.short_term_experts


def _teachers(s: Snapshot, before: Snapshot) -> str:
    values = {"teachers": n(_teachers_in(s)), "year": s.year, "before": n(_teachers_in(before)), "then": before.year}
    text = (
        gettext(
            "The number of foreign teachers at Beijing Jiaotong University, including both long-term and short-term, "
            "was %(teachers)s in %(year)s (%(before)s in %(then)s)."
        )
        % values
    )
    recent = s.recent_long_term
    if len(recent) > 1:
        low, high = min(recent.values()), max(recent.values())
        text = sentences(
            text,
            gettext(
                "In recent years (%(first)s to %(last)s), the number of long-term foreign teachers invited to the "
                "university amounted to %(range)s annually."
            )
            % {
                "first": min(recent),
                "last": max(recent),
                "range": n(low) if low == high else gettext("%(low)s to %(high)s") % {"low": n(low), "high": n(high)},
            },
        )
    return text


def _talent(s: Snapshot) -> str:
    text = gettext(
        "Beijing Jiaotong University actively applies national key projects of intelligence introduction, appointing "
        "foreign experts and scholars from diverse channels to teach and research in the university."
    )
    approved = 0 if isinstance(s.talent_approved, NoRecords) else s.talent_approved
    values = {"since": s.params.talent_since, "year": s.year, "count": n(approved)}
    named = [
        gettext("%(count)s “%(scheme)s”") % {"count": s.talent_by_scheme[scheme], "scheme": scheme.label}
        for scheme in NAMED_SCHEMES
        if s.talent_by_scheme.get(scheme)
    ]
    sentence = ngettext(
        "From %(since)s to %(year)s, %(count)s national key project of intelligence introduction application was "
        "approved",
        "From %(since)s to %(year)s, %(count)s national key projects of intelligence introduction applications were "
        "approved",
        approved,
    )
    text = sentences(text, sentence % values)
    if named:
        text += gettext(", including %(named)s, etc.") % {"named": listing(named)}
    else:
        text += gettext(".")
    return text


# Key figures ------------------------------------------------------------------------------------------------------


def key_figures_table(s: Snapshot, before: Snapshot) -> Table:
    rows = []
    for attr, label in KEY_FIGURES:
        value, earlier = getattr(s, attr), getattr(before, attr)
        label = label % {"since": s.params.talent_since} if attr == "talent_approved" else label
        rows.append([label, value, earlier, change(value, earlier), percent_change(value, earlier)])
    return Table(
        key="key-figures",
        title=_("Key figures"),
        columns=[_("Figure"), str(s.year), str(before.year), _("Change"), _("Change (%)")],
        rows=rows,
        note=_(
            "Standing figures (partners, agreements, students on campus) are counted on each year's day; the others "
            "count the year up to that day."
        ),
    )


def key_figures(p: ReportParams, firsts: FirstYears | None = None) -> Table:
    """The year's key figures against the previous year, or against the year compared with."""
    firsts = firsts or first_years()
    other = p.compared() or p.previous()
    return key_figures_table(snapshot(p, firsts), snapshot(other, firsts))


class FrontPage:
    """The front page's parts, computed once for the page, the PDF and the workbook."""

    def __init__(self, p: ReportParams):
        firsts = first_years()
        self.snapshot = snapshot(p, firsts)
        self.other = snapshot(p.compared() or p.previous(), firsts)
        self.paragraphs = paragraphs(self.snapshot, self.other)
        self.key_figures = key_figures_table(self.snapshot, self.other)


def front_page(p: ReportParams) -> FrontPage:
    """The front page's parts for these parameters, kept in the cache until a record changes, as the tables are."""
    return get_or_compute("reports.front_page", (p,), lambda: FrontPage(p))
