"""``truth.json``: what a correct pipeline concludes about the sample portal.

Per report (one entry per publication; a superseded original is its own entry with
``"superseded": true``): its page ``path``, ``status`` (``ok``, ``out_of_scope``, ``needs_ocr``), the
``sources`` that make up the publication (the page and its attachment, each with the status a reader
should conclude and, when its printed values differ from the report's, its own ``facts``), the
``sections`` a reader finds, and ``facts``: every printed cell of the standing source's tables.
Then the seeded defects' ``expected_findings`` and the ``flaky`` paths.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .defects import Finding
from .entry import Entry
from .forms import MEDIA, PAGE_TABLES
from .narrative import SECTION_HEADS
from .pages import page_encoding
from .roster import Agency
from .values import YEARS


def write_truth(
    path: Path,
    seed: int,
    roster: list[Agency],
    entries: list[Entry],
    findings: list[Finding],
    templates: dict[str, str],
) -> None:
    position = {a.agency_id: i for i, a in enumerate(roster)}
    reports = sorted(
        (e for e in entries if e.is_report),
        key=lambda e: (position[e.agency.agency_id], e.year, e.published_on),
    )
    clean = [e.path for e in reports if e.defect is None]
    flaky_rng = random.Random(f"{seed}:flaky")
    flaky = {path: flaky_rng.choice((1, 2)) for path in sorted(flaky_rng.sample(clean, 3))}
    findings = sorted(findings, key=lambda f: (position[f.agency_id], f.year, f.rule_id, f.metric or ""))
    truth = {
        "seed": seed,
        "years": list(YEARS),
        "agencies": [
            {
                "agency_id": a.agency_id,
                "name": a.name,
                "region": a.region,
                "level": a.level,
                "kind": a.kind,
                "parent_id": a.parent_id,
                "listing_path": a.listing_path,
            }
            for a in roster
        ],
        "reports": [_report_json(e, templates[e.agency.agency_id]) for e in reports],
        "expected_findings": [f.to_json() for f in findings],
        "flaky": flaky,
    }
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _report_json(entry: Entry, page_template: str) -> dict:
    form = entry.pub.form if entry.blocks_key == "report" else "html"
    status = "out_of_scope" if entry.blocks_key == "legacy" else "needs_ocr" if form == "scan" else "ok"
    readable = status == "ok"
    out = {
        "agency_id": entry.agency.agency_id,
        "year": entry.year,
        "path": entry.path,
        "title": entry.title,
        "published_on": entry.published_on.isoformat(),
        "template": entry.template,
        "other_shape": entry.other_shape,
        "encoding": page_encoding(page_template, entry.published_on),
        "page_template": page_template,
        "status": status,
        "form": form,
        "defect": entry.defect,
        "superseded": entry.superseded,
    }
    if entry.replaces is not None:
        out["replaces"] = entry.replaces.path
    out["sections"] = [s for s in SECTION_HEADS if s not in (entry.omit or "")] if readable else []
    out["sources"] = _sources(entry, form)
    if status == "out_of_scope":  # the old structure is recognised, not read
        out["sources"][0]["status"] = status
    out["facts"] = {m: _plain(v) for m, v in entry.facts.items()} if readable else {}
    return out


def _sources(entry: Entry, form: str) -> list[dict]:
    page: dict = {"path": entry.path, "media_type": "html"}
    if form in PAGE_TABLES:
        page.update(layout=PAGE_TABLES[form], holds_tables=True, status="ok")
    else:
        page.update(holds_tables=False, status="no_tables")
    sources = [page]
    media = MEDIA.get(form)
    if media is not None:
        status = {"scan": "needs_ocr", "html_doc": "unsupported"}.get(form, "ok")
        attachment: dict = {"path": entry.pub.href, "media_type": media}
        if media == "pdf":
            attachment["layout"] = entry.pub.layout
        attachment.update(holds_tables=True, status=status)
        if entry.pub.file_path != entry.pub.href:
            attachment["stored_at"] = entry.pub.file_path
        if entry.attachment_facts is not None:
            attachment["facts"] = {m: _plain(v) for m, v in entry.attachment_facts.items()}
        sources.append(attachment)
    return sources


def _plain(value: int | float | None) -> int | float | None:
    """JSON ints where integral: 37.0 prints as 37 in the table, so it is 37 in truth."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
