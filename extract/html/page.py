"""The parts of a CMS page around the report: which element holds the article, its title, its
publication date and its links to report files.

Chinese government pages wrap the report in navigation, metadata tables (索引号/发布机构), related
links and footers; sites run TRS, Hanweb, UCAP or hand-made templates, and old pages lay out with
nested tables. Known content containers are tried first, then the smallest element holding the
page's data tables and most of its prose.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from nianbao.core.dates import DATE, iso_date, labelled_date
from nianbao.core.titles import parse_report_title

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Content containers of common Chinese government CMSs (TRS, Hanweb, UCAP, Word-HTML exports …).
_BODY_SELECTORS = (
    "#zoom, #Zoom, .zoom, .TRS_Editor, .trs_editor, .TRS_UEDITOR, .trs_editor_view, .Custom_UnionStyle, "
    "#UCAP-CONTENT, .pages_content, #pages_content, .article-content, .article_content, .articleContent, "
    "#articleContent, #article_content, .article-body, .article, #article, article, .wz_content, "
    "#wz_content, .wzy_content, .news_content, .newsContent, #NewsContent, .detail-content, "
    ".details-content, .detail_content, #detail, .detail, .xxgk_content, .gk-content, .view, .zw, #zw, "
    ".zwnr, #zwnr, .main-txt, .bt-content, #content, .content, .con, .cont, .info-content, "
    "#info_content, .text, #text, .txt, main"
)
_GENERIC_CONTAINERS = frozenset({"div", "td", "article", "section", "main", "form", "body", "center"})
_TITLE_SELECTORS = (
    ".article-title, .article_title, .articleTitle, #title, .title, .bt, .tit, .news_title, "
    ".detail-title, .xxgk_title, .pages-title, .con-title, .wz_title, .zw-title"
)
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|——|(?<![0-9])\s*[-–—]\s*(?![0-9]))\s*")
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|xlsx?|txt)(?:$|[?#&;])", re.IGNORECASE)
_PUBDATE_META = ("pubdate", "publishdate", "firstpublishedtime", "articlepubdate", "publish_date",
                 "article:published_time", "dc.date", "dcterms.issued", "publishtime")  # fmt: skip


def collapse(text: str) -> str:
    """HTML whitespace rules, plus NBSP and the ideographic space: runs become one space."""
    return _SPACE.sub(" ", text).strip()


def _subtree_stats(root: LexborNode, data_tables: dict[int, int]) -> dict[int, list[int]]:
    """Per element: [text length, text length inside links, weight of data tables inside]."""
    stats: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for node in root.traverse(include_text=True):
        if node.is_text_node:
            n = len(_SPACE.sub("", node.text_content or ""))
            if not n:
                continue
            in_link = False
            parent = node.parent
            while parent is not None:
                in_link = in_link or parent.tag == "a"
                entry = stats[parent.mem_id]
                entry[0] += n
                entry[1] += n if in_link else 0
                parent = parent.parent
        elif node.mem_id in data_tables:
            weight = data_tables[node.mem_id]
            parent = node
            while parent is not None:
                stats[parent.mem_id][2] += weight
                parent = parent.parent
    return stats


def article_body(tree: LexborHTMLParser, root: LexborNode, data_tables: dict[int, int]) -> LexborNode:
    """The element holding the report: a known CMS content container that holds the page's data
    tables and most of its prose, else the smallest element holding both."""
    stats = _subtree_stats(root, data_tables)
    total_weight = sum(data_tables.values())

    def prose(node: LexborNode) -> int:
        text, links, _ = stats[node.mem_id]
        return text - links

    def holds_tables(node: LexborNode) -> bool:
        return total_weight == 0 or stats[node.mem_id][2] >= 0.75 * total_weight

    page_prose = prose(root)
    seen: set[int] = set()
    candidates = []
    for node in tree.css(_BODY_SELECTORS):
        if node.mem_id not in seen and prose(node) > 0 and holds_tables(node):
            seen.add(node.mem_id)
            candidates.append(node)
    if candidates:
        best = max(prose(n) for n in candidates)
        if total_weight or best >= 0.25 * page_prose:
            return min((n for n in candidates if prose(n) >= 0.8 * best), key=prose)
    generic = [
        n
        for n in root.traverse()
        if n.tag in _GENERIC_CONTAINERS and holds_tables(n) and prose(n) >= 0.6 * page_prose
    ]
    return min(generic, key=prose) if generic else root


def page_metas(tree: LexborHTMLParser) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name (ArticleTitle, PubDate …), first occurrence wins."""
    out: dict[str, str] = {}
    for meta in tree.css("meta"):
        name = (meta.attributes.get("name") or meta.attributes.get("property") or "").strip().lower()
        content = collapse(meta.attributes.get("content") or "")
        if name and content and name not in out:
            out[name] = content
    return out


def page_title(tree: LexborHTMLParser, body: LexborNode, metas: dict[str, str], lines: list[str]) -> str:
    """The article title: the first candidate that reads as a report title, else the first found."""
    title_node = tree.css_first("title")
    head_title = collapse(title_node.text()) if title_node is not None else ""
    parts = [p for p in _TITLE_SEPARATORS.split(head_title) if p.strip()]
    metas_named = [metas.get("articletitle", ""), metas.get("title", "")]
    elements = [collapse(n.text()) for n in tree.css(_TITLE_SELECTORS)[:5]]
    headings = [collapse(n.text()) for n in body.css("h1, h2")[:3]] + [
        collapse(n.text()) for n in tree.css("h1")[:2]
    ]
    first_lines = [line for line in lines[:5] if len(line) <= 80]
    # The page <title> nearly always carries the article title: it outranks sidebar ".title"s.
    ranked = metas_named + parts + headings + elements + first_lines
    fallback = metas_named + elements + headings + parts[:1] + first_lines
    for candidate in ranked:
        if candidate and len(candidate) <= 120 and parse_report_title(candidate):
            return candidate
    return next((c for c in fallback if c and len(c) <= 120), "")


def published_on(metas: dict[str, str], page_text: str) -> str | None:
    """ISO publication date: the CMS's meta tag, else a labelled date on the page (发布时间：…)."""
    for name in _PUBDATE_META:
        m = re.search(DATE, metas.get(name, ""))
        if m and (iso := iso_date(*m.groups())):
            return iso
    return labelled_date(page_text)


def attachment_links(tree: LexborHTMLParser, body: LexborNode, base_url: str | None) -> list[str]:
    """Links to report files (PDF, DOC(X), WPS, XLS(X), TXT), absolute when a base URL is known.
    Links in the article body first; else page links marked as an attachment (附件)."""

    def links(scope: LexborNode, named_only: bool) -> list[str]:
        out = []
        for node in scope.css("a[href], iframe[src], embed[src], object[data]"):
            ref = (
                node.attributes.get("href") or node.attributes.get("src") or node.attributes.get("data") or ""
            )
            ref = ref.strip()
            label = collapse(node.text()) if node.tag == "a" else ""
            if not ref or ref.startswith(("javascript:", "mailto:", "#")):
                continue
            if not (_ATTACHMENT.search(ref) or _ATTACHMENT.search(label)):
                continue
            context = label + (collapse(node.parent.text())[:40] if node.parent is not None else "")
            if named_only and "附件" not in context:
                continue  # a sidebar's link to another year's report is no attachment of this one
            out.append(urljoin(base_url, ref) if base_url else ref)
        return out

    found = links(body, named_only=False)
    if not found and tree.body is not None and body.mem_id != tree.body.mem_id:
        found = links(tree.body, named_only=True)
    return list(dict.fromkeys(found))
