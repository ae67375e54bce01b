"""Find an agency's annual reports in its 年报 column.

Crawls the listing pages (following the pagination within the column's folder), and keeps the
entries whose title is an annual report (``titles.parse_report_title``) with their publication date.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from nianbao.core.titles import parse_report_title
from nianbao.extract.charset import decode_html
from nianbao.extract.collect.fetch import Fetcher, FetchResult

MAX_LISTING_PAGES = 60
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")
_PAGER_TEXT = re.compile(r"^(下一?页|上一?页|尾页|末页|首页|\d{1,3}|>|>>|»|›)$")
# Hanweb (大汉) CMSs ship the entries of a column as CDATA records in a <script type="text/xml"> block
# that their script renders: the anchors are not elements of the page until read from there.
_CDATA_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
# TRS/Hanweb CMSs write their pager with script: createPageHTML(total, current, "index", "html").
_JS_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")


@dataclass(frozen=True, slots=True)
class ReportLink:
    agency_id: str
    title: str
    year: int
    url: str
    published_on: str | None  # ISO date as listed


@dataclass(slots=True)
class Discovery:
    agency_id: str
    links: list[ReportLink] = field(default_factory=list)
    pages: list[FetchResult] = field(default_factory=list)  # listing pages fetched, for the fetch log
    errors: list[str] = field(default_factory=list)


def iso_date(text: str) -> str | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _entry_date(anchor) -> str | None:
    """The date printed beside a listing entry: in the anchor's row (li/tr/dd/div), nearest first."""
    node = anchor
    for _ in range(4):
        node = node.parent
        if node is None:
            return None
        date = iso_date(node.text(separator=" "))
        if date:
            return date
    return None


def _folder(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/"


def parse_listing(html: str, page_url: str, agency_id: str) -> tuple[list[ReportLink], list[str]]:
    """Report links and pager links (absolute URLs) on one listing page."""
    records = _CDATA_RECORD.findall(html)
    tree = LexborHTMLParser(html + "".join(f"<div>{record}</div>" for record in records))
    links: list[ReportLink] = []
    pager: list[str] = []
    folder = _folder(page_url)
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(page_url, href)
        text = anchor.text(strip=True)
        title = (anchor.attributes.get("title") or "").strip() or text
        parsed = parse_report_title(title)
        if parsed:
            links.append(ReportLink(agency_id, title, parsed.year, url, _entry_date(anchor)))
        elif _PAGER_TEXT.match(text) and url.startswith(folder):
            pager.append(url)
    for match in _JS_PAGER.finditer(html):
        total, stem, ext = int(match.group(1)), match.group(2), match.group(3)
        pager += [urljoin(folder, f"{stem}_{i}.{ext}") for i in range(1, total)]
    return links, pager


def discover_reports(fetcher: Fetcher, agency_id: str, listing_url: str) -> Discovery:
    """Crawl one agency's listing; never raises for a bad page (errors are collected)."""
    found = Discovery(agency_id)
    seen_pages: set[str] = set()
    seen_links: set[str] = set()
    queue = deque([listing_url])
    while queue and len(seen_pages) < MAX_LISTING_PAGES:
        url = queue.popleft().split("#", 1)[0]
        if url in seen_pages:
            continue
        seen_pages.add(url)
        page = fetcher.fetch(url)
        found.pages.append(page)
        if not page.ok:
            found.errors.append(f"listing page {url}: {page.error}")
            continue
        html, _ = decode_html(fetcher.body(page), page.header_charset)
        links, pager = parse_listing(html, page.final_url or url, agency_id)
        for link in links:
            if link.url not in seen_links:
                seen_links.add(link.url)
                found.links.append(link)
        queue.extend(p for p in pager if p not in seen_pages)
    return found
