"""The report in a real headless Chromium: what the administrator sees, and screenshots of the page and of the PDF's
first two pages for a person to look at (artifacts/screenshots/, see the README)."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import make_app_device, totp_code
from tests.personas import make_reporter
from tests.reports.known_records import YEAR, build_known_records

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The legend entries of each chart, as the browser lays them out: pairs whose boxes intersect.
OVERLAPPING_LEGENDS = """
() => [...document.querySelectorAll("svg.report-chart")].flatMap((svg) => {
  const boxes = [...svg.querySelectorAll("text.legend")].map((text) => text.getBBox());
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
      overlaps.push(svg.getAttribute("aria-label"));
    }
  }));
  return overlaps;
})
"""


def sign_in(page, live_server, language: str = "en"):
    """Signs the reporter in through the real form; a reporter may download, so with their app's code."""
    app = make_app_device(make_reporter())
    page.set_default_timeout(20_000)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}{reverse('admin:login')}")
    page.fill("#id_username", "reporter")
    page.fill("#id_password", "password")
    page.fill("#id_otp_token", totp_code(app))
    page.click("input[type=submit]")


def shoot_pdf(path: Path, name: str):
    """The PDF's first two pages as PNG images, drawn by poppler's pdftoppm."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm is not installed (make system-deps installs poppler-utils)")
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", str(path), str(SCREENSHOTS / name)], check=True)
    pages = sorted(SCREENSHOTS.glob(f"{name}-*.png"))
    assert len(pages) == 2, pages
    return pages


def test_the_front_page_comes_first_its_charts_legends_do_not_overlap_and_the_buttons_do_not_touch(live_server, page):
    build_known_records()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}{reverse('reports:index')}?year={YEAR}")
    expect(page.locator("#front-heading")).to_have_text(f"International cooperation in {YEAR}")
    expect(page.locator(".report-paragraphs p")).to_have_count(9)
    assert page.evaluate(OVERLAPPING_LEGENDS) == []
    xlsx, pdf = (page.get_by_role("link", name=f"Download the whole report ({kind})") for kind in ("XLSX", "PDF"))
    left, right = xlsx.bounding_box(), pdf.bounding_box()
    apart = right["x"] - (left["x"] + left["width"]) >= 6 or right["y"] - (left["y"] + left["height"]) >= 6
    assert apart, (left, right)
    # The contents list takes the reader to a table.
    page.locator("#contents").get_by_role("link", name="Agreements by kind").click()
    expect(page.locator("#table-agreements-by-kind")).to_be_in_viewport()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_2013_report_on_the_demo_data_is_photographed_page_and_pdf(live_server, page, language):
    call_command("load_demo", stdout=StringIO())
    sign_in(page, live_server, language)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{reverse('reports:index')}?year=2013")
    first = "1,844" if language == "en" else "1,844人次"
    expect(page.locator(".report-paragraphs")).to_contain_text(first)
    assert page.evaluate(OVERLAPPING_LEGENDS) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if language == "en" else "-zh"
    page.screenshot(path=SCREENSHOTS / f"report-2013{suffix}-front-page.png")
    page.screenshot(path=SCREENSHOTS / f"report-2013{suffix}-full.png", full_page=True)
    with page.expect_download() as download:
        page.locator(".report-downloads a").nth(1).click()
    path = SCREENSHOTS / f"report-2013{suffix}.pdf"
    download.value.save_as(path)
    for image in shoot_pdf(path, f"report-2013{suffix}-pdf-page"):
        assert image.stat().st_size > 10_000
