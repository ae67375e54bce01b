"""Parse time per page of a real-shaped report with appendix pages appended (10, 100, 400 pages).

    .venv/bin/python benchmarks/long_reports.py [--pages 10 100 400] [--seed 2025]

Agencies often publish the report with its appendix (policy texts, lists of documents) appended to the
same PDF: three pages of report, then hundreds of pages of prose. The report is a PDF of the sample
portal; the appendix is running prose in the same layout, merged in with pypdfium2. A reader whose cost
is linear in pages prints a flat ms/page column. Each document is parsed once, the same path as
`nianbao parse`, and the facts must equal the report's own.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

import pypdfium2

from nianbao.demo.generator import generate_portal
from nianbao.demo.narrative import ReportDoc
from nianbao.demo.pdf_report import render_pdf
from nianbao.transform.build import parse_and_map

APPENDIX = (
    "附件：本机关2023年度制发的规范性文件目录及政策解读材料。为便于公众查阅，现将有关文件全文附后，"
    "文件内容以正式印发的文本为准。各有关单位应当按照职责分工认真抓好贯彻落实，确保各项工作任务落到实处，"
    "切实提升政务公开工作质效，更好地服务经济社会高质量发展，回应人民群众关切。"
)


def a_word_report(out: Path) -> bytes:
    """A PDF report of the sample portal that prints the tables, laid out as Word prints it."""
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    for report in truth["reports"]:
        for source in report.get("sources") or []:
            if (
                source.get("layout") == "word"
                and source.get("status") == "ok"
                and source.get("holds_tables", True)
            ):
                return (out / "site" / source.get("stored_at", source["path"]).lstrip("/")).read_bytes()
    raise SystemExit("no Word-layout PDF report in the sample portal")


def with_appendix(report: bytes, total_pages: int) -> bytes:
    """The report with prose pages appended until the document has ``total_pages`` pages."""
    merged = pypdfium2.PdfDocument(report)
    missing = total_pages - len(merged)
    if missing > 0:
        # One paragraph running from page to page, as an appended text without paragraph indents reads.
        blocks = [("p", APPENDIX * 10 * missing)]
        appendix = pypdfium2.PdfDocument(
            render_pdf(ReportDoc("附件", "附件", blocks), "word", random.Random(1))
        )
        merged.import_pages(appendix, list(range(min(missing, len(appendix)))))
    out = Path(tempfile.mkstemp(suffix=".pdf")[1])
    merged.save(out)
    data = out.read_bytes()
    out.unlink()
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100, 400])
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        report = a_word_report(generate_portal(Path(tmp), seed=args.seed))
    _, alone = parse_and_map(report, "report.pdf")
    print(f"{'pages':>6} {'seconds':>8} {'ms/page':>8}  facts as the report alone")
    for pages in args.pages:
        data = with_appendix(report, pages)
        n = len(pypdfium2.PdfDocument(data))
        start = time.perf_counter()
        _, mapped = parse_and_map(data, f"report+appendix-{n}.pdf")
        seconds = time.perf_counter() - start
        same = {k: f.value for k, f in mapped.facts.items()} == {k: f.value for k, f in alone.facts.items()}
        print(
            f"{n:>6} {seconds:>8.2f} {1000 * seconds / n:>8.1f}  {'yes' if same else 'NO'} ({mapped.status})"
        )


if __name__ == "__main__":
    main()
