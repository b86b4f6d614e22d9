"""Program tables: programs by kind and level, the ministry-approved programs."""

from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from intl_office.reports.base import Table, bilingual, pivot, with_total
from intl_office.reports.params import ReportParams
from intl_office.site import figures
from programs.models import DegreeLevel, Program


def _programs_note(undated: int) -> str:
    note = gettext("Programs established in the year or before.")
    if undated:
        note += " " + ngettext(
            "%(n)s program without a recorded year of establishment is counted in every year.",
            "%(n)s programs without a recorded year of establishment are counted in every year.",
            undated,
        ) % {"n": undated}
    return note


def programs_by_kind_and_level(p: ReportParams) -> Table:
    kinds, levels = list(Program.Kind), list(DegreeLevel)
    rows = list(
        Program.objects.established_by(p.year)
        .values("kind", "level")
        .annotate(n=Count("pk"), undated=Count("pk", filter=Q(established_year__isnull=True)))
        .order_by()
    )
    cells = {(row["kind"], row["level"]): row["n"] for row in rows}
    body = [[kind.label, *counts, sum(counts)] for kind, counts in zip(kinds, pivot(cells, kinds, levels), strict=True)]
    return Table(
        key="programs-by-kind-level",
        title=_("Programs by kind and level"),
        columns=[_("Kind"), *[level.label for level in levels], _("Total")],
        rows=with_total(body, _("Total")),
        note=_programs_note(sum(row["undated"] for row in rows)),
        has_total=True,
    )


def ministry_approved_programs(p: ReportParams) -> Table:
    rows = [
        [
            bilingual(program.title_en, program.title_zh),
            "; ".join(bilingual(partner.name_en, partner.name_zh) for partner in program.partners.all()),
            program.get_level_display(),
            program.moe_approval_number,
            program.moe_approval_year,
        ]
        for program in figures.ministry_approved_programs().filter(moe_approval_year__lte=p.year)
    ]
    return Table(
        key="ministry-approved-programs",
        title=_("Ministry-approved Chinese-foreign cooperatively run programs"),
        short_title=_("Ministry-approved programs"),
        columns=[_("Program"), _("Partner institutions"), _("Level"), _("Approval number"), _("Approval year")],
        rows=rows,
        note=_("Programs approved by the Ministry of Education in the year or before."),
    )
