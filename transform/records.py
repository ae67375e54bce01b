"""The row a parsed and mapped report becomes: what ``warehouse.load`` stores."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.extract.document import Section
from nianbao.extract.records import stable_id
from nianbao.transform.mapped import Fact


def report_id(agency_id: str, year: int, source_url: str) -> str:
    """A report's id: the same agency, year and source document give the same id on every run."""
    return stable_id(agency_id, year, source_url)


@dataclass(slots=True)
class ReportRecord:
    agency_id: str
    year: int
    source_url: str
    title: str
    published_on: str | None
    sha256: str | None
    media_type: str | None
    parse_status: str
    parse_message: str = ""
    template: str | None = None
    other_shape: str | None = None
    stated_agency: str | None = None
    stated_year: int | None = None
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    facts: dict[str, Fact] = field(default_factory=dict)
    unread: list[str] | None = None  # cells the format prints that were not read (None: nothing read)
    page_url: str | None = None  # the article page it was published on; None: source_url itself
    parse_traceback: str | None = None  # where nianbao itself failed (parse_status parser_error)
    reader_version: str | None = None  # the code that read it (transform.version); None: not read

    @property
    def report_id(self) -> str:
        return report_id(self.agency_id, self.year, self.source_url)
