"""Build report DOCX files at test time with python-docx, laid out as agencies' Word files are: tables
with merged cells made by ``cell.merge()`` (real ``w:gridSpan``/``w:vMerge``), table 2 as one table per
第二十条 block, table 3 cut in two at a page break with its header repeated, table 4 with its three
header rows. Values come from a facts dict (metric code → number or None for a printed blank).
"""

from __future__ import annotations

from io import BytesIO

import docx
from docx.enum.text import WD_BREAK

from nianbao.core.catalog import T3_COLUMNS, T4_GROUPS, T4_OUTCOMES

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_PARTS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

T2_BLOCKS = {
    "2021": (
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
         (("规章", "regulations", ("issued", "repealed", "in_force")),
          ("行政规范性文件", "normative_docs", ("issued", "repealed", "in_force")))),
        ("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", "licensing", ("decisions",)),)),
        ("第二十条第（六）项", ("本年处理决定数量",),
         (("行政处罚", "penalty", ("decisions",)), ("行政强制", "coercion", ("decisions",)))),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", "fees", ("amount",)),)),
    ),
    "2019": (
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         (("规章", "regulations", ("new_made", "new_published", "total_published")),
          ("规范性文件", "normative_docs", ("new_made", "new_published", "total_published")))),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政许可", "licensing", ("prior_items", "change", "decisions")),
          ("其他对外管理服务事项", "other_services", ("prior_items", "change", "decisions")))),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("行政处罚", "penalty", ("prior_items", "change", "decisions")),
          ("行政强制", "coercion", ("prior_items", "change", "decisions")))),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"),
         (("行政事业性收费", "fees", ("prior_items", "change")),)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", "procurement", ("items", "amount")),)),
    ),
}  # fmt: skip

# Table 3 body: (group label or None, row label, row key). Group None with a "top" label spans 3 columns.
T3_TOP = (
    ("一、本年新收政府信息公开申请数量", "new_received"),
    ("二、上年结转政府信息公开申请数量", "carried_in"),
)
T3_GROUPS = (
    (None, (("（一）予以公开", "granted"),)),
    (None, (("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),)),
    ("（三）不予公开", (("1.属于国家秘密", "withheld.state_secret"), ("2.其他法律行政法规禁止公开", "withheld.law_prohibited"),
                   ("3.危及“三安全一稳定”", "withheld.security_stability"), ("4.保护第三方合法权益", "withheld.third_party"),
                   ("5.属于三类内部事务信息", "withheld.internal_affairs"), ("6.属于四类过程性信息", "withheld.process_info"),
                   ("7.属于行政执法案卷", "withheld.enforcement_file"), ("8.属于行政查询事项", "withheld.query_matter"))),
    ("（四）无法提供", (("1.本机关不掌握相关政府信息", "unable.not_held"), ("2.没有现成信息需要另行制作", "unable.needs_creation"),
                   ("3.补正后申请内容仍不明确", "unable.unclear"))),
    ("（五）不予处理", (("1.信访举报投诉类申请", "rejected.petition"), ("2.重复申请", "rejected.duplicate"),
                   ("3.要求提供公开出版物", "rejected.publication"), ("4.无正当理由大量反复申请", "rejected.vexatious"),
                   ("5.要求行政机关确认或重新出具已获取信息", "rejected.confirmation"))),
)  # fmt: skip
T3_OTHER = {
    "split": ("（六）其他处理", (("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction"),
                           ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other.no_fee"),
                           ("3.其他", "other.misc"))),
    "single": (None, (("（六）其他处理", "other.unitemised"),)),
}  # fmt: skip
T3_END = ((None, (("（七）总计", "total_handled"),)),)


def cell_text(value: float | None, kind: str = "") -> str:
    if value is None:
        return ""
    number = str(int(value)) if float(value).is_integer() else str(value)
    return number + ("元" if kind == "money_yuan" else "")


def _set(cell, text: str) -> None:
    cell.text = text


def _t2_tables(document, facts: dict, template: str) -> None:
    for block, columns, rows in T2_BLOCKS[template]:
        table = document.add_table(rows=2 + len(rows), cols=1 + len(columns))
        table.style = "Table Grid"
        _set(table.cell(0, 0).merge(table.cell(0, len(columns))), block)
        _set(table.cell(1, 0), "信息内容")
        for c, name in enumerate(columns, start=1):
            _set(table.cell(1, c), name)
        for r, (label, key, cols) in enumerate(rows, start=2):
            _set(table.cell(r, 0), label)
            for c, col in enumerate(cols, start=1):
                kind = "money_yuan" if f"t2.{key}.{col}" == "t2.procurement.amount" else ""
                _set(table.cell(r, c), cell_text(facts.get(f"t2.{key}.{col}"), kind))


def _t3_header(table) -> None:
    """Rows 0-2: the corner cell (3×3), 申请人情况, 自然人 | 法人或其他组织 (5) | 总计."""
    _set(table.cell(0, 0).merge(table.cell(2, 2)), T3_CORNER)
    _set(table.cell(0, 3).merge(table.cell(0, 9)), "申请人情况")
    _set(table.cell(1, 3).merge(table.cell(2, 3)), "自然人")
    _set(table.cell(1, 4).merge(table.cell(1, 8)), "法人或其他组织")
    _set(table.cell(1, 9).merge(table.cell(2, 9)), "总计")
    for c, name in enumerate(T3_PARTS, start=4):
        _set(table.cell(2, c), name)


def _t3_values(table, r: int, facts: dict, key: str) -> None:
    for c, column in enumerate(T3_COLUMNS, start=3):
        _set(table.cell(r, c), cell_text(facts.get(f"t3.{key}.{column}")))


def _t3_part(document, facts: dict, groups, *, top=(), bottom=(), stack: str = "") -> None:
    n_rows = 3 + len(top) + sum(len(rows) for _, rows in groups) + len(bottom)
    table = document.add_table(rows=n_rows, cols=10)
    table.style = "Table Grid"
    _t3_header(table)
    r = 3
    for label, key in top:
        _set(table.cell(r, 0).merge(table.cell(r, 2)), label)
        _t3_values(table, r, facts, key)
        r += 1
    first_result = r
    for group, rows in groups:
        if group:
            _set(table.cell(r, 1).merge(table.cell(r + len(rows) - 1, 1)), group)
        for label, key in rows:
            target = table.cell(r, 2) if group else table.cell(r, 1).merge(table.cell(r, 2))
            _set(target, label)
            _t3_values(table, r, facts, key)
            r += 1
    if r > first_result:
        # The vertical 三、本年度办理结果 (empty in the part after the page break, as Word leaves it).
        _set(table.cell(first_result, 0).merge(table.cell(r - 1, 0)), stack)
    for label, key in bottom:
        _set(table.cell(r, 0).merge(table.cell(r, 2)), label)
        _t3_values(table, r, facts, key)
        r += 1


def _t4_table(document, facts: dict) -> None:
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    _set(table.cell(0, 0).merge(table.cell(1, 4)), "行政复议")
    _set(table.cell(0, 5).merge(table.cell(0, 14)), "行政诉讼")
    _set(table.cell(1, 5).merge(table.cell(1, 9)), "未经复议直接起诉")
    _set(table.cell(1, 10).merge(table.cell(1, 14)), "复议后起诉")
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    for g, group in enumerate(T4_GROUPS):
        for o, outcome in enumerate(T4_OUTCOMES):
            _set(table.cell(2, g * 5 + o), outcomes[o])
            _set(table.cell(3, g * 5 + o), cell_text(facts.get(f"t4.{group}.{outcome}")))


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def report_docx(facts: dict, *, title: str, template: str, year: int, split_table3: bool = True) -> bytes:
    """A whole report: title, six sections with narrative, tables 2, 3 (split at a page break,
    header repeated) and 4."""
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph(f"本报告统计期限为{year}年1月1日至{year}年12月31日。")
    document.add_paragraph("一、总体情况")
    document.add_paragraph(
        f"{year}年，本机关坚持以公开为常态、不公开为例外，持续完善主动公开目录，规范办理依申请公开。"
    )
    document.add_paragraph("二、主动公开政府信息情况")
    _t2_tables(document, facts, template)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    shape = "single" if "t3.other.unitemised.total" in facts else "split"
    groups = T3_GROUPS + (T3_OTHER[shape],) + T3_END
    if split_table3:
        _t3_part(document, facts, groups[:3], top=T3_TOP, stack="三、本年度办理结果")
        page_break(document)
        document.add_paragraph("- 3 -")
        _t3_part(document, facts, groups[3:], bottom=(("四、结转下年度继续办理", "carried_out"),))
    else:
        _t3_part(
            document, facts, groups, top=T3_TOP, bottom=(("四、结转下年度继续办理", "carried_out"),),
            stack="三、本年度办理结果",
        )  # fmt: skip
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _t4_table(document, facts)
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph(
        "一是公开内容的规范性有待提高；二是政策解读形式还需丰富。下一步将加强培训，完善制度。"
    )
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph("本年度未收取信息处理费。")
    return to_bytes(document)


def to_bytes(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite_parts(data: bytes, change) -> bytes:
    """A copy of a DOCX package with ``change(name, bytes) -> bytes | None`` applied to each part
    (None drops the part); ``change("", b"")`` may return extra parts as a dict."""
    import zipfile

    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            changed = change(name, source.read(name))
            if changed is not None:
                target.writestr(name, changed)
        for name, blob in (change("", b"") or {}).items():
            target.writestr(name, blob)
    return out.getvalue()


def with_alt_chunk(data: bytes, html: str) -> bytes:
    """The DOCX with an HTML part imported whole at the end of its body (``w:altChunk``), as some
    systems export a web page "as Word"."""

    def change(name: str, blob: bytes):
        if name == "":
            return {"word/chunk1.html": html.encode("utf-8")}
        if name == "[Content_Types].xml":
            return blob.replace(
                b"<Default ", b'<Default Extension="html" ContentType="text/html"/><Default ', 1
            )
        if name == "word/_rels/document.xml.rels":
            rel = (
                b'<Relationship Id="rIdChunk1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/aFChunk" Target="chunk1.html"/></Relationships>'
            )
            return blob.replace(b"</Relationships>", rel)
        if name == "word/document.xml":
            return blob.replace(b"<w:sectPr", b'<w:altChunk r:id="rIdChunk1"/><w:sectPr', 1)
        return blob

    return rewrite_parts(data, change)
