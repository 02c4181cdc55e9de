import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.loader import (
    BUNDLED_LIST,
    OutdatedListError,
    load_division_list,
)
from regions.models import RegionName
from regions.tests.lists import bundled_lines, edited, ensure_bundled_loaded, snapshot


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_list_is_loaded_again():
    ensure_bundled_loaded()
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        report = load_division_list(BUNDLED_LIST, year=2024)

    assert report.counts() == {
        "added": 0,
        "renamed": 0,
        "moved": 0,
        "retired": 0,
        "restored": 0,
        "unchanged": 3213,
    }
    assert not report.changed
    assert snapshot() == before
    assert RegionName.objects.count() == 0
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


@pytest.mark.django_db
def test_it_refuses_a_year_older_than_the_newest_loaded():
    ensure_bundled_loaded()
    load_division_list(edited(bundled_lines(), rename={"360102": "东湖新区"}), year=2025)
    before = snapshot()

    with pytest.raises(OutdatedListError) as error:
        load_division_list(BUNDLED_LIST, year=2024)

    assert str(error.value) == "已导入2025年的区划列表，不能再导入更早的2024年列表"
    assert snapshot() == before
