"""How each report is published: HTML tables, tables pasted as text, or an attachment (PDF, DOCX, a
scanned PDF, a legacy .doc) — and where the attachment lives on the agency's site.

Forms (``Publication.form``):
- ``html``: the tables as HTML on the article page (as before);
- ``text``: the whole report on the page, its tables pasted as lines of text;
- ``pdf`` / ``docx``: a short page linking the full report file;
- ``both``: HTML tables on the page and a PDF with the same tables linked below;
- ``scan``: a short page linking a scanned PDF (no text layer);
- ``html_doc``: HTML tables on the page and a legacy ``.doc`` linked below;
- ``txt``: a short page linking the report as a plain-text file (``text_report.render_text_file``).
Attachment URLs follow each CMS: cms_a ``/uploads/YYYY/MM/…``, cms_b (TRS) ``P0…`` files beside the
article, cms_c an old ``download.jsp?file=…&id=…`` servlet (the server maps it to ``/download/ID/FILE``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

FORMS = ("html", "text", "pdf", "docx", "both", "scan", "html_doc", "txt")
MEDIA = {"pdf": "pdf", "both": "pdf", "scan": "pdf", "docx": "docx", "html_doc": "doc", "txt": "txt"}
PAGE_TABLES = {"html": "table", "both": "table", "html_doc": "table", "text": "text"}
# Shares of the freely drawn reports; html takes what is left (about 45 %).
_SHARES = {"pdf": 0.22, "docx": 0.12, "both": 0.09, "text": 0.06, "html_doc": 0.02, "txt": 0.015}
_MINIMUM = {"text": 6, "html_doc": 2, "both": 4, "txt": 4}
_LAYOUT_SHARES = (("word", 0.55), ("landscape", 0.27), ("plain", 0.18))


@dataclass(slots=True)
class Publication:
    form: str = "html"
    layout: str | None = None  # PDF layout: word | landscape | plain | scan
    href: str = ""  # the attachment link as printed on the page (root-relative)
    file_path: str = ""  # where the attachment is stored under site/
    link_text: str = ""


def assign_forms(
    keys: list[tuple], forced: dict[tuple, str], no_text: set[tuple], rng: random.Random
) -> dict:
    """A ``Publication`` for every report key; ``forced`` fixes some forms (scan, both)."""
    free = [k for k in keys if k not in forced]
    rng.shuffle(free)
    counts = {form: max(_MINIMUM.get(form, 0), round(share * len(free))) for form, share in _SHARES.items()}
    out = {k: Publication(form) for k, form in forced.items()}
    text_ok = [k for k in free if k not in no_text]
    for k in text_ok[: counts.pop("text")]:
        out[k] = Publication("text")
    rest = [k for k in free if k not in out]
    start = 0
    for form, n in counts.items():
        for k in rest[start : start + n]:
            out[k] = Publication(form)
        start += n
    for k in rest[start:]:
        out[k] = Publication("html")
    pdfs = sorted((k for k, p in out.items() if p.form in ("pdf", "both")), key=keys.index)
    rng.shuffle(pdfs)
    start = 0
    for layout, share in _LAYOUT_SHARES:
        n = max(2, round(share * len(pdfs))) if layout != "word" else round(share * len(pdfs))
        for k in pdfs[start : start + n]:
            out[k].layout = layout
        start += n
    for k in pdfs[start:]:
        out[k].layout = "word"
    for p in out.values():
        if p.form == "scan":
            p.layout = "scan"
    return out


def place_attachment(
    pub: Publication,
    page_template: str,
    agency_id: str,
    published_on: date,
    article_id: int,
    title: str,
    rng: random.Random,
) -> None:
    """Fill in the attachment's URL, storage path and link text for its CMS."""
    media = MEDIA.get(pub.form)
    if media is None:
        return
    d = published_on
    if page_template == "cms_a":
        name = f"{d:%Y%m%d}_{agency_id.replace('-', '')}{article_id % 1000:03d}nb.{media}"
        pub.href = pub.file_path = f"/{agency_id}/uploads/{d:%Y}/{d:%m}/{name}"
    elif page_template == "cms_b":
        name = f"P0{d:%Y%m%d}{rng.randrange(10**11, 10**12)}.{media}"
        pub.href = pub.file_path = f"/{agency_id}/xxgk/{d:%Y%m}/{name}"
    else:
        name = f"{d:%Y%m%d}{rng.randrange(10**5, 10**6)}.{media}"
        attachment_id = article_id + 1
        pub.href = f"/{agency_id}/download.jsp?file={name}&id={attachment_id}"
        pub.file_path = download_path(agency_id, name, attachment_id)
    pub.link_text = rng.choice(
        (f"附件：{title}.{media}", f"{title}.{media}", f"附件1：{title}", f"{title}（{media.upper()}版）")
    )


def download_path(agency_id: str, name: str, attachment_id: int | str) -> str:
    """Where ``/{agency}/download.jsp?file=NAME&id=ID`` is stored under site/ (the server maps it)."""
    return f"/{agency_id}/download/{attachment_id}/{name}"


def attachment_page_blocks(title: str, agency: str, year: int, rng: random.Random) -> list[tuple[str, str]]:
    """The short text of a page whose report is only in the attachment."""
    return [
        (
            "p",
            rng.choice(
                (
                    f"根据《中华人民共和国政府信息公开条例》规定，现将{title}全文公布如下，详见附件。",
                    f"现将《{title}》予以公布，详见附件。",
                    f"{agency}{year}年政府信息公开工作年度报告已编制完成，现予以公开，全文详见附件。",
                    f"现将{agency}{year}年度政府信息公开工作年度报告全文公布如下，详见附件。",
                )
            ),
        )
    ]
