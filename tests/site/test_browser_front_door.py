"""The front door in a real headless Chromium, on a desktop and on a 390 px phone, in both languages: the world
map, a program page a visitor can act on and the filtered directory; no sideways scrolling, no accessibility
violation that axe-core finds. Screenshots land in artifacts/screenshots/."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import DegreeLevel, Program
from tests.factories import make_institution, make_program, make_student, make_unit
from tests.site.test_browser import PHONE, assert_no_horizontal_scrolling, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def front_door_records():
    today = timezone.localdate()
    unit = make_unit(
        code="sme",
        name_en="School of Mechanical Engineering",
        name_zh="机械与电子控制工程学院",
        public_email="intl-sme@bjtu.example",
        public_phone="+86 10 5168 0000",
    )
    munich = make_institution(
        name_en="Technical University of Munich",
        name_zh="慕尼黑工业大学",
        slug="tum",
        country="DE",
        city="Munich",
        website="https://tum.example/",
    )
    for n, (name_en, name_zh) in enumerate(
        [("Karlsruhe Institute of Technology", "卡尔斯鲁厄理工学院"), ("RWTH Aachen University", "亚琛工业大学")]
    ):
        make_institution(name_en=name_en, name_zh=name_zh, slug=f"de-{n}", country="DE")
    make_institution(name_en="École Centrale de Lyon", name_zh="里昂中央理工学院", slug="ecl", country="FR")
    make_institution(name_en="The Hong Kong Polytechnic University", name_zh="香港理工大学", slug="polyu", country="HK")
    make_institution(name_en="National Taiwan University", name_zh="台湾大学", slug="ntu", country="TW")
    make_program(
        munich,
        title_en="Railway Engineering Double Master's Degree",
        title_zh="轨道交通工程双硕士学位项目",
        slug="tum-rail",
        kind=Program.Kind.DOUBLE_DEGREE,
        level=DegreeLevel.MASTER,
        unit=unit,
        duration_months=24,
        application_deadline=datetime.date(today.year + 1, 3, 31),
        eligibility_en="BJTU master's students in railway engineering, first year, with IELTS 6.5.",
        eligibility_zh="北京交通大学轨道交通专业一年级硕士研究生雅思 6.5 分以上者。",
        tuition_exchange=True,
        how_to_apply_en="Apply to your school's foreign-affairs office by the deadline, with a transcript.",
        how_to_apply_zh="请在截止日期前携成绩单向所在学院外事办公室申请。",
        summary_en="Two years, one in Beijing and one in Munich, with a degree from each.",
        summary_zh="两年学制北京、慕尼黑各一年并获得双方学位。",
    )
    for code, count in (("KZ", 30), ("RU", 12), ("PK", 6), ("FR", 2)):
        for _ in range(count):
            make_student(nationality=code, arrived_on=today - datetime.timedelta(days=30), departed_on=None)


PAGES = [
    # (path, what to wait for, screenshot name)
    ("/", ".world-map", "front-map"),
    ("/programs/tum-rail/", "#apply-heading", "front-program"),
    ("/partners/?country=DE&q=tech", ".country-group", "front-directory-filtered"),
]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_map_a_program_page_and_the_filtered_directory_fit_and_pass_axe(
    live_server, new_context, front_door_records, screen, prefix
):
    if screen == "phone":
        context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
        width = PHONE["width"]
    else:
        context = new_context(viewport=DESKTOP)
        width = DESKTOP["width"]
    page = context.new_page()
    page.set_default_timeout(10000)
    language = "zh" if prefix else "en"
    for path, ready, name in PAGES:
        page.goto(live_server.url + prefix + path)
        expect(page.locator(ready).first).to_be_visible()
        assert_no_horizontal_scrolling(page, width)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        shoot(page, f"{name}-{screen}-{language}")
    context.close()


def test_a_visitor_goes_from_the_map_to_the_directory_filtered_by_a_country(live_server, page, front_door_records):
    page.set_default_timeout(10000)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    germany = page.locator('.world-map a[href="/partners/?country=DE"]').first
    expect(germany).to_be_attached()
    germany.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner institutions")
    expect(page.locator(".country-group h2")).to_have_count(1)
    expect(page.locator(".country-group h2")).to_contain_text("Germany")
    # The name search narrows the country's partners, accents and case ignored.
    page.get_by_label("Name").fill("AACHEN")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".country-group .card")).to_have_count(1)
    expect(page.locator(".country-group .card h3")).to_have_text("RWTH Aachen University")
    shoot(page, "front-map-to-directory")
    # The map's table is there for those who do not use the picture, collapsed until asked for.
    page.goto(live_server.url + "/")
    table_link = page.locator(".map-table").first.get_by_role("link", name="Hong Kong, China")
    expect(table_link).to_be_hidden()
    page.locator(".map-table > summary").first.click()
    expect(table_link).to_be_visible()
