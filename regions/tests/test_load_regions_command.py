from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent, Event
from regions.models import Region
from regions.tests.lists import bundled_lines, edited, ensure_bundled_loaded, snapshot


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_regions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_2025(tmp_path, lines=None):
    path = tmp_path / "gbt2260-2025.txt"
    lines = lines or edited(bundled_lines(), rename={"360102": "东湖新区"}, drop={"360103"})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_events():
    return AuditEvent.objects.filter(event=Event.REGIONS_LOAD)


@pytest.mark.django_db
def test_it_loads_the_bundled_list_by_default():
    out, _err = run()

    assert out.startswith("2024年区划列表：新增 ")
    assert Region.objects.current().count() == 3213
    out, _err = run()  # again: nothing to do, nothing to audit
    assert out.strip() == ("2024年区划列表：新增 0，更名 0，隶属变更 0，撤销 0，恢复 0，未变 3213")


@pytest.mark.django_db
def test_it_loads_a_later_year_named_in_the_file_name_and_audits_it(tmp_path):
    ensure_bundled_loaded()
    events_before = load_events().count()

    out, _err = run(str(write_2025(tmp_path)))

    assert out.strip() == ("2025年区划列表：新增 0，更名 1，隶属变更 0，撤销 1，恢复 0，未变 3211")
    assert Region.objects.get(code="360102").name == "东湖新区"
    assert load_events().count() == events_before + 1
    event = load_events().order_by("-seq").first()
    assert (event.actor, event.actor_name) == (None, "manage.py load_regions")
    assert event.summary == out.strip()
    assert event.changes == {
        "year": 2025,
        "file": "gbt2260-2025.txt",
        "added": 0,
        "renamed": 1,
        "moved": 0,
        "retired": 1,
        "restored": 0,
        "unchanged": 3211,
    }


@pytest.mark.django_db
def test_it_exits_non_zero_and_prints_line_numbers_for_a_bad_file(tmp_path):
    ensure_bundled_loaded()
    before, events_before = snapshot(), load_events().count()
    path = write_2025(tmp_path, ["110000 北京市", "11010X 东城区", "", "110102"])

    with pytest.raises(CommandError) as error:
        run(str(path))

    assert error.value.returncode == 1
    assert str(error.value) == "区划列表有 2 处问题，未作任何更改"
    assert snapshot() == before
    assert load_events().count() == events_before


@pytest.mark.django_db
def test_it_prints_every_problem_to_stderr(tmp_path):
    ensure_bundled_loaded()
    path = write_2025(tmp_path, ["110000 北京市", "11010X 东城区", "", "110102"])
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("load_regions", str(path), stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "第2行：区划代码“11010X”不是6位数字",
        "第4行：区划代码“110102”缺少名称",
    ]


@pytest.mark.django_db
def test_it_changes_nothing_on_a_dry_run(tmp_path):
    ensure_bundled_loaded()
    before, events_before = snapshot(), load_events().count()

    out, _err = run(str(write_2025(tmp_path)), "--dry-run")

    assert out.strip() == (
        "（试运行，未写入）2025年区划列表：新增 0，更名 1，隶属变更 0，撤销 1，恢复 0，未变 3211"
    )
    assert snapshot() == before
    assert load_events().count() == events_before


@pytest.mark.django_db
def test_it_takes_the_year_from_the_option(tmp_path):
    ensure_bundled_loaded()
    path = tmp_path / "next.txt"
    path.write_text("\n".join(bundled_lines()), encoding="utf-8")

    with pytest.raises(CommandError, match="请用 --year 指定"):
        run(str(path))
    out, _err = run(str(path), "--year", "2025")

    assert out.strip().endswith("未变 3213")
    assert set(Region.objects.values_list("dataset_year", flat=True)) == {2025}
    assert load_events().filter(changes__year=2025).count() == 1


@pytest.mark.django_db
def test_it_refuses_an_older_year_and_a_missing_file(tmp_path):
    ensure_bundled_loaded()

    with pytest.raises(CommandError, match="不能再导入更早的2023年列表"):
        run("--year", "2023")
    with pytest.raises(CommandError, match="找不到区划列表文件"):
        run(str(tmp_path / "gbt2260-2025.txt"))
