"""Tables 2, 3 and 4 as grids with the official rowspans/colspans, and their HTML as CMS editors write it.

A ``Table`` is the printed grid (origin cells only, HTML-style) that every renderer draws: HTML here,
PDF (``pdf_layout``), DOCX (``docx_report``) and plain text (``text_report``). A ``Skin`` is the HTML
markup habit of one CMS (inline styles, Word-pasted ``MsoNormal`` paragraphs, bare ``<td>``); the grid
itself always follows the official format so that spans are exact.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from nianbao.core.catalog import (
    T3_COLUMNS,
    T3_OTHER_SINGLE,
    T3_OTHER_SPLIT,
    T3_RESULT_ROWS_COMMON,
    T4_GROUPS,
    metrics,
)

from .printing import PrintStyle

Texts = dict[str, str]  # metric -> printed cell text

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS = "三、本年度办理结果"
_T3_PART_HEADS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
_T4_OUTCOME_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_SHORT_LABELS = {
    "partially_granted": "（二）部分公开",
    "other.no_correction": "1.逾期不补正",
    "other.no_fee": "2.逾期不缴费",
}


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    role: str = "value"  # head | label | lead (a label spanning rows: 三、…, （三）不予公开) | value
    width: int | None = None  # the HTML width hint some editors leave


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # t2 | t3 | t4
    rows: list[list[Cell]]  # origin cells of each row, left to right
    header_rows: int  # rows repeated when the table continues on a new page
    n_cols: int

    def placed(self) -> list[tuple[int, int, Cell]]:
        """(row, column, cell) of every origin cell, columns counted as in an HTML table."""
        taken: set[tuple[int, int]] = set()
        out = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
                c += cell.colspan
        return out


# ---- table 2 ---------------------------------------------------------------------------------------

# (block, value header labels with their colspans, rows as (label, metric codes))
_T2_2021 = (
    ("第二十条第（一）项", (("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)),
     (("规章", "regulations"), ("行政规范性文件", "normative_docs")), ("issued", "repealed", "in_force")),
    ("第二十条第（五）项", (("本年处理决定数量", 3),), (("行政许可", "licensing"),), ("decisions",)),
    ("第二十条第（六）项", (("本年处理决定数量", 3),), (("行政处罚", "penalty"), ("行政强制", "coercion")), ("decisions",)),
    ("第二十条第（八）项", (("本年收费金额（单位：万元）", 3),), (("行政事业性收费", "fees"),), ("amount",)),
)  # fmt: skip
_T2_2019 = (
    ("第二十条第（一）项", (("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 1)),
     (("规章", "regulations"), ("规范性文件", "normative_docs")), ("new_made", "new_published", "total_published")),
    ("第二十条第（五）项", (("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)),
     (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")), ("prior_items", "change", "decisions")),
    ("第二十条第（六）项", (("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)),
     (("行政处罚", "penalty"), ("行政强制", "coercion")), ("prior_items", "change", "decisions")),
    ("第二十条第（八）项", (("上一年项目数量", 1), ("本年增/减", 2)), (("行政事业性收费", "fees"),), ("prior_items", "change")),
    ("第二十条第（九）项", (("采购项目数量", 1), ("采购总金额", 2)), (("政府集中采购", "procurement"),), ("items", "amount")),
)  # fmt: skip


def t2_tables(template: str, texts: Texts, *, split: bool) -> list[Table]:
    """Table 2 as one table with block header rows, or (``split``) one small table per block."""
    blocks = []
    for block, heads, rows, columns in _T2_2021 if template == "2021" else _T2_2019:
        lines = [
            [Cell(block, colspan=4, role="head")],
            [Cell("信息内容", role="head", width=160)] + [Cell(h, colspan=s, role="head") for h, s in heads],
        ]
        spans = [s for _, s in heads]
        for label, subject in rows:
            codes = [f"t2.{subject}.{col}" for col in columns]
            values = [Cell(texts[m], colspan=s) for m, s in zip(codes, spans, strict=True)]
            lines.append([Cell(label, role="label"), *values])
        blocks.append(lines)
    if split:
        return [Table("t2", lines, 2, 4) for lines in blocks]
    return [Table("t2", [line for lines in blocks for line in lines], 0, 4)]


# ---- table 3 ---------------------------------------------------------------------------------------


def t3_label(row: str, style: PrintStyle) -> str:
    if style.short_labels and row in _SHORT_LABELS:
        return _SHORT_LABELS[row]
    if style.typo_label and row == "withheld.law_prohibited":
        return "2.其他法律行政止公开"
    label = metrics()[f"t3.{row}.total"].row_label
    if style.spaced_labels:
        label = label.replace("情形，不计", "情 形，不计").replace("（七）总计", "（七）总 计")
    return label


def t3_table(other_shape: str, texts: Texts, style: PrintStyle) -> Table:
    """Table 3 with the 3-row header and the rowspans of the official format."""
    total_head = "总 计" if style.spaced_labels else "总计"
    rows: list[list[Cell]] = [
        [
            Cell(T3_CORNER, rowspan=3, colspan=3, role="head", width=300),
            Cell("申请人情况", colspan=7, role="head"),
        ],
        [
            Cell("自然人", rowspan=2, role="head"),
            Cell("法人或其他组织", colspan=5, role="head"),
            Cell(total_head, rowspan=2, role="head"),
        ],
        [Cell(head, role="head") for head in _T3_PART_HEADS],
    ]

    def values(row: str) -> list[Cell]:
        return [Cell(texts[f"t3.{row}.{col}"]) for col in T3_COLUMNS]

    def full_row(row: str) -> list[Cell]:
        return [Cell(t3_label(row, style), colspan=3, role="label"), *values(row)]

    rows += [full_row("new_received"), full_row("carried_in")]
    other_rows = T3_OTHER_SINGLE if other_shape == "single" else T3_OTHER_SPLIT
    groups: list[tuple[str | None, tuple[str, ...]]] = [(None, ("granted",)), (None, ("partially_granted",))]
    for head, prefix in (
        ("（三）不予公开", "withheld."),
        ("（四）无法提供", "unable."),
        ("（五）不予处理", "rejected."),
    ):
        groups.append((head, tuple(r for r in T3_RESULT_ROWS_COMMON if r.startswith(prefix))))
    groups.append((None, other_rows) if other_shape == "single" else ("（六）其他处理", other_rows))
    groups.append((None, ("total_handled",)))
    result_span = sum(len(members) for _, members in groups)
    first = True
    for head, members in groups:
        for i, row in enumerate(members):
            line = [Cell(T3_RESULTS, rowspan=result_span, role="lead")] if first else []
            first = False
            if head is None:
                line.append(Cell(t3_label(row, style), colspan=2, role="label"))
            else:
                if i == 0:
                    line.append(Cell(head, rowspan=len(members), role="lead"))
                line.append(Cell(t3_label(row, style), role="label"))
            rows.append(line + values(row))
    rows.append(full_row("carried_out"))
    return Table("t3", rows, 3, 10)


def t3_misaligned_spans(table: Table) -> Table:
    """Table 3 as Word pastes it into some CMSs: the 商业企业 values span two grid columns while their
    header spans one, and 科研机构's header spans two over values of one. Every row still prints seven
    values under seven headers; only the grid columns they cover disagree."""
    wider = {"申请人情况": 8, "法人或其他组织": 6, "科研机构": 2}
    first_value = len(T3_COLUMNS)  # values are the last seven origin cells of a data row

    def respan(row: list[Cell], r: int) -> list[Cell]:
        if r < table.header_rows:
            return [replace(c, colspan=wider.get(c.text, c.colspan)) for c in row]
        values = row[-first_value:]
        values = [values[0], replace(values[1], colspan=2), *values[2:]]
        return row[:-first_value] + values

    return replace(table, rows=[respan(row, r) for r, row in enumerate(table.rows)], n_cols=table.n_cols + 1)


# ---- table 4 ---------------------------------------------------------------------------------------


def t4_table(texts: Texts) -> Table:
    def heads(rowspan: int) -> list[Cell]:
        return [Cell(h, rowspan=rowspan, role="head") for h in _T4_OUTCOME_HEADS]

    codes = [f"t4.{g}.{o}" for g in T4_GROUPS for o in ("upheld", "corrected", "other", "pending", "total")]
    rows = [
        [Cell("行政复议", colspan=5, role="head"), Cell("行政诉讼", colspan=10, role="head")],
        heads(2)
        + [Cell("未经复议直接起诉", colspan=5, role="head"), Cell("复议后起诉", colspan=5, role="head")],
        heads(1) + heads(1),
        [Cell(texts[m]) for m in codes],
    ]
    return Table("t4", rows, 3, 15)


def report_tables(template: str, other_shape: str, texts: Texts, style: PrintStyle) -> dict[str, list[Table]]:
    return {
        "t2": t2_tables(template, texts, split=style.t2_split),
        "t3": [t3_table(other_shape, texts, style)],
        "t4": [t4_table(texts)],
    }


# ---- HTML ------------------------------------------------------------------------------------------


class Skin:
    """Cell and table markup of one page template."""

    def __init__(self, name: str, rng: random.Random) -> None:
        self.name = name
        self.rng = rng
        self.p_in_cells = name != "cms_c" or rng.random() < 0.5  # cms_c: sometimes <td><p>12</p></td>

    def table(self, rows: list[str]) -> str:
        body = "\n".join(f"<tr>{row}</tr>" for row in rows)
        if self.name == "cms_a":
            opening = '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;">'
        elif self.name == "cms_b":
            opening = (
                '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" '
                'style="border-collapse:collapse;border:none;">'
            )
        else:
            opening = '<table width="600" border="1" cellpadding="2" cellspacing="0" align="center">'
        return f"{opening}\n<tbody>\n{body}\n</tbody>\n</table>"

    def cell(self, text: str, *, rowspan: int = 1, colspan: int = 1, width: int | None = None) -> str:
        attrs = "".join(
            f' {name}="{value}"' for name, value in (("rowspan", rowspan), ("colspan", colspan)) if value > 1
        )
        if width and self.name != "cms_a":
            attrs += f' width="{width}"'
        if self.name == "cms_a":
            style = "border:1px solid #000000;padding:4px;text-align:center;vertical-align:middle;"
            return f'<td{attrs} style="{style}"><p style="text-align:center;"><span style="font-size:14px;">{text}</span></p></td>'
        if self.name == "cms_b":
            if text and self.rng.random() < 0.08:  # Word leaves a trailing &nbsp; in some cells
                text += "&nbsp;"
            style = "border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt;"
            inner = f'<p class="MsoNormal" align="center" style="text-align:center;"><span style="font-family:宋体;font-size:10.5pt;">{text}</span></p>'
            return f'<td{attrs} valign="center" style="{style}">{inner}</td>'
        inner = f"<p>{text}</p>" if self.p_in_cells and text else text
        return f'<td{attrs} align="center">{inner}</td>'

    def html(self, table: Table) -> str:
        return self.table(
            [
                "".join(self.cell(c.text, rowspan=c.rowspan, colspan=c.colspan, width=c.width) for c in row)
                for row in table.rows
            ]
        )


def plain_text(text: str) -> str:
    """A cell's text outside HTML: the lone ``&nbsp;`` of a blank cell is nothing."""
    return text.replace("&nbsp;", "")
