"""A visitor's path through the public site in a real headless Chromium, on a desktop and on a phone.

Screenshots land in artifacts/screenshots/ (see the README) for a person to look at.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from intl_office.site import figures
from partners.models import Delegation
from programs.models import DegreeLevel, Program
from tests.factories import make_delegation, make_institution, make_outbound, make_program, make_student

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_records():
    today = timezone.localdate()
    leuven = make_institution(name_en="KU Leuven", name_zh="鲁汶大学", slug="ku-leuven", country="BE", city="Leuven")
    waterloo = make_institution(
        name_en="University of Waterloo",
        name_zh="滑铁卢大学",
        slug="waterloo",
        country="CA",
        city="Waterloo",
        description_en="A public research university in Ontario.",
        description_zh="位于安大略省的公立研究型大学。",
    )
    make_institution(name_en="Texas Southern University", slug="texas-southern", country="US", city="Houston")
    make_program(
        waterloo,
        title_en="BJTU-Waterloo Nanomaterials Undergraduate Program",
        title_zh="北京交通大学-滑铁卢大学纳米材料本科项目",
        slug="waterloo-nanomaterials",
        kind=Program.Kind.COOPERATIVE,
        level=DegreeLevel.BACHELOR,
        discipline=Program.Discipline.SCIENCE,
        language=Program.Language.BILINGUAL,
        duration_months=48,
        places=60,
        moe_approval_number="MOE11CA1A20121236N",
        moe_approval_year=2012,
        summary_en="Four years of nanomaterials science, taught with the University of Waterloo.",
        summary_zh="与滑铁卢大学合作培养的四年制纳米材料本科项目。",
    )
    make_program(waterloo, title_en="Waterloo Master Exchange", slug="waterloo-master", level=DegreeLevel.MASTER)
    make_program(leuven, title_en="Leuven Rail Summer School", slug="leuven-summer", level=DegreeLevel.BACHELOR)
    # Five from each country: with four each, every country is a small group and the overview shows no country list.
    for n in range(15):
        make_student(
            nationality=["KZ", "RU", "PK"][n % 3], arrived_on=today - datetime.timedelta(days=40), departed_on=None
        )
    make_delegation(starts_on=datetime.date(2013, 4, 1), ends_on=datetime.date(2013, 4, 2), people_count=1844)
    make_delegation(
        direction=Delegation.Direction.INBOUND,
        starts_on=datetime.date(figures.latest_complete_year(), 5, 1),
        ends_on=datetime.date(figures.latest_complete_year(), 5, 2),
        people_count=120,
    )
    for _ in range(9):
        make_outbound(starts_on=datetime.date(2013, 9, 1))


def shoot(page, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_no_horizontal_scrolling(page, viewport_width: int):
    # Not window.innerWidth: on a mobile viewport Chromium widens the layout viewport to fit overflowing content, so
    # innerWidth grows with the page. clientWidth stays the width the visitor sees.
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert client_width <= viewport_width, f"{page.url}: laid out {client_width}px wide on a {viewport_width}px screen"
    assert scroll_width <= client_width, f"{page.url}: {scroll_width}px wide in a {client_width}px viewport"


def columns_of(page, selector: str) -> int:
    """How many columns the boxes matching the selector are laid out in, by their distinct left edges."""
    return page.evaluate(
        """(selector) => new Set([...document.querySelectorAll(selector)]
            .map((element) => Math.round(element.getBoundingClientRect().left))).size""",
        selector,
    )


def test_a_visitor_finds_a_partners_programs_by_name_and_follows_a_link_to_a_partners_programs(
    live_server, page, public_records
):
    page.set_default_timeout(10000)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/programs/")
    # A box for the name, not a list of every partner: the Chinese name finds the partner as the English one does.
    page.get_by_label("Partner institution").fill("滑铁卢")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_have_text("2 programs")
    expect(page.get_by_label("Partner institution")).to_have_value("滑铁卢")
    shoot(page, "07-catalogue-partner-name")

    page.goto(live_server.url + "/programs/?partner=ku-leuven")
    expect(page.locator("#partner-link")).to_contain_text("Programs with KU Leuven.")
    expect(page.locator("#results-heading")).to_have_text("1 program")
    # Another filter keeps the partner of the link.
    page.get_by_label("Degree level").select_option(value="bachelor")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"partner=ku-leuven"))
    expect(page.locator("#results-heading")).to_have_text("1 program")
    shoot(page, "08-catalogue-partner-link")
    page.get_by_role("link", name="Show programs with any partner").click()
    expect(page).to_have_url(re.compile(r"/programs/\?level=bachelor$"))
    expect(page.locator("#results-heading")).to_have_text("2 programs")
    expect(page.locator("#partner-link")).to_have_count(0)


def test_a_visitor_browses_from_the_overview_to_a_partner_and_switches_to_chinese(live_server, page, public_records):
    page.set_default_timeout(10000)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "International cooperation at Beijing Jiaotong University"
    )
    expect(page.locator('[data-figure="institutions"]')).to_have_text("3")
    latest = figures.latest_complete_year()
    expect(page.locator("#year-heading")).to_have_text(f"The year {latest} in figures")
    expect(page.locator('[data-figure="inbound-delegations"]')).to_have_text("120")
    shoot(page, "01-overview")

    page.get_by_label("Year", exact=True).select_option("2013")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"\?year=2013#year$"))
    expect(page.locator("#year-heading")).to_have_text("The year 2013 in figures")
    expect(page.locator('[data-figure="inbound-delegations"]')).to_have_text("1,844")
    expect(page.locator('[data-figure="outbound-students"]')).to_have_text("9")
    shoot(page, "02-overview-2013")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programs")
    expect(page.locator("#results-heading")).to_have_text("3 programs")
    # Each option says how many programs it gives.
    page.get_by_label("Partner country or region").select_option(value="CA")
    expect(page.get_by_label("Partner country or region").locator("option:checked")).to_have_text("Canada (2)")
    page.get_by_label("Degree level").select_option(value="bachelor")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_have_text("1 program")
    expect(page).to_have_url(re.compile(r"level=bachelor&country=CA"))
    shoot(page, "03-catalogue-filtered")

    page.get_by_role("link", name="BJTU-Waterloo Nanomaterials Undergraduate Program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BJTU-Waterloo Nanomaterials Undergraduate Program")
    expect(page.get_by_text("MOE11CA1A20121236N")).to_be_visible()
    expect(page.get_by_text("48 months")).to_be_visible()
    shoot(page, "04-program")

    page.get_by_role("link", name="University of Waterloo", exact=True).click()
    expect(page).to_have_url(live_server.url + "/partners/waterloo/")
    expect(page.get_by_role("heading", level=1)).to_have_text("University of Waterloo")
    expect(page.get_by_text("A public research university in Ontario.")).to_be_visible()
    shoot(page, "05-partner")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(live_server.url + "/zh-hans/partners/waterloo/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("滑铁卢大学")
    expect(page.get_by_text("位于安大略省的公立研究型大学。")).to_be_visible()
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目")).to_be_visible()
    expect(page.get_by_role("link", name="北京交通大学-滑铁卢大学纳米材料本科项目")).to_be_visible()
    shoot(page, "06-partner-zh")

    page.get_by_role("link", name="北京交通大学-滑铁卢大学纳米材料本科项目").click()
    approval = page.locator(".approval-number")
    expect(approval).to_have_text("MOE11CA1A20121236N")
    # One line box: the number is never broken in two.
    assert approval.evaluate("(element) => element.getClientRects().length") == 1
    shoot(page, "06b-program-zh")


def test_a_keyboard_user_can_skip_to_the_content_and_sees_where_the_focus_is(live_server, page, public_records):
    page.set_default_timeout(10000)
    page.goto(live_server.url + "/programs/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/programs/#main")
    # The next Tab lands inside the main content: the search box, not the header's menu.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search")).to_be_focused()
    shoot(page, "07-keyboard-focus")


def test_the_pages_fit_a_phone_without_horizontal_scrolling(live_server, new_context, public_records):
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    pages = [
        ("/", "International cooperation at Beijing Jiaotong University", "phone-overview"),
        ("/programs/", "Programs", "phone-catalogue"),
        ("/programs/waterloo-nanomaterials/", "BJTU-Waterloo Nanomaterials Undergraduate Program", "phone-program"),
        ("/partners/", "Partner institutions", "phone-partners"),
        ("/partners/waterloo/", "University of Waterloo", "phone-partner"),
        ("/zh-hans/", "北京交通大学国际合作与交流", "phone-overview-zh"),
        ("/zh-hans/programs/?country=CA", "项目", "phone-catalogue-zh"),
    ]
    for path, heading, name in pages:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_no_horizontal_scrolling(page, PHONE["width"])
        shoot(page, name)

    # The same content as on a desktop: the filters (behind one button, so the first results are on the first
    # screen), the figures and the language switch are all there.
    page.goto(live_server.url + "/programs/")
    expect(page.get_by_label("Partner country or region")).to_be_hidden()
    assert page.locator(".card").first.bounding_box()["y"] < PHONE["height"]
    page.get_by_text("Filters", exact=True).click()
    expect(page.get_by_label("Partner country or region")).to_be_visible()
    expect(page.locator(".card")).to_have_count(3)
    # One filter a row: two a row cut the options' text ("Any disciplin").
    assert columns_of(page, ".filter-form .field") == 1
    form_width = page.locator(".filter-form").evaluate("(form) => form.clientWidth")
    for select in page.locator(".filter-form select").all():
        assert select.bounding_box()["width"] > form_width * 0.8
    # The program's facts two a row, the approval number across both.
    page.goto(live_server.url + "/programs/waterloo-nanomaterials/")
    assert columns_of(page, ".facts > div") == 2
    assert page.locator(".facts .approval-number").evaluate("(element) => element.getClientRects().length") == 1
    # The students' countries in two columns, so the overview is not one long list.
    page.goto(live_server.url + "/")
    assert page.locator(".country-counts").evaluate("(list) => getComputedStyle(list).columnCount") == "2"
    page.goto(live_server.url + "/")
    expect(page.locator('[data-figure="current-students"]')).to_have_text("15")
    expect(page.get_by_role("link", name="简体中文")).to_be_visible()
    context.close()


def test_the_404_pages_language_switch_keeps_a_visitor_on_the_site(live_server, page):
    page.set_default_timeout(10000)
    response = page.goto(live_server.url + "/zh-hans//evil.example/login")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/evil.example/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    shoot(page, "08-not-found")
