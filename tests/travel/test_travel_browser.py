"""A unit secretary's year of official travel in a real headless Chromium: the plan, a trip applied for with its
invitation letter and approved through the chain, the approval form printed, the passports and the report
recorded, the summary on the public site; and a visit whose invitation letters come out in both languages.

Screenshots land in artifacts/screenshots/ for a person to look at.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from intl_office.travel.models import AnnualPlan, LeadTime, Trip, Visit
from tests.factories import invitation_pdf, make_app_device, make_unit, make_user, totp_code
from tests.personas import TRAVEL_APPLICANT_PERMS

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, app=None):
    page.context.clear_cookies()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    if app is not None:
        page.fill("#id_otp_token", totp_code(app))
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")


def pdf_text(download) -> str:
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def decide(page, live_server, trip, button):
    page.goto(f"{live_server.url}/admin/travel/trip/{trip.pk}/change/")
    page.click(f"#trip-decision button:has-text('{button}')")
    expect(page.locator(".messagelist")).to_contain_text("Done")


@pytest.fixture
def people():
    unit = make_unit(name_en="School of Traffic and Transportation", name_zh="交通运输学院")
    secretary = make_user("secretary", perms=TRAVEL_APPLICANT_PERMS)
    leader = make_user("leader", perms=("travel.approve_as_unit_leader", "travel.view_trip"))
    unit.members.add(secretary, leader)
    office = make_user("office", perms=(*TRAVEL_APPLICANT_PERMS, "travel.approve_as_office"))
    university = make_user("university", perms=("travel.approve_as_university", "travel.view_trip"))
    return unit, secretary, leader, office, university


def test_a_unit_secretary_takes_a_trip_from_the_plan_to_the_public_summary(live_server, page, people):
    unit, _secretary, _leader, _office, _university = people
    year = timezone.localdate().year + 1
    departs = timezone.localdate() + datetime.timedelta(days=LeadTime.required_days(["DE"]) + 10)
    returns = departs + datetime.timedelta(days=6)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The plan for next year, filed and submitted.
    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/admin/travel/annualplan/add/")
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_year", str(year))
    page.select_option("#id_trips-0-countries", ["DE"])
    page.fill("#id_trips-0-starts_in", departs.isoformat())
    page.fill("#id_trips-0-days", "7")
    page.fill("#id_trips-0-people", "2")
    page.select_option("#id_trips-0-kind", "conference")
    page.fill("#id_trips-0-purpose", "Rail conference in Berlin")
    page.select_option("#id_trips-0-funding", "unit")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.check("#result_list input.action-select")
    page.select_option("select[name=action]", "submit_plans")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 plans submitted")
    assert AnnualPlan.objects.get(unit=unit).state == AnnualPlan.State.SUBMITTED

    # The trip, applied for with its invitation letter.
    page.goto(f"{live_server.url}/admin/travel/trip/add/")
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_title", "Delegation to InnoTrans Berlin")
    page.select_option("#id_kind", "conference")
    page.fill("#id_departs_on", departs.isoformat())
    page.fill("#id_returns_on", returns.isoformat())
    page.fill("#id_purpose", "Present BJTU's rail research")
    page.fill("#id_programme", "Day 1-3: InnoTrans; day 4: TU Berlin")
    page.select_option("#id_planned_trip", index=1)
    page.fill("#id_inviting_institution", "Messe Berlin")
    page.fill("#id_inviter", "Dr. Example, Director")
    page.set_input_files(
        "#id_invitation_letter",
        files=[{"name": "invitation.pdf", "mimeType": "application/pdf", "buffer": invitation_pdf()}],
    )
    page.select_option("#id_funding", "unit")
    page.fill("#id_budget", "60000")
    page.select_option("#id_destinations-0-country", "DE")
    page.fill("#id_destinations-0-city", "Berlin")
    page.fill("#id_destinations-0-arrives_on", departs.isoformat())
    page.fill("#id_destinations-0-leaves_on", returns.isoformat())
    page.fill("#id_members-0-name", "Wang Wei")
    page.select_option("#id_members-0-unit", str(unit.pk))
    page.fill("#id_members-0-position", "Professor")
    page.check("#id_members-0-is_leader")
    page.select_option("#id_members-0-passport_kind", "official")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    trip = Trip.objects.get(title="Delegation to InnoTrans Berlin")
    page.click("#trip-decision button:has-text('Submit')")
    expect(page.locator(".trip-state")).to_have_text("Awaiting the unit leader")
    page.screenshot(path=str(SCREENSHOTS / "travel-trip-submitted.png"), full_page=True)

    # Through the chain: each approver from their queue or the trip's page.
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/admin/travel/trip/queue/")
    expect(page.locator("#queue-decisions")).to_contain_text("Delegation to InnoTrans Berlin")
    page.click("#queue-decisions a")
    page.click("#trip-decision button:has-text('Approve')")
    expect(page.locator(".trip-state")).to_have_text("Awaiting the international office")
    log_in(page, live_server, "office")
    decide(page, live_server, trip, "Approve")
    log_in(page, live_server, "university")
    decide(page, live_server, trip, "Approve")
    trip.refresh_from_db()
    assert trip.state == Trip.State.APPROVED

    # The secretary sees it approved and prints the approval form.
    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/admin/travel/trip/{trip.pk}/change/")
    expect(page.locator(".trip-state")).to_have_text("Approved")
    expect(page.locator(".approval-number")).to_have_text(trip.approval_number)
    with page.expect_download() as download:
        page.click("text=Approval form (PDF)")
    form = pdf_text(download.value)
    assert trip.approval_number in form
    assert "Wang Wei" in form

    # After the trip: the passports and the report.
    page.fill("#id_passports_returned_on", (returns + datetime.timedelta(days=2)).isoformat())
    page.fill("#id_report", "We presented two papers and met TU Berlin.")
    page.fill("#id_summary_en", "Presented BJTU's rail research at InnoTrans.")
    page.fill("#id_summary_zh", "在柏林国际轨道交通技术展上介绍了北京交通大学的轨道交通研究。")
    page.click("input[name=_continue]")
    expect(page.locator(".trip-state")).to_have_text("Approved")
    page.click("#trip-decision button:has-text('Submit the trip report')")
    expect(page.locator(".trip-state")).to_have_text("Report submitted")
    log_in(page, live_server, "office")
    decide(page, live_server, trip, "Accept the report")

    # The summary on the public site, in both languages.
    page.goto(f"{live_server.url}/trips/")
    expect(page.locator(".cards")).to_contain_text("Delegation to InnoTrans Berlin")
    expect(page.locator(".cards")).to_contain_text("Presented BJTU's rail research at InnoTrans.")
    expect(page.locator(".cards")).to_contain_text("Wang Wei")
    page.screenshot(path=str(SCREENSHOTS / "travel-public-summaries.png"), full_page=True)
    page.goto(f"{live_server.url}/zh-hans/trips/")
    expect(page.locator(".cards")).to_contain_text("在柏林国际轨道交通技术展上")
    expect(page.locator(".cards")).to_contain_text("交通运输学院")


def test_a_visit_request_produces_its_invitation_letter_in_both_languages(live_server, page, people):
    unit, _secretary, _leader, office, _university = people
    office.user_permissions.add(*make_user(perms=("travel.view_personal_data",)).user_permissions.all())
    app = make_app_device(office)
    starts = timezone.localdate() + datetime.timedelta(days=50)

    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/admin/travel/visit/add/")
    page.select_option("#id_unit", str(unit.pk))
    page.fill("#id_title", "Visit by the University of Birmingham")
    page.fill("#id_purpose", "Railway research cooperation")
    page.fill("#id_programme", "Day 1: laboratories; day 2: workshop")
    page.fill("#id_host", "Prof. Li Na")
    page.fill("#id_starts_on", starts.isoformat())
    page.fill("#id_ends_on", (starts + datetime.timedelta(days=2)).isoformat())
    page.fill("#id_reception_budget", "6000")
    page.select_option("#id_payer", "stay")
    page.fill("#id_guests-0-name", "Clive Roberts")
    page.fill("#id_guests-0-institution", "University of Birmingham")
    page.select_option("#id_guests-0-country", "GB")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.click("#visit-decision button:has-text('Submit')")
    expect(page.locator(".visit-state")).to_have_text("Awaiting the international office")
    visit = Visit.objects.get()

    log_in(page, live_server, "office", app)
    page.goto(f"{live_server.url}/admin/travel/visit/{visit.pk}/change/")
    page.fill("#id_guests-0-passport_number", "GB1234567")
    page.click("input[name=_continue]")
    page.click("#visit-decision button:has-text('Approve')")
    expect(page.locator(".visit-state")).to_have_text("Approved")
    with page.expect_download() as english:
        page.click("text=Invitation letter (English)")
    with page.expect_download() as chinese:
        page.click("text=Invitation letter (Simplified Chinese)")
    letter_en, letter_zh = pdf_text(english.value), pdf_text(chinese.value)
    for text in ("Clive Roberts", "GB1234567", "University of Birmingham", "Railway research cooperation"):
        assert text in letter_en
    for text in ("邀请函", "Clive Roberts", "GB1234567"):
        assert text in letter_zh
    page.screenshot(path=str(SCREENSHOTS / "travel-visit-approved.png"), full_page=True)
