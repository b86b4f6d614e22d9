"""A clerk imports a spreadsheet from the admin in a real headless Chromium, and sees what is due on the front page.

Screenshots land in artifacts/screenshots/ for a person to look at.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from partners.models import Institution
from tests.factories import make_agreement, make_app_device, make_institution, make_unit, totp_code
from tests.personas import make_staff

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username, app=None):
    """Through the real login page; with the code of the user's authenticator app when they have one."""
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    if app is not None:
        page.fill("#id_otp_token", totp_code(app))
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")


def test_a_clerk_previews_and_confirms_an_import(live_server, page):
    importer = make_staff("importer")
    importer.user_permissions.add(Permission.objects.get(codename="import_records"))
    make_institution(name_en="University of Waterloo", country="CA")
    log_in(page, live_server, "importer", make_app_device(importer))

    page.goto(f"{live_server.url}/admin/partners/institution/")
    page.click("a.import-link")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "partners.csv",
                "mimeType": "text/csv",
                "buffer": "name_en,name_zh,country\nUniversity of Tartu,塔尔图大学,爱沙尼亚\nKU Leuven,,BE\n".encode(),
            }
        ],
    )
    page.click("text=Check the file")
    expect(page.locator(".count-new")).to_have_text("2")
    expect(page.locator("table.import-preview")).to_contain_text("University of Tartu")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-import-preview.png"), full_page=True)
    assert Institution.objects.count() == 1

    page.click("text=Confirm import")
    expect(page.locator(".messagelist")).to_contain_text("Imported partners.csv: 2 new, 0 updated, 0 unchanged.")
    expect(page.locator("#result_list")).to_contain_text("University of Tartu")
    assert Institution.objects.get(name_en="University of Tartu").country.code == "EE"


def test_a_bad_file_is_explained_and_nothing_is_offered_to_confirm(live_server, page):
    importer = make_staff("importer")
    importer.user_permissions.add(Permission.objects.get(codename="import_records"))
    log_in(page, live_server, "importer", make_app_device(importer))
    page.goto(f"{live_server.url}/admin/partners/institution/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "p.csv", "mimeType": "text/csv", "buffer": b"name_en,country\nA University,Atlantis\n"}],
    )
    page.click("text=Check the file")
    expect(page.locator(".import-problems")).to_contain_text("row 2, country or region: 'Atlantis' is not a country")
    expect(page.locator("text=Confirm import")).to_have_count(0)


def test_the_front_page_shows_what_is_due(live_server, page):
    make_staff("clerk")
    unit = make_unit(name_en="School of Traffic and Transportation")
    make_agreement(
        title="Exchange with KU Leuven", unit=unit, ends_on=timezone.localdate() + datetime.timedelta(days=20)
    )
    log_in(page, live_server, "clerk")
    due = page.locator("#due-module")
    expect(due).to_contain_text("Agreements ending soon")
    expect(due).to_contain_text("in 20 days")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-front-page-due.png"), full_page=True)
    due.locator("text=Exchange with KU Leuven").click()
    expect(page.locator("#id_title")).to_have_value("Exchange with KU Leuven")
