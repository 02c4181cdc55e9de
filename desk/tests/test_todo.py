from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from desk.tasks import Task

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("desk:todo"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('desk:todo')}"


def test_it_says_so_when_nothing_awaits(login, alice):
    response = login(alice).get(reverse("desk:todo"))

    assert response.status_code == 200
    assert "当前没有待办事项" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_it_lists_the_providers_tasks_oldest_first(login, alice, task_registry):
    def endorsements(user):
        return [
            Task(
                title="南昌市东湖区社会工作服务中心：社区治理试点申报",
                url="/applications/7/",
                category="待审核",
                since=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
                deadline=datetime(2026, 11, 29, 9, 0, tzinfo=UTC),
                programme="2026年度社会工作试点",
            ),
            Task(
                title="九江市浔阳区申报书补正",
                url="/applications/3/",
                category="待补正",
                since=datetime(2026, 11, 18, 1, 0, tzinfo=UTC),
                deadline=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
            ),
        ]

    task_registry.register(endorsements)

    html = login(alice).get(reverse("desk:todo")).content.decode()

    assert "当前没有待办事项" not in html
    assert html.index("九江市浔阳区申报书补正") < html.index("南昌市东湖区社会工作服务中心")
    assert 'href="/applications/7/"' in html
    assert "2026年度社会工作试点" in html
    assert "2026年11月20日 09:30" in html  # received, Beijing time
    assert "2026年11月29日 17:00</time>（北京时间）" in html
    assert "剩余3天" in html
    assert "已逾期2天" in html
    assert "共 2 项" in html


def test_it_gives_no_one_else_the_users_tasks(login, alice, sam, task_registry):
    task_registry.register(
        lambda user: [Task("只给爱丽", "/x/", "待审核", NOW)] if user == alice else []
    )

    assert "只给爱丽" not in login(sam).get(reverse("desk:todo")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_it_shows_a_long_list_fifty_at_a_time_with_the_true_total(login, alice, task_registry):
    def many(user):
        return [
            Task(
                f"申报第{i:03d}号",
                f"/applications/{i}/",
                "待审核",
                datetime(2026, 1, 1, tzinfo=UTC),
            )
            for i in range(1, 121)
        ]

    task_registry.register(many)
    client = login(alice)

    first = client.get(reverse("desk:todo")).content.decode()
    third = client.get(reverse("desk:todo"), {"page": 3}).content.decode()

    assert "共 120 项" in first and "共 120 项" in third
    assert "申报第050号" in first and "申报第051号" not in first
    assert "第 1 / 3 页" in first and "?page=2" in first
    assert "本页为第 101–120 项" in third
    assert "申报第120号" in third and "申报第100号" not in third
    assert '<span class="sd-count">120</span>' in first  # the menu counts them all too
