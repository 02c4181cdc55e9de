"""The plan editor. Zhang Min (dh_applicant) writes 东湖's plan: an indicator without a target
is refused next to its row and nothing typed is lost; rows are added and removed without
JavaScript; a refused submission lists every reason at once. Jiang (jx_endorser) reads the
plan but may not edit it; Lin Hai (gd_endorser) does not see it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from pilots import actions
from pilots.models import Indicator, Milestone, PlanStatus
from pilots.tests.pilot_flow import make_pilots

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(people):
    return make_pilots(people)["donghu"]


@pytest.fixture
def plan(donghu):
    return actions.ensure_plan(donghu)


def plan_data(plan, *, summary="建成覆盖全区的社会工作服务体系。", areas=None, indicators=(),
              milestones=(), action="save", extra_rows=0):  # fmt: skip
    """What the editor posts: ``indicators`` as dicts (name, unit, baseline, target, id,
    DELETE), ``milestones`` as dicts (title, due_on, id, DELETE)."""
    data = {"action": action, "plan-summary": summary}
    plan_areas = list(plan.areas.order_by("content_area__order"))
    data["areas-TOTAL_FORMS"] = data["areas-INITIAL_FORMS"] = str(len(plan_areas))
    data["areas-MIN_NUM_FORMS"], data["areas-MAX_NUM_FORMS"] = "0", "1000"
    for n, area in enumerate(plan_areas):
        goals, measures = (areas or {}).get(area.pk, ("目标……", "措施……"))
        data.update(
            {f"areas-{n}-id": area.pk, f"areas-{n}-goals": goals, f"areas-{n}-measures": measures}
        )
    for prefix, rows in (("indicators", indicators), ("milestones", milestones)):
        initial = sum(1 for row in rows if row.get("id"))
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows) + extra_rows)
        data[f"{prefix}-INITIAL_FORMS"] = str(initial)
        data[f"{prefix}-MIN_NUM_FORMS"], data[f"{prefix}-MAX_NUM_FORMS"] = "0", "1000"
        for n, row in enumerate(rows):
            for key, value in row.items():
                if key == "DELETE" and not value:
                    continue
                data[f"{prefix}-{n}-{key}"] = "on" if key == "DELETE" else value
    return data


def _post(client, pilot, data):
    return client.post(reverse("pilots:plan", args=[pilot.pk]), data)


def _milestone(pilot, days=180, title="完成全部站点挂牌"):
    return {"title": title, "due_on": (pilot.starts_on + timedelta(days=days)).isoformat()}


def test_it_lays_out_every_content_area_of_the_programme(client_for, people, donghu):
    html = client_for(people.dh_applicant).get(reverse("pilots:plan", args=[donghu.pk]))
    html = html.content.decode()

    titles = list(donghu.programme.content_areas.order_by("order").values_list("title", flat=True))
    assert titles and all(title in html for title in titles)
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "总体目标" in html and "目标值" in html and "完成时限" in html
    assert 'name="indicators-TOTAL_FORMS"' in html


def test_it_keeps_a_row_without_a_target_and_says_why(client_for, people, donghu, plan):
    data = plan_data(
        plan,
        summary="新的总体目标",
        indicators=[
            {"name": "持证社会工作者", "unit": "名", "target": "326"},
            {"name": "社会工作服务站", "unit": "个", "baseline": "3", "target": ""},
        ],
        milestones=[_milestone(donghu)],
    )

    response = _post(client_for(people.dh_applicant), donghu, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写目标值" in html
    assert "尚未保存" in html
    row = html[html.index('id="indicators-row-2"') :]
    row = row[: row.index("</tr>")]
    assert "请填写目标值" in row and 'aria-invalid="true"' in row  # next to its row
    for typed in ("新的总体目标", 'value="持证社会工作者"', 'value="326"', 'value="社会工作服务站"',
                  'value="3"', 'value="完成全部站点挂牌"'):  # fmt: skip
        assert typed in html
    plan.refresh_from_db()
    assert plan.summary == ""
    assert not Indicator.objects.filter(plan=plan).exists()
    assert not Milestone.objects.filter(plan=plan).exists()


def test_it_saves_the_plan_with_one_audit_row(client_for, people, donghu, plan):
    data = plan_data(
        plan,
        indicators=[{"name": "持证社会工作者", "unit": "名", "baseline": "200", "target": "326"}],
        milestones=[_milestone(donghu)],
        extra_rows=1,  # the blank row the page offers, left empty
    )

    response = _post(client_for(people.dh_applicant), donghu, data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == "建成覆盖全区的社会工作服务体系。"
    assert list(plan.indicators.values_list("name", "target")) == [("持证社会工作者", 326)]
    assert plan.milestones.count() == 1
    assert set(plan.areas.values_list("goals", flat=True)) == {"目标……"}
    saves = AuditEvent.objects.filter(event=Event.PLAN_SAVE, object_id=str(plan.pk))
    assert [e.actor_id for e in saves] == [people.dh_applicant.pk]


def test_it_adds_a_row_without_javascript(client_for, people, donghu, plan):
    client = client_for(people.dh_applicant)
    data = plan_data(
        plan,
        indicators=[{"name": "持证社会工作者", "unit": "名", "target": "326"}],
        action="add:indicators",
        extra_rows=1,
    )

    response = _post(client, donghu, data)

    assert response.status_code == 302
    assert "indicators=2" in response["Location"]  # the empty row and one more
    html = client.get(response["Location"]).content.decode()
    assert 'name="indicators-TOTAL_FORMS" value="3"' in html
    assert 'value="持证社会工作者"' in html


def test_it_adds_a_row_to_a_plan_that_cannot_be_saved_yet(client_for, people, donghu, plan):
    data = plan_data(plan, indicators=[{"name": "无目标", "target": ""}], action="add:indicators")

    html = _post(client_for(people.dh_applicant), donghu, data).content.decode()

    assert 'name="indicators-TOTAL_FORMS" value="2"' in html
    assert 'value="无目标"' in html and "请填写目标值" in html
    assert not Indicator.objects.exists()


def test_it_removes_a_row(client_for, people, donghu, plan):
    keep = Indicator.objects.create(plan=plan, order=1, name="保留", target=1)
    drop = Indicator.objects.create(plan=plan, order=2, name="删除", target=2)
    data = plan_data(
        plan,
        indicators=[
            {"id": keep.pk, "name": "保留", "target": "1"},
            {"id": drop.pk, "name": "删除", "target": "", "DELETE": True},  # no check on it
        ],
    )

    assert _post(client_for(people.dh_applicant), donghu, data).status_code == 302
    assert list(plan.indicators.values_list("name", flat=True)) == ["保留"]


def test_it_refuses_a_milestone_outside_the_pilot_period(client_for, people, donghu, plan):
    late = {"title": "迟到的任务", "due_on": (donghu.ends_on + timedelta(days=1)).isoformat()}

    html = _post(
        client_for(people.dh_applicant), donghu, plan_data(plan, milestones=[late])
    ).content.decode()

    assert "完成时限须在试点期内" in html
    assert not Milestone.objects.exists()


def test_it_lists_every_reason_when_submission_is_refused(client_for, people, donghu, plan):
    area = plan.areas.order_by("content_area__order").first()
    data = plan_data(plan, summary="", areas={area.pk: ("", "")}, action="submit")

    response = _post(client_for(people.dh_applicant), donghu, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "已保存，但还不能提交" in html
    assert "请填写总体目标。" in html
    assert f"“{area.content_area.title}”的目标和措施都要填写。" in html
    assert "请至少设置一个带目标值的指标。" in html
    assert "请至少设置一个任务节点。" in html
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_it_saves_and_submits_a_complete_plan(client_for, people, donghu, plan):
    client = client_for(people.dh_applicant)
    data = plan_data(
        plan,
        indicators=[{"name": "持证社会工作者", "unit": "名", "target": "326"}],
        milestones=[_milestone(donghu)],
        action="submit",
    )

    response = _post(client, donghu, data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.versions.get().snapshot["indicators"][0]["target"] == "326.00"
    page = client.get(response["Location"]).content.decode()
    assert "试点方案已提交至江西省民政厅审核" in page
    # Submitted: the editor now sends the pilot back to its page.
    again = client.get(reverse("pilots:plan", args=[donghu.pk]))
    assert again.status_code == 302
    assert _post(client, donghu, data).status_code == 302
    assert plan.versions.count() == 1


def test_it_lets_only_the_pilots_applicant_edit(client_for, people, donghu, plan):
    data = plan_data(plan, summary="省里改的")

    assert _post(client_for(people.jx_endorser), donghu, data).status_code == 403
    assert _post(client_for(people.ft_applicant), donghu, data).status_code == 404
    assert _post(client_for(people.gd_endorser), donghu, data).status_code == 404
    plan.refresh_from_db()
    assert plan.summary == ""
