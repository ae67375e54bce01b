"""Build report PDFs at test time with reportlab (never commit binary PDFs).

``ReportPdf`` lays a report out the way Word prints one: A4, a centred title, body paragraphs, ruled
tables with merged cells (or the same tables without ruling lines), tables running over page breaks
with or without their header repeated, a page footer "- n -". Table cells wrap by width, so a narrow
column stacks its characters (三/、/本/年/度…) and long labels wrap with their numbers centred between
the label's lines. The sample reports draw the numbers of two real reports (``reportdata``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from nianbao.core.catalog import T3_COLUMNS, T4_GROUPS, T4_OUTCOMES

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_W, PAGE_H = A4
MARGIN = 72.0
BODY = 12.0
CELL = 10.5
PAD = 2.5
LEADING = 1.3  # line height / font size inside table cells
TEXT_W = PAGE_W - 2 * MARGIN
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class SpecCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    align: str = "center"  # "center" | "left"


@dataclass
class TableSpec:
    widths: list[float]
    rows: list[list[SpecCell]]
    header_rows: int = 0
    size: float = CELL
    ruled: bool = True
    repeat_header: bool = True
    # Force a page break before row ``break_at[0]`` after ``break_at[1]`` of its lines (0: before it).
    break_at: tuple[int, int] | None = None
    valign: str = "center"  # where a cell's lines sit in a taller row: "center", "top", "bottom"
    continued_note: str = ""  # printed above the table's continuation on the next page ("续表")
    open_sides: bool = False  # no outer left and right border (a common Word table style)
    header_alone: bool = False  # the header may be left alone at the foot of a page (no "keep with next")


@dataclass
class _Placed:
    spec: SpecCell
    row: int
    col: int
    lines: list[str] = field(default_factory=list)


class ReportPdf:
    """A report being drawn page by page; ``bytes()`` ends it."""

    def __init__(
        self,
        *,
        fake_bold: bool = False,
        running_header: str = "",
        footer: str = "- {n} -",
        encrypt: str | None = None,
    ) -> None:
        self.buffer = BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=A4, encrypt=encrypt)
        self.fake_bold = fake_bold
        self.running_header = running_header
        self.footer = footer
        self.page = 1
        self.y = PAGE_H - MARGIN  # top of the free space, reportlab coordinates (from the bottom)
        self._decorate()

    # ------------------------------------------------------------ pages and text

    def _decorate(self) -> None:
        if self.running_header:
            self.text(PAGE_W / 2, PAGE_H - 45, self.running_header, 9, align="center")
        if self.footer:
            self.text(PAGE_W / 2, 40, self.footer.format(n=self.page), 10.5, align="center")

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN
        self._decorate()

    def text(self, x: float, baseline: float, s: str, size: float, align: str = "left") -> None:
        c = self.canvas
        c.setFont(FONT, size)
        if align == "center":
            x -= pdfmetrics.stringWidth(s, FONT, size) / 2
        c.drawString(x, baseline, s)
        if self.fake_bold:  # the same text again, slightly offset, as Word's fake bold does
            c.drawString(x + 0.35, baseline + 0.1, s)

    def title(self, lines: list[str], size: float = 18) -> None:
        for line in lines:
            self.y -= size * 1.5
            self.text(PAGE_W / 2, self.y, line, size, align="center")
        self.y -= size

    def paragraph(self, s: str, size: float = BODY, indent: bool = True, width: float = TEXT_W) -> None:
        first = "\u3000\u3000" if indent else ""
        for line in wrap(first + s, width, size):
            if self.y - size * 1.6 < MARGIN:
                self.new_page()
            self.y -= size * 1.6
            self.text(MARGIN, self.y, line, size)

    def heading(self, s: str) -> None:
        self.paragraph(s, indent=False)

    def right_aligned(self, s: str, size: float = BODY) -> None:
        self.y -= size * 1.6
        self.text(PAGE_W - MARGIN - pdfmetrics.stringWidth(s, FONT, size), self.y, s, size)

    def space(self, points: float) -> None:
        self.y -= points

    def bytes(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()

    # ------------------------------------------------------------ tables

    def table(self, spec: TableSpec) -> None:
        """Draw a table from the current position, breaking it over pages as Word does."""
        placed = _place(spec)
        heights = _row_heights(spec, placed)
        line_h = spec.size * LEADING
        repeat = list(range(spec.header_rows)) if spec.repeat_header else []
        if not spec.header_alone and self.y - sum(heights[: spec.header_rows + 2]) < MARGIN:
            self.new_page()  # a header is never left alone at the foot of a page
        top, r, skip, first = self.y, 0, 0, True
        while r < len(spec.rows):
            start, start_skip, used, end_lines = r, skip, 0.0, 0
            while r < len(spec.rows):
                if first and spec.break_at and spec.break_at[0] == r and not skip and r > start:
                    end_lines = skip = spec.break_at[1]
                    break
                need = (_row_lines(placed, r) - skip) * line_h + 2 * PAD if skip else heights[r]
                if used + need > top - MARGIN and used:
                    break
                used += need
                r, skip = r + 1, 0
            self._draw_segment(spec, placed, heights, top, start, r, start_skip, end_lines)
            first = False
            if r < len(spec.rows):
                self.new_page()
                if spec.continued_note:
                    self.y -= BODY * 1.6
                    self.text(MARGIN, self.y, spec.continued_note, BODY)
                    self.y -= 4
                top = self._draw_rows(spec, placed, heights, self.y, repeat) if repeat else self.y
            else:
                self.y = top - used
        self.y -= 6

    def table_at_foot(self, spec: TableSpec, keep: int, heading: str = "") -> None:
        """Draw ``heading`` and ``spec`` at the foot of a page so that only the table's first ``keep``
        rows fit there and the rest runs onto the next page, as when the text before fills the page."""
        heights = _row_heights(spec, _place(spec))
        need = (BODY * 1.6 if heading else 0.0) + sum(heights[:keep]) + 1
        if self.y - need < MARGIN:
            self.new_page()
        self.space(self.y - MARGIN - need)
        if heading:
            self.heading(heading)
        spec.header_alone = True
        self.table(spec)

    def _draw_rows(
        self, spec: TableSpec, placed: list[_Placed], heights: list[float], top: float, rows: list[int]
    ) -> float:
        self._draw_segment(spec, placed, heights, top, rows[0], rows[-1] + 1, 0, 0)
        return top - sum(heights[r] for r in rows)

    def _draw_segment(
        self,
        spec: TableSpec,
        placed: list[_Placed],
        heights: list[float],
        top: float,
        start: int,
        end: int,
        start_skip: int,
        end_lines: int,
    ) -> None:
        """Rows ``start``..``end`` (exclusive; plus ``end_lines`` lines of row ``end`` when a row is split)
        from ``top`` down; a first row shown from line ``start_skip`` on."""
        line_h = spec.size * LEADING
        ys = [top]
        for r in range(start, end):
            h = (
                (_row_lines(placed, r) - start_skip) * line_h + 2 * PAD
                if r == start and start_skip
                else heights[r]
            )
            ys.append(ys[-1] - h)
        if end_lines:
            ys.append(ys[-1] - end_lines * line_h - 2 * PAD)
        last = end + (1 if end_lines else 0)
        xs = [MARGIN]
        for w in spec.widths:
            xs.append(xs[-1] + w)
        for cell in placed:
            r0, r1 = cell.row, cell.row + cell.spec.rowspan
            if r1 <= start or r0 >= last:
                continue
            v0, v1 = max(r0, start), min(r1, last)
            x0, x1 = xs[cell.col], xs[cell.col + cell.spec.colspan]
            y_top, y_bottom = ys[v0 - start], ys[v1 - start]
            if spec.ruled:
                c = self.canvas
                c.setLineWidth(0.5)
                c.line(x0, y_top, x1, y_top)
                c.line(x0, y_bottom, x1, y_bottom)
                if not (spec.open_sides and cell.col == 0):
                    c.line(x0, y_bottom, x0, y_top)
                if not (spec.open_sides and cell.col + cell.spec.colspan == len(spec.widths)):
                    c.line(x1, y_bottom, x1, y_top)
            lines = cell.lines
            split_here = cell.spec.rowspan == 1 and (r0 == start and start_skip or r0 == end and end_lines)
            if r0 < start and not split_here:
                continue  # a merged cell's text stays where the cell begins
            if r0 == start and start_skip and cell.spec.rowspan == 1:
                lines = lines[start_skip:]
            elif r0 == end and end_lines and cell.spec.rowspan == 1:
                lines = lines[:end_lines]
            self._cell_text(spec, lines, x0, x1, y_top, y_bottom, cell.spec.align, top_align=split_here)

    def _cell_text(self, spec, lines, x0, x1, y_top, y_bottom, align, top_align=False) -> None:
        line_h = spec.size * LEADING
        block = len(lines) * line_h
        first_top = y_top - (y_top - y_bottom - block) / 2
        if top_align or spec.valign == "top":
            first_top = y_top - PAD
        elif spec.valign == "bottom":
            first_top = y_bottom + PAD + block
        for i, line in enumerate(lines):
            baseline = first_top - i * line_h - spec.size * 0.95
            if align == "center":
                self.text((x0 + x1) / 2, baseline, line, spec.size, align="center")
            else:
                self.text(x0 + PAD, baseline, line, spec.size)


def wrap(s: str, width: float, size: float) -> list[str]:
    """Lines of ``s`` no wider than ``width`` (explicit newlines kept), character by character."""
    out = []
    for part in s.split("\n"):
        line = ""
        for ch in part:
            if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out


def _place(spec: TableSpec) -> list[_Placed]:
    occupied: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(spec.rows):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            width = sum(spec.widths[c : c + cell.colspan]) - 2 * PAD
            out.append(_Placed(cell, r, c, wrap(cell.text, width, spec.size)))
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    occupied.add((rr, cc))
            c += cell.colspan
    return out


def _row_lines(placed: list[_Placed], r: int) -> int:
    return max([len(p.lines) for p in placed if p.row == r and p.spec.rowspan == 1] or [1])


def _row_heights(spec: TableSpec, placed: list[_Placed]) -> list[float]:
    line_h = spec.size * LEADING
    heights = [_row_lines(placed, r) * line_h + 2 * PAD for r in range(len(spec.rows))]
    for p in placed:
        if p.spec.rowspan > 1:
            need = len(p.lines) * line_h + 2 * PAD
            have = sum(heights[p.row : p.row + p.spec.rowspan])
            if need > have:
                heights[p.row + p.spec.rowspan - 1] += need - have
    return heights


# ---------------------------------------------------------------- the report tables

T3_LEAVES = {  # row key -> printed label of the 2021 format
    "withheld.state_secret": "1.属于国家秘密",
    "withheld.law_prohibited": "2.其他法律行政法规禁止公开",
    "withheld.security_stability": "3.危及“三安全一稳定”",
    "withheld.third_party": "4.保护第三方合法权益",
    "withheld.internal_affairs": "5.属于三类内部事务信息",
    "withheld.process_info": "6.属于四类过程性信息",
    "withheld.enforcement_file": "7.属于行政执法案卷",
    "withheld.query_matter": "8.属于行政查询事项",
    "unable.not_held": "1.本机关不掌握相关政府信息",
    "unable.needs_creation": "2.没有现成信息需要另行制作",
    "unable.unclear": "3.补正后申请内容仍不明确",
    "rejected.petition": "1.信访举报投诉类申请",
    "rejected.duplicate": "2.重复申请",
    "rejected.publication": "3.要求提供公开出版物",
    "rejected.vexatious": "4.无正当理由大量反复申请",
    "rejected.confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.misc": "3.其他",
}
T3_GROUPS = (
    ("（三）\n不予\n公开", ("withheld.",)),
    ("（四）\n无法\n提供", ("unable.",)),
    ("（五）\n不予\n处理", ("rejected.",)),
    ("（六）\n其他\n处理", ("other.no_correction", "other.no_fee", "other.misc")),
)
T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def show(value: float | None, full_width: bool = False) -> str:
    """A value as the report prints it: blank for None, integers without ".0"."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else repr(value)
    return text.translate(FULL_WIDTH) if full_width else text


def t3_rows(facts: dict[str, float | None]) -> list[str]:
    """Table-3 row keys the facts print, in the format's order."""
    keys = []
    for code in facts:
        if code.startswith("t3.") and code.endswith(".total"):
            keys.append(code[3:-6])
    return keys


def t3_spec(facts: dict, *, ruled: bool = True, full_width: bool = False, **options) -> TableSpec:
    """Table 3 with the stacked 三、本年度办理结果 column, group cells and wrapped labels."""
    widths = [20, 44, 93] + [42] * 7 if full_width else [20, 44, 128] + [37] * 7
    values = {row: [show(facts[f"t3.{row}.{c}"], full_width) for c in T3_COLUMNS] for row in t3_rows(facts)}
    header = [
        [SpecCell(T3_CORNER, rowspan=3, colspan=3), SpecCell("申请人情况", colspan=7)],
        [SpecCell("自然人", rowspan=2), SpecCell("法人或其他组织", colspan=5), SpecCell("总计", rowspan=2)],
        [SpecCell(t) for t in ("商业\n企业", "科研\n机构", "社会公\n益组织", "法律服\n务机构", "其他")],
    ]
    rows = [list(r) for r in header]

    def numbers(row: str) -> list[SpecCell]:
        return [SpecCell(v) for v in values[row]]

    rows.append(
        [SpecCell("一、本年新收政府信息公开申请数量", colspan=3, align="left"), *numbers("new_received")]
    )
    rows.append(
        [SpecCell("二、上年结转政府信息公开申请数量", colspan=3, align="left"), *numbers("carried_in")]
    )
    result_rows = [r for r in values if r not in ("new_received", "carried_in", "carried_out")]
    first = True
    stack = SpecCell("三\n、\n本\n年\n度\n办\n理\n结\n果", rowspan=len(result_rows))
    for row in result_rows:
        cells = [stack] if first else []
        first = False
        group = next(((g, p) for g, p in T3_GROUPS if row.startswith(p)), None)
        if group:
            members = [r for r in result_rows if r.startswith(group[1])]
            if row == members[0]:
                cells.append(SpecCell(group[0], rowspan=len(members)))
            cells.append(SpecCell(T3_LEAVES[row], align="left"))
        else:
            label = {
                "granted": "（一）予以公开",
                "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "other.unitemised": "（六）其他处理",
                "total_handled": "（七）总计",
            }[row]
            cells.append(SpecCell(label, colspan=2, align="left"))
        rows.append(cells + numbers(row))
    rows.append([SpecCell("四、结转下年度继续办理", colspan=3, align="left"), *numbers("carried_out")])
    return TableSpec(widths, rows, header_rows=3, ruled=ruled, **options)


def t4_spec(facts: dict, *, ruled: bool = True, full_width: bool = False) -> TableSpec:
    outcomes = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]
    rows = [
        [SpecCell("行政复议", rowspan=2, colspan=5), SpecCell("行政诉讼", colspan=10)],
        [SpecCell("未经复议直接起诉", colspan=5), SpecCell("复议后起诉", colspan=5)],
        [SpecCell(t) for t in outcomes * 3],
        [SpecCell(show(facts[f"t4.{g}.{o}"], full_width)) for g in T4_GROUPS for o in T4_OUTCOMES],
    ]
    return TableSpec([TEXT_W / 15] * 15, rows, header_rows=3, ruled=ruled)


T2_2021 = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
     (("规章", "regulations"), ("行政规范性文件", "normative_docs")), ("issued", "repealed", "in_force")),
    ("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", "licensing"),), ("decisions",)),
    ("第二十条第（六）项", ("本年处理决定数量",), (("行政处罚", "penalty"), ("行政强制", "coercion")), ("decisions",)),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", "fees"),), ("amount",)),
)  # fmt: skip
T2_2019 = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     (("规章", "regulations"), ("规范性文件", "normative_docs")), ("new_made", "new_published", "total_published")),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")), ("prior_items", "change", "decisions")),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政处罚", "penalty"), ("行政强制", "coercion")), ("prior_items", "change", "decisions")),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("行政事业性收费", "fees"),), ("prior_items", "change")),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", "procurement"),), ("items", "amount")),
)  # fmt: skip


def t2_spec(
    facts: dict, blocks, *, notes: dict[str, str] | None = None, full_width: bool = False
) -> TableSpec:
    """Table 2 as one ruled table: a block-title row per 第二十条 item, its header, its rows; a block
    with fewer columns merges its cells over the width."""
    notes = notes or {}
    rows = []
    for title, headers, items, columns in blocks:
        rows.append([SpecCell(title, colspan=4)])
        span = 3 // len(headers)
        rows.append([SpecCell("信息内容")] + [SpecCell(h, colspan=span) for h in headers])
        for label, key in items:
            cells = [SpecCell(label)]
            for column in columns:
                code = f"t2.{key}.{column}"
                text = show(facts[code], full_width) + notes.get(code, "")
                cells.append(SpecCell(text, colspan=span))
            rows.append(cells)
    return TableSpec([TEXT_W * 0.34] + [TEXT_W * 0.22] * 3, rows)


def t2_block_specs(facts: dict, blocks, *, amount_unit: str = "") -> list[tuple[str, TableSpec]]:
    """Table 2 as one unruled table per 第二十条 item, the item printed as a line above it."""
    out = []
    for title, headers, items, columns in blocks:
        n = len(headers)
        widths = [TEXT_W * 0.34] + [TEXT_W * 0.66 / n] * n
        rows = [[SpecCell("信息内容", align="left")] + [SpecCell(h) for h in headers]]
        for label, key in items:
            cells = [SpecCell(label, align="left")]
            for column in columns:
                code = f"t2.{key}.{column}"
                text = show(facts[code])
                if column == "amount" and text and amount_unit:
                    text += amount_unit
                cells.append(SpecCell(text))
            rows.append(cells)
        out.append((title, TableSpec(widths, rows, header_rows=1, ruled=False)))
    return out


# ---------------------------------------------------------------- whole reports

INTRO = (
    "2023年，我市以习近平新时代中国特色社会主义思想为指导，全面落实党中央、国务院关于推进新时代政务公开的系列决策部署，"
    "围绕市委、市政府中心工作，秉持“优质公开”理念，坚持人民至上，持续深化政务公开，充分发挥以公开促落实、助监督、强监管作用。"
)
FILLER = (
    "坚持公开为常态、不公开为例外原则，通过政府网站、政务新媒体、政府公报、政府信息公开查阅中心、政务公开专区等渠道，"
    "全市共向社会主动公开政府信息18万余条，确保公开的政策性文件和解读材料有效链接，实现政策红利直达快享，"
    "公众关注度高、期盼度高、涉及度高的政策性文件开展通俗化、形象化、多元化解读，提升政策性文件的解读质效。"
)


def word_report_2021(
    facts: dict,
    *,
    fake_bold: bool = False,
    full_width: bool = False,
    repeat_header: bool = True,
    break_at: tuple[int, int] = (12, 0),
    running_header: str = "",
    footer: str = "- {n} -",
    radicals: bool = True,
) -> bytes:
    """A 2021-format report as Word prints it: ruled tables with merged cells, table 3 over two pages."""
    pdf = ReportPdf(fake_bold=fake_bold, running_header=running_header, footer=footer)
    people = "人⺠" if radicals else "人民"  # ⺠: a radical code point some fonts print for 民
    pdf.title([f"宿迁市{people}政府", "2023年政府信息公开工作年度报告"])
    pdf.heading("一、总体情况")
    pdf.paragraph(INTRO)
    pdf.paragraph("（一）主动公开方面。" + FILLER)
    pdf.paragraph("（二）依申请公开方面。" + FILLER)
    pdf.heading("二、主动公开政府信息情况")
    notes = {"t2.normative_docs.in_force": "（其中修订16件）"}
    pdf.table(t2_spec(facts, T2_2021, notes=notes, full_width=full_width))
    pdf.heading("三、收到和处理政府信息公开申请情况")
    pdf.table(t3_spec(facts, full_width=full_width, repeat_header=repeat_header, break_at=break_at))
    pdf.heading("四、政府信息公开行政复议、行政诉讼情况")
    pdf.table(t4_spec(facts, full_width=full_width))
    pdf.heading("五、存在的主要问题及改进情况")
    pdf.paragraph(
        "一是围绕服务中心工作，高标准发挥政务公开功能作用需进一步加强；二是依申请公开工作规范性需进一步提升。"
    )
    pdf.heading("六、其他需要报告的事项")
    pdf.paragraph("2023年对25件政府信息公开申请案件收取了信息处理费2950元，收费标准均符合有关规定。")
    pdf.space(24)
    pdf.right_aligned(f"宿迁市{people}政府办公室")
    pdf.right_aligned("2024年1月20日")
    return pdf.bytes()


def unruled_report_2019(facts: dict) -> bytes:
    """A 2019-format report whose tables have no ruling lines: columns by alignment only, blanks left
    empty, table 3 running onto the next page without its header."""
    pdf = ReportPdf()
    pdf.title(["2019年上海市人民政府办公厅", "政府信息公开工作年度报告"])
    pdf.heading("一、总体情况")
    for _ in range(4):
        pdf.paragraph(FILLER)
    pdf.heading("二、主动公开政府信息情况")
    for title, spec in t2_block_specs(facts, T2_2019, amount_unit="元"):
        pdf.heading(title)
        pdf.table(spec)
    pdf.heading("三、收到和处理政府信息公开申请情况")
    pdf.table(t3_spec(facts, ruled=False, repeat_header=False))
    pdf.heading("四、政府信息公开行政复议、行政诉讼情况")
    pdf.table(t4_spec(facts, ruled=False))
    pdf.heading("五、政府信息公开工作存在的主要问题及改进情况")
    pdf.paragraph("一是新《条例》实施后，专业领域的理论学习仍需加强；二是决策公开仍需进一步加强。")
    pdf.heading("六、其他需要报告的事项")
    pdf.paragraph("无。")
    return pdf.bytes()


# ---------------------------------------------------------------- documents that cannot be read


def image_only_pdf(pages: int = 2) -> bytes:
    """A scan: every page one picture, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 10), fill=0)  # dark bars where a scan has lines of text
    buffer = BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    from reportlab.lib.utils import ImageReader

    for _ in range(pages):
        c.drawImage(ImageReader(image), 40, 60, width=PAGE_W - 80, height=PAGE_H - 120)
        c.showPage()
    c.save()
    return buffer.getvalue()


def unmapped_font_pdf() -> bytes:
    """Text in a CID font whose codes map to no Unicode: pdfminer extracts "(cid:NN)" glyphs.

    reportlab writes the font with the UniGB-UCS2-H CMap; renaming it Identity-H and the character
    collection to an unknown one (same byte lengths, so the cross-reference table stays valid) leaves
    the glyph codes without any Unicode mapping, as in PDFs from some converters.
    """
    pdf = ReportPdf(footer="")
    pdf.title(["某县民政局2023年政府信息公开工作年度报告"])
    pdf.heading("一、总体情况")
    pdf.paragraph(FILLER)
    data = pdf.bytes()
    for old, new in ((b"/Encoding /UniGB-UCS2-H", b"/Encoding /Identity-H   "), (b"(GB1)", b"(XXX)")):
        assert old in data
        data = data.replace(old, new)
    return data


def encrypted_pdf() -> bytes:
    pdf = ReportPdf(encrypt="pw")
    pdf.title(["某县民政局2023年政府信息公开工作年度报告"])
    pdf.paragraph(FILLER)
    return pdf.bytes()


# ---------------------------------------------------------------- the Suqian reference text, re-set

_REF_STACK = set("三、本年度办理结果")
_REF_GROUPS = {"（三）", "不予", "公开", "（四）", "⽆法", "无法", "提供", "（五）", "处理", "（六）", "其他"}
_REF_NUMBER = re.compile(r"^[0-9.]+$")


def reference_table_pdf(reference: str) -> bytes:
    """Tables 2 and 3 of the Suqian reference (``shared/reference/suqian_2023_pdf_text.txt``: what
    pdfplumber read line by line from the real Word PDF) set again without ruling lines, one printed
    line per reference line: stacked characters, group words, wrapped labels with their numbers on a
    line of their own, Kangxi radicals, and table 3 over two pages with its header repeated."""
    pdf = ReportPdf(footer="- {n} -")
    size, pitch = 9.0, 14.0
    stack_x, group_x, label_x = 76.0, 96.0, 130.0

    def line(tokens: list[tuple[float, str]]) -> None:
        if pdf.y - pitch < MARGIN:
            pdf.new_page()
        pdf.y -= pitch
        for x, text in tokens:
            pdf.text(x, pdf.y, text, size)

    def centred(center: float, text: str) -> tuple[float, str]:
        return center - pdfmetrics.stringWidth(text, FONT, size) / 2, text

    def right(edge: float, text: str) -> tuple[float, str]:
        return edge - pdfmetrics.stringWidth(text, FONT, size), text

    # Table 2: the block lines of compare-pdf page 5, three value columns 70 points apart.
    t2_centers = [360.0, 430.0, 500.0]
    t2 = reference[reference.index("第⼆⼗条第（⼀）项") : reference.index("--- compare-pdf page 8")]
    pdf.heading("二、主动公开政府信息情况")
    for raw in t2.strip().splitlines():
        tokens = raw.split()
        if tokens[0].startswith("第"):
            pdf.space(10)
            line([(80, tokens[0])])
        elif tokens[0] == "信息内容":
            line([(80, "信息内容")] + [centred(c, w) for c, w in zip(t2_centers, tokens[1:], strict=False)])
        else:
            values = [t for t in tokens if _REF_NUMBER.match(t)]
            label = "".join(t for t in tokens if not _REF_NUMBER.match(t))
            line([(80, label)] + [right(c + 20, v) for c, v in zip(t2_centers, values, strict=False)])
    pdf.space(20)

    # Table 3: compare-pdf pages 8 and 9, each under the header; seven value columns 30 points apart.
    centers = [325.0 + 30 * i for i in range(7)]
    t3 = reference[reference.index("--- compare-pdf page 8") : reference.index("--- compare-pdf page 14")]
    pdf.heading("三、收到和处理政府信息公开申请情况")
    for n, chunk in enumerate(t3.split("--- compare-pdf page 9")):
        if n:
            pdf.new_page()
        lines = chunk.strip().splitlines()
        body = lines[lines.index("企业 机构 组织 机构") + 1 :]
        line([(80, "（本列数据的勾稽关系为：第一项加第"), centred(centers[3], "申请人情况")])
        line([(80, "二项之和，等于第三项加第四项之和）"), centred(centers[3], "法人或其他组织")])
        line(
            [
                centred(c, w)
                for c, w in zip(
                    centers, ("自然人", "商业", "科研", "社会", "法律", "其他", "总计"), strict=True
                )
            ]
        )
        line([centred(c, w) for c, w in zip(centers[1:5], ("企业", "机构", "公益", "服务"), strict=True)])
        line([centred(c, w) for c, w in zip(centers[3:5], ("组织", "机构"), strict=True)])
        for raw in body:
            tokens = raw.split()
            values = [t for t in tokens if _REF_NUMBER.match(t)]
            words = [t for t in tokens if not _REF_NUMBER.match(t)]
            placed = []
            for i, word in enumerate(words):
                if i == 0 and len(word) == 1 and word in _REF_STACK and (len(words) > 1 or not values):
                    placed.append((stack_x, word))
                elif word in _REF_GROUPS:
                    placed.append((group_x, word))
                else:
                    placed.append((label_x, word))
            start = 7 - len(values)
            line(placed + [right(centers[start + i] + 10, v) for i, v in enumerate(values)])
    return pdf.bytes()


def layout_variant(
    facts: dict,
    *,
    ruled: bool = True,
    valign: str = "center",
    open_sides: bool = False,
    blocks=T2_2021,
    heading_in_table: bool = False,
    continued_mark: bool = False,
) -> bytes:
    """A report in one of the other layouts real reports use: numbers at the top or bottom of tall
    rows, tables without outer left/right borders, table 2 as one table per 第二十条 block, the
    section heading typed into the table's first row, "续表" above a table's continuation."""
    pdf = ReportPdf()
    pdf.title(["某县人民政府办公室", "2023年政府信息公开工作年度报告"])
    pdf.heading("一、总体情况")
    for _ in range(3):
        pdf.paragraph(FILLER)
    if not heading_in_table:
        pdf.heading("二、主动公开政府信息情况")
    for i, (title, spec) in enumerate(t2_block_specs(facts, blocks)):
        spec.ruled, spec.open_sides = ruled, open_sides
        if heading_in_table and i == 0:
            spec.rows.insert(0, [SpecCell("二、主动公开政府信息情况", colspan=len(spec.widths))])
            spec.header_rows += 1
        pdf.heading(title)
        pdf.table(spec)
    pdf.heading("三、收到和处理政府信息公开申请情况")
    t3 = t3_spec(facts, ruled=ruled, valign=valign, open_sides=open_sides, repeat_header=not continued_mark)
    if continued_mark:
        t3.break_at, t3.continued_note = (14, 0), "续表"
    pdf.table(t3)
    pdf.heading("四、政府信息公开行政复议、行政诉讼情况")
    t4 = t4_spec(facts, ruled=ruled)
    t4.open_sides = open_sides
    pdf.table(t4)
    pdf.heading("五、存在的主要问题及改进情况")
    pdf.paragraph("一是公开内容还不够全面；二是解读形式还不够丰富。")
    pdf.heading("六、其他需要报告的事项")
    pdf.paragraph("本年度未收取信息处理费。")
    return pdf.bytes()


def page_break_report(
    facts: dict,
    *,
    blocks=T2_2021,
    block: int = 3,
    block_keep: int = 1,
    t3_keep: int = -1,
    t4_keep: int | None = None,
) -> bytes:
    """A report with tables printed without ruling lines, cut by page breaks where they hurt most: the
    table-2 block ``block`` keeps its first ``block_keep`` rows (1: the header alone) at the foot of a
    page, table 3 its first ``t3_keep`` rows (negative: all but the last ones; 3: the header alone),
    table 4 its first ``t4_keep`` rows; the rest of each opens the next page, no header repeated."""
    pdf = ReportPdf()
    pdf.title(["某县人民政府办公室", "2023年政府信息公开工作年度报告"])
    pdf.heading("一、总体情况")
    for _ in range(2):
        pdf.paragraph(FILLER)
    pdf.heading("二、主动公开政府信息情况")
    for i, (title, spec) in enumerate(t2_block_specs(facts, blocks)):
        spec.repeat_header = False
        if i == block:
            pdf.table_at_foot(spec, block_keep, heading=title)
        else:
            pdf.heading(title)
            pdf.table(spec)
    t3 = t3_spec(facts, ruled=False, repeat_header=False)
    pdf.table_at_foot(t3, t3_keep % len(t3.rows), heading="三、收到和处理政府信息公开申请情况")
    t4 = t4_spec(facts, ruled=False)
    t4.repeat_header = False
    if t4_keep is None:
        pdf.heading("四、政府信息公开行政复议、行政诉讼情况")
        pdf.table(t4)
    else:
        pdf.table_at_foot(t4, t4_keep, heading="四、政府信息公开行政复议、行政诉讼情况")
    pdf.heading("五、存在的主要问题及改进情况")
    pdf.paragraph("一是公开内容还不够全面；二是解读形式还不够丰富。")
    pdf.heading("六、其他需要报告的事项")
    pdf.paragraph("本年度未收取信息处理费。")
    return pdf.bytes()
