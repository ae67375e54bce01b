"""Parse throughput and peak memory per document format, on the sample portal.

    .venv/bin/python benchmarks/parse_throughput.py [--seed 2025] [--repeat 1]

Generates the portal into a temporary folder, then parses every report document (pages and
attachments) with the same code path as `nianbao parse`, timing each format separately. Memory is the
peak of Python allocations (tracemalloc) while parsing one document of that format, measured in a
second pass so tracing does not slow the timing pass. Accuracy is the share of printed cells whose
value equals the portal's ground truth (documents that hold the tables and can be read).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from nianbao.demo.generator import generate_portal
from nianbao.extract.read import sniff_media_type
from nianbao.transform.build import parse_and_map


def documents(out: Path) -> list[tuple[str, Path, dict | None]]:
    """(format, file, the facts it prints per the ground truth, or None when it prints none)."""
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    site = out / "site"
    found: dict[Path, dict | None] = {}
    for report in truth["reports"]:
        for source in report.get("sources") or [{"path": report["path"], "status": report["status"]}]:
            path = site / source.get("stored_at", source["path"]).lstrip("/")
            readable = source.get("status") == "ok" and source.get("holds_tables", True)
            found[path] = source.get("facts", report["facts"]) if readable else None
    return [(sniff_media_type(p.read_bytes(), p.name), p, facts) for p, facts in found.items() if p.is_file()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=1, help="timing passes (the median is printed)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        generate_portal(out, seed=args.seed)
        print(f"sample portal (seed {args.seed}) generated in {time.perf_counter() - started:.1f} s")
        docs = [(kind, path, path.read_bytes(), facts) for kind, path, facts in documents(out)]

    by_kind: dict[str, list[tuple[Path, bytes, dict | None]]] = defaultdict(list)
    for kind, path, data, facts in docs:
        by_kind[kind].append((path, data, facts))

    print(f"{'format':8} {'docs':>5} {'pages':>6} {'pages/s':>9} {'reports/s':>10} {'ms/doc':>8} "
          f"{'peak MiB':>9} {'cells':>7} {'accuracy':>9}  statuses")  # fmt: skip
    for kind, items in sorted(by_kind.items()):
        timings, pages, statuses = [], 0, defaultdict(int)
        for _ in range(args.repeat):
            started = time.perf_counter()
            pages = cells = correct = 0
            statuses.clear()
            for path, data, expected in items:
                doc, mapped = parse_and_map(data, path.name)
                pages += doc.n_pages
                statuses[mapped.status] += 1
                for metric, value in (expected or {}).items():
                    cells += 1
                    fact = mapped.facts.get(metric)
                    correct += fact is not None and fact.value == value
            timings.append(time.perf_counter() - started)
        elapsed = statistics.median(timings)
        peak = 0
        for path, data, _ in items:
            tracemalloc.start()
            parse_and_map(data, path.name)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        status_text = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        accuracy = f"{100 * correct / cells:8.2f}%" if cells else f"{'-':>9}"
        print(f"{kind:8} {len(items):5d} {pages:6d} {pages / elapsed:9.1f} {len(items) / elapsed:10.1f} "
              f"{1000 * elapsed / len(items):8.1f} {peak / 2**20:9.1f} {cells:7d} {accuracy}  {status_text}")  # fmt: skip


if __name__ == "__main__":
    main()
