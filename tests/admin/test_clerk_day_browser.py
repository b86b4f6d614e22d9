"""A clerk's working day in the admin, in a real headless Chromium at 1366 px: the front page at a glance, a bulk
"won't renew", an import preview with field changes, a student's document checklist; then every admin page in both
languages. Screenshots land in artifacts/screenshots/ for a person to look at."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from intl_office.core.models import DueDecision
from intl_office.documents.models import DocumentKind, PersonDocument
from partners.models import Agreement
from students.models import InternationalStudent
from tests.admin.scan_files import pdf
from tests.factories import (
    make_agreement,
    make_app_device,
    make_appointment,
    make_student,
    make_user,
    totp_code,
)
from tests.personas import RECORD_APPS, make_staff

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
TODAY = timezone.localdate()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def on(n):
    return TODAY + datetime.timedelta(days=n)


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page, live_server, username, app=None):
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    if app is not None:
        page.fill("#id_otp_token", totp_code(app))
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")


@pytest.fixture
def desktop(new_context):
    return new_context(viewport=DESKTOP, locale="en-GB").new_page()


def test_a_clerk_reads_the_front_page_and_clears_lapsed_agreements_in_bulk(live_server, desktop):
    page = desktop
    make_staff("clerk")
    for _ in range(3):
        make_student(arrived_on=on(-60), departed_on=None, status=InternationalStudent.Status.ENROLLED)
    make_appointment(starts_on=on(-30), ends_on=on(40))
    make_agreement(title="Rail exchange ending", ends_on=on(20))
    lapsed = [make_agreement(title=f"Lapsed exchange {n}", ends_on=on(-5 - n)) for n in range(2)]
    log_in(page, live_server, "clerk")

    figures, due = page.locator("#figures-module"), page.locator("#due-module")
    expect(figures).to_contain_text("on campus today")
    expect(figures.locator("svg")).to_have_count(3)
    # Side by side at 1366 px: the due list beside the figures, not under them.
    assert due.bounding_box()["x"] > figures.bounding_box()["x"] + figures.bounding_box()["width"] - 1
    shoot(page, "admin-front-page")

    for agreement in lapsed:
        page.check(f"input[name=item][value^='agreement_expired:{agreement.pk}:']")
    page.select_option("#due-action", "wont_renew")
    page.fill("input[name=reason]", "Partner closed the programme")
    page.click("#due-actions button[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("2 items decided.")
    expect(due).not_to_contain_text("Lapsed exchange")
    expect(due).to_contain_text("Rail exchange ending")
    shoot(page, "admin-front-page-after-wont-renew")
    assert DueDecision.objects.filter(action="wont_renew", reason="Partner closed the programme").count() == 2
    assert set(Agreement.objects.filter(pk__in=[a.pk for a in lapsed]).values_list("status", flat=True)) == {
        Agreement.Status.ACTIVE
    }

    page.click("#figures-module a:has-text('on campus today')")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)


def test_an_import_preview_shows_each_changed_field(live_server, desktop):
    page = desktop
    importer = make_staff("importer")
    importer.user_permissions.add(Permission.objects.get(codename="import_records"))
    make_student(family_name="Nurlanov", student_number="20249001", category="degree", departed_on=None)
    log_in(page, live_server, "importer", make_app_device(importer))
    page.goto(f"{live_server.url}/admin/students/internationalstudent/import/")
    csv = "student_number,family_name,nationality,category,funding\n20249001,Nurlanov,KZ,交换生,中国政府奖学金\n"
    page.set_input_files(
        "input[type=file]", files=[{"name": "students.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.click("text=Check the file")
    changes = page.locator("table.import-preview .import-changes")
    expect(changes).to_contain_text("category")
    expect(changes).to_contain_text("Degree student")
    expect(changes).to_contain_text("Exchange student")
    expect(changes).to_contain_text("Chinese Government (CSC) scholarship")
    shoot(page, "admin-import-preview-changes")


def test_an_officer_completes_a_students_document_checklist(live_server, desktop):
    page = desktop
    officer = make_staff("officer", personal_data=True)
    student = make_student(family_name="Checklist", category=InternationalStudent.Category.EXCHANGE)
    # A transactional test starts from an emptied database: the default kinds' migration rows are gone.
    passport, _ = DocumentKind.objects.get_or_create(applies_to="student", name_en="Passport copy")
    DocumentKind.objects.get_or_create(applies_to="student", name_en="Insurance certificate")
    log_in(page, live_server, "officer", make_app_device(officer))
    page.goto(f"{live_server.url}/admin/students/internationalstudent/{student.pk}/change/")
    missing = page.locator(".field-missing_documents")
    expect(missing).to_contain_text("Passport copy")
    shoot(page, "admin-student-document-checklist")

    page.click("#documents-group .add-row a")
    prefix = "documents-0"  # The first document row the page adds.
    page.locator(f"#{prefix} .select2-selection").click()
    page.locator(".select2-search__field").fill("Passport")
    page.locator(".select2-results__option", has_text="Passport copy").first.click()
    page.set_input_files(
        f"#id_{prefix}-file", files=[{"name": "passport.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
    )
    page.fill(f"#id_{prefix}-received_on", TODAY.isoformat())
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator(".field-missing_documents")).not_to_contain_text("Passport copy")
    shoot(page, "admin-student-document-checklist-after-upload")
    document = PersonDocument.objects.get(student=student, kind=passport)
    assert document.file.name.endswith(".pdf")


def admin_pages():
    pages = []
    for model in admin.site._registry:
        opts = model._meta
        pages.append(
            (f"{opts.app_label}-{opts.model_name}", f"/admin/{opts.app_label}/{opts.model_name}/", opts.app_label)
        )
    return sorted(pages)


@pytest.mark.parametrize("language", ["en-GB", "zh-CN"])
def test_every_admin_page_renders_at_1366_px_in_both_languages(live_server, new_context, language):
    root = make_user("root", is_superuser=True)
    app = make_app_device(root)
    make_student(family_name="Screenshot", arrived_on=on(-10), departed_on=None)
    make_agreement(title="Screenshot agreement", ends_on=on(10))
    page = new_context(viewport=DESKTOP, locale=language).new_page()
    log_in(page, live_server, "root", app)
    suffix = "zh" if language == "zh-CN" else "en"
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans" if suffix == "zh" else "en")
    shoot(page, f"admin-{suffix}-index")
    for name, url, app_label in admin_pages():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status < 400, (url, response.status)
        shoot(page, f"admin-{suffix}-{name}")
        add = page.locator(".object-tools a.addlink")
        # The office's records' add forms (sign-in machinery has its own rules about adding).
        if app_label in RECORD_APPS and add.count():
            response = page.goto(f"{live_server.url}{url}add/")
            assert response.status < 400, (url, response.status)
            shoot(page, f"admin-{suffix}-{name}-add")
