"""Read and validate the supervisor's roster CSV (DESIGN.md: roster contract)."""

from __future__ import annotations

import csv
from pathlib import Path

from nianbao.core.errors import NianbaoError

REQUIRED = ("agency_id", "name", "region", "level", "kind", "portal_url")
KINDS = ("government", "department")


class InvalidRoster(NianbaoError, ValueError):
    """The roster CSV lacks a required column, repeats an agency id or has a bad value."""


def read_roster(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidRoster(
                f"{path}: missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED)}"
            )
        rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not row["agency_id"]:
            raise InvalidRoster(f"{path} line {line}: empty agency_id")
        if row["agency_id"] in seen:
            raise InvalidRoster(f"{path} line {line}: agency_id {row['agency_id']!r} appears twice")
        if row["kind"] not in KINDS:
            raise InvalidRoster(
                f"{path} line {line} ({row['agency_id']}): kind {row['kind']!r} must be one of {', '.join(KINDS)}"
            )
        seen.add(row["agency_id"])
    return rows
