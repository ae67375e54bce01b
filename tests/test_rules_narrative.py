"""What the narrative states: statistical period, numbers claimed for table cells, repeated text.

Sentences are quoted from real reports (上海市人民政府办公厅 2019, 宿迁市人民政府 2023) or worded as
real reports word them; the scope guards are what keeps the narrative hint from crying wolf.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from nianbao.transform.narrative import (
    containment,
    headings_in_text,
    narrative_claims,
    shingles,
    stated_period,
)


def _claims(text: str, year: int = 2019) -> dict[str, float]:
    return {c.kind: c.value for c in narrative_claims(text, year)}


@pytest.mark.parametrize(
    "text",
    [
        "本年度报告中所列数据统计期限从2023年1月1日到12月31日止。",
        "统计期限为2023年1月1日至2023年12月31日。",
        "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        "本年度报告中所列数据统计期限从２０２３年１月１日到１２月３１日止。",  # full-width digits
        "本报告统计时间为二〇二三年一月一日至十二月三十一日。",
        "本报告所列数据统计期限为\n2023年1月1日至2023年12月\n31日。",  # PDF line breaks
    ],
)
def test_a_full_year_period_is_read_in_every_wording(text):
    period = stated_period(text, 2023)
    assert (period.start, period.end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_a_wrong_period_is_read_as_printed():
    copied = stated_period("本年度报告中所列数据统计期限从2022年1月1日到12月31日止。", 2023)
    assert (copied.start, copied.end) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert "2022年1月1日" in copied.quote
    extended = stated_period("本报告数据统计时间截至2024年1月15日。", 2023)
    assert (extended.start, extended.end) == (None, dt.date(2024, 1, 15))


def test_no_stated_period_is_none():
    assert (
        stated_period("2023年，我市以习近平新时代中国特色社会主义思想为指导，2023年1月1日起施行。", 2023)
        is None
    )


def test_shanghai_counts_that_match_the_table_are_read():
    text = (
        "市政府办公厅代表市政府共受理政府信息公开申请859件，申请数量较去年回落12.3%；答复政府信息公开申请805件"
        "（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。"
    )
    assert _claims(text) == {"new_received": 859, "carried_in": 18}


def test_shanghai_combined_figure_is_not_read_as_granted():
    # 258 is 予以公开 and 部分公开 together (the table prints 258+12+1+1 and 3): another scope, no claim.
    assert _claims("予以公开及部分公开258件，占33.9%；不予公开35件，占4.34%；") == {}


def test_unable_to_provide_is_not_a_claim():
    # "无法提供265件" sums three rows (the table's 337; 265 is its 本机关不掌握 row): not a single cell,
    # and its wording (因…等原因) names a part; nianbao does not read it.
    assert _claims("因本机关不掌握等原因无法提供265件，占32.9%；不予处理158件，占19.6%；其他处理0件。") == {}


def test_shanghai_reviews_and_lawsuits():
    assert _claims("信息公开类行政复议7件，诉讼9件，均获维持。") == {"review": 7, "lawsuits": 9}


def test_suqian_results_after_a_region_wide_total():
    text = (
        "全市全年共收办政府信息公开申请案件3607件（市政府349件、市各有关部门933件），同比增长70.3%，其中，"
        "自然人申请3493件，法人或其他组织申请114件；予以公开1191件、部分公开328件、不予公开142件、"
        "无法提供1078件、不予处理406件、作其他处理（含申请人主动撤回申请）341件、转下年度办理121件。"
    )
    assert _claims(text, 2023) == {"granted": 1191, "partially_granted": 328, "carried_out": 121}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年，本机关本年新收政府信息公开申请21件，上年结转2件，结转下年度继续办理3件。",
         {"new_received": 21, "carried_in": 2, "carried_out": 3}),
        ("全年共收到政府信息公开申请1,234件（不含上年结转5件）。", {"new_received": 1234, "carried_in": 5}),
        ("本年度被申请行政复议2起，提起行政诉讼1起。", {"review": 2, "lawsuits": 1}),
        # another scope: the region, a channel, a part, another year, a comparison, a total that includes more
        ("全市共收到政府信息公开申请3607件。", {}),
        ("其中，通过网上申请平台收到政府信息公开申请30件。", {}),
        ("2022年收到政府信息公开申请50件。", {}),
        ("收到政府信息公开申请数较上年增加了12件。", {}),
        ("收到政府信息公开申请805件（含上年结转18件）。", {"carried_in": 18}),
        ("发生政府信息公开行政复议和行政诉讼案件5件。", {}),
        ("行政复议、诉讼共3件。", {}),
        ("予以公开或部分公开40件。", {}),
        ("收到政府信息公开申请12件次。", {}),
    ],
)  # fmt: skip
def test_claims_and_scope_guards(text, expected):
    assert _claims(text, 2023) == expected


def test_claims_quote_their_sentence():
    (claim,) = narrative_claims("依法做好依申请公开。2023年共受理政府信息公开申请\n100件。其他。", 2023)
    assert claim.metric == "t3.new_received.total" and claim.quote == "2023年共受理政府信息公开申请100件。"


def _random_text(seed: int, n: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def test_shingles_ignore_spacing_punctuation_and_figures():
    assert shingles("2023年收到申请21件。") == shingles("2024年，收到申请 305 件")
    assert shingles("短") == set()


def test_containment_is_the_share_of_this_years_text_found_last_year():
    old, new = _random_text(1, 400), _random_text(2, 400)
    assert containment(shingles(old), shingles(old)) == 1.0
    assert containment(shingles(new), shingles(old)) < 0.01
    share = containment(shingles(old[:240] + new[:160]), shingles(old))
    assert 0.55 < share < 0.62  # 236 of 396 shingles lie inside the copied 240 characters


def test_headings_run_into_the_text_are_found_by_their_official_words():
    text = "如对本报告有疑问，请与办公室联系（电话：0579-82784918）。一、总体情况\n（一）主动公开……二、主动公开政府信息情况"
    assert headings_in_text(text) == [1, 2]
    assert headings_in_text("……。四、因政府信息公开工作被申请行政复议、提起行政诉讼情况") == [4]
    assert headings_in_text("……。五、政府信息公开工作存在的主要问题及改进情况") == [5]
    # sub-points and the intro's list of contents are no headings
    assert (
        headings_in_text(
            "（一）主动公开政府信息情况。全文包括总体情况、主动公开政府信息情况。一是总体情况良好。"
        )
        == []
    )
