"""Loading a year's GB/T 2260 division list into ``Region``.

A list is a UTF-8 text of ``code name`` lines; blank lines and lines starting with ``#`` are
ignored. The whole list is checked before anything is written: every problem is collected with
its line number and, if there is one, ``RegionListError`` is raised and the database is left
as it was.

The code is the identity of a division. Loading a later year's list, in one transaction:

- inserts codes not seen before (``first_year = dataset_year = year``);
- renames a code whose name changed, keeping the row and recording the old name as a
  ``RegionName`` used until ``year - 1``;
- moves a code whose parent changed (its parent follows from the list, see ``parent_code``);
- retires a code absent from the list (``retired_year = year``), never deleting it, so records
  referring to it keep working; a retired code that reappears is restored;
- sets ``dataset_year = year`` on every code in the list.

Loading the same year again is allowed and changes nothing when the list is the same; loading
a year older than the newest already loaded is refused.
"""

import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from regions.models import Level, Region, RegionName, level_of, parent_codes

BUNDLED_LIST = Path(__file__).resolve().parent / "data" / "gbt2260-2024.txt"
BUNDLED_YEAR = 2024

NAME_MAX_LENGTH = Region._meta.get_field("name").max_length
_CODE = re.compile(r"[0-9]{6}")  # not \d: it would accept full-width and other digits


class RegionLoadError(Exception):
    """A list that cannot be loaded; nothing was changed."""


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("第%(line)d行：%(message)s") % {"line": self.line, "message": self.message}


class RegionListError(RegionLoadError):
    """The list has problems: ``problems`` holds every one of them, in line order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.line)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class OutdatedListError(RegionLoadError):
    """The list is older than the newest one already loaded."""


@dataclass(frozen=True)
class Division:
    """One checked line of a list."""

    line: int
    code: str
    name: str
    parent_code: str | None

    @property
    def level(self) -> Level:
        return level_of(self.code)


@dataclass
class LoadReport:
    """What a load changed (or, on a dry run, would change).

    A code that is both renamed and moved (or restored) counts under each; ``unchanged``
    counts the codes of the list that were already loaded exactly as listed.
    """

    year: int
    previous_year: int | None = None  # the newest list loaded before this one
    dry_run: bool = False
    added: int = 0
    renamed: int = 0
    moved: int = 0
    retired: int = 0
    restored: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        """Whether the load changed anything, even if only the year its codes were last seen."""
        counts = (self.added, self.renamed, self.moved, self.retired, self.restored)
        return any(counts) or self.previous_year != self.year

    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "renamed": self.renamed,
            "moved": self.moved,
            "retired": self.retired,
            "restored": self.restored,
            "unchanged": self.unchanged,
        }

    def summary(self) -> str:
        text = _(
            "%(year)d年区划列表：新增 %(added)d，更名 %(renamed)d，隶属变更 %(moved)d，"
            "撤销 %(retired)d，恢复 %(restored)d，未变 %(unchanged)d"
        ) % {"year": self.year, **self.counts()}
        if self.dry_run:
            text = _("（试运行，未写入）") + text
        return text


# --- Reading and checking ------------------------------------------------------------------


def _numbered_lines(
    source: str | PathLike | Iterable[str], problems: list[Problem]
) -> Iterator[tuple[int, str]]:
    """Lines with their 1-based numbers; a line of a file that is not UTF-8 becomes a problem."""
    if isinstance(source, str | PathLike):
        with open(source, "rb") as file:
            for number, raw in enumerate(file, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    problems.append(Problem(number, _("不是UTF-8编码的文本")))
                    continue
                yield number, text.lstrip("\ufeff") if number == 1 else text
    else:
        for number, text in enumerate(source, start=1):
            yield number, text.lstrip("\ufeff") if number == 1 else text


def _line_problems(
    number: int, code: str, name: str, rows: dict[str, tuple[int, str]]
) -> list[Problem]:
    """Problems of one line; ``rows`` holds the codes of the lines before it."""
    if not _CODE.fullmatch(code):
        return [Problem(number, _("区划代码“%(code)s”不是6位数字") % {"code": code})]
    problems = []
    if code in rows:
        message = _("区划代码“%(code)s”与第%(first)d行重复")
        problems.append(Problem(number, message % {"code": code, "first": rows[code][0]}))
    if not name:
        problems.append(Problem(number, _("区划代码“%(code)s”缺少名称") % {"code": code}))
    elif len(name) > NAME_MAX_LENGTH:
        message = _("区划代码“%(code)s”的名称超过%(max)d个字")
        problems.append(Problem(number, message % {"code": code, "max": NAME_MAX_LENGTH}))
    return problems


def _province_problems(rows: dict[str, tuple[int, str]]) -> list[Problem]:
    """Every code's province (PP0000) must be in the list too."""
    problems = []
    for code, (number, _name) in rows.items():
        province = code[:2] + "0000"
        if province not in rows:
            message = _("区划代码“%(code)s”所属的省级区划“%(province)s”不在列表中")
            problems.append(Problem(number, message % {"code": code, "province": province}))
    return problems


def parent_code(code: str, listed: Container[str]) -> str | None:
    """The parent of a code within a list: PPCCDD → PPCC00 if listed, else PP0000.

    So municipality districts (PP01DD) and directly administered county-level units (PP90DD),
    which have no PPCC00 row, hang from the province.
    """
    candidates = parent_codes(code)
    for candidate in candidates:
        if candidate in listed:
            return candidate
    return candidates[-1] if candidates else None


def parse_division_list(source: str | PathLike | Iterable[str]) -> list[Division]:
    """Read and check a list (a path, or an iterable of lines) without touching the database.

    Raises ``RegionListError`` with every problem found.
    """
    problems: list[Problem] = []
    rows: dict[str, tuple[int, str]] = {}  # code → (line number, name), first occurrence
    for number, text in _numbered_lines(source, problems):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = stripped.split(maxsplit=1)
        code, name = parts[0], parts[1].strip() if len(parts) > 1 else ""
        problems += _line_problems(number, code, name, rows)
        if _CODE.fullmatch(code) and code not in rows:
            rows[code] = (number, name)
    problems += _province_problems(rows)
    if problems:
        raise RegionListError(problems)
    return [
        Division(number, code, name, parent_code(code, rows))
        for code, (number, name) in rows.items()
    ]


# --- Loading -------------------------------------------------------------------------------


@dataclass
class _Plan:
    report: LoadReport
    to_add: list[Division] = field(default_factory=list)
    to_update: list[Region] = field(default_factory=list)
    new_parents: dict[str, str | None] = field(default_factory=dict)  # code → parent code
    former_names: list[RegionName] = field(default_factory=list)
    stale_dataset_year: bool = False  # some listed code was last seen in an earlier year


def _existing_regions(*, lock: bool) -> dict[str, Region]:
    regions = Region.objects.order_by()
    if lock:
        # Serialises concurrent loads on databases with row locks; SQLite locks on BEGIN.
        regions = regions.select_for_update()
    return {region.code: region for region in regions}


def _newest_year(existing: dict[str, Region]) -> int | None:
    return max((region.dataset_year for region in existing.values()), default=None)


def _refuse_older_year(newest: int | None, year: int) -> None:
    if newest is not None and year < newest:
        raise OutdatedListError(
            _("已导入%(newest)d年的区划列表，不能再导入更早的%(year)d年列表")
            % {"newest": newest, "year": year}
        )


def _plan_listed(plan: _Plan, division: Division, region: Region, code_of: dict[int, str]) -> None:
    """Compare one listed code with its row; change the row in memory only."""
    report = plan.report
    plan.stale_dataset_year |= region.dataset_year != report.year
    changed = False
    if region.name != division.name:
        plan.former_names.append(
            RegionName(region=region, name=region.name, until_year=report.year - 1)
        )
        region.name = division.name
        report.renamed += 1
        changed = True
    if region.level != division.level or code_of.get(region.parent_id) != division.parent_code:
        region.level = division.level
        plan.new_parents[region.code] = division.parent_code
        report.moved += 1
        changed = True
    if region.retired_year is not None:
        region.retired_year = None
        report.restored += 1
        changed = True
    if changed:
        plan.to_update.append(region)
    else:
        report.unchanged += 1


def _plan(divisions: list[Division], existing: dict[str, Region], year: int) -> _Plan:
    plan = _Plan(report=LoadReport(year=year, previous_year=_newest_year(existing)))
    code_of = {region.pk: code for code, region in existing.items()}
    for division in divisions:
        region = existing.get(division.code)
        if region is None:
            plan.to_add.append(division)
            plan.report.added += 1
        else:
            _plan_listed(plan, division, region, code_of)
    listed = {division.code for division in divisions}
    for code, region in existing.items():
        if code not in listed and region.retired_year is None:
            region.retired_year = year
            plan.to_update.append(region)
            plan.report.retired += 1
    return plan


def _insert(divisions: list[Division], pk_of: dict[str, int], year: int) -> None:
    """Insert level by level, so every parent has its primary key before its children."""
    for level in (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY):
        regions = [
            Region(
                code=division.code,
                name=division.name,
                level=division.level,
                parent_id=pk_of[division.parent_code] if division.parent_code else None,
                first_year=year,
                dataset_year=year,
            )
            for division in divisions
            if division.level == level
        ]
        Region.objects.bulk_create(regions)
        if any(region.pk is None for region in regions):  # a backend that returns no keys
            codes = [region.code for region in regions]
            pk_of.update(Region.objects.filter(code__in=codes).values_list("code", "pk"))
        else:
            pk_of.update((region.code, region.pk) for region in regions)


def _apply(plan: _Plan, existing: dict[str, Region], year: int) -> None:
    pk_of = {code: region.pk for code, region in existing.items()}
    _insert(plan.to_add, pk_of, year)
    for region in plan.to_update:
        if region.code in plan.new_parents:
            parent = plan.new_parents[region.code]
            region.parent_id = pk_of[parent] if parent else None
    Region.objects.bulk_update(plan.to_update, ["name", "level", "parent", "retired_year"])
    RegionName.objects.bulk_create(plan.former_names)
    if plan.stale_dataset_year:  # else an identical reload would still issue an UPDATE
        Region.objects.current().exclude(dataset_year=year).update(dataset_year=year)


def load_division_list(
    lines_or_path: str | PathLike | Iterable[str], *, year: int, dry_run: bool = False
) -> LoadReport:
    """Load one year's list (a path, or an iterable of ``code name`` lines) into ``Region``.

    Raises ``RegionListError`` (every problem, with line numbers) or ``OutdatedListError``
    and then changes nothing. With ``dry_run`` it only reports what it would change.
    """
    divisions = parse_division_list(lines_or_path)
    with transaction.atomic():
        existing = _existing_regions(lock=not dry_run)
        _refuse_older_year(_newest_year(existing), year)
        plan = _plan(divisions, existing, year)
        plan.report.dry_run = dry_run
        if not dry_run:
            _apply(plan, existing, year)
    return plan.report
