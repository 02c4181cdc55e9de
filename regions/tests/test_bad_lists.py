import pytest

from regions.loader import RegionListError, load_division_list, parse_division_list
from regions.tests.lists import bundled_lines, edited, ensure_bundled_loaded, snapshot

BAD_LINES = [
    "110000 北京市",  # line 1
    "# comment lines and blank lines count for line numbers",  # line 2
    "",  # line 3
    "110101 东城区",  # line 4
    "11010X 西城区",  # line 5: not 6 digits
    "110105",  # line 6: no name
    "110101 东城区",  # line 7: duplicate of line 4
    "990101 某县",  # line 8: province 990000 absent
]


def problems_of(lines) -> list[tuple[int, str]]:
    with pytest.raises(RegionListError) as error:
        parse_division_list(lines)
    return [(problem.line, str(problem)) for problem in error.value.problems]


def test_it_reports_every_problem_with_its_line_number():
    assert problems_of(BAD_LINES) == [
        (5, "第5行：区划代码“11010X”不是6位数字"),
        (6, "第6行：区划代码“110105”缺少名称"),
        (7, "第7行：区划代码“110101”与第4行重复"),
        (8, "第8行：区划代码“990101”所属的省级区划“990000”不在列表中"),
    ]


def test_it_rejects_full_width_digits_and_overlong_names():
    assert problems_of(["１１００００ 北京市", "110000 " + "长" * 65]) == [
        (1, "第1行：区划代码“１１００００”不是6位数字"),
        (2, "第2行：区划代码“110000”的名称超过64个字"),
    ]


def test_it_reports_a_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbt2260-2025.txt"
    path.write_bytes("110000 北京市\n".encode() + "110101 东城区\n".encode("gb18030"))

    with pytest.raises(RegionListError) as error:
        parse_division_list(path)

    assert [str(problem) for problem in error.value.problems] == ["第2行：不是UTF-8编码的文本"]


def test_it_reads_a_file_with_a_byte_order_mark_and_crlf(tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes("\ufeff110000 北京市\r\n110101 东城区\r\n".encode())

    divisions = parse_division_list(path)

    assert [(d.code, d.name, d.parent_code) for d in divisions] == [
        ("110000", "北京市", None),
        ("110101", "东城区", "110000"),
    ]


@pytest.mark.django_db
def test_it_changes_nothing_when_a_list_has_problems():
    ensure_bundled_loaded()
    before = snapshot()
    # A later list that would rename, drop and add, were it not for four bad lines.
    bad = ["11010X 西城区", "110199", "110101 东城区", "990101 某县"]
    lines = edited(bundled_lines(), rename={"360102": "东湖新区"}, drop={"360103"}) + bad

    with pytest.raises(RegionListError) as error:
        load_division_list(lines, year=2025)

    first_bad = len(lines) - 3
    assert [problem.line for problem in error.value.problems] == [
        first_bad,
        first_bad + 1,
        first_bad + 2,
        first_bad + 3,
    ]
    assert snapshot() == before
