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
import tempfile
import time
from pathlib import Path

import pypdfium2

from nianbao.demo.generator import generate_portal
from nianbao.demo.long_report import with_appendix
from nianbao.transform.build import parse_and_map


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
