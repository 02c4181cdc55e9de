"""The strict CSP forbids inline code: every page must work without any."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from desk.tasks import Task

pytestmark = pytest.mark.django_db


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
        if tag == "script" and "src" not in attributes and "nonce" not in attributes:
            self.problems.append("<script> without src or nonce")
        if tag == "style" and "nonce" not in attributes:
            self.problems.append("<style> without nonce")
        for name in ("src", "href"):
            url = attributes.get(name) or ""
            if tag in ("script", "link", "img") and "//" in url:
                self.external.append(url)


def _check(html: str) -> None:
    finder = InlineCodeFinder()
    finder.feed(html)
    assert finder.problems == []
    assert finder.external == [], "assets must come from our own static files, never a CDN"


def test_it_keeps_inline_code_out_of_the_portal(client):
    _check(client.get(reverse("portal:home")).content.decode())


def test_it_keeps_inline_code_out_of_the_working_pages(login, sam, task_registry):
    task_registry.register(
        lambda user: [Task("甲", "/a/", "待审核", datetime(2026, 11, 1, tzinfo=UTC))]
    )
    client = login(sam)

    _check(client.get(reverse("desk:todo")).content.decode())


def test_it_loads_htmx_2_and_keeps_its_inline_styles_off(login, sam):
    html = login(sam).get(reverse("desk:todo")).content.decode()

    assert "/static/vendor/htmx.min.js" in html
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in html
    assert """hx-headers='{"X-CSRFToken": \"""" in html


def test_it_sends_the_content_security_policy(client):
    policy = client.get(reverse("portal:home"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
