"""The portal's pages keep to the strict CSP: no inline code, no style attributes."""

import pytest
from django.urls import reverse

from desk.tests.test_content_security import InlineCodeFinder

pytestmark = pytest.mark.django_db


def test_it_keeps_inline_code_out_of_every_portal_page(client, make):
    notice = make.publish()
    pages = [
        reverse("portal:home"),
        reverse("portal:notices"),
        reverse("portal:lists", args=["pilot"]),
        reverse("portal:policies"),
        reverse("portal:notice", args=[notice.pk]),
        reverse("portal:search") + "?q=企业",
    ]
    for url in pages:
        finder = InlineCodeFinder()
        finder.feed(client.get(url).content.decode())

        assert finder.problems == [], url
        assert finder.external == [], url
