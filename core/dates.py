"""Publication dates as pages and texts print them: ``发布时间：2024-01-15``, ``发布日期 2024年1月15日``.

Shared by the HTML reader (after the CMS's meta tags) and the plain-text reader.
"""

from __future__ import annotations

import re

DATE = r"((?:19|20)[0-9]{2})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})"
_LABELLED_DATES = (
    re.compile(r"(?:发布时间|发布日期|发布于|发表时间|发文日期|公开日期|生成日期)\s*[:：]?\s*" + DATE),
    # A bare 时间/日期 label, but not 成文日期 (the signing date of a document, not its publication).
    re.compile(r"(?<!成文)(?:时间|日期)\s*[:：]\s*" + DATE),
)


def iso_date(year: str, month: str, day: str) -> str | None:
    """``YYYY-MM-DD`` of matched parts, or None when month or day is out of range."""
    y, m, d = int(year), int(month), int(day)
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def labelled_date(text: str) -> str | None:
    """The first valid date after a publication label (发布时间：…), as ISO, or None."""
    for pattern in _LABELLED_DATES:
        for m in pattern.finditer(text):
            if iso := iso_date(*m.groups()):
                return iso
    return None
