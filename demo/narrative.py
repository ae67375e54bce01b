"""The words of the pages: report sections, unrelated notices and the old pre-2019 report.

Content is a list of blocks — ("h", heading), ("h2", sub-heading), ("p", paragraph), ("table",
html), ("sign", right-aligned line) — that ``pages`` dresses in each CMS's markup. Numbers in the
narrative are read from the printed tables so narrative and tables agree.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .printing import PrintStyle
from .values import Values

Block = tuple[str, str]

_PUBLIC = (
    "{y}年，{a}坚持以公开为常态、不公开为例外，通过门户网站、政务新媒体等渠道主动公开政府信息{n}条。",
    "围绕中心工作，{y}年{a}及时公开重点领域信息，发布政策解读材料{k}篇，回应社会关切{m}次。",
    "{a}持续做好政策文件公开和解读，{y}年在门户网站“政府信息公开”专栏更新信息{n}条。",
)
_REQUESTS = (
    "{y}年，{a}本年新收政府信息公开申请{new}件，上年结转{carried_in}件，结转下年度继续办理{carried_out}件，均在法定期限内答复。",
    "全年共收到政府信息公开申请{new}件（不含上年结转{carried_in}件），结转下年度{carried_out}件，依法规范答复，未发生超期答复情况。",
)
_MANAGEMENT = (
    "严格落实公文公开属性源头认定机制，{y}年对拟发布信息逐条进行保密审查，未发生泄密事件。",
    "开展政府信息公开目录动态调整，{y}年清理更新主动公开基本目录事项{k}项。",
    "对照《条例》要求，{y}年集中清理现行有效行政规范性文件，及时更新公开专栏。",
)
_PLATFORM = (
    "优化门户网站政府信息公开专栏，{y}年新增调整栏目{k}个，提升信息检索便利度。",
    "发挥政务新媒体作用，{y}年通过政务微信公众号发布信息{m}条。",
)
_OVERSIGHT = (
    "将政务公开工作纳入年度目标考核，{y}年组织业务培训{k}次，参训{m}人次。",
    "建立政务公开工作自查机制，{y}年开展网站自查{k}次，及时整改发现的问题。",
)
_PROBLEMS = (
    "{y}年政府信息公开工作取得一定成效，但仍存在一些不足：一是政策解读形式不够丰富；二是依申请公开办理规范化水平有待提升；三是基层公开力度仍需加强。",
    "主要问题：一是主动公开内容的全面性、及时性有待提高；二是工作人员业务能力需进一步提升。",
)
_IMPROVEMENTS = (
    "{n}年，将进一步丰富解读形式，多用图表图解、音频视频等方式开展政策解读。",
    "{n}年，将加强业务培训，规范依申请公开办理流程，严格答复文书审核。",
    "{n}年，将持续推进政务公开标准化规范化建设，动态更新公开事项目录。",
)


def report_blocks(
    agency: str,
    year: int,
    facts: Values,
    style: PrintStyle,
    tables: dict[str, list[str]],
    rng: random.Random,
    signed_on: date,
) -> list[Block]:
    """The full report: intro, sections 一 … 六 with tables 2–4, signature."""
    fill = {
        "a": agency,
        "y": year,
        "n": rng.randint(80, 4000),
        "k": rng.randint(2, 60),
        "m": rng.randint(5, 300),
    }
    t3 = {
        key: _printed_int(facts, f"t3.{row}.total")
        for key, row in (
            ("new", "new_received"),
            ("carried_in", "carried_in"),
            ("carried_out", "carried_out"),
        )
    }
    blocks: list[Block] = [("p", _intro(agency, year, rng)), ("h", "一、总体情况")]
    for head, pool in (
        ("（一）主动公开", _PUBLIC),
        ("（二）依申请公开", _REQUESTS),
        ("（三）政府信息管理", _MANAGEMENT),
        ("（四）政府信息公开平台建设", _PLATFORM),
        ("（五）监督保障", _OVERSIGHT),
    ):
        blocks += [("h2", head), ("p", rng.choice(pool).format(**fill, **t3))]
    blocks.append(("h", "二、主动公开政府信息情况"))
    blocks += [("table", html) for html in tables["t2"]]
    blocks += [("h", "三、收到和处理政府信息公开申请情况"), ("table", tables["t3"][0])]
    blocks += [("h", _heading_four(style)), ("table", tables["t4"][0])]
    blocks += [("h", _heading_five(style)), ("p", rng.choice(_PROBLEMS).format(y=year))]
    blocks += [("p", text.format(n=year + 1)) for text in rng.sample(_IMPROVEMENTS, 2)]
    blocks += [("h", "六、其他需要报告的事项"), ("p", _other_matters(year, rng))]
    blocks += [("sign", agency), ("sign", f"{signed_on.year}年{signed_on.month}月{signed_on.day}日")]
    return blocks


def _printed_int(facts: Values, metric: str) -> int:
    value = facts.get(metric)
    return int(value) if value is not None else 0


def _intro(agency: str, year: int, rng: random.Random) -> str:
    basis = "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》要求编制。"
    scope = "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    period = rng.choice(
        (
            f"本年度报告中所列数据统计期限从{year}年1月1日到12月31日止。",
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        )
    )
    contact = f"如对本报告有疑问，请与{agency}办公室联系（电话：0579-8{rng.randint(1000000, 9999999)}）。"
    return basis + scope + period + contact


def _heading_four(style: PrintStyle) -> str:
    if style.typo_label:
        return "四、政府信息公开行政法复议、行政诉讼情况"
    return (
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    )[style.heading_variant % 2]


def _heading_five(style: PrintStyle) -> str:
    return ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")[
        style.heading_variant // 2
    ]


def _other_matters(year: int, rng: random.Random) -> str:
    """Since 2021 section 六 states the 信息处理费 collected."""
    if year < 2021:
        return rng.choice(("无。", "本年度无其他需要报告的事项。"))
    if rng.random() < 0.7:
        return f"{year}年，本机关未收取政府信息公开信息处理费。"
    cases = rng.randint(1, 3)
    return f"{year}年，本机关依据《政府信息公开信息处理费管理办法》对{cases}件申请收取信息处理费{cases * rng.choice((100, 140, 290, 420))}元。"


# ---- notices --------------------------------------------------------------------------------------

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
