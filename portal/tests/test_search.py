"""站内搜索 across public notices: titles, document numbers and text."""

import pytest
from django.urls import reverse

from portal.models import Kind
from portal.tests.factory import beijing
from programmes.models import Status

pytestmark = pytest.mark.django_db


def _search(client, q: str) -> str:
    response = client.get(reverse("portal:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def enterprise(make):
    return make.publish(
        notice_title="民政部关于开展企业社会工作试点的通知",
        document_number="民函〔2098〕132号",
        published_at=beijing(2013, 4, 26, 11, 10),
    )


def test_it_finds_a_two_character_term_in_the_text(client, enterprise):
    html = _search(client, "岗位")  # only in a content area: 开发设置社会工作岗位

    assert reverse("portal:notice", args=[enterprise.pk]) in html
    assert ">民政部关于开展企业社会工作试点的通知</a>" in html
    assert '<span class="sd-docnum-small">民函〔2098〕132号</span>' in html
    assert '<time datetime="2013-04-26">2013-04-26</time>' in html
    assert "找到 1 篇含“岗位”的文章" in html


def test_it_finds_a_word_of_the_title(client, enterprise):
    assert reverse("portal:notice", args=[enterprise.pk]) in _search(client, "企业")


def test_it_finds_the_document_number(client, enterprise):
    assert reverse("portal:notice", args=[enterprise.pk]) in _search(client, "民函〔2098〕132号")


def test_it_finds_lists_and_policies_too(client, make):
    policy = make.make_notice(kind=Kind.POLICY, title="关于加强社会工作专业人才队伍建设的意见")

    assert reverse("portal:notice", args=[policy.pk]) in _search(client, "人才队伍")


def test_it_keeps_the_search_words_in_the_box(client, enterprise):
    html = _search(client, "  企业   社会 ")

    assert 'name="q" value="企业 社会"' in html


def test_it_finds_nothing_that_is_not_public(client, make):
    draft = make.publish(notice_title="草稿企业通知", status=Status.DRAFT)
    withdrawn = make.make_notice(title="撤回企业通知", is_withdrawn=True)

    html = _search(client, "企业")

    assert reverse("portal:notice", args=[draft.pk]) not in html
    assert reverse("portal:notice", args=[withdrawn.pk]) not in html
    assert "没有找到含“企业”的文章" in html


def test_it_asks_for_a_word_when_the_box_is_empty(client, enterprise):
    for q in ("", "   ", "\u3000"):
        html = _search(client, q)

        assert "请输入要查找的关键词。" in html
        assert reverse("portal:notice", args=[enterprise.pk]) not in html


def test_it_accepts_a_single_character(client, enterprise):
    assert reverse("portal:notice", args=[enterprise.pk]) in _search(client, "岗")


def test_it_treats_wildcards_as_plain_characters(client, enterprise):
    assert "没有找到" in _search(client, "%")
    assert "没有找到" in _search(client, "_")
