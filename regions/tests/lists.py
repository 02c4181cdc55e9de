"""Helpers shared by the regions tests: the bundled list, variants of it, snapshots."""

from regions.loader import BUNDLED_LIST, BUNDLED_YEAR, LoadReport, load_division_list
from regions.models import Region, RegionName


def bundled_lines() -> list[str]:
    return BUNDLED_LIST.read_text(encoding="utf-8").splitlines()


def ensure_bundled_loaded() -> LoadReport:
    """Load the 2024 list unless it already is (a session fixture may have loaded it)."""
    return load_division_list(BUNDLED_LIST, year=BUNDLED_YEAR)


def edited(lines: list[str], *, rename=None, drop=(), add=()) -> list[str]:
    """A copy of a list with names changed ({code: name}), codes dropped and lines added."""
    rename = rename or {}
    result = []
    for line in lines:
        code, name = line.split(maxsplit=1)
        if code in drop:
            continue
        result.append(f"{code} {rename.get(code, name)}")
    return result + list(add)


def snapshot() -> tuple[list[tuple], list[tuple]]:
    """Everything the loader may change, to compare before and after."""
    regions = Region.objects.order_by("code").values_list(
        "pk", "code", "name", "level", "parent_id", "first_year", "dataset_year", "retired_year"
    )
    names = RegionName.objects.order_by("pk").values_list("region_id", "name", "until_year")
    return list(regions), list(names)
