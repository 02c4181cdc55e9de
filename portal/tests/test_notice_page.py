"""The notice page, built like 民函〔2013〕132号 as the portal published it."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.models import Attachment
from portal.tests.factory import beijing
from programmes.models import Programme, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_2013(make):
    # The seed programme loaded with the demo data holds the number: it steps aside.
    Programme.objects.filter(document_number="民函〔2013〕132号").update(
        document_number="民函〔1999〕132号"
    )
    return make.publish(
        notice_title="民政部关于开展企业社会工作试点的通知",
        document_number="民函〔2013〕132号",
        source="清流社工网",
        published_at=beijing(2013, 4, 26, 11, 10),
        issued_on=date(2013, 4, 19),
        contact_department="民政部社会工作司一处",
        contact_person="贾维周",
        contact_phone="010-58123515",
        contact_fax="010-58123516",
        contact_email="jiawzh@mca.gov.cn",
        categories=[
            ("试点地区", "企业社会工作试点地区申报表"),
            ("试点单位（企业、社会组织）", "企业社会工作试点单位申报表"),
        ],
        view_count=1367,
    )


def _page(client, notice) -> str:
    response = client.get(reverse("portal:notice", args=[notice.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_title_and_the_metadata_line(client, notice_2013):
    html = _page(client, notice_2013)

    assert 'id="article-title">民政部关于开展企业社会工作试点的通知</h1>' in html
    assert "<title>民政部关于开展企业社会工作试点的通知 · " in html
    assert "<span>来源：清流社工网</span>" in html
    assert "<span>发布时间：2013-04-26 11:10</span>" in html
    # 1367 before this visit, which counts (test_view_count.py).
    assert "<span>浏览量：1368</span>" in html


def test_it_offers_font_sizes_and_printing(client, notice_2013):
    html = _page(client, notice_2013)

    for size in ("large", "medium", "small"):
        assert f'data-sd-font="{size}"' in html
    assert "data-sd-print" in html
    assert "/static/portal/notice.js" in html


def test_it_prints_the_document_number_then_the_addressees_and_the_body(client, notice_2013):
    html = _page(client, notice_2013)

    in_order = [
        '<p class="sd-article-docnum">民函〔2013〕132号</p>',
        '<p class="sd-article-addressees">各省、自治区、直辖市民政厅(局),各计划单列市民政局,'
        "新疆生产建设兵团民政局：</p>",
        "<p>经研究决定在全国有条件的地区和单位开展企业社会工作试点。</p>",
        '<h2 class="sd-article-heading">一、指导思想</h2>',
        "<p>以建设队伍、开发岗位、培育机构、开展服务为重点。</p>",
        '<h2 class="sd-article-heading">三、主要内容</h2>',
        '<p><span class="sd-article-lead">（一）队伍建设。</span>制定企业社会工作',
        '<p><span class="sd-article-lead">（二）岗位开发。</span>开发设置社会工作岗位',
    ]
    positions = [html.index(fragment) for fragment in in_order]
    assert positions == sorted(positions)


def test_it_numbers_headings_that_come_without_a_number(client, make):
    notice = make.publish(sections=[("指导思想", "正文。", False), ("主要内容", "", True)])

    html = _page(client, notice)

    assert ">一、指导思想</h2>" in html
    assert ">二、主要内容</h2>" in html


def test_it_signs_with_the_issuer_and_the_date_then_gives_the_contacts(client, notice_2013):
    html = _page(client, notice_2013)

    signature = html.index('<div class="sd-article-signature">')
    assert html.index("<p>民政部</p>", signature) < html.index("<p>2013年4月19日</p>", signature)
    contact = html.index('<div class="sd-article-contact">')
    assert signature < contact
    assert '<p>联系人：民政部社会工作司一处　<span class="text-nowrap">贾维周</span></p>' in html
    assert "<p>联系电话：010-58123515</p>" in html
    assert "<p>传真：010-58123516</p>" in html
    assert '电子邮箱：<a href="mailto:jiawzh@mca.gov.cn">jiawzh@mca.gov.cn</a>' in html


def test_it_leaves_out_the_date_and_contacts_it_does_not_know(client, make):
    notice = make.publish(issued_on=None)

    html = _page(client, notice)

    assert "<p>民政部</p>" in html
    assert "年" not in html.split('<div class="sd-article-signature">')[1].split("</div>")[0]
    assert "sd-article-contact" not in html


def test_it_links_each_category_form_as_an_annex_in_both_formats(client, notice_2013):
    html = _page(client, notice_2013)
    region, unit = notice_2013.programme.categories.order_by("order")

    annex = '<span class="sd-annex-label">附件{}</span><span class="sd-annex-title">{}</span>'
    assert annex.format(1, "企业社会工作试点地区申报表") in html
    assert annex.format(2, "企业社会工作试点单位申报表") in html
    for category in (region, unit):
        for fmt in ("docx", "pdf"):
            url = reverse("portal:blank_form", args=[notice_2013.pk, category.pk, fmt])
            assert f'href="{url}"' in html
    assert html.index('id="annexes-heading"') < html.index('<div class="sd-article-signature">')


def test_it_links_uploaded_files_after_the_forms(client, notice_2013, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    attachment = Attachment(notice=notice_2013, title="填报说明")
    attachment.file.save("notes.pdf", ContentFile(b"%PDF-1.4 notes"), save=True)

    html = _page(client, notice_2013)
    response = client.get(reverse("portal:attachment", args=[notice_2013.pk, attachment.pk]))

    url = reverse("portal:attachment", args=[notice_2013.pk, attachment.pk])
    assert '附件3</span><span class="sd-annex-title">填报说明</span>' in html
    assert f'href="{url}"' in html
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 notes"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%A1%AB%E6%8A%A5%E8%AF%B4%E6%98%8E.pdf"
    )


def test_it_links_the_previous_and_next_notice_in_publication_order(client, make):
    first = make.publish(published_at=beijing(2009, 9, 11, 9, 45), notice_title="第一篇通知")
    second = make.make_notice(published_at=beijing(2010, 1, 5, 10, 0), title="第二篇名单")
    third = make.publish(published_at=beijing(2013, 4, 26, 11, 10), notice_title="第三篇通知")

    middle = _page(client, second)

    previous_link = f'<a href="{reverse("portal:notice", args=[first.pk])}">第一篇通知</a>'
    next_link = f'<a href="{reverse("portal:notice", args=[third.pk])}">第三篇通知</a>'
    assert "上一篇：</span>" + previous_link in middle
    assert "下一篇：</span>" + next_link in middle
    assert "已无文章" not in middle


def test_it_says_when_there_is_nothing_before_or_after(client, make):
    first = make.publish(published_at=beijing(2009, 9, 11, 9, 45))
    last = make.publish(published_at=beijing(2013, 4, 26, 11, 10))

    oldest = _page(client, first)
    newest = _page(client, last)

    assert "向前已无文章" in oldest and "向后已无文章" not in oldest
    assert "向后已无文章" in newest and "向前已无文章" not in newest


def test_it_skips_what_is_not_public_when_linking_neighbours(client, make):
    first = make.publish(published_at=beijing(2009, 9, 11, 9, 45))
    make.make_notice(published_at=beijing(2010, 1, 1, 9, 0), is_withdrawn=True, title="已撤回")
    last = make.publish(published_at=beijing(2013, 4, 26, 11, 10))

    html = _page(client, first)

    assert f'href="{reverse("portal:notice", args=[last.pk])}"' in html
    assert "已撤回" not in html


def test_it_breaks_ties_in_publication_time_by_order_of_entry(client, make):
    at = beijing(2020, 1, 1, 9, 0)
    a = make.make_notice(published_at=at, title="甲")
    b = make.make_notice(published_at=at, title="乙")

    assert f'href="{reverse("portal:notice", args=[b.pk])}"' in _page(client, a)
    assert f'href="{reverse("portal:notice", args=[a.pk])}"' in _page(client, b)


def test_it_shows_a_notice_of_the_portal_own_in_paragraphs(client, make):
    notice = make.make_notice(title="关于公布试点名单的公告", body="第一段。\n\n第二段。")

    html = _page(client, notice)

    assert "<p>第一段。</p>" in html and "<p>第二段。</p>" in html
    assert "sd-article-signature" not in html


def test_it_hides_notices_that_are_not_public(client, make):
    draft = make.publish(status=Status.DRAFT, published_at=None)
    draft_with_a_date = make.publish(status=Status.DRAFT)
    withdrawn = make.make_notice(is_withdrawn=True)
    unpublished = make.make_notice(published_at=None)

    for notice in (draft, draft_with_a_date, withdrawn, unpublished):
        assert client.get(reverse("portal:notice", args=[notice.pk])).status_code == 404


def test_it_marks_the_column_of_the_notice_in_the_menu_and_breadcrumbs(client, notice_2013):
    html = _page(client, notice_2013)

    notices_url = reverse("portal:notices")
    assert f'<a href="{notices_url}" aria-current="true">通知公告</a>' in html
    assert f'<li class="breadcrumb-item"><a href="{notices_url}">通知公告</a></li>' in html
