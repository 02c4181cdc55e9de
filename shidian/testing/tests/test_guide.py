"""The user guide (docs/guide/) is whole: every chapter is in the index, every picture a
chapter shows is a real screenshot that ``make guide`` took, and no screenshot is left over
from a step the journeys no longer take. The axe-core report beside it records no failure."""

import re
from pathlib import Path

from PIL import Image

from shidian.testing.journey import VIEWPORT

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guide"
IMAGE = re.compile(r"!\[([^\]]*)\]\((img/[^)\s]+)\)")
CHAPTER = re.compile(r"\]\((\d\d-[\w-]+\.md)\)")


def chapters() -> list[Path]:
    return sorted(GUIDE.glob("[0-9][0-9]-*.md"))


def test_the_index_lists_every_chapter_and_only_existing_ones():
    linked = CHAPTER.findall((GUIDE / "README.md").read_text(encoding="utf-8"))
    assert sorted(set(linked)) == [path.name for path in chapters()]


def test_every_picture_is_a_screenshot_in_its_chapters_folder():
    for chapter in chapters():
        for caption, target in IMAGE.findall(chapter.read_text(encoding="utf-8")):
            assert caption.strip(), f"{chapter.name}: {target} has no description"
            assert target.startswith(f"img/{chapter.stem}/"), f"{chapter.name}: {target}"
            path = GUIDE / target
            assert path.is_file(), f"{chapter.name}: {target} is missing (run make guide)"
            with Image.open(path) as image:
                assert image.format == "PNG"
                assert image.size == (VIEWPORT["width"], VIEWPORT["height"]), target


def test_no_screenshot_is_left_unused():
    shown = {
        target for chapter in chapters() for _, target in IMAGE.findall(chapter.read_text("utf-8"))
    }
    taken = {str(path.relative_to(GUIDE)) for path in GUIDE.glob("img/**/*.png")}
    assert taken - shown == set(), "screenshots no chapter shows"


def test_the_axe_report_of_the_journeys_records_no_failure():
    report = (GUIDE / "axe-report.md").read_text(encoding="utf-8")
    assert report.startswith("# axe-core report")
    rows = [line for line in report.splitlines() if line.startswith("| ") and "`/" in line]
    assert len(rows) > 50, "the journeys audit every page they visit"
    failing = [row for row in rows if row.split("|")[4].strip() != "none"]
    assert failing == []
