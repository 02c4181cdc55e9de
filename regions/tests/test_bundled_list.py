import pytest

from regions.loader import load_division_list
from regions.models import Level, Region
from regions.tests.lists import bundled_lines, ensure_bundled_loaded


def parent_code(code: str) -> str | None:
    parent = Region.objects.get(code=code).parent
    return parent.code if parent else None


@pytest.mark.django_db
def test_it_loads_every_division_by_level():
    ensure_bundled_loaded()

    current = Region.objects.current()
    assert current.filter(level=Level.PROVINCE).count() == 34
    assert current.filter(level=Level.PREFECTURE).count() == 333
    assert current.filter(level=Level.COUNTY).count() == 2846
    assert current.filter(dataset_year=2024).count() == 3213


@pytest.mark.django_db
def test_it_hangs_divisions_from_their_parents():
    ensure_bundled_loaded()

    assert Region.objects.get(code="110101").name == "东城区"
    assert parent_code("110101") == "110000"  # municipality district: no 110100 row
    assert parent_code("360102") == "360100"
    assert parent_code("360100") == "360000"
    assert parent_code("360000") is None
    assert parent_code("469001") == "460000"  # directly administered (PP90DD)
    assert parent_code("419001") == "410000"
    assert parent_code("659001") == "650000"
    dongguan = Region.objects.get(code="441900")
    assert (dongguan.name, dongguan.level, dongguan.parent.code) == (
        "东莞市",
        Level.PREFECTURE,
        "440000",
    )
    assert Region.objects.get(code="360102").full_name() == "江西省南昌市东湖区"


@pytest.mark.django_db
def test_it_adds_thousands_of_divisions_in_a_few_queries(django_assert_max_num_queries):
    # The session's database already holds 2024 (and organisations that refer to it), so the
    # size of a first load is shown by a later list adding a province of 3,001 divisions.
    ensure_bundled_loaded()
    new_province = ["990000 测试省"] + [
        f"99{city:02d}{county:02d} 测试{city}市" + (f"{county}区" if county else "")
        for city in range(1, 31)
        for county in range(0, 100)
    ]

    # Bulk inserts, batched by SQLite's 999-parameter limit: about 25 queries, not 3,001.
    with django_assert_max_num_queries(40):
        report = load_division_list(bundled_lines() + new_province, year=2025)

    assert (report.added, report.unchanged) == (3001, 3213)
    assert Region.objects.filter(code__startswith="99", first_year=2025).count() == 3001
    assert Region.objects.get(code="993099").parent.code == "993000"
    assert Region.objects.get(code="993000").parent.code == "990000"
