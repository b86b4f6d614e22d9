import os

# pytest-playwright runs an event loop in the test thread; the live server's
# database work is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


# Every browser test fails on a Content-Security-Policy violation Chromium reports on any page it visits: the
# `securitypolicyviolation` events of each document (kept in the page and passed to Python as they happen) and the
# console's "Refused to ... Content Security Policy" messages. Contexts made through the `new_context` fixture (hence
# `context` and `page`) are watched; the check runs after the test's body (see pytest_runtest_call below). A browser
# test using none of them fails; open any further context with `new_context(...)`, never `browser.new_context()`.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    disposition: event.disposition,
    page: document.location.href,
  };
  window.__cspViolations.push(violation);
  window.__reportCspViolation(violation);
}, true);
"""


class CspViolations:
    def __init__(self):
        self.seen: list[str] = []
        self._contexts = []

    def watch(self, context):
        context.expose_binding("__reportCspViolation", lambda _source, violation: self._record(violation))
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._console)
        self._contexts.append(context)

    def _record(self, violation: dict):
        self.seen.append(
            "{page}: {disposition} {directive} refused {blocked} ({source}:{line}) {sample}".format(**violation)
        )

    def _console(self, message):
        # "Refused to execute inline script because it violates the following Content Security Policy directive"
        # ("[Report Only] Refused to ..." in report-only mode).
        if "Content Security Policy" in message.text:
            self.seen.append(f"{message.location.get('url')}: console: {message.text}")

    def collect(self) -> list[str]:
        """What was seen, including violations still kept in open pages whose report has not reached Python."""
        for context in self._contexts:
            for page in context.pages:
                if page.is_closed():
                    continue
                try:
                    kept = page.evaluate("window.__cspViolations || []")
                except Exception:  # A page in the middle of a navigation: its events were reported as they came.
                    continue
                for violation in kept:
                    text = "{page}: {disposition} {directive} refused {blocked} ({source}:{line}) {sample}".format(
                        **violation
                    )
                    if text not in self.seen:
                        self.seen.append(text)
        return self.seen

    def clear(self):
        """Forgets what was seen so far (a test that made violations on purpose)."""
        # Emptying the pages first is a round trip to the browser: reports already on their way arrive before it.
        for context in self._contexts:
            for page in context.pages:
                if not page.is_closed():
                    page.evaluate("window.__cspViolations = []")
        self.seen.clear()


@pytest.fixture
def csp_violations():
    return CspViolations()


@pytest.fixture
def new_context(new_context, csp_violations):
    def watched_context(**kwargs):
        context = new_context(**kwargs)
        csp_violations.watch(context)
        return context

    return watched_context


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    watcher = item.funcargs.get("csp_violations") if hasattr(item, "funcargs") else None
    if watcher is None and item.get_closest_marker("browser"):
        pytest.fail("A browser test opens its pages through `page`, `context` or `new_context`, watched for CSP.")
    if watcher is not None:
        violations = watcher.collect()
        assert not violations, "Content-Security-Policy violations in the browser:\n" + "\n".join(violations)
    return result


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures of another test's records (rolled back since) must not
    answer for this one's, and query counts are those of a first visit."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
