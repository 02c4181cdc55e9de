import pytest

from regions.loader import load_division_list
from regions.models import Level, Region, RegionName
from regions.tests.lists import bundled_lines, edited, ensure_bundled_loaded


def list_2025() -> list[str]:
    """2025: 东湖区 renamed, 西湖区 abolished, a new district in 南昌, and a new prefecture
    row 419000 that 济源市 (419001, under 河南省 in 2024) now hangs from."""
    return edited(
        bundled_lines(),
        rename={"360102": "东湖新区"},
        drop={"360103"},
        add=["360115 赣江新区", "419000 济源示范区"],
    )


@pytest.mark.django_db
def test_it_applies_a_later_years_changes():
    ensure_bundled_loaded()

    report = load_division_list(list_2025(), year=2025)

    assert (report.year, report.previous_year, report.changed) == (2025, 2024, True)
    assert report.counts() == {
        "added": 2,
        "renamed": 1,
        "moved": 1,
        "retired": 1,
        "restored": 0,
        "unchanged": 3210,
    }


@pytest.mark.django_db
def test_it_keeps_a_renamed_divisions_row_and_its_former_name():
    ensure_bundled_loaded()
    pk = Region.objects.get(code="360102").pk

    load_division_list(list_2025(), year=2025)

    region = Region.objects.get(code="360102")
    assert (region.pk, region.name, region.first_year, region.dataset_year) == (
        pk,
        "东湖新区",
        2024,
        2025,
    )
    assert [(n.name, n.until_year) for n in region.former_names.all()] == [("东湖区", 2024)]
    assert RegionName.objects.count() == 1


@pytest.mark.django_db
def test_it_retires_a_dropped_division_without_deleting_it():
    ensure_bundled_loaded()
    dropped = Region.objects.get(code="360103")

    load_division_list(list_2025(), year=2025)

    dropped.refresh_from_db()  # the row, and any foreign key to it, is still there
    assert (dropped.name, dropped.retired_year, dropped.dataset_year) == ("西湖区", 2025, 2024)
    assert dropped.parent.code == "360100"
    assert not Region.objects.current().filter(code="360103").exists()
    assert Region.objects.current().count() == 3213 - 1 + 2


@pytest.mark.django_db
def test_it_adds_new_divisions_and_moves_to_a_new_parent():
    ensure_bundled_loaded()
    jiyuan_pk = Region.objects.get(code="419001").pk

    load_division_list(list_2025(), year=2025)

    added = Region.objects.get(code="360115")
    assert (added.name, added.level, added.parent.code) == ("赣江新区", Level.COUNTY, "360100")
    assert (added.first_year, added.dataset_year, added.retired_year) == (2025, 2025, None)
    prefecture = Region.objects.get(code="419000")
    assert (prefecture.level, prefecture.parent.code) == (Level.PREFECTURE, "410000")
    jiyuan = Region.objects.get(code="419001")
    assert (jiyuan.pk, jiyuan.parent_id) == (jiyuan_pk, prefecture.pk)
    assert set(Region.objects.current().values_list("dataset_year", flat=True)) == {2025}


@pytest.mark.django_db
def test_it_restores_a_division_that_reappears():
    ensure_bundled_loaded()
    load_division_list(list_2025(), year=2025)

    # 2026 is the 2024 list again: everything 2025 changed is undone, by the same rules.
    report = load_division_list(bundled_lines(), year=2026)

    assert report.counts() == {
        "added": 0,
        "renamed": 1,
        "moved": 1,
        "retired": 2,
        "restored": 1,
        "unchanged": 3210,
    }
    restored = Region.objects.get(code="360103")
    assert (restored.retired_year, restored.dataset_year, restored.first_year) == (None, 2026, 2024)
    assert Region.objects.get(code="419001").parent.code == "410000"
    assert set(Region.objects.filter(retired_year=2026).values_list("code", flat=True)) == {
        "360115",
        "419000",
    }
    former = Region.objects.get(code="360102").former_names.values_list("name", "until_year")
    assert list(former) == [("东湖区", 2024), ("东湖新区", 2025)]
