"""Chromium enforces the Content-Security-Policy, and the browser tests' guard (conftest.py) sees every violation."""

import pytest
from playwright.sync_api import expect

from partners.models import Agreement
from tests.factories import make_institution, make_unit
from tests.personas import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECT_INLINE_CODE = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injectedScriptRan = true;";
  document.body.append(script);
  document.body.insertAdjacentHTML("beforeend", '<p id="probe" style="color: rgb(255, 0, 0)">probe</p>');
}"""


def test_it_blocks_an_injected_inline_script_and_style_attribute_and_the_guard_reports_both(
    live_server, page, csp_violations
):
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    page.evaluate(INJECT_INLINE_CODE)
    page.wait_for_function("window.__cspViolations.length >= 2")

    assert page.evaluate("window.injectedScriptRan") is None
    assert page.locator("#probe").evaluate("(probe) => getComputedStyle(probe).color") != "rgb(255, 0, 0)"
    seen = "\n".join(csp_violations.collect())
    assert "script-src-elem" in seen, seen
    assert "style-src-attr" in seen, seen
    # The guard would fail this test after its body; the violations were made on purpose.
    csp_violations.clear()


def test_the_admins_list_and_change_form_widgets_work_under_the_enforced_policy(live_server, page):
    make_staff("clerk")
    make_institution(name_en="KU Leuven", country="BE")
    make_unit(name_en="School of Traffic and Transportation")
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")

    response = page.goto(f"{live_server.url}/admin/partners/agreement/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_role("link", name="Add agreement").click()
    page.fill("#id_title", "Exchange with KU Leuven")
    page.select_option("#id_kind", index=1)
    # The autocomplete (select2, jQuery) and the calendar shortcuts: the admin's own scripts, from its own files.
    page.locator(".field-partners .select2-selection").click()
    page.locator(".select2-search__field").fill("Leuven")
    page.locator(".select2-results__option", has_text="KU Leuven").click()
    page.locator(".field-unit .select2-selection").click()
    page.locator(".select2-results__option", has_text="School of Traffic").click()
    page.locator(".field-starts_on .datetimeshortcuts a", has_text="Today").click()
    expect(page.locator("#id_starts_on")).not_to_have_value("")
    page.locator(".field-ends_on .date-icon").click()
    calendar = page.locator(".calendarbox:visible")
    expect(calendar).to_have_count(1)
    calendar.locator(".calendarnav-next").click()
    calendar.locator("td a").last.click()
    expect(page.locator("#id_ends_on")).not_to_have_value("")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator("#result_list")).to_contain_text("Exchange with KU Leuven")
    assert Agreement.objects.get().partners.get().name_en == "KU Leuven"
