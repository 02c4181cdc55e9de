"""Document numbers (发文字号) as the State Council's rules for official documents write them:
机关代字 + year in hexagonal brackets 〔〕 + serial + 号, e.g. 民函〔2009〕148号.
"""

import re

from lib.codes import gettext_noop

# Brackets people type instead of 〔〕: [] () （） 【】 〈〉 ［］ ｛｝ and the like.
_OPEN = "〔[(（【〈［｛{<《"
_CLOSE = "〕])）】〉］｝}>》"
_PATTERN = re.compile(
    rf"^(?P<prefix>[\u4e00-\u9fff]{{1,12}})\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?P<serial>\d{{1,5}})\s*号$"
)


def normalise_document_number(value: str) -> str:
    """Return the number written with 〔〕 and no spaces; raise ValueError with a plain
    Chinese message when it is not a document number at all."""
    text = value.strip().replace(" ", "").replace("\u3000", "")
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(
            gettext_noop("发文字号格式应为“机关代字〔年份〕序号号”，如 民函〔2009〕148号。")
        )
    year = int(match["year"])
    if not 1949 <= year <= 2100:
        raise ValueError(gettext_noop("发文字号中的年份不正确。"))
    serial = int(match["serial"])
    if serial == 0:
        raise ValueError(gettext_noop("发文字号的序号不能为0。"))
    return f"{match['prefix']}〔{year}〕{serial}号"
