"""The layout tolerances of the PDF reader, named and checked in one place.

Each is a share of a font size, a line pitch or a page height, or a distance in points; they were
tuned on Word, WPS and CMS exports of real reports (see tests/test_pdf_reader.py). ``LAYOUT`` is the
set the reader uses.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from nianbao.core.errors import NianbaoError


class InvalidLayoutSettings(NianbaoError, ValueError):
    """A tolerance out of its range: the reader would split or join text wrongly everywhere."""


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    # A gap wider than this share of the font size splits a line into segments (table columns). Narrow
    # table headers ("社会公" beside "法律服") sit about half a character apart, text glyphs nearly touch.
    segment_gap: float = 0.45
    # A gap wider than this share of the font size is printed as a space inside a text.
    space_gap: float = 0.3
    # Glyphs of one line have centres closer than this share of their height.
    same_line: float = 0.35
    # Fake bold repeats a glyph less than this many points away.
    duplicate_distance: float = 1.5
    # Points between two drawings of one ruling line.
    edge_tolerance: float = 3.0
    # Line pitches: a wider vertical gap ends an unruled table.
    max_line_gap: float = 2.5
    # Share of the page height at the top and at the bottom holding running headers and footers.
    margin_band: float = 0.09
    # Printable glyphs per page: fewer is a page number or a stamp, not a text layer.
    min_text_per_page: int = 20
    # Vector paths on a page without text: its text was converted to outlines.
    outline_curves: int = 200

    def __post_init__(self) -> None:
        for f in fields(self):
            if not getattr(self, f.name) > 0:
                raise InvalidLayoutSettings(
                    f"PDF layout setting {f.name} must be positive, not {getattr(self, f.name)}"
                )
        if self.space_gap >= self.segment_gap:
            raise InvalidLayoutSettings(
                f"PDF layout: space_gap {self.space_gap} must be below segment_gap {self.segment_gap} "
                "(a space inside a text is narrower than the gap between two columns)"
            )
        if self.same_line >= 0.5:
            raise InvalidLayoutSettings(
                f"PDF layout: same_line {self.same_line} must be below half a line height"
            )
        if self.margin_band >= 0.5:
            raise InvalidLayoutSettings(
                f"PDF layout: margin_band {self.margin_band} must be below half the page"
            )


LAYOUT = LayoutSettings()
