"""Charts as inline SVG drawn on the server: the workspace works offline and needs no script library.

One line per series over the years, a point per value (its value in the point's tooltip), a gap where
a year has none; the y axis starts at 0 with round ticks; the legend below names the series.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

PALETTE = ("#1f6fb4", "#d62728", "#2a9d46", "#ef8a17", "#8e5bb8", "#8c564b", "#d6589f", "#17a2b8",
           "#7f7f7f", "#b5a000")  # fmt: skip
WIDTH, PLOT_HEIGHT = 760, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, AXIS_HEIGHT = 64, 20, 36, 28
LEGEND_ROW, LEGEND_COLUMNS = 20, 3


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: dict[int, float | None]  # year -> value


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 up to at least ``top``."""
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def format_value(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    if percent:
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}" if value == round(value) else f"{value:,.2f}"


def line_chart(
    series: Sequence[Series], years: Sequence[int], *, title: str = "", percent: bool = False
) -> Markup:
    """An SVG line chart of ``series`` over ``years``; every label is escaped."""
    years = sorted(years)
    values = [v for s in series for v in s.values.values() if v is not None]
    ticks = nice_ticks(max(values, default=0.0))
    top = ticks[-1] or 1.0
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    legend_rows = math.ceil(len(series) / LEGEND_COLUMNS)
    height = MARGIN_TOP + PLOT_HEIGHT + AXIS_HEIGHT + legend_rows * LEGEND_ROW + 8

    def x(year: int) -> float:
        if len(years) == 1:
            return MARGIN_LEFT + plot_width / 2
        return MARGIN_LEFT + plot_width * years.index(year) / (len(years) - 1)

    def y(value: float) -> float:
        return MARGIN_TOP + PLOT_HEIGHT * (1 - value / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title><text x="{MARGIN_LEFT}" y="20" class="heading">{escape(title)}</text>']  # fmt: skip
    for tick in ticks:
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'class="grid"/><text x="{MARGIN_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                     f'class="tick">{escape(format_value(tick, percent))}</text>')  # fmt: skip
    baseline = MARGIN_TOP + PLOT_HEIGHT
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{baseline + 18}" text-anchor="middle" class="tick">{year}</text>'
        )
    for n, s in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        for run in _runs([(year, s.values.get(year)) for year in years]):
            points = " ".join(f"{x(year):.1f},{y(v):.1f}" for year, v in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for year in years:
            v = s.values.get(year)
            if v is not None:
                tip = f"{s.label} {year}年：{format_value(v, percent)}"
                parts.append(f'<circle cx="{x(year):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                             f"<title>{escape(tip)}</title></circle>")  # fmt: skip
        lx = MARGIN_LEFT + (n % LEGEND_COLUMNS) * (plot_width / LEGEND_COLUMNS)
        ly = baseline + AXIS_HEIGHT + (n // LEGEND_COLUMNS) * LEGEND_ROW + 10
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 9}" width="14" height="10" fill="{colour}"/>'
                     f'<text x="{lx + 20:.1f}" y="{ly}" class="legend">{escape(s.label)}</text>')  # fmt: skip
    parts.append("</svg>")
    return Markup("".join(parts))


def _runs(points: list[tuple[int, float | None]]) -> list[list[tuple[int, float]]]:
    """The stretches of consecutive years that have a value (a line breaks at a missing year)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year, value in points:
        if value is None:
            runs.append([])
        else:
            runs[-1].append((year, value))
    return [run for run in runs if run]
