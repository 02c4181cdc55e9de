"""The application page answers at a glance: which programme, who applied, where it is in
its chain (who acted, when, with what opinion), what the reader can do and by when. After a
return and a resubmission the endorser sees what changed. Files and the printed form are
for those who may see the application; downloads are audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import actions
from applications.tests.flow import category, endorse_all, opinion, submitted
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def _page(client, application, name: str = "detail", query: str = "") -> str:
    response = client.get(reverse(f"applications:{name}", args=[application.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _resubmitted(people, plan: str = "一、目标任务（修改后）……"):
    """Returned by 南昌市民政局 with a reason, the 试点方案 changed, submitted again."""
    applicant = people.dh_applicant
    application = submitted(applicant)
    actions.return_for_revision(application, "请补充进度安排。", by=people.nc_endorser)
    actions.save_draft(application, {"plan": plan}, by=applicant)
    return actions.submit_application(application, opinion("同意申报。", "王建华"), by=applicant)


def test_it_shows_the_applicant_the_chain_a_draft_will_take(client_for, people):
    application = actions.start_application(category("region"), by=people.dh_applicant)

    html = _page(client_for(people.dh_applicant), application)

    assert "2026年社会工作服务站建设试点（演示）" in html and "民函〔2026〕9001号" in html
    chain = [html.index(name) for name in ("南昌市东湖区民政局", "南昌市民政局", "江西省民政厅")]
    assert chain == sorted(chain)
    assert "草稿，尚未提交。" in html and "提交截止" in html and "（北京时间）" in html
    assert reverse("applications:edit", args=[application.pk]) in html


def test_it_shows_who_acted_when_and_who_holds_it_now(client_for, people):
    application = endorse_all(submitted(people.dh_applicant), people.nc_endorser)

    html = _page(client_for(people.jx_endorser), application)

    assert "南昌市民政局同意推荐。" in html  # the opinion on the timeline
    assert "sd-stage--done" in html and "sd-stage--current" in html
    assert "正在江西省民政厅审核" in html
    assert "本级办理截止" in html and "剩余" in html
    assert 'id="endorse"' in html
    assert "王建华" in html  # what was submitted, as the paper lays it out


def test_it_hides_the_application_from_another_province(client_for, people):
    application = submitted(people.dh_applicant)

    for username in ("gd_endorser", "ft_applicant"):
        client = client_for(getattr(people, username))
        for name in ("detail", "compare"):
            url = reverse(f"applications:{name}", args=[application.pk])
            assert client.get(url).status_code == 404
        url = reverse("applications:print", args=[application.pk, "docx"])
        assert client.get(url).status_code == 404


def test_it_hides_a_draft_from_the_endorsers(client_for, people):
    application = actions.start_application(category("region"), by=people.dh_applicant)

    response = client_for(people.nc_endorser).get(
        reverse("applications:detail", args=[application.pk])
    )

    assert response.status_code == 404


def test_it_shows_the_endorser_what_changed_since_the_last_round(client_for, people):
    application = _resubmitted(people)

    html = _page(client_for(people.nc_endorser), application)

    assert "与上次提交比较（第1次 → 第2次）" in html
    assert '<tr class="sd-changed" id="change-plan">' in html
    assert "修改了 1 个栏目" in html and 'href="#change-plan"' in html
    assert "<ins>" in html and "（修改后）" in html
    assert '<tr class="sd-changed" id="change-foundation">' not in html


def test_it_compares_any_two_rounds(client_for, people):
    application = _resubmitted(people)

    html = _page(client_for(people.dh_applicant), application, "compare", "?a=1&b=2")

    assert "上次（第1次提交）" in html and "本次（第2次提交）" in html
    assert 'id="change-plan"' in html and "未修改" in html


def test_it_says_when_there_is_nothing_to_compare(client_for, people):
    application = submitted(people.dh_applicant)

    html = _page(client_for(people.nc_endorser), application, "compare")

    assert "只有一次提交，没有可比较的版本。" in html


def test_it_lists_the_history_and_the_rounds(client_for, people):
    application = _resubmitted(people)

    html = _page(client_for(people.dh_applicant), application)

    assert "请补充进度安排。" in html
    assert "第2次提交" in html and "与第1次比较" in html
    for label in ("新建申报", "退回修改"):
        assert label in html


def test_it_prints_the_filled_form(client_for, people):
    application = submitted(people.dh_applicant)

    response = client_for(people.nc_endorser).get(
        reverse("applications:print", args=[application.pk, "docx"])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_it_prints_only_known_formats(client_for, people):
    application = submitted(people.dh_applicant)

    response = client_for(people.dh_applicant).get(
        reverse("applications:print", args=[application.pk, "exe"])
    )

    assert response.status_code == 404


def _attachment(people):
    applicant = people.dh_applicant
    application = actions.start_application(category("region"), by=applicant)
    item = actions.add_attachment(application, SimpleUploadedFile("方案.pdf", PDF), by=applicant)
    return application, item


def test_it_lets_those_who_see_the_application_download_its_files_and_audits_it(client_for, people):
    _application, item = _attachment(people)

    response = client_for(people.dh_applicant).get(
        reverse("applications:attachment", args=[item.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    row = AuditEvent.objects.filter(event=Event.DOWNLOAD).last()
    assert row.actor == people.dh_applicant and row.object_id == str(item.pk)
    assert "方案.pdf" in row.summary


@pytest.mark.parametrize("username", ["gd_endorser", "ft_applicant", "nc_endorser"])
def test_it_hides_the_files_from_those_who_cannot_see_the_application(client_for, people, username):
    _application, item = _attachment(people)  # a draft: only its applicant sees it

    response = client_for(getattr(people, username)).get(
        reverse("applications:attachment", args=[item.pk])
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(event=Event.DOWNLOAD).exists()


def test_it_lists_the_files_on_the_page(client_for, people):
    application, item = _attachment(people)

    html = _page(client_for(people.dh_applicant), application)

    assert reverse("applications:attachment", args=[item.pk]) in html and "方案.pdf" in html
