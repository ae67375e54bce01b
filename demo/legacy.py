"""A 2018 report in the pre-2019 structure: seven sections and one 统计指标/单位/统计数 table.

The pipeline must recognise it as a report outside the scope of the 2019/2021 formats (no 第二十条
blocks, no applicant columns), so its truth has status ``out_of_scope`` and no facts.
"""

from __future__ import annotations

import random

from .narrative import Block
from .tables import Skin


def legacy_blocks(agency: str, skin: Skin, rng: random.Random) -> list[Block]:
    received = rng.randint(5, 60)
    answered = received - rng.randint(0, 2)
    stats = _statistics(received, answered, rng)
    return [
        (
            "p",
            f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。",
        ),
        ("h", "一、概述"),
        ("p", f"2018年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作有序推进。"),
        ("h", "二、主动公开政府信息情况"),
        (
            "p",
            f"全年主动公开政府信息{stats['主动公开政府信息数']}条，其中规范性文件{stats['主动公开规范性文件数']}件。",
        ),
        ("h", "三、依申请公开政府信息情况"),
        ("p", f"全年共受理政府信息公开申请{received}件，已全部办结{answered}件。"),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "本年度未收取任何费用。"),
        ("h", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        ("p", "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。"),
        ("h", "六、政府信息公开工作存在的主要问题及改进措施"),
        ("p", "信息公开的及时性和规范性仍需加强，下一步将进一步完善工作机制。"),
        ("h", "七、其他需要报告的事项"),
        ("p", "附表：政府信息公开情况统计表"),
        ("table", _table(stats, skin)),
    ]


def _statistics(received: int, answered: int, rng: random.Random) -> dict[str, int]:
    channels = _split(received, 4, rng)
    outcomes = _split(answered, 4, rng)
    published = rng.randint(100, 2000)
    return {
        "主动公开政府信息数": published,
        "主动公开规范性文件数": rng.randint(0, 20),
        "制发规范性文件总数": rng.randint(0, 20),
        "政府网站公开政府信息数": published,
        "回应公众关注热点或重大舆情数": rng.randint(0, 10),
        "收到申请数": received,
        "当面申请数": channels[0],
        "传真申请数": channels[1],
        "网络申请数": channels[2],
        "信函申请数": channels[3],
        "申请办结数": answered,
        "属于已主动公开范围数": outcomes[0],
        "同意公开答复数": outcomes[1],
        "不同意公开答复数": outcomes[2],
        "申请信息不存在数": outcomes[3],
        "行政复议数量": 0,
        "行政诉讼数量": 0,
        "举报投诉数量": rng.randint(0, 3),
        "从事政府信息公开工作人员数": rng.randint(1, 5),
    }


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


# (label as printed, unit, key of the statistic or None for a heading row)
_ROWS = (
    ("一、主动公开情况", "——", None),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "主动公开政府信息数"),
    ("其中：主动公开规范性文件数", "条", "主动公开规范性文件数"),
    ("制发规范性文件总数", "件", "制发规范性文件总数"),
    ("（二）通过政府网站公开政府信息数", "条", "政府网站公开政府信息数"),
    ("二、回应解读情况", "——", None),
    (
        "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
        "次",
        "回应公众关注热点或重大舆情数",
    ),
    ("三、依申请公开情况", "——", None),
    ("（一）收到申请数", "件", "收到申请数"),
    ("1.当面申请数", "件", "当面申请数"),
    ("2.传真申请数", "件", "传真申请数"),
    ("3.网络申请数", "件", "网络申请数"),
    ("4.信函申请数", "件", "信函申请数"),
    ("（二）申请办结数", "件", "申请办结数"),
    ("1.属于已主动公开范围数", "件", "属于已主动公开范围数"),
    ("2.同意公开答复数", "件", "同意公开答复数"),
    ("3.不同意公开答复数", "件", "不同意公开答复数"),
    ("4.申请信息不存在数", "件", "申请信息不存在数"),
    ("四、行政复议数量", "件", "行政复议数量"),
    ("五、行政诉讼数量", "件", "行政诉讼数量"),
    ("六、举报投诉数量", "件", "举报投诉数量"),
    ("七、从事政府信息公开工作人员数", "人", "从事政府信息公开工作人员数"),
)


def _table(stats: dict[str, int], skin: Skin) -> str:
    rows = [skin.cell("统计指标", width=360) + skin.cell("单位") + skin.cell("统计数")]
    for label, unit, key in _ROWS:
        rows.append(skin.cell(label) + skin.cell(unit) + skin.cell("——" if key is None else str(stats[key])))
    return skin.table(rows)
