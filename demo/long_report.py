"""A report with hundreds of pages of appendix appended, as agencies often publish it: the report's
few pages, then policy texts running from page to page in the same layout, merged into one PDF."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pypdfium2

from .narrative import ReportDoc
from .pdf_report import render_pdf

APPENDIX = (
    "附件：本机关2023年度制发的规范性文件目录及政策解读材料。为便于公众查阅，现将有关文件全文附后，"
    "文件内容以正式印发的文本为准。各有关单位应当按照职责分工认真抓好贯彻落实，确保各项工作任务落到实处，"
    "切实提升政务公开工作质效，更好地服务经济社会高质量发展，回应人民群众关切。"
)


def with_appendix(report: bytes, total_pages: int) -> bytes:
    """``report`` (a PDF) with prose pages appended until the document has ``total_pages`` pages."""
    merged = pypdfium2.PdfDocument(report)
    missing = total_pages - len(merged)
    if missing > 0:
        # One paragraph running from page to page, as an appended text without paragraph indents reads.
        blocks = [("p", APPENDIX * 10 * missing)]
        appendix = pypdfium2.PdfDocument(
            render_pdf(ReportDoc("附件", "附件", blocks), "word", random.Random(1))
        )
        merged.import_pages(appendix, list(range(min(missing, len(appendix)))))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "merged.pdf"
        merged.save(out)
        return out.read_bytes()
