"""Pytest plugin: browser tests with Playwright driving Debian's Chromium.

Enabled from the root conftest.py with ``pytest_plugins = ["shidian.testing.browser"]``.

Fixtures
    ``browser``  one headless Chromium per test session (per xdist worker);
    ``page``     a fresh context per test (zh-CN, Asia/Shanghai, 1280x900) whose base URL is
                 pytest-django's ``live_server``, so ``page.goto("/")`` opens the test server.
Helper
    ``login(page, live_server, username, password)`` signs in through the login form.

Tests that use ``page`` get the ``browser`` marker (``pytest -m "not browser"`` leaves them
out). Chromium is never downloaded (no ``playwright install``): without /usr/bin/chromium the
browser tests skip, or fail when CI=true. ``make test`` sets SHIDIAN_BROWSER_SKIP when it
cannot install Chromium; on a failure the page is saved under test-results/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told that this is safe (it is: the loop is idle).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SKIP_REASON = "Chromium not installed: browser tests skipped (make test as root installs it)"
ARTIFACTS = Path("test-results")
_skipped_browser_tests: list[str] = []
_summary_lines: list[str] = []


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


_reports_key = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    # Kept on the item so the page fixture can save a screenshot when the test failed.
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Runs in the xdist controller too, so what is collected here reaches the summary.
    if report.skipped and report.when == "setup" and "browser" in report.keywords:
        _skipped_browser_tests.append(report.nodeid)
    if report.when == "call":
        _summary_lines.extend(v for k, v in report.user_properties if k == "summary")


def pytest_terminal_summary(terminalreporter) -> None:
    """One line for skipped browser tests; lines tests recorded with
    ``record_property("summary", text)`` (the database check uses it)."""
    for line in dict.fromkeys(_summary_lines):
        terminalreporter.write_line(line)
    if _skipped_browser_tests:
        reason = os.environ.get("SHIDIAN_BROWSER_SKIP") or SKIP_REASON
        terminalreporter.write_line(
            f"NOTE: {len(_skipped_browser_tests)} browser test(s) skipped: {reason}", yellow=True
        )


@pytest.fixture(scope="session")
def browser():
    reason = os.environ.get("SHIDIAN_BROWSER_SKIP")
    if not os.path.exists(CHROMIUM):
        reason = SKIP_REASON
    if reason:
        if _in_ci():
            pytest.fail(f"CI=true but {CHROMIUM} is unusable: {reason}", pytrace=False)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, live_server, browser):
    # live_server is set up before browser so that, at the end of the session, Chromium closes
    # before the server stops (a server thread holding a keep-alive request, and with it a
    # database connection, would keep the test database from being dropped).
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    try:
        yield browser_page
    finally:
        reports = request.node.stash.get(_reports_key, {})
        if any(r.failed for r in reports.values()):
            _save_artifacts(request.node.nodeid, browser_page)
        context.close()


def _save_artifacts(nodeid: str, browser_page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / re.sub(r"[^\w.-]+", "_", nodeid)[-150:]
    try:
        browser_page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(browser_page.content(), encoding="utf-8")
    except Exception as exc:  # the page may be gone; the test's own failure matters more
        print(f"could not save browser artifacts for {nodeid}: {exc}")


def login(page, live_server, username: str, password: str):
    """Sign in through the login form and wait for the page it leads to."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    return page
