"""Partner tables: partner institutions, new relations, agreements by kind, delegations.

Past years are counted by dates, not by today's status: a partner counts from the day relations began, an agreement
was in force between its start and end dates even if it is marked expired now (the rules are the QuerySets' in
``partners.models``).
"""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from intl_office.reports.base import Table, bilingual, by_count, country_name, pair_counts, pivot, with_total
from intl_office.reports.params import ReportParams, add_months
from intl_office.travel.person_times import person_times
from partners.models import Agreement, Delegation, Institution

EXPIRING_MONTHS = 6


def partners_by_country(p: ReportParams) -> Table:
    kinds = list(Institution.Kind)
    cells = pair_counts(Institution.objects.counted_on(p.as_of), "country", "kind")
    country_codes = sorted({c for c, _k in cells})
    body = [
        [country_name(code), *counts, sum(counts)]
        for code, counts in zip(country_codes, pivot(cells, country_codes, kinds), strict=True)
    ]
    return Table(
        key="partners-by-country",
        title=_("Partner institutions by country or region and kind"),
        short_title=_("Partners by country and kind"),
        columns=[_("Country or region"), *[k.label for k in kinds], _("Total")],
        rows=with_total(by_count(body), _("Total")),
        note=_(
            "Active partners whose relations began by the day (or whose start of relations is not recorded); "
            "a merged institution is counted once, as the one it became."
        ),
        has_total=True,
    )


def new_relations(p: ReportParams) -> Table:
    institutions = Institution.objects.filter(relations_since__year=p.year, relations_since__lte=p.as_of).order_by(
        "relations_since", "name_en"
    )
    rows = [
        [
            bilingual(inst.name_en, inst.name_zh),
            country_name(inst.country),
            inst.get_kind_display(),
            inst.relations_since,
        ]
        for inst in institutions
    ]
    return Table(
        key="new-relations",
        title=_("New partner relations in the year"),
        short_title=_("New partner relations"),
        columns=[_("Institution"), _("Country or region"), _("Kind"), _("Relations established on")],
        rows=rows,
    )


def agreements_by_kind(p: ReportParams) -> Table:
    in_force = Agreement.objects.in_force_q(p.as_of)
    soon = add_months(p.as_of, EXPIRING_MONTHS)
    counts = {
        row["kind"]: row
        for row in Agreement.objects.values("kind")
        .annotate(
            active=Count("pk", filter=in_force),
            signed=Count("pk", filter=Q(signed_on__year=p.year, signed_on__lte=p.as_of)),
            expiring=Count("pk", filter=in_force & Q(ends_on__lte=soon)),
            expired=Count("pk", filter=Agreement.objects.lapsed_in_year_q(p.year, p.as_of)),
        )
        .order_by()
    }
    columns = ("active", "signed", "expiring", "expired")
    rows = [[kind.label, *[counts.get(kind, {}).get(c, 0) for c in columns]] for kind in Agreement.Kind]
    return Table(
        key="agreements-by-kind",
        title=_("Agreements by kind"),
        columns=[
            _("Kind"),
            _("In force on the day"),
            _("Signed in the year, by the day"),
            _("Ending within 6 months of the day"),
            _("Expired in the year, before the day"),
        ],
        rows=with_total(rows, _("Total")),
        note=_(
            "Counted by dates: an agreement is in force from its start to its end date, including one marked "
            "expired now; drafts, negotiations and terminated agreements are left out."
        ),
        has_total=True,
    )


def delegations_by_country(p: ReportParams) -> Table:
    inbound, outbound = Q(direction=Delegation.Direction.INBOUND), Q(direction=Delegation.Direction.OUTBOUND)
    rows = (
        Delegation.objects.in_year(p.year, p.as_of)
        .values("country")
        .annotate(
            inbound=Count("pk", filter=inbound),
            inbound_people=Sum(person_times(), filter=inbound, default=0),
            outbound=Count("pk", filter=outbound),
            outbound_people=Sum(person_times(), filter=outbound, default=0),
        )
        .order_by()
    )
    body = [
        [country_name(r["country"]), r["inbound"], r["inbound_people"], r["outbound"], r["outbound_people"]]
        for r in rows
    ]
    body.sort(key=lambda r: (-(r[2] + r[4]), r[0]))
    return Table(
        key="delegations-by-country",
        title=_("Delegations by country or region"),
        short_title=_("Delegations by country"),
        columns=[
            _("Country or region"),
            _("Inbound delegations"),
            _("Inbound person-times"),
            _("Outbound delegations"),
            _("Outbound person-times"),
        ],
        rows=with_total(body, _("Total")),
        note=_("Visits starting in the year, up to the day; Hong Kong, Macao and Taiwan included."),
        has_total=True,
    )
