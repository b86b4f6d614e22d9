"""Downloads: the annual plans as XLSX, a trip's approval form (审批表) and a visit's invitation letters as PDF.

Passport numbers appear on the approval form and the invitation letter only for users who may see personal data;
everyone else gets them masked (the last two characters kept, so a clerk can tell passports apart).
"""

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from intl_office.core.people import can_see_personal_data
from intl_office.core.spreadsheets import xlsx_value
from intl_office.travel.letters import DEFAULT_LETTERS
from intl_office.travel.models import InvitationTemplate, PlannedTrip, TripMember, Visit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def mask(number: str) -> str:
    return "•" * max(0, len(number) - 2) + number[-2:] if number else ""


# ---------------------------------------------------------------------------
# Annual plan
# ---------------------------------------------------------------------------


def _plan_header():
    return [
        _("Unit"),
        _("Round"),
        _("Destinations"),
        _("Planned start"),
        _("Days"),
        _("People"),
        _("Kind of activity"),
        _("Purpose"),
        _("Funding source"),
    ]


def _plan_row(line: PlannedTrip) -> list:
    return [
        line.plan.unit.display_name,
        line.plan.get_round_display(),
        "、".join(country.name for country in line.countries),
        line.starts_in.strftime("%Y-%m"),
        line.days,
        line.people,
        line.get_kind_display(),
        line.purpose,
        line.get_funding_display(),
    ]


def plan_workbook(plans, year: int) -> bytes:
    """One sheet per unit in the layout units hand in, then the consolidated sheet of every unit's lines."""
    lines = list(
        PlannedTrip.objects.filter(plan__in=plans)
        .select_related("plan__unit")
        .order_by("plan__unit__name_en", "plan__round", "starts_in", "pk")
    )
    book = Workbook()
    consolidated = book.active
    consolidated.title = _("Consolidated")[:31]
    by_unit: dict = {}
    for line in lines:
        by_unit.setdefault(line.plan.unit, []).append(line)
    for sheet, rows, title in [(consolidated, lines, _("Consolidated plan %(year)s") % {"year": year})] + [
        (book.create_sheet(unit.name_en[:31] or str(unit.pk)), unit_lines, f"{unit.display_name} {year}")
        for unit, unit_lines in by_unit.items()
    ]:
        sheet.append([xlsx_value(title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([xlsx_value(cell) for cell in _plan_header()])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for line in rows:
            sheet.append([xlsx_value(cell) for cell in _plan_row(line)])
        sheet.append([_("Total people"), None, None, None, None, sum(line.people for line in rows)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_workbook_response(plans, year: int) -> HttpResponse:
    response = HttpResponse(plan_workbook(plans, year), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bjtu-travel-plan-{year}.xlsx"'
    return response


# ---------------------------------------------------------------------------
# PDFs
# ---------------------------------------------------------------------------


def _pdf(template: str, context: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango at import time, which only these downloads need.
    import weasyprint

    return weasyprint.HTML(string=render_to_string(template, context)).write_pdf()


def _pdf_response(document: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def approval_form(trip, user) -> bytes:
    """The trip's approval form (出国(境)任务审批表), in Chinese as the university files it."""
    show = can_see_personal_data(user, TripMember)
    members = [
        (member, member.passport_number if show else mask(member.passport_number))
        for member in trip.members.select_related("unit")
    ]
    with translation.override("zh-hans"):
        return _pdf(
            "travel/approval_form.html",
            {
                "trip": trip,
                "members": members,
                "destinations": trip.destinations.all(),
                "steps": trip.steps.select_related("decided_by"),
                "printed": timezone.localdate(),
            },
        )


def approval_form_response(trip, user) -> HttpResponse:
    return _pdf_response(approval_form(trip, user), f"bjtu-trip-approval-{trip.pk}.pdf")


def invitation_letter(visit: Visit, language: str, user) -> bytes:
    """One letter per guest from the office's template in that language (a placeholder left empty stays empty)."""
    template = InvitationTemplate.objects.filter(language=language).first()
    if template is None:
        title, body, signature = DEFAULT_LETTERS[language]
        template = InvitationTemplate(language=language, title=title, body=body, signature=signature)
    show = can_see_personal_data(user, Visit)
    with translation.override(language):
        dates = {
            "starts_on": formats.date_format(visit.starts_on, "DATE_FORMAT"),
            "ends_on": formats.date_format(visit.ends_on, "DATE_FORMAT"),
        }
        letters = []
        for guest in visit.guests.all():
            values = {
                "guest_name": guest.name,
                "passport_number": guest.passport_number if show else mask(guest.passport_number),
                "institution": guest.institution,
                "purpose": visit.purpose,
                "payer": str(visit.get_payer_display()),
                "host": visit.host,
                "unit": visit.unit.name_zh if language == "zh-hans" and visit.unit.name_zh else visit.unit.name_en,
                **dates,
            }
            letters.append({"guest": guest, "paragraphs": template.body.format_map(values).split("\n\n")})
        return _pdf(
            "travel/invitation_letter.html",
            {
                "visit": visit,
                "template": template,
                "letters": letters,
                "language": language,
                "today": timezone.localdate(),
            },
        )


def invitation_letter_response(visit: Visit, language: str, user) -> HttpResponse:
    return _pdf_response(invitation_letter(visit, language, user), f"bjtu-invitation-{visit.pk}-{language}.pdf")
