"""Label matching: every wording of FORMAT.md, metrics.csv and the reference reports finds its key,
and look-alikes do not collide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nianbao.core import labels
from nianbao.core.catalog import T3_ROWS, metrics
from nianbao.core.normalize import normalize_text

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def t3_key(*path: str, previous: str | None = None) -> str | None:
    match = labels.t3_row_key(list(path), previous=previous)
    return match.key if match else None


# ---------------------------------------------------------------- the catalog's own wording


@pytest.mark.parametrize("code", [c for c, m in metrics().items() if m.table == "t2"])
def test_every_t2_label_of_the_catalog(code):
    m = metrics()[code]
    _, row, column = code.split(".")
    assert labels.t2_row_key(m.row_label) == row
    assert labels.t2_column_key(m.column_label) == column
    assert labels.t2_block(m.block) == labels.T2_ROW_BLOCK[row]


@pytest.mark.parametrize("code", [c for c, m in metrics().items() if m.table == "t3"])
def test_every_t3_label_of_the_catalog(code):
    m = metrics()[code]
    row, column = code[3:].rsplit(".", 1)
    assert t3_key(m.block, m.row_label) == row
    assert labels.t3_column_key(m.column_label) == column


@pytest.mark.parametrize("code", [c for c, m in metrics().items() if m.table == "t4"])
def test_every_t4_label_of_the_catalog(code):
    m = metrics()[code]
    assert labels.t4_column_key(m.block + m.column_label) == code[3:]


# ---------------------------------------------------------------- wording seen on real pages


@pytest.mark.parametrize(
    ("path", "previous", "expected"),
    [
        (["⼀、本年新收政府信息公开申请数量"], None, "new_received"),  # Kangxi ⼀ from a PDF font
        (["二、上年结转政府信息公开申请数量"], None, "carried_in"),
        (["三、本年度办理结果（一）予以公开"], None, "granted"),
        (["三 、 本 年 度 办 理 结 果", "（一）予以公开"], None, "granted"),
        (["（二）部分公开"], None, "partially_granted"),
        (["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], None, "partially_granted"),
        (["（三）不予公开 1.属于国家秘密"], None, "withheld.state_secret"),
        (["（三）不予公开", "2.其他法律行政法规禁止公\n开"], None, "withheld.law_prohibited"),
        (["（三）不予公开", "2.其他法律行政止公开"], None, "withheld.law_prohibited"),  # typo of real pages
        (["3.危及“三安全一稳定”"], None, "withheld.security_stability"),
        (['3.危及"三安全一稳定"'], None, "withheld.security_stability"),
        (["3.危及三安全一稳定"], None, "withheld.security_stability"),
        (["4．保护第三方合法权益"], None, "withheld.third_party"),
        (["5、属于三类内部事务信息"], None, "withheld.internal_affairs"),
        (["6.属于四类过程性信息"], None, "withheld.process_info"),
        (["7.属于行政执法案卷"], None, "withheld.enforcement_file"),
        (["8.属于行政查询事项"], None, "withheld.query_matter"),
        (["（四）无法提供", "1.本机关不掌握相关政府信息"], None, "unable.not_held"),
        (
            [
                "2.没有现成信息需要另⾏制",
            ],
            None,
            "unable.needs_creation",
        ),
        (["3.补正后申请内容仍不明确"], None, "unable.unclear"),
        (["（五）不予处理", "1.信访举报投诉类申请"], None, "rejected.petition"),
        (["2.重复申请"], None, "rejected.duplicate"),
        (["3.要求提供公开出版物"], None, "rejected.publication"),
        (["4.⽆正当理由⼤量反复申请"], None, "rejected.vexatious"),
        (
            [
                "5.要求⾏政机关确认或重新",
            ],
            None,
            "rejected.confirmation",
        ),
        (["5.要求行政机关确认或重新出具已获取信息"], None, "rejected.confirmation"),
        (
            ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
            None,
            "other.no_correction",
        ),
        (["（六）其他处理", "1.逾期不补正"], None, "other.no_correction"),
        (
            ["（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
            None,
            "other.no_fee",
        ),
        (["（六）其他处理", "2.逾期不缴费"], None, "other.no_fee"),
        (["（六）其他处理", "3.其他"], None, "other.misc"),
        (["3.其他"], "other.no_fee", "other.misc"),  # group cell missing: the row above tells
        (["（六）其他\n处理", "3.其他（含申请人撤回）"], None, "other.misc"),
        (["三、本年度办理结果", "（六）其他处理"], None, "other.unitemised"),
        (["（七）总计"], None, "total_handled"),
        (["（七）总 计"], None, "total_handled"),
        (["四、结转下年度继续办理"], None, "carried_out"),
    ],
)
def test_t3_rows_of_real_pages(path, previous, expected):
    assert t3_key(*path, previous=previous) == expected


@pytest.mark.parametrize(
    ("path", "previous", "expected"),
    [
        (["（三）不予公开"], None, None),  # a group label, not a row
        (["三、本年度办理结果"], None, None),
        (["（四）无法提供"], None, None),
        (["3.其他"], None, None),  # no （六） context: could be anything
        (["3.其他"], "rejected.confirmation", None),
        (["（五）不予处理", "4.无正当理由大量反复申请"], None, "rejected.vexatious"),
        (["（六）其他处理", "1.申请人无正当理由逾期不补正"], None, "other.no_correction"),
        (["（四）无法提供", "3.补正后申请内容仍不明确"], None, "unable.unclear"),
        (["（六）其他处理", "1.逾期不补正"], None, "other.no_correction"),
        (["（一）予以公开"], None, "granted"),
        (["（二）部分公开"], None, "partially_granted"),
        (["2.重复申请"], None, "rejected.duplicate"),
        (["2.其他法律行政法规禁止公开"], "other.no_fee", "withheld.law_prohibited"),  # not （六）3.其他
    ],
)
def test_t3_look_alikes_do_not_collide(path, previous, expected):
    assert t3_key(*path, previous=previous) == expected


def test_garbled_label_falls_back_to_its_numbering():
    match = labels.t3_row_key(["（三）不予公开", "4.保护■■■■■"])
    assert (match.key, match.how) == ("withheld.third_party", "numbering")


def test_all_t3_rows_are_catalog_rows():
    rules = {key for _, key in labels._T3_LEAF_RULES if key} | {"other.misc"}
    assert rules <= set(T3_ROWS)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("申请人情况自然人", "natural_person"),
        ("申请人情况法人或其他组织商业企业", "commercial"),
        ("商业\n企业", "commercial"),
        ("法人或其他组织" + "商业" + "企业", "commercial"),
        ("科研\n机构", "research"),
        ("社会公益组织", "social_welfare"),
        ("法律服务机构", "legal_services"),
        ("申请人情况法人或其他组织其他", "other_org"),
        ("其他", "other_org"),
        ("总 计", "total"),
        ("申请人情况总计", "total"),
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None),
        ("法人或其他组织", None),
        ("申请人情况", None),
    ],
)
def test_t3_columns(header, expected):
    assert labels.t3_column_key(header) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("行政复议结果维持", "review.upheld"),
        ("行政复议结果\n纠正", "review.corrected"),
        ("行政复议其他\n结果", "review.other"),
        ("行政复议尚未审结", "review.pending"),
        ("行政复议总计", "review.total"),
        ("行政法复议结果维持", "review.upheld"),  # typo of real pages
        ("行政诉讼未经复议直接起诉结果维持", "suit_direct.upheld"),
        ("行政诉讼未经复议直接起诉尚未审结", "suit_direct.pending"),
        ("行政诉讼复议后起诉其他结果", "suit_after_review.other"),
        ("行政诉讼复议后起诉总计", "suit_after_review.total"),
        ("行政诉讼", None),
        ("结果维持", None),
    ],
)
def test_t4_columns(header, expected):
    assert labels.t4_column_key(header) == expected


@pytest.mark.parametrize(
    ("label", "row"),
    [
        ("规章", "regulations"),
        ("行政规范性文件", "normative_docs"),
        ("规范性文件", "normative_docs"),
        ("⾏政规范性⽂件", "normative_docs"),
        ("行政许可", "licensing"),
        ("其他对外管理服务事项", "other_services"),
        ("行政处罚", "penalty"),
        ("行政强制", "coercion"),
        ("行政事业性收费", "fees"),
        ("政府集中采购", "procurement"),
        ("信息内容", None),
        ("其中：主动公开规范性文件数", None),
        ("3.其他", None),
    ],
)
def test_t2_rows(label, row):
    assert labels.t2_row_key(label) == row


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("本年制发件数", "issued"),
        ("本年废止件数", "repealed"),
        ("现行有效件数", "in_force"),
        ("本年新\n制作数量", "new_made"),
        ("本年新公开数量", "new_published"),
        ("对外公开总数量", "total_published"),
        ("上一年项目数量", "prior_items"),
        ("本年增/减", "change"),
        ("本年增／减", "change"),
        ("处理决定数量", "decisions"),
        ("本年处理决定数量", "decisions"),
        ("本年收费金额（单位：万元）", "amount"),
        ("采购项目数量", "items"),
        ("采购总金额", "amount"),
        ("信息内容", None),
        ("结果维持", None),
        ("其他结果", None),
    ],
)
def test_t2_columns(header, column):
    assert labels.t2_column_key(header) == column


def test_header_units():
    assert labels.header_unit("本年收费金额（单位：万元）") == "万元"
    assert labels.header_unit("采购总金额（元）") == "元"
    assert labels.header_unit("采购总金额") is None


@pytest.mark.parametrize(
    ("text", "block"),
    [("第二十条第（一）项", "一"), ("第二十条第(九)项", "九"), ("第 二十 条第（ 八 ）项", "八"), ("第二十条第（5）项", "五"),
     ("信息内容", None)],
)  # fmt: skip
def test_t2_blocks(text, block):
    assert labels.t2_block(text) == block


@pytest.mark.parametrize(
    ("heading", "numeral"),
    [
        ("总体情况", "一"),
        ("主动公开政府信息情况", "二"),
        ("收到和处理政府信息公开申请情况", "三"),
        ("政府信息公开行政复议、行政诉讼情况", "四"),
        ("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四"),
        ("政府信息公开行政法复议、行政诉讼情况", "四"),
        ("存在的主要问题及改进情况", "五"),
        ("政府信息公开工作存在的主要问题及改进情况", "五"),
        ("其他需要报告的事项", "六"),
        ("政务公开标准化建设", None),
    ],
)
def test_section_headings(heading, numeral):
    assert labels.section_numeral(heading) == numeral


def test_table_kinds_by_content():
    assert labels.table_kinds(["第二十条第（一）项", "信息内容", "本年制发件数", "规章", "2"]) == {"t2"}
    assert labels.table_kinds(["申请人情况", "自然人", "一、本年新收政府信息公开申请数量", "3"]) == {"t3"}
    merged = ["（七）总计", "四、结转下年度继续办理", "行政复议", "结果维持", "5"]
    assert labels.table_kinds(merged) == {"t3", "t4"}
    assert labels.table_kinds(["统计指标", "单位", "（一）收到申请数", "件", "2"]) == set()  # pre-2019
    assert labels.table_kinds(["索引号", "发布机构", "生成日期"]) == set()


def test_row_signals_tell_the_tables_apart():
    assert labels.is_t3_header("申请人情况") and not labels.is_t4_header("申请人情况")
    assert labels.is_t4_header("行政复议") and not labels.is_t3_header("行政复议")
    assert labels.is_t2_header("信息内容") and not labels.is_t2_header("（七）总计")
    assert not labels.is_t2_header("其他结果")


# ---------------------------------------------------------------- the reference reports, when present


def _reference(name: str) -> str:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path.read_text(encoding="utf-8")


def test_shanghai_2019_labels_map_in_format_order():
    text = _reference("shanghai_office_2019_tables.txt")
    block = text[text.index("[TABLE 3]") : text.index("[TABLE 4]")]
    keys = []
    for line in block.splitlines()[1:]:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) == 8 and not line.startswith("四、政府信息公开"):
            keys.append(t3_key(cells[0], previous=keys[-1] if keys else None))
    single_shape = [r for r in T3_ROWS if not r.startswith(("other.no_", "other.misc"))]
    assert keys == single_shape


def test_suqian_2023_labels_from_pdf_text():
    text = _reference("suqian_2023_pdf_text.txt")
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^(\S+?)\s+([0-9.]+(?:\s+[0-9.]+)*)$", line.strip())
        if m and labels.t2_row_key(m.group(1)):
            rows[labels.t2_row_key(m.group(1))] = m.group(2).split()
    assert rows == {
        "regulations": ["2", "0", "11"],
        "normative_docs": ["109", "489", "597"],
        "licensing": ["1808595"],
        "penalty": ["2822652"],
        "coercion": ["20163"],
        "fees": ["59237.2449"],
    }
    headers = re.findall(r"信息内容 (.+)", text)
    columns = [labels.t2_column_key(h) for line in headers for h in line.split()]
    assert columns[:3] == ["issued", "repealed", "in_force"]
    assert normalize_text("⾏政事业性收费") == "行政事业性收费"
