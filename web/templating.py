"""The pages' Jinja2 environment: autoescaped (every string from a document is data), with the
filters and the Chinese labels the templates share."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from nianbao.web import labels
from nianbao.web.charts import format_value

APP_TITLE = "政府信息公开工作年度报告核查工作台"


def list_url(year: object, region: str | None, status: str) -> str:
    """The overview's agency-year list filtered to a year ('all': every year), region and status."""
    pairs = (
        [("year", str(year))]
        + ([("region", region)] if region else [])
        + ([("status", status)] if status else [])
    )
    return f"/?{urlencode(pairs)}#agency-years"


def source_link(url: str | None, text: str) -> Markup:
    """A link to a report's published address; only web addresses become links (a URL is data)."""
    if not url:
        return Markup("")
    if urlsplit(url).scheme in ("http", "https"):
        return Markup('<a href="{}" rel="noreferrer noopener" target="_blank">{}</a>').format(url, text)
    return escape(url)


def _percent(value: float | None) -> str:
    return "" if value is None else format_value(value, percent=True)


def _number(value: float | None) -> str:
    return "空" if value is None else format_value(value)


def _bbox(box: list[float] | None) -> str:
    return "" if not box else ", ".join(f"{v:.1f}" for v in box)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _local_time(at: dt.datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def environment() -> Environment:
    env = Environment(loader=PackageLoader("nianbao.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters.update(percent=_percent, number=_number, bbox=_bbox, cell=_cell, local_time=_local_time)
    env.globals.update(
        app_title=APP_TITLE,
        list_url=list_url,
        source_link=source_link,
        publication=labels.PUBLICATION,
        status_filters=labels.STATUS_FILTERS,
        severity=labels.SEVERITY,
        review_status=labels.REVIEW_STATUS,
        not_reviewed=labels.NOT_REVIEWED,
        kind=labels.KIND,
        all_regions=labels.ALL_REGIONS,
        indicators=labels.INDICATORS,
    )
    return env
