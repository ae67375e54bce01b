"""A province's reports in one run: fetched, parsed, loaded and checked, with the figures its targets name.

    .venv/bin/python benchmarks/province.py [--agencies 2000] [--seed 2025] [--long-pdfs 0.05]

The sample portal grown to a province: invented counties (a government and six departments each) up to
``--agencies``, one year of reports (2024), published as the portal publishes them (about 45 % HTML
tables, 31 % PDF, 12 % DOCX, some pasted text, scans and .doc), a share of the PDFs with 20-80 pages of
appendix appended. The portal runs in its own process; every run reports to one Prefect server.

Measured in one run, each ingest cold (fresh warehouse and archive) and in a fresh process, so its peak
memory is its own (the flow's process and its parse workers, summed, sampled every 0.2 s):
1. the ingest flow over half the roster, then over all of it: wall time, reports/s, seconds per stage,
   peak memory (memory must stay flat as the corpus doubles: the flow loads each agency as it is done);
2. the same stages called directly, a thread pool in place of Prefect's task runner, over all of it: the
   orchestration overhead (flow and direct alternate, ``--repeat`` times each; medians compared);
3. every PDF of the portal, parsed by nianbao's worker processes (both cores) and by naive pdfplumber
   (``extract_tables()`` and ``extract_text()`` on every page) in one process: the throughput ratio,
   over all PDFs and over the reports without appendix.
Targets (issue 11, on 2 cores) are printed beside the figures.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

COLD_RUN_S = 300.0
OVERHEAD = 0.15
PDF_RATIO = 3.0
MEMORY_GROWTH = 1.25  # peak memory of the whole roster over that of half of it
_AGENCIES_PER_REGION = 7
_SAMPLE_AGENCIES = 32  # the sample portal's own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--long-pdfs", type=float, default=0.05, help="share of PDFs with an appendix")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of the whole roster, flow and direct each"
    )
    parser.add_argument("--run", nargs=3, metavar=("MODE", "ROSTER", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--pdfs", metavar="SITE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _child(*args.run)
        return
    if args.pdfs:
        _pdf_child(Path(args.pdfs))
        return

    from _portal import portal

    from nianbao.demo.generator import generate_portal, write_roster
    from nianbao.flows.prefect_api import prefect_api

    extra = max(0, -(-(args.agencies - _SAMPLE_AGENCIES) // _AGENCIES_PER_REGION))
    with tempfile.TemporaryDirectory() as tmp, prefect_api() as api:
        out = Path(tmp)
        start = time.perf_counter()
        generate_portal(out, args.seed, extra_regions=extra, years=(2024,), long_pdfs=args.long_pdfs)
        print(f"portal generated in {time.perf_counter() - start:.0f} s")
        with portal(out / "site") as site:
            roster = write_roster(out, site.base_url)
            half = _half_roster(roster)
            runs = {"flow, half": _run("flow", half, out / "half", api)}
            # flow and direct alternate, so a busy spell of the machine does not land on one of them
            for n in range(1, args.repeat + 1):
                runs[f"flow, all #{n}"] = _run("flow", roster, out / f"all{n}", api)
                runs[f"direct, all #{n}"] = _run("direct", roster, out / f"direct{n}", api)
        pdfs = _in_child(["--pdfs", str(out / "site")], {})
    _report(runs, pdfs)


# ---------------------------------------------------------------- one ingest, in a process of its own


def _run(mode: str, roster: Path, folder: Path, api: str) -> dict:
    folder.mkdir()
    figures = _in_child(
        ["--run", mode, str(roster), str(folder / "nianbao.duckdb")], {"PREFECT_API_URL": api}
    )
    print(f"{mode:6} {figures['agencies']:>5} agencies: {figures['seconds']:.0f} s")
    return figures


def _in_child(arguments: list[str], env: dict[str, str]) -> dict:
    """This script run with ``arguments`` in a fresh process; the JSON it prints last."""
    done = subprocess.run([sys.executable, __file__, *arguments], env={**os.environ, **env},
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child(mode: str, roster: str, db: str) -> None:
    from nianbao.extract.collect.fetch import FetchSettings
    from nianbao.flows.ingest import ingest, run_stages

    local = FetchSettings(per_host=8, delay_s=0)
    peak = _PeakMemory()
    start = time.perf_counter()
    if mode == "flow":
        summary = ingest(Path(roster), Path(db), fetch=local)
    else:  # the flow's body, its tasks' plain functions on a thread pool of the flow's size
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            summary = run_stages(Path(roster), Path(db), fetch=local,
                                 submit=lambda task, *args: pool.submit(task.fn, *args),
                                 completed=concurrent.futures.as_completed)  # fmt: skip
    seconds = time.perf_counter() - start
    peak.stop()
    figures = {"agencies": summary.agencies, "reports": summary.reports_found, "parsed": summary.parsed,
               "documents": sum(summary.statuses.values()), "facts": summary.facts, "seconds": seconds,
               "stages": dict(summary.seconds), "peak_mib": peak.mib,
               "flow_mib": peak.own_mib}  # fmt: skip
    print(json.dumps(figures))


class _PeakMemory:
    """The largest resident memory of this process and its descendants together, sampled."""

    def __init__(self, every_s: float = 0.2) -> None:
        import psutil

        self._me, self._every, self._stop = psutil.Process(), every_s, threading.Event()
        self.mib = self.own_mib = 0.0  # the tree's, the flow's process alone
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.wait(self._every):
            total = 0
            with contextlib.suppress(psutil.Error):
                self.own_mib = max(self.own_mib, self._me.memory_info().rss / 2**20)
            for process in [self._me, *self._me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # ended between the listing and the reading
                    total += process.memory_info().rss
            self.mib = max(self.mib, total / 2**20)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _half_roster(roster: Path) -> Path:
    lines = roster.read_text(encoding="utf-8").splitlines()
    half = roster.with_name("roster_half.csv")
    half.write_text("\n".join(lines[: 1 + (len(lines) - 1) // 2]) + "\n", encoding="utf-8")
    return half


# ---------------------------------------------------------------- PDFs: nianbao against naive pdfplumber


def _pdf_child(site: Path) -> None:
    pdfs = _pdfs(site)
    figures = {"ours": _ours(pdfs), "naive": _naive(pdfs)}
    figures["sets"] = {
        name: [len(subset), sum(p[2] for p in subset)] for name, subset in _subsets(pdfs).items()
    }
    print(json.dumps(figures))


def _pdfs(site: Path) -> list[tuple[Path, bytes, int]]:
    """Every PDF of the portal with its page count."""
    import pypdfium2

    out = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and (data := path.read_bytes())[:5] == b"%PDF-":
            pdf = pypdfium2.PdfDocument(data)
            out.append((path, data, len(pdf)))
            pdf.close()
    return out


def _ours(pdfs: list[tuple[Path, bytes, int]]) -> dict[str, float]:
    """Seconds for all PDFs and for those without appendix, parsed as the flow parses (worker processes
    fed by threads), each set timed on its own."""
    from nianbao.flows.workers import Workers
    from nianbao.transform.build import ReportSource

    def parse(item: tuple[Path, bytes, int]) -> None:
        path, data, _ = item
        source = ReportSource("bench", 2024, path.name, f"http://portal/{path.name}", None)
        workers.build(source, data, "0" * 64, path.name)

    times = {}
    with Workers() as workers:
        for name, subset in _subsets(pdfs).items():
            with concurrent.futures.ThreadPoolExecutor(max_workers=2 * workers.limits.workers) as pool:
                start = time.perf_counter()
                list(pool.map(parse, subset))
                times[name] = time.perf_counter() - start
    return times


def _naive(pdfs: list[tuple[Path, bytes, int]]) -> dict[str, float]:
    import pdfplumber

    times = {}
    for name, subset in _subsets(pdfs).items():
        start = time.perf_counter()
        for _, data, _ in subset:
            with pdfplumber.open(BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_tables()
                    page.extract_text()
                    page.close()
        times[name] = time.perf_counter() - start
    return times


def _subsets(pdfs: list[tuple[Path, bytes, int]]) -> dict[str, list[tuple[Path, bytes, int]]]:
    return {"all": pdfs, "without appendix": [p for p in pdfs if p[2] < 20]}


# ---------------------------------------------------------------- the report


def _report(runs: dict[str, dict], pdfs: dict) -> None:
    half = runs["flow, half"]
    whole = _median([r for name, r in runs.items() if name.startswith("flow, all")])
    direct = _median([r for name, r in runs.items() if name.startswith("direct, all")])
    print()
    print(f"{'run':15} {'agencies':>8} {'reports':>8} {'docs':>6} {'facts':>8} {'seconds':>8} {'reports/s':>9} "
          f"{'fetch':>7} {'parse':>7} {'load':>6} {'check':>6} {'peak MiB':>9} {'flow MiB':>9}")  # fmt: skip
    for name, r in runs.items():
        s = r["stages"]
        print(f"{name:15} {r['agencies']:>8} {r['reports']:>8} {r['documents']:>6} {r['facts']:>8} "
              f"{r['seconds']:>8.1f} {r['reports'] / r['seconds']:>9.1f} {s.get('fetch', 0):>7.1f} "
              f"{s.get('parse', 0):>7.1f} {s.get('load', 0):>6.1f} {s.get('check', 0):>6.1f} {r['peak_mib']:>9.0f} {r['flow_mib']:>9.0f}")  # fmt: skip
    print(
        "(fetch and parse: seconds summed over the agencies' tasks, which run side by side; peak: the flow's"
    )
    print(" process and its parse workers together; flow: its process alone)")
    print()
    overhead = whole["seconds"] / direct["seconds"] - 1
    growth = whole["peak_mib"] / half["peak_mib"]
    print("(below: the median of the whole-roster runs)")
    print(f"{'cold run, ' + str(whole['agencies']) + ' agencies':38} {whole['seconds']:8.1f} s    "
          f"target ≤ {COLD_RUN_S:.0f} s   {_verdict(whole['seconds'] <= COLD_RUN_S)}")  # fmt: skip
    print(f"{'orchestration overhead (flow / direct)':38} {overhead:8.1%}      target ≤ {OVERHEAD:.0%}     "
          f"{_verdict(overhead <= OVERHEAD)}")  # fmt: skip
    print(f"{'peak memory, corpus doubled':38} {growth:8.2f} ×    target ≤ {MEMORY_GROWTH:.2f} × "
          f"  {_verdict(growth <= MEMORY_GROWTH)}  ({half['peak_mib']:.0f} → {whole['peak_mib']:.0f} MiB)")  # fmt: skip
    ours, naive = pdfs["ours"], pdfs["naive"]
    for name, (n, pages) in pdfs["sets"].items():
        ratio = naive[name] / ours[name]
        print(f"{'PDF parse vs naive pdfplumber, ' + name:38} {ratio:8.2f} ×    target ≥ {PDF_RATIO:.0f} ×     "
              f"{_verdict(ratio >= PDF_RATIO)}  ({n} PDFs, {pages} pages: nianbao "
              f"{1000 * ours[name] / pages:.1f} ms/page, naive {1000 * naive[name] / pages:.1f} ms/page)")  # fmt: skip


def _median(runs: list[dict]) -> dict:
    """The run of median seconds (the lower one of two)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


if __name__ == "__main__":
    main()
