"""Render every file of the site: article pages, report attachments, listing pages and the index."""

from __future__ import annotations

import random

from .docx_report import render_docx
from .entry import Entry
from .forms import attachment_page_blocks
from .legacy import legacy_blocks
from .legacy_doc import render_doc
from .narrative import ReportDoc, other_matters, report_blocks
from .notices import explainer_blocks, notice_blocks, signed_before
from .pages import (
    Article,
    ListingEntry,
    article_page,
    listing_pages,
    page_encoding,
    render_blocks,
    site_index,
)
from .pdf_report import render_pdf
from .printing import cell_text, draw_style
from .roster import Agency
from .scan import render_scan
from .tables import Skin, report_tables, t3_misaligned_spans
from .text_report import draw_text_style, render_text_file, text_table

PORTAL_NAME = "青川市政务公开示范平台"
_SITE_CSS = "body{font-family:sans-serif;margin:0 auto;max-width:1200px}table{border-collapse:collapse}\n"
_ATTACH_ICON = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def render_site(
    entries: list[Entry], roster: list[Agency], templates: dict[str, str], seed: int
) -> dict[str, bytes]:
    files: dict[str, bytes] = {"/static/site.css": _SITE_CSS.encode(), "/static/attach.gif": _ATTACH_ICON}
    for entry in entries:
        template = templates[entry.agency.agency_id]
        encoding = page_encoding(template, entry.published_on)
        rng = random.Random(f"{seed}:{entry.path}")
        article = Article(
            entry.title,
            entry.agency.name,
            entry.published_on,
            entry.agency.listing_path,
            encoding,
            f"QC{entry.article_id:08d}",
        )
        blocks, attachment = _content(entry, template, rng, seed)
        body = render_blocks(template, blocks)
        files[entry.path] = article_page(template, article, body, entry.agency.name).encode(encoding)
        if attachment is not None:
            files[entry.pub.file_path] = attachment
    for agency in roster:
        template = templates[agency.agency_id]
        own = sorted(
            (e for e in entries if e.agency is agency),
            key=lambda e: (e.published_on, e.article_id),
            reverse=True,
        )
        listed = [ListingEntry(e.title, e.path, e.published_on) for e in own]
        per_page = random.Random(f"{seed}:{agency.agency_id}:pager").randint(8, 10)
        encoding = "gbk" if template == "cms_c" else "utf-8"
        for path, page in listing_pages(
            template, agency.name, agency.listing_path, listed, per_page, encoding
        ).items():
            files[path] = page.encode(encoding)
    regions: dict[str, list[tuple[str, str]]] = {}
    for agency in roster:
        regions.setdefault(agency.region, []).append((agency.name, agency.listing_path))
    files["/index.html"] = site_index(regions, PORTAL_NAME).encode("utf-8")
    return files


def _word_pasted(template: str, rng: random.Random):
    """How the page's tables come out of Word: on the Word-pasting CMS (cms_b), table 3 of about one
    page in three has value spans that disagree with its header's (``t3_misaligned_spans``)."""
    misaligned = template == "cms_b" and rng.random() < 0.35
    return lambda table: t3_misaligned_spans(table) if misaligned and table.name == "t3" else table


def _content(entry: Entry, template: str, rng: random.Random, seed: int) -> tuple[list, bytes | None]:
    """The page's blocks and the attachment's bytes (None without an attachment)."""
    skin = Skin(template, rng)
    agency = entry.agency.name
    if entry.blocks_key == "legacy":
        return legacy_blocks(agency, skin, rng), None
    if entry.blocks_key == "notice":
        return notice_blocks(entry.title, agency, entry.published_on, rng), None
    if entry.blocks_key == "explainer":
        return explainer_blocks(entry.title.removeprefix("图解："), agency), None
    year = entry.year or 0
    style = draw_style(rng, t2_split=template == "cms_b")
    texts = {metric: cell_text(metric, value, style, rng) for metric, value in entry.facts.items()}
    other = other_matters(year, rng)
    signed_on = signed_before(entry.published_on, rng)

    def document(texts: dict[str, str]) -> ReportDoc:
        tables = report_tables(entry.template or "", entry.other_shape or "", texts, style)
        blocks = report_blocks(
            entry.narrative,  # type: ignore[arg-type]
            tables,
            style,
            year,
            other,
            (agency, signed_on),
            omit=entry.omit,
            note=entry.note,
        )
        return ReportDoc(entry.title, agency, blocks)

    doc = document(texts)
    form = entry.pub.form
    file_rng = random.Random(f"{seed}:{entry.path}:file")
    attachment = None
    if form in ("pdf", "both"):
        printed = doc
        if entry.attachment_facts is not None:  # the attachment prints other values in a few cells
            changed = {m: v for m, v in entry.attachment_facts.items() if v != entry.facts[m]}
            printed = document({**texts, **{m: cell_text(m, v, style, file_rng) for m, v in changed.items()}})
        attachment = render_pdf(printed, entry.pub.layout or "word", file_rng)
    elif form == "docx":
        attachment = render_docx(doc, file_rng, signed_on)
    elif form == "scan":
        attachment = render_scan(doc, file_rng)
    elif form == "html_doc":
        attachment = render_doc(doc)
    elif form == "txt":
        attachment = render_text_file(doc, file_rng)
    if form in ("html", "both", "html_doc"):
        pasted = _word_pasted(template, random.Random(f"{seed}:{entry.path}:pasted"))
        blocks = [(kind, skin.html(pasted(c)) if kind == "table" else c) for kind, c in doc.blocks]
    elif form == "text":
        text_style = draw_text_style(rng)
        blocks = [
            ("raw", text_table(c, text_style)) if kind == "table" else (kind, c) for kind, c in doc.blocks
        ]
    else:
        blocks = attachment_page_blocks(entry.title, agency, year, rng)
    if attachment is not None:
        blocks.append(("link", (entry.pub.href, entry.pub.link_text)))
    return blocks, attachment
