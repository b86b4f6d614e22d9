"""A clerk's working day in the admin, in a real headless Chromium at 1366 px: the front page at a glance, a bulk
"won't renew", an import preview with field changes, a student's document checklist; then every admin page in both
languages. Screenshots land in artifacts/screenshots/ for a person to look at."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps as django_apps
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
    make_delegation,
    make_expert,
    make_institution,
    make_outbound,
    make_program,
    make_student,
    make_trip,
    make_unit,
    make_user,
    make_visit,
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


# The lists a clerk works from every day, with the office's longest real names in them.
MAIN_LISTS = (
    "students/internationalstudent",
    "students/outboundmobility",
    "experts/appointment",
    "experts/expert",
    "partners/agreement",
    "partners/institution",
    "partners/delegation",
    "programs/program",
    "travel/trip",
    "travel/visit",
)
LONG_INSTITUTION = "Rheinisch-Westfälische Technische Hochschule Aachen (RWTH Aachen University)"
LONG_UNIT = "School of Mechanical, Electronic and Control Engineering (Institute of Intelligent Transportation)"


def make_long_records():
    unit = make_unit(name_en=LONG_UNIT, name_zh="机械与电子控制工程学院（智能交通研究院）")  # noqa: RUF001
    institution = make_institution(
        name_en=LONG_INSTITUTION,
        name_zh="亚琛工业大学（莱茵-威斯特法伦亚琛工业大学）",  # noqa: RUF001
        country="DE",
        city="Aachen",
    )
    for n in range(2):
        make_student(
            family_name=f"Abdulkhamidova-Nurmukhambetova {n}",
            given_name="Aigerim Zhanarkyzy Saltanat",
            name_zh="阿卜杜勒哈米多娃·努尔穆汉别托娃",
            unit=unit,
            program=make_program(
                institution,
                title_en=f"Joint Master's Programme in Sustainable Railway Systems Engineering and Management {n}",
                title_zh=f"可持续铁路系统工程与管理联合硕士项目{n}",
                unit=unit,
            ),
            residence_permit_expires_on=on(40),
            passport_expires_on=on(300),
            insurance_expires_on=on(90),
        )
        make_outbound(
            student_name=f"Zhang Wenjing-Oyuunchimeg {n}",
            unit=unit,
            destination=institution,
            destination_country="DE",
            starts_on=on(30),
            ends_on=on(200),
        )
        expert = make_expert(
            family_name=f"Vandenberghe-Montgomery {n}", given_name="Maximilian Alexander", name_zh="范登伯格"
        )
        make_appointment(
            expert,
            unit,
            position="Visiting Professor of Railway Signalling and Train Control Systems",
            starts_on=on(-100),
            ends_on=on(200),
        )
        make_agreement(
            institution,
            title=(
                "Memorandum of Understanding on Academic Cooperation, Joint Research and the Exchange of Students"
                f" and Staff in Transportation Engineering {n}"
            ),
            reference=f"BJTU-IO-2024-DE-{n:04d}",
            unit=unit,
            ends_on=on(150),
        )
        make_delegation(
            title=(
                "Delegation of the Presidium of Rheinisch-Westfälische Technische Hochschule Aachen for the Signing"
                f" of the Strategic Partnership Agreement {n}"
            ),
            institution=institution,
            host_unit=unit,
        )
        make_trip(
            unit,
            countries=("DE", "FR", "IT"),
            title=f"Attending the International Conference on Railway Engineering and Intelligent Transport {n}",
            inviting_institution=LONG_INSTITUTION,
        )
        make_visit(unit, title=f"Visit of the Rector and Vice-Rectors of the Technical University of Munich {n}")


def results_overflow(page) -> dict:
    """How far the list's table runs past the room it has (0 when it fits), and past the window's right edge."""
    return page.evaluate(
        """() => {
          const results = document.querySelector('#changelist .results');
          const table = document.querySelector('#result_list');
          return {
            scroll: results.scrollWidth - results.clientWidth,
            right: table.getBoundingClientRect().right - document.documentElement.clientWidth,
          };
        }"""
    )


@pytest.mark.parametrize("language", ["en-GB", "zh-CN"])
def test_the_main_lists_fit_1366_px_beside_both_sidebars(live_server, new_context, language):
    root = make_user("root", is_superuser=True)
    app = make_app_device(root)
    make_long_records()
    page = new_context(viewport=DESKTOP, locale=language).new_page()
    log_in(page, live_server, "root", app)
    suffix = "zh" if language == "zh-CN" else "en"
    overflowing = {}
    for path in MAIN_LISTS:
        app_label = path.split("/")[0]
        if app_label not in {config.label for config in django_apps.get_app_configs()}:
            continue
        page.goto(f"{live_server.url}/admin/{path}/")
        expect(page.locator("#nav-sidebar")).to_be_visible()
        expect(page.locator("#changelist-filter")).to_be_visible()
        expect(page.locator("#result_list tbody tr").first).to_be_visible()
        shoot(page, f"admin-{suffix}-list-fits-{path.replace('/', '-')}")
        overflow = results_overflow(page)
        if overflow["scroll"] > 1 or overflow["right"] > 1:
            overflowing[path] = overflow
    assert overflowing == {}


def test_a_clerk_hides_a_column_and_it_stays_hidden(live_server, desktop):
    page = desktop
    make_staff("clerk")
    make_agreement(title="Columns agreement", kind=Agreement.Kind.DOUBLE_DEGREE)
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/admin/partners/agreement/?kind__exact=double_degree")
    expect(page.locator("#result_list thead th.column-kind")).to_have_count(1)
    page.click("#list-columns summary")
    page.uncheck("#list-columns input[value=kind]")
    shoot(page, "admin-list-columns-open")
    page.click("#list-columns button[name=save]")
    # Back on the same list, with its filter.
    expect(page).to_have_url(f"{live_server.url}/admin/partners/agreement/?kind__exact=double_degree")
    expect(page.locator("#result_list thead th.column-kind")).to_have_count(0)
    expect(page.locator("#result_list")).not_to_contain_text("Double degree")
    page.reload()
    expect(page.locator("#result_list thead th.column-kind")).to_have_count(0)
    expect(page.locator("#result_list thead th.column-effective_status")).to_have_count(1)

    page.click("#list-columns summary")
    page.click("#list-columns button[name=reset]")
    expect(page.locator("#result_list thead th.column-kind")).to_have_count(1)
