"""parse_number and normalize_text: examples from real tables, then properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.core.normalize import normalize_text, parse_number

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("text", "kind", "value", "note"),
    [
        ("859", "count", 859, ""),
        ("420（其中修订16件）", "count", 420, "其中修订16件"),
        ("12件", "count", 12, "件"),
        ("３０５", "count", 305, ""),
        ("1,808,595", "count", 1808595, ""),
        ("1，234", "count", 1234, ""),
        ("1 234", "count", 1234, ""),
        (" 7\u00a0", "count", 7, ""),
        ("1.2万", "count", 12000, "万"),
        ("0", "count", 0, ""),
        ("—", "count", 0, "—"),
        ("——", "count", 0, "——"),
        ("-", "count", 0, "-"),
        ("－", "count", 0, "－"),
        ("/", "count", 0, "/"),
        ("／", "count", 0, "／"),
        ("无", "count", 0, "无"),
        ("（无）", "count", 0, "无"),
        ("+3", "signed_count", 3, ""),
        ("-3", "signed_count", -3, ""),
        ("－3", "signed_count", -3, ""),
        ("−12", "signed_count", -12, ""),
        ("减少2", "signed_count", -2, "减少"),
        ("增加5项", "signed_count", 5, "增加；项"),
        ("251000元", "money_yuan", 251000, "元"),
        ("25.1万元", "money_yuan", 251000, "万元"),
        ("251,000", "money_yuan", 251000, ""),
        ("59237.2449", "money_wan", 59237.2449, ""),
        ("7730.28万元", "money_wan", 7730.28, "万元"),
        ("2950元", "money_wan", 0.295, "元"),
        ("1.2亿元", "money_wan", 12000, "亿元"),
    ],
)
def test_parse_number_reads_real_cells(text, kind, value, note):
    parsed = parse_number(text, kind)
    assert parsed.problem is None
    assert parsed.value == pytest.approx(value)
    assert parsed.note == note


@pytest.mark.parametrize("text", ["", " ", "\u00a0", "\u3000", "&nbsp;".replace("&nbsp;", "\u00a0 \t\n")])
def test_blank_is_none_not_zero(text):
    assert parse_number(text, "count") == (None, "", None)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("见附件", "no number"),
        ("12 13", "several numbers"),
        ("12，13", "several numbers"),
        ("3+2", "several"),
    ],
)
def test_text_that_is_not_one_number_is_a_problem(text, why):
    parsed = parse_number(text, "count")
    assert parsed.value is None
    assert why in parsed.problem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" 总 计 ", "总计"),
        ("情\u3000形", "情形"),
        ("⼈⺠政府", "人民政府"),  # Kangxi radical ⼈ (NFKC) and CJK radical ⺠ (map)
        ("⻅效⻓期⻔户⻜机⻢上⻋辆", "见效长期门户飞机马上车辆"),
        ("（二）部分公开（区分处理的，只计这一情形）", "(二)部分公开(区分处理的,只计这一情形)"),
        ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"'),
        ("１．属于国家秘密", "1.属于国家秘密"),
        ("〔2019〕60号", "(2019)60号"),
        ("商业\n企业", "商业企业"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


# ---------------------------------------------------------------- properties


def _with_separators(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(
    n=st.integers(min_value=0, max_value=10**12),
    sep=st.sampled_from(["", ",", "，"]),
    full_width=st.booleans(),
    unit=st.sampled_from(["", "件", "个", "项", "条"]),
    note=st.sampled_from(["", "（其中修订16件）", "(含转办3件)"]),
    pad=st.sampled_from(["", " ", "\u00a0", "\u3000", "\n"]),
)
def test_any_count_round_trips(n, sep, full_width, unit, note, pad):
    digits = _with_separators(n, sep) if sep else str(n)
    if full_width:
        digits = digits.translate(FULL_WIDTH)
    parsed = parse_number(f"{pad}{digits}{unit}{note}{pad}", "count")
    assert parsed.problem is None
    assert parsed.value == n


@given(n=st.integers(min_value=0, max_value=10**9), sign=st.sampled_from(["+", "-", "－", "−", ""]))
def test_any_signed_change_round_trips(n, sign):
    parsed = parse_number(f"{sign}{n}", "signed_count")
    assert parsed.value == (-n if sign in "-－−" and sign else n)


@given(yuan=st.integers(min_value=0, max_value=10**10))
def test_money_units_convert(yuan):
    assert parse_number(f"{yuan}元", "money_yuan").value == yuan
    assert parse_number(f"{yuan}元", "money_wan").value == pytest.approx(yuan / 10_000)
    assert parse_number(f"{yuan}万元", "money_yuan").value == yuan * 10_000


@given(
    dash=st.sampled_from(["—", "–", "-", "－", "——", "/", "／", "无", "0", "--", "―"]),
    pad=st.sampled_from(["", " "]),
)
def test_dash_likes_mean_zero(dash, pad):
    assert parse_number(pad + dash + pad, "count").value == 0


@given(blank=st.text(alphabet=" \t\n\r\u00a0\u3000\u2002\ufeff", max_size=6))
def test_blank_is_always_none(blank):
    assert parse_number(blank, "count") == (None, "", None)


@given(text=st.text(max_size=40), kind=st.sampled_from(["count", "signed_count", "money_wan", "money_yuan"]))
def test_parse_number_never_raises(text, kind):
    parsed = parse_number(text, kind)
    assert parsed.value is None or isinstance(parsed.value, float)
    if parsed.value is None and normalize_text(text):
        assert parsed.problem  # a printed cell that is not read says why


@given(text=st.text(max_size=60))
def test_normalize_text_is_idempotent_and_spaceless(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not any(ch.isspace() for ch in once)
