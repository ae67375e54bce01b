"""A report as a DOCX attachment, written with python-docx the way an office's Word file looks.

Tables are real Word tables with merged cells (``cell.merge()``: ``gridSpan`` and ``vMerge``). Table 3
either marks its three header rows "repeat as header row" (``w:tblHeader``) or, as many editors do, is
cut into two tables at a page break with the header rows typed again on top of the second part (the
merged label cells then continue empty in the second part). The bytes are the same on every run: core
properties carry the publication date and the zip entries a fixed timestamp.
"""

from __future__ import annotations

import copy
import io
import random
import struct
import zipfile
from datetime import date, datetime
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from lxml import etree

from .narrative import ReportDoc
from .tables import Cell, Table, plain_text

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_R, _T = qn("w:r"), qn("w:t")


def render_docx(doc: ReportDoc, rng: random.Random, written_on: date) -> bytes:
    d = Document()
    _page_setup(d)
    table_text = _styles(d)
    split_t3 = rng.random() < 0.5
    title = d.add_paragraph()
    title.alignment = _CENTER
    _font(title.add_run(doc.title), "方正小标宋简体", 22)
    for kind, content in _one_table_two(doc.blocks):
        if kind == "table":
            if content.name == "t3" and split_t3:
                first, second = _split(content, content.header_rows + 15)
                _add_table(d, first, table_text, repeat_header=False)
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                _add_table(d, second, table_text, repeat_header=False)
            else:
                _add_table(d, content, table_text, repeat_header=content.name == "t3")
            continue
        p = d.add_paragraph()
        run = p.add_run(content)
        if kind == "sign":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        p.paragraph_format.first_line_indent = Pt(32)
        if kind == "h":
            _font(run, "黑体", 16)
        elif kind == "h2":
            _font(run, "楷体_GB2312", 16)
    core = d.core_properties
    moment = datetime(written_on.year, written_on.month, written_on.day, 9, rng.randint(0, 59))
    core.author = core.last_modified_by = rng.choice(("Administrator", "User", "微软用户", "admin"))
    core.created = core.modified = core.last_printed = moment
    core.revision = rng.randint(1, 9)
    core.title = ""
    core.comments = ""
    out = io.BytesIO()
    d.save(out)
    return _fixed_zip(out.getvalue(), moment)


def _one_table_two(blocks: list) -> list:
    """Table 2 as one Word table, even where the web page shows it as one small table per block."""
    out: list = []
    for kind, content in blocks:
        if (
            kind == "table"
            and content.name == "t2"
            and out
            and out[-1][0] == "table"
            and out[-1][1].name == "t2"
        ):
            before = out[-1][1]
            out[-1] = ("table", Table("t2", before.rows + content.rows, 0, before.n_cols))
        elif kind == "table" and content.name == "t2":
            out.append(("table", Table("t2", content.rows, 0, content.n_cols)))
        else:
            out.append((kind, content))
    return out


def _page_setup(d) -> None:
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)


def _styles(d):
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "仿宋_GB2312"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    table_text = d.styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(10.5)
    table_text.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    table_text.paragraph_format.alignment = _CENTER
    table_text.paragraph_format.space_after = Pt(0)
    return table_text.style_id


def _font(run, name: str, size: float) -> None:
    run.font.size = Pt(size)
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _add_table(d, table: Table, style_id: str, *, repeat_header: bool) -> None:
    """Append ``table`` to ``d``: a copy of its merged skeleton with this report's cell texts."""
    tbl, origins = _skeleton(table, style_id, repeat_header)
    tbl = copy.deepcopy(tbl)
    rows = tbl.tr_lst
    for (r, i), (_, _, cell) in zip(origins, table.placed(), strict=True):
        if cell.text:
            run = etree.SubElement(rows[r].tc_lst[i].p_lst[0], _R)
            etree.SubElement(run, _T).text = plain_text(cell.text)
    d.element.body.find(qn("w:sectPr")).addprevious(tbl)


_SKELETONS: dict[tuple, tuple] = {}


@cache
def _scratch():
    """One document to build skeletons in (opening a new python-docx Document costs ~25 ms)."""
    return Document()


def _skeleton(table: Table, style_id: str, repeat_header: bool) -> tuple:
    """The empty table of this shape, merged with ``cell.merge()``, and where each origin cell ended up.

    Merging is the slow part of python-docx, and a shape recurs in many reports, so it is done once.
    """
    placed = table.placed()
    left = [cell.role == "label" and table.name == "t3" for _, _, cell in placed]
    shape = tuple((r, c, cell.rowspan, cell.colspan) for r, c, cell in placed)
    key = (table.n_cols, len(table.rows), shape, tuple(left), style_id, repeat_header)
    if key not in _SKELETONS:
        t = _scratch().add_table(rows=len(table.rows), cols=table.n_cols)
        t.style = "Table Grid"
        grid = [[_Cell(tc, t) for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
        targets = []
        for (r, c, cell), is_left in zip(placed, left, strict=True):
            target = grid[r][c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(grid[r + cell.rowspan - 1][c + cell.colspan - 1])
            paragraph = target.paragraphs[0]
            paragraph._p.style = style_id  # by id: assigning a style object looks it up by name
            if is_left:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            targets.append((r, target._tc))
        if repeat_header:
            for tr in t._tbl.tr_lst[: table.header_rows]:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        rows = t._tbl.tr_lst
        origins = [(r, rows[r].tc_lst.index(tc)) for r, tc in targets]
        _SKELETONS[key] = (t._tbl, origins)
    return _SKELETONS[key]


def _split(table: Table, at: int) -> tuple[Table, Table]:
    """Cut ``table`` before row ``at``; the second part starts with the header rows again."""
    head, first, second = table.header_rows, [], []
    for r, c, cell in table.placed():
        end = r + cell.rowspan
        if r < at:
            first.append((r, c, Cell(cell.text, min(cell.rowspan, at - r), cell.colspan, cell.role)))
            if r < head:
                second.append((r, c, cell))
            elif end > at:  # a merged label cut by the break continues, empty, in the second part
                second.append((head, c, Cell("", end - at, cell.colspan, cell.role)))
        else:
            second.append((r - at + head, c, cell))
    return _rebuild(table, first), _rebuild(table, second)


def _rebuild(table: Table, placed: list[tuple[int, int, Cell]]) -> Table:
    rows: list[list[Cell]] = [[] for _ in range(max(r for r, _, _ in placed) + 1)]
    for r, _, cell in sorted(placed, key=lambda p: (p[0], p[1])):
        rows[r].append(cell)
    return Table(table.name, rows, table.header_rows, table.n_cols)


def _fixed_zip(data: bytes, moment: datetime) -> bytes:
    """The same archive with every entry dated ``moment`` (python-docx stamps the current time).

    Only the DOS time and date fields of the local headers and the central directory change; the
    compressed data and CRCs stay as written.
    """
    stamp = struct.pack(
        "<HH",
        moment.hour << 11 | moment.minute << 5 | moment.second // 2,
        (moment.year - 1980) << 9 | moment.month << 5 | moment.day,
    )
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            out[info.header_offset + 10 : info.header_offset + 14] = stamp
    entries, _, directory = struct.unpack_from("<HII", data, len(data) - 12)
    for _ in range(entries):
        out[directory + 12 : directory + 16] = stamp
        name, extra, comment = struct.unpack_from("<HHH", data, directory + 28)
        directory += 46 + name + extra + comment
    return bytes(out)
