"""Unrelated articles of a 年报 column (notices, a 图解 of a report) and the signing date of a report."""

from __future__ import annotations

import random
from datetime import date, timedelta

Block = tuple[str, object]


# (title, months it is published in, whether it is dated in the year after {y}); {a} agency, {y} year.
NOTICES = (
    ("{a}{y}年部门预算公开", (2, 3), False),
    ("{a}{y}年度部门决算公开", (7, 9), True),
    ("{y}年政府信息公开工作要点", (3, 5), False),
    ("关于印发《{a}{y}年政务公开工作要点》的通知", (3, 5), False),
    ("关于做好{y}年政府信息公开工作年度报告编制工作的通知", (12, 12), False),
    ("{a}{y}年法治政府建设年度报告", (1, 3), True),
    ("{a}{y}年度政府网站工作年度报表", (1, 1), True),
    ("{a}{y}年公开招聘编外工作人员公告", (4, 10), False),
    ("{a}政府信息公开指南（{y}年修订）", (5, 11), False),
    ("关于{y}年第三季度政府网站和政务新媒体检查情况的通报", (10, 11), False),
)


def notice_blocks(title: str, agency: str, published_on: date, rng: random.Random) -> list[Block]:
    """A short unrelated article: enough text to look real, no report tables."""
    lines = [
        f"为进一步做好相关工作，现将《{title}》有关事项公布如下。",
        f"{agency}认真贯彻落实上级部署，结合工作实际，明确责任分工，确保各项任务落到实处。",
        "各科室、各直属单位要高度重视，按照要求认真组织实施，如有问题请及时与办公室联系。",
    ]
    blocks: list[Block] = [("p", line) for line in lines[: rng.randint(2, 3)]]
    return blocks + [
        ("sign", agency),
        ("sign", f"{published_on.year}年{published_on.month}月{published_on.day}日"),
    ]


def explainer_blocks(report_title: str, agency: str) -> list[Block]:
    """A 图解 (illustrated digest) of a report: names the report, prints none of its tables."""
    return [
        ("p", f"为便于公众直观了解《{report_title}》的主要内容，{agency}对报告进行了图解。"),
        (
            "p",
            "图解内容包括主动公开、依申请公开、政府信息管理、平台建设和监督保障五个方面，报告全文请查阅政府信息公开年报栏目。",
        ),
    ]


def signed_before(published_on: date, rng: random.Random) -> date:
    """Reports are signed a few days before they go online."""
    return published_on - timedelta(days=rng.randint(0, 6))
