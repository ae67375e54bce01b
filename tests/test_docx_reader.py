"""The DOCX reader on Word files built at test time (``docx_samples``): merged cells from real
``w:gridSpan``/``w:vMerge``, table 3 cut at a page break with its header repeated, both formats with
the numbers of the two reference reports; layout tables, ``gridBefore``/``gridAfter``/``hMerge``,
tables typed as text; legacy and broken files. Every fact is compared with the values drawn.
"""

from __future__ import annotations

import copy
import io
import zipfile

import docx
import docx_samples
import pytest
import reportdata
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from nianbao.core.kinds import DocumentStatus
from nianbao.extract.docx.reader import legacy_word_kind, read_docx
from nianbao.extract.read import read_document, sniff_media_type
from nianbao.transform import map_document

SUQIAN_TITLE = "宿迁市人民政府2023年政府信息公开工作年度报告"
SHANGHAI_TITLE = "2019年上海市人民政府办公厅政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def suqian_docx() -> bytes:
    return docx_samples.report_docx(reportdata.suqian_2023(), title=SUQIAN_TITLE, template="2021", year=2023)


@pytest.fixture(scope="module")
def shanghai_docx() -> bytes:
    return docx_samples.report_docx(
        reportdata.shanghai_2019(), title=SHANGHAI_TITLE, template="2019", year=2019
    )


def facts(doc) -> dict[str, float | None]:
    return {code: fact.value for code, fact in map_document(doc).facts.items()}


# ---------------------------------------------------------------- whole reports, every fact


def test_2021_format_report(suqian_docx):
    doc = read_document(suqian_docx, "suqian.docx")
    assert doc.media_type == "docx" and doc.status == DocumentStatus.OK
    assert doc.title == SUQIAN_TITLE
    assert [s.numeral for s in doc.sections] == ["", "一", "二", "三", "四", "五", "六"]
    report = map_document(doc)
    assert report.status == DocumentStatus.OK and report.template == "2021" and report.warnings == []
    assert (report.agency_name, report.year) == ("宿迁市人民政府", 2023)
    assert facts(doc) == reportdata.suqian_2023()


def test_2019_format_report_with_blanks(shanghai_docx):
    doc = read_docx(shanghai_docx, "shanghai.docx")
    report = map_document(doc)
    assert report.status == DocumentStatus.OK and report.template == "2019" and report.other_shape == "single"
    assert (report.agency_name, report.year) == ("上海市人民政府办公厅", 2019)
    assert facts(doc) == reportdata.shanghai_2019()  # blanks stay None, 251000元 read in 元


def test_facts_point_at_their_cells(suqian_docx):
    doc = read_docx(suqian_docx)
    report = map_document(doc)
    for fact in report.facts.values():
        cell = next(c for c in doc.tables[fact.table_index].cells if (c.row, c.col) == (fact.row, fact.col))
        assert cell.text == fact.raw


# ---------------------------------------------------------------- merged cells and split tables


def t3_of(doc):
    return next(t for t in doc.tables if any("勾稽" in c.text for c in t.cells))


def test_merged_cells_have_their_true_spans(suqian_docx):
    t3 = t3_of(read_docx(suqian_docx))
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in t3.cells if c.text}
    assert spans[docx_samples.T3_CORNER] == (0, 0, 3, 3)
    assert spans["申请人情况"] == (0, 3, 1, 7)
    assert spans["自然人"] == (1, 3, 2, 1)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    assert spans["三、本年度办理结果"][2:] == (10, 1)  # granted … query_matter, before the page break
    assert spans["（三）不予公开"] == (7, 1, 8, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    # each printed cell once: no position is covered twice
    covered = [(r, c) for cell in t3.cells for r in range(cell.row, cell.row + cell.rowspan)
               for c in range(cell.col, cell.col + cell.colspan)]  # fmt: skip
    assert len(covered) == len(set(covered)) == t3.n_rows * t3.n_cols


def test_table_split_at_a_page_break_is_joined_without_its_repeated_header(suqian_docx):
    doc = read_docx(suqian_docx)
    t3 = t3_of(doc)
    assert t3.n_rows == 3 + 25
    assert sum("勾稽" in c.text for c in t3.cells) == 1
    assert doc.n_pages == 2


def test_tables_with_a_heading_between_are_not_joined():
    document = docx.Document()
    for heading in ("第二十条第（五）项", "第二十条第（六）项"):
        document.add_paragraph(heading)
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "信息内容", "本年处理决定数量"
        table.cell(1, 0).text, table.cell(1, 1).text = "行政许可", "3"
    doc = read_docx(docx_samples.to_bytes(document))
    assert len(doc.tables) == 2
    assert [t.caption for t in doc.tables] == ["第二十条第（五）项", "第二十条第（六）项"]


def _table4(document_or_cell, values: list[str]):
    table = document_or_cell.add_table(rows=2, cols=15)
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    groups = ["行政复议", "行政诉讼未经复议直接起诉", "行政诉讼复议后起诉"]
    for c in range(15):
        table.cell(0, c).text = groups[c // 5] + names[c % 5]
        table.cell(1, c).text = values[c]
    return table


def test_grid_before_grid_after_and_hmerge():
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for r in range(3):
        for c in range(4):
            table.cell(r, c).text = f"{r}{c}"
    # Row 1 starts one grid column in (gridBefore) and ends one early (gridAfter).
    tr = table.rows[1]._tr
    tcs = tr.findall(qn("w:tc"))
    tr.remove(tcs[0])
    tr.remove(tcs[3])
    tr_pr = tr.get_or_add_trPr()
    for name in ("w:gridBefore", "w:gridAfter"):
        el = OxmlElement(name)
        el.set(qn("w:val"), "1")
        tr_pr.append(el)
    # Row 2: the legacy horizontal merge, cells 1 and 2 as one.
    tcs = table.rows[2]._tr.findall(qn("w:tc"))
    for tc, value in ((tcs[1], "restart"), (tcs[2], "continue")):
        h_merge = OxmlElement("w:hMerge")
        h_merge.set(qn("w:val"), value)
        tc.get_or_add_tcPr().append(h_merge)
    (read,) = read_docx(docx_samples.to_bytes(document)).tables
    row1 = sorted((c.col, c.text) for c in read.cells if c.row == 1)
    assert row1 == [(1, "11"), (2, "12")]
    row2 = {c.text: (c.col, c.colspan) for c in read.cells if c.row == 2}
    assert row2 == {"20": (0, 1), "21": (1, 2), "23": (3, 1)}


def test_layout_table_around_the_report_tables():
    document = docx.Document()
    document.add_paragraph("青石县2022年政府信息公开工作年度报告")
    outer = document.add_table(rows=1, cols=1).cell(0, 0)
    outer.paragraphs[0].text = "四、政府信息公开行政复议、行政诉讼情况"
    _table4(outer, [str(v) for v in [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 1, 3]])
    doc = read_docx(docx_samples.to_bytes(document))
    assert len(doc.tables) == 1 and doc.tables[0].n_cols == 15
    assert doc.tables[0].caption == "四、政府信息公开行政复议、行政诉讼情况"
    got = facts(doc)
    assert got["t4.suit_after_review.total"] == 3 and got["t4.review.upheld"] == 1


def test_tables_typed_as_tab_separated_paragraphs():
    document = docx.Document()
    document.add_paragraph("青石县交通运输局2022年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.add_paragraph("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况")
    document.add_paragraph("\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计")
    document.add_paragraph("一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\t6")
    document.add_paragraph("（一）予以公开\t3\t\t\t\t\t\t3")
    doc = read_docx(docx_samples.to_bytes(document))
    assert any("typed as lines of text" in w for w in doc.warnings)
    got = facts(doc)
    assert [got[f"t3.new_received.{c}"] for c in ("natural_person", "commercial", "total")] == [5, 1, 6]
    assert got["t3.granted.commercial"] is None and got["t3.granted.total"] == 3
    assert all(c.line for c in doc.tables[0].cells)


def test_text_of_runs_breaks_and_drawing_fallbacks():
    document = docx.Document()
    p = document.add_paragraph("一、总体情况")
    p.add_run().add_break()  # a line break inside the paragraph: heading, then text
    p.add_run("2022年，本机关持续推进政务公开。")
    doc = read_docx(docx_samples.to_bytes(document))
    assert [(s.numeral, s.heading) for s in doc.sections] == [("一", "总体情况")]
    assert doc.sections[0].text == "2022年，本机关持续推进政务公开。"


def test_macro_enabled_package_python_docx_refuses_is_read_from_its_xml(suqian_docx):
    def as_docm(name: str, blob: bytes):
        if name == "[Content_Types].xml":
            return blob.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            )
        return None if name == "" else blob

    with pytest.raises(ValueError):
        docx.Document(io.BytesIO(docx_samples.rewrite_parts(suqian_docx, as_docm)))
    doc = read_docx(docx_samples.rewrite_parts(suqian_docx, as_docm))
    assert doc.status == DocumentStatus.OK and facts(doc) == reportdata.suqian_2023()


def test_html_imported_whole_as_alt_chunk():
    document = docx.Document()
    document.add_paragraph("青石县2022年政府信息公开工作年度报告")
    page = (
        "<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
        "<tr><td colspan=5>行政复议</td><td colspan=5>行政诉讼未经复议直接起诉</td><td colspan=5>行政诉讼复议后起诉</td></tr>"
        "<tr>"
        + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>"
        * 3
        + "</tr>"
        "<tr>" + "".join(f"<td>{v}</td>" for v in [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 1, 3]) + "</tr>"
        "</table></body></html>"
    )
    doc = read_docx(docx_samples.with_alt_chunk(docx_samples.to_bytes(document), page))
    assert len(doc.tables) == 1
    assert facts(doc)["t4.suit_after_review.total"] == 3


# ---------------------------------------------------------------- files that cannot be read

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_legacy_word_and_wps_are_named_not_read():
    doc_bytes = OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
    assert sniff_media_type(doc_bytes) == "doc"
    doc = read_document(doc_bytes, "report.doc")
    assert doc.status == DocumentStatus.UNSUPPORTED
    assert "Word 97-2003" in doc.message and "DOCX or PDF" in doc.message
    assert "WPS" in read_document(doc_bytes, "report.wps").message
    assert legacy_word_kind(OLE2 + "WpsContent".encode("utf-16-le")) == "wps"
    assert map_document(doc).status == DocumentStatus.UNSUPPORTED


def test_password_protected_docx_is_encrypted():
    data = OLE2 + "EncryptedPackage".encode("utf-16-le") + "EncryptionInfo".encode("utf-16-le")
    doc = read_document(data, "report.docx")
    assert doc.status == DocumentStatus.ENCRYPTED and "password" in doc.message


def test_broken_files_are_corrupt_never_raised(suqian_docx):
    assert read_docx(b"PK\x03\x04 not really a zip").status == DocumentStatus.CORRUPT
    assert read_docx(suqian_docx[: len(suqian_docx) // 2]).status == DocumentStatus.CORRUPT
    # A whole zip whose document.xml is not XML: sniffed as DOCX, read as corrupt.
    source = zipfile.ZipFile(io.BytesIO(suqian_docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for item in source.infolist():
            data = source.read(item)
            broken.writestr(
                copy.copy(item), b"<w:document><unclosed" if item.filename == "word/document.xml" else data
            )
    doc = read_document(out.getvalue(), "broken.docx")
    assert (doc.media_type, doc.status) == ("docx", DocumentStatus.CORRUPT)
    assert map_document(doc).status == DocumentStatus.CORRUPT
