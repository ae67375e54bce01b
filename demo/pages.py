"""Page chrome of three CMS templates, listing pages with pagination, and the site index.

cms_a: a Hanweb-like site — ``<div class="article-title">``, ``发布时间：YYYY-MM-DD`` in the info bar.
cms_b: a TRS-like site — ``<meta name="PubDate">``, ``<h1>``, Word-pasted ``TRS_Editor`` body, the
       date only in the head; its listings truncate long titles (the full one is in ``title=``).
cms_c: an old 信息公开 platform, GB2312-declared — a 索引号/发布机构/发布日期 metadata table above
       the article, bare ``<td>`` cells.
All links are root-relative so the site works at any host and port. Besides the narrative blocks
(``h``, ``h2``, ``p``, ``sign``), a page holds ``table`` and ``raw`` HTML (tables, tables pasted as
text) and ``link`` blocks (an attachment: href and link text).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from .narrative import Block

PAGE_TEMPLATES = ("cms_a", "cms_b", "cms_c")
_CMS_B_MIGRATION = date(2021, 6, 1)


def page_encoding(template: str, published_on: date) -> str:
    """cms_c is an old GB2312 platform; cms_b moved to UTF-8 in mid-2021, its older pages stayed GBK."""
    if template == "cms_c" or (template == "cms_b" and published_on < _CMS_B_MIGRATION):
        return "gbk"
    return "utf-8"


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    agency: str
    published_on: date
    listing_path: str
    encoding: str  # utf-8 | gbk
    index_no: str  # 索引号 (cms_c)


def _charset_meta(template: str, encoding: str) -> str:
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    if template == "cms_a":
        return f'<meta charset="{charset}">'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />'


def render_blocks(template: str, blocks: list[Block]) -> str:
    return "\n".join(_block(template, kind, text) for kind, text in blocks)


def _block(template: str, kind: str, text) -> str:
    if kind in ("table", "raw"):
        return text
    if kind == "link":
        href, label = text
        anchor = f'<a href="{html.escape(href)}" target="_blank">{html.escape(label)}</a>'
        if template == "cms_b":
            return f'<p class="MsoNormal" style="line-height:28pt;"><span style="font-family:仿宋_GB2312;font-size:16pt;">{anchor}</span></p>'
        if template == "cms_c":
            return f'<p><img src="/static/attach.gif" alt="" />{anchor}</p>'
        return f'<p style="text-indent:2em;line-height:2;">{anchor}</p>'
    if kind == "sign":
        return f'<p style="text-align:right;">{text}</p>'
    if template == "cms_a":
        if kind in ("h", "h2"):
            return f'<p style="text-indent:2em;line-height:2;"><strong>{text}</strong></p>'
        return f'<p style="text-indent:2em;line-height:2;">{text}</p>'
    if template == "cms_b":
        font = {"h": "黑体", "h2": "楷体_GB2312"}.get(kind, "仿宋_GB2312")
        span = f'<span style="font-family:{font};font-size:16pt;">{text}</span>'
        return f'<p class="MsoNormal" style="text-indent:32pt;line-height:28pt;">{span}</p>'
    if kind == "h":
        return f"<h3>{text}</h3>"
    return f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>"


def article_page(template: str, article: Article, body: str, site_name: str) -> str:
    """A whole article page of ``template`` around ``body``."""
    title = html.escape(article.title)
    crumbs = (
        f'<a href="/index.html">首页</a> &gt; <a href="{article.listing_path}">政府信息公开年报</a> &gt; 正文'
    )
    head = f"{_charset_meta(template, article.encoding)}\n<title>{title}</title>"
    d = article.published_on.isoformat()
    if template == "cms_a":
        main = f"""<div class="position">当前位置：{crumbs}</div>
<div class="main-content">
<div class="article-title">{title}</div>
<div class="article-info"><span>发布时间：{d}</span><span>来源：{article.agency}</span><span>浏览次数：<span id="hits"></span></span></div>
<div class="article-content" id="zoom">
{body}
</div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>"""
    elif template == "cms_b":
        head += f"""
<meta name="SiteName" content="{site_name}" />
<meta name="ColumnName" content="政府信息公开年报" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="{d} 09:{article.published_on.day + 10:02d}" />
<meta name="ContentSource" content="{article.agency}" />"""
        main = f"""<div class="w1200 crumbs">您的位置：{crumbs}</div>
<div class="detail">
<h1>{title}</h1>
<div class="detail-info">信息来源：{article.agency} &nbsp; 字号：[ <a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a> ]</div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{body}
</div></div>
</div>"""
    else:
        main = f"""<table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td>索引号：</td><td>{article.index_no}</td><td>分类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>{article.agency}</td><td>发布日期：</td><td>{d}</td></tr>
<tr><td>名&nbsp;&nbsp;称：</td><td colspan="3">{title}</td></tr>
</table>
<div class="zwgk_title">{title}</div>
<div id="zoom" class="zwgk_content">
{body}
</div>"""
    return _document(head, site_name, main)


def _document(head: str, site_name: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
{head}
<link rel="stylesheet" href="/static/site.css" />
</head>
<body>
<div class="header"><div class="logo">{site_name}</div>
<ul class="nav"><li><a href="/index.html">首页</a></li><li><a href="/index.html">政务公开</a></li></ul></div>
{main}
<div class="footer">主办单位：{site_name}办公室 &nbsp; 备案号：示例ICP备00000000号 &nbsp; 本站为演示网站，所有单位与数据均为虚构</div>
</body>
</html>
"""


@dataclass(frozen=True, slots=True)
class ListingEntry:
    title: str
    path: str
    published_on: date


def listing_pages(
    template: str, agency: str, listing_path: str, entries: list[ListingEntry], per_page: int, encoding: str
) -> dict[str, str]:
    """The paginated 年报 column of one agency: ``index.html``, ``index_1.html`` … newest first."""
    folder = listing_path.rsplit("/", 1)[0]
    n_pages = max(1, -(-len(entries) // per_page))
    paths = [f"{folder}/index.html"] + [f"{folder}/index_{i}.html" for i in range(1, n_pages)]
    pages = {}
    for i, path in enumerate(paths):
        chunk = entries[i * per_page : (i + 1) * per_page]
        items = "\n".join(_listing_item(template, e) for e in chunk)
        body = f"""<div class="column-title">政府信息公开年报</div>
<div class="list-box">
{items if template != "cms_b" else f'<table class="listTable" width="100%">{items}</table>'}
</div>
{_pager(paths, i, len(entries))}"""
        head = f"{_charset_meta(template, encoding)}\n<title>政府信息公开年报_{agency}</title>"
        pages[path] = _document(head, agency, body)
    return pages


def _listing_item(template: str, entry: ListingEntry) -> str:
    title = html.escape(entry.title)
    d = entry.published_on.isoformat()
    if template == "cms_b":
        shown = title if len(entry.title) <= 26 else html.escape(entry.title[:24]) + "..."
        return f'<tr><td class="title"><a href="{entry.path}" target="_blank" title="{title}">{shown}</a></td><td class="date"><span>{d}</span></td></tr>'
    return f'<li><a href="{entry.path}" target="_blank" title="{title}">{title}</a><span class="date">{d}</span></li>'


def _pager(paths: list[str], current: int, total: int) -> str:
    last = len(paths) - 1
    parts = [f"<span>共{total}条 第{current + 1}/{last + 1}页</span>", f'<a href="{paths[0]}">首页</a>']
    if current > 0:
        parts.append(f'<a href="{paths[current - 1]}">上一页</a>')
    for i, path in enumerate(paths):
        parts.append(
            f'<span class="current">{i + 1}</span>' if i == current else f'<a href="{path}">{i + 1}</a>'
        )
    if current < last:
        parts.append(f'<a href="{paths[current + 1]}">下一页</a>')
    parts.append(f'<a href="{paths[last]}">尾页</a>')
    return f'<div class="pagination">{" ".join(parts)}</div>'


def site_index(regions: dict[str, list[tuple[str, str]]], site_name: str) -> str:
    """The portal's home: every agency's 年报 column, grouped by region."""
    sections = []
    for region, links in regions.items():
        items = "".join(f'<li><a href="{path}">{html.escape(name)}</a></li>' for name, path in links)
        sections.append(f'<div class="region"><h2>{region}</h2><ul>{items}</ul></div>')
    return _document(f'<meta charset="utf-8">\n<title>{site_name}</title>', site_name, "\n".join(sections))
