"""One article of the sample portal's 年报 columns, as the generator plans it and the site, the
defects and the ground truth read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .forms import Publication
from .narrative import Narrative
from .roster import Agency
from .values import Values


@dataclass(slots=True)
class Entry:
    """One article of an agency's 年报 column: a report (in or out of scope) or an unrelated notice."""

    agency: Agency
    title: str
    published_on: date
    blocks_key: str  # report | legacy | notice | explainer
    year: int | None = None
    template: str | None = None
    other_shape: str | None = None
    facts: Values = field(default_factory=dict)
    defect: str | None = None
    path: str = ""
    article_id: int = 0
    narrative: Narrative | None = None
    note: str | None = None  # the 更正说明 of a republished report
    omit: str | None = None  # a section left out (sections_missing)
    superseded: bool = False  # an original replaced by a later publication of the same year
    replaces: Entry | None = None  # the original this publication replaces
    attachment_facts: Values | None = None  # what the attachment prints when it differs from the page
    stated: int | None = None  # the number a narrative_mismatch report states instead of the table's
    pub: Publication = field(default_factory=Publication)

    @property
    def is_report(self) -> bool:
        return self.blocks_key in ("report", "legacy")

    @property
    def key(self) -> tuple[str, int, bool]:
        return (self.agency.agency_id, self.year or 0, self.superseded)
