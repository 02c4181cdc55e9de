import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Event
from audit.records import record
from regions.loader import (
    BUNDLED_LIST,
    LoadReport,
    OutdatedListError,
    RegionListError,
    load_division_list,
)

# 1980-2099: GB/T 2260 dates from 1980, and the range keeps "2260" in "gbt2260-2024.txt" out.
_YEAR_IN_NAME = re.compile(r"(?<![0-9])(19[89][0-9]|20[0-9]{2})(?![0-9])")


def year_from_file_name(path: Path) -> int | None:
    """The last plausible 4-digit year in the file name, if any."""
    years = _YEAR_IN_NAME.findall(path.name)
    return int(years[-1]) if years else None


class Command(BaseCommand):
    help = _("导入一个年度的行政区划代码列表（GB/T 2260），默认导入随附的2024年列表。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=BUNDLED_LIST,
            help=_("区划列表文件，每行“代码 名称”，UTF-8编码"),
        )
        parser.add_argument("--year", type=int, help=_("列表年份；缺省时取文件名中的四位年份"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只检查并报告变化，不写入数据库")
        )

    def handle(self, *args, path: Path, year: int | None, dry_run: bool, **options) -> None:
        year = year or year_from_file_name(path)
        if year is None:
            message = _("无法从文件名“%(name)s”得出年份，请用 --year 指定")
            raise CommandError(message % {"name": path.name})
        if not path.is_file():
            raise CommandError(_("找不到区划列表文件：%(path)s") % {"path": path})
        try:
            report = self._load(path, year, dry_run)
        except RegionListError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("区划列表有 %(count)d 处问题，未作任何更改") % {"count": len(error.problems)}
            ) from error
        except OutdatedListError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(report.summary())

    def _load(self, path: Path, year: int, dry_run: bool) -> LoadReport:
        """Load and write the audit row in one transaction: both stand or neither."""
        with transaction.atomic():
            report = load_division_list(path, year=year, dry_run=dry_run)
            if report.changed and not dry_run:
                record(
                    Event.REGIONS_LOAD,
                    actor=None,
                    actor_name="manage.py load_regions",
                    summary=report.summary(),
                    changes={"year": year, "file": path.name, **report.counts()},
                )
        return report
