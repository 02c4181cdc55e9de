"""Journeys: each role's work driven through the real pages, audited and photographed.

A journey test asks for the ``journey`` fixture (journeys/conftest.py) and works through
people, each with a browser context of their own that lasts the whole test (a login is
reused until the clock jumps or the person signs out)::

    def test_...(journey):
        zhang = journey.person("dh_applicant", chapter="01-county-applicant")
        zhang.sign_in()
        zhang.page.get_by_role("link", name="我的申报").click()
        zhang.see("我的申报", shot="my-applications")

``see(name, shot=...)`` is the one thing a journey must call on every page it reaches: it
audits the page with axe-core (serious or critical WCAG 2.1 A/AA violations fail the test) and,
when the guide is being regenerated (``make guide`` sets SHIDIAN_GUIDE_SHOTS), saves a
screenshot as ``<SHIDIAN_GUIDE_SHOTS>/<chapter>/<shot>.png`` for the user guide (docs/guide/).

Every main-frame navigation is recorded; at the end of a passing test each page visited (its
path with numbers generalised, the query left out) must have been audited at least once, so a
page that a journey reaches without ``see`` fails the test by name. The axe-core report of all
audited pages goes to test-results/axe-report.md (SHIDIAN_AXE_REPORT overrides the path).

``journey.at(moment)`` moves the clock of the test and of the live server (same process) and
lets it run on from there; sessions older than the idle timeout are then gone, so a person
signs in again after a jump (``sign_in`` clears the old cookies).
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import time_machine
from playwright.sync_api import expect

from shidian.testing.axe import AxeReport
from shidian.testing.browser import _save_artifacts

PASSWORD = "Shidian@2026"
BEIJING = ZoneInfo("Asia/Shanghai")
GUIDE_SHOTS = "SHIDIAN_GUIDE_SHOTS"
VIEWPORT = {"width": 1280, "height": 900}
_NUMBER = re.compile(r"/\d+(?=/|$)")


def beijing(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment in Beijing time, as the notices and deadlines state them."""
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def page_pattern(url: str) -> str:
    """The page a URL shows, with its numbers generalised: ``/applications/<n>/edit/``."""
    return _NUMBER.sub("/<n>", urlsplit(url).path)


def guide_dir() -> Path | None:
    value = os.environ.get(GUIDE_SHOTS, "").strip()
    return Path(value) if value else None


@dataclass
class Person:
    """One account in its own browser context, for the length of a journey."""

    journey: Journey
    username: str
    chapter: str
    page: object
    report: AxeReport
    visited: dict[str, str] = field(default_factory=dict)

    def sign_in(self) -> Person:
        """Sign in through the login form (old cookies cleared first); the login page is
        audited the first time a journey meets it."""
        page = self.page
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        if page_pattern(page.url) not in self.journey.audited:
            self.journey.audit(self, "登录")
        page.fill("input[name=username]", self.username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.locator("form:has(input[name=password]) [type=submit]").first.click()
        assert "/accounts/login/" not in page.url, f"{self.username} could not sign in"
        return self

    def go(self, path: str) -> Person:
        """Open a page by its address (as from a bookmark or a link in an e-mail)."""
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self

    def see(self, name: str, shot: str | None = None) -> Person:
        """Audit the page as it stands with axe-core and, for the guide, photograph it."""
        self.page.wait_for_load_state("load")
        self.journey.audit(self, name)
        if shot:
            self.journey.photograph(self, shot)
        return self

    def said(self, text: str) -> Person:
        """The page's message area says ``text`` (the outcome of an action)."""
        expect(self.page.locator(".sd-messages")).to_contain_text(text)
        return self


@dataclass
class Journey:
    browser: object
    live_server: object
    people: dict[str, Person] = field(default_factory=dict)
    audited: set[str] = field(default_factory=set)
    shots: list[Path] = field(default_factory=list)

    def person(self, username: str, chapter: str, role: str | None = None) -> Person:
        """The person in their browser context (made on first use, then the same one: a later
        call, from another phase, shares the page and its login and files its screenshots under
        its own ``chapter``)."""
        if username in self.people:
            return replace(self.people[username], chapter=chapter)
        context = self.browser.new_context(
            base_url=self.live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport=VIEWPORT,
            accept_downloads=True,
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        person = Person(self, username, chapter, page, AxeReport(role or f"{username}"))

        def record(frame) -> None:
            if frame == page.main_frame and frame.url.startswith(self.live_server.url):
                person.visited.setdefault(page_pattern(frame.url), frame.url)

        page.on("framenavigated", record)
        self.people[username] = person
        return person

    @contextmanager
    def at(self, moment: datetime):
        """The clock at ``moment`` (aware), running on from there, for the block."""
        with time_machine.travel(moment, tick=True):
            yield

    def audit(self, person: Person, name: str) -> None:
        violations = person.report.check(person.page, name)
        self.audited.add(page_pattern(person.page.url))
        assert not violations, person.report.describe_failures()

    def photograph(self, person: Person, shot: str) -> None:
        folder = guide_dir()
        if folder is None:
            return
        path = folder / person.chapter / f"{shot}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        person.page.screenshot(path=path, animations="disabled", caret="initial")
        self.shots.append(path)

    def unaudited(self) -> dict[str, str]:
        """Pages some person reached that no ``see`` audited: pattern → an address seen."""
        missing = {}
        for person in self.people.values():
            for pattern, url in person.visited.items():
                if pattern not in self.audited:
                    missing.setdefault(pattern, url)
        return missing

    def close(self, failed: bool, nodeid: str) -> None:
        for person in self.people.values():
            if person.report.checked:
                person.report.write()
            if failed:
                _save_artifacts(f"{nodeid}-{person.username}", person.page)
            person.page.context.close()
