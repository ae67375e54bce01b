"""The MappedReport contract: what ``transform`` hands to ``warehouse``.

One MappedReport per parsed document: the template it follows, the agency and year it states, and
its facts keyed by metric code (``metrics.csv``). A printed blank is a fact with value ``None`` —
never 0 — so the warehouse can flag it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nianbao.core.kinds import DocumentStatus


@dataclass(slots=True)
class Fact:
    metric: str
    value: float | None  # None: the cell is printed blank
    raw: str  # the cell text as printed
    table_index: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    line: int | None = None
    note: str = ""  # text beside the number in the cell ("其中修订16件", "元")


@dataclass(slots=True)
class MappedReport:
    status: DocumentStatus
    message: str = ""
    template: str | None = None  # "2019" | "2021" | None when unknown
    other_shape: str | None = None  # "single" | "split": how （六）其他处理 is printed
    agency_name: str | None = None  # as stated in the title
    year: int | None = None  # report year as stated in the title or text
    facts: dict[str, Fact] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)  # numerals of the sections found, in order
    warnings: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # metric cells the format prints that were not read

    def to_json_dict(self) -> dict[str, Any]:
        """The `nianbao parse --json` shape of DESIGN.md."""
        out: dict[str, Any] = {
            "status": self.status,
            "agency": self.agency_name,
            "year": self.year,
            "template": self.template,
            "facts": {code: _plain(f.value) for code, f in self.facts.items()},
            "sections": self.sections,
            "unread": self.unread,
            "warnings": self.warnings,
        }
        if self.status != "ok" or self.message:
            out["message"] = self.message
        return out


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
