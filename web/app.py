"""The supervisor's workspace (``nianbao serve``): a local web app over the warehouse.

Pages: the overview (regions × years, the agency-year list), an agency, a finding with its evidence
and the forms to review it or correct a cell, and the comparison (with its CSV and Excel). Reads go
to the published copy (``reading``); decisions go to the decisions inbox and from there into the
warehouse (``decisions``). It serves on 127.0.0.1: a form is taken only from a page of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from nianbao.extract.collect.archive import default_archive
from nianbao.warehouse.db import WarehouseNotFound
from nianbao.warehouse.review import REVIEW_STATUSES, FindingNotFound, InvalidDecision, parse_value
from nianbao.web import compare, pages
from nianbao.web.charts import line_chart
from nianbao.web.decisions import DecisionDesk, Submitted
from nianbao.web.labels import REVIEW_STATUS
from nianbao.web.page_image import PageOutOfRange, render_page
from nianbao.web.reading import WarehouseBusy, WarehouseReader
from nianbao.web.templating import environment

REASON_REQUIRED = "请填写理由：用一句话说明为什么，方便下一位审核人理解。"
CHOOSE_STATUS = "请选择“确认问题”或“排除问题”。"
NO_FINDING = "没有这个问题：核查重新运行后，它可能已不存在。"
CHOOSE_CELL = "请选择要更正的单元格。"
VALUE_REQUIRED = "请填写正确的数值；空白单元格请填“空”。"
VALUE_UNREADABLE = "数值无法识别：请填写数字；空白单元格请填“空”。"
NOTICES = {
    "applied": "已写入数据仓库。",
    "pending": "已记录，待写入：正在采集，采集结束后写入数据仓库。",
    "rejected": "数据仓库未接受这项决定：{why}",
}
CORRECTION_APPLIED = (
    "更正已写入数据仓库；规则在下次核查（nianbao check 或下次采集）时按更正后的数值重新判断。"
)


class Blank(dict):
    """Form values for a template: a field not sent reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


class Workspace:
    def __init__(self, db: Path, archive: Path | None = None) -> None:
        self.reader = WarehouseReader(Path(db))
        self.desk = DecisionDesk(self.reader)
        self.archive = Path(archive) if archive else default_archive(Path(db))
        self.env = environment()

    def page(self, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
        pending = self.desk.pending()
        source = self.reader.source()
        when = (
            dt.datetime.fromtimestamp(source.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            if source.exists()
            else ""
        )
        label = "已发布的数据仓库副本" if source == self.reader.published else "数据仓库"
        html = self.env.get_template(template).render(pending_count=len(pending), source_label=label,
                                                      source_time=when, **context)  # fmt: skip
        return HTMLResponse(html, status_code=status_code)

    def read(self, build: Callable, *args):
        """``build(con, *args)`` on what the pages read, once the decisions waiting are applied."""
        if self.desk.pending():  # the ingest that held the warehouse may have ended
            self.desk.apply_pending()
        with self.reader.connection() as con:
            return build(con, *args)


def _workspace(request: Request) -> Workspace:
    return request.app.state.workspace


# ---- pages -----------------------------------------------------------------------------------------


def overview(request: Request) -> Response:
    ws, q = _workspace(request), request.query_params
    context = ws.read(pages.overview, q.get("year"), q.get("region", ""), q.get("status", ""))
    return ws.page("overview.html", context)


def agency(request: Request) -> Response:
    ws = _workspace(request)
    try:
        context = ws.read(pages.agency, request.path_params["agency_id"])
    except pages.AgencyNotFound:
        raise HTTPException(404, "名录中没有这个机关。") from None
    return ws.page("agency.html", context)


def _finding_page(ws: Workspace, finding_id: str, *, notice: dict | None = None, error: str | None = None,
                  form: dict | None = None, status_code: int = 200) -> Response:  # fmt: skip
    try:
        context = ws.read(pages.finding, finding_id, ws.archive)
    except FindingNotFound:
        raise HTTPException(404, NO_FINDING) from None
    keys = {(c["report_id"], c["metric"]) for c in context["cells"]}
    pending = [p for p in ws.desk.pending()
               if p.finding_id == finding_id or (p.kind == "correction" and (p.report_id, p.metric) in keys)]  # fmt: skip
    context.update(
        notice=notice, error=error, form=Blank(form or {}), pending=pending, describe_pending=_describe
    )
    return ws.page("finding.html", context, status_code)


def _describe(p) -> str:
    if p.kind == "review":
        return f"{REVIEW_STATUS.get(p.status, p.status)}：{p.reason}"
    value = "恢复读取值" if p.reverts else ("空" if p.value is None else f"{p.value:g}")
    return f"更正 {p.metric} 为 {value}：{p.reason}"


def finding(request: Request) -> Response:
    ws, q = _workspace(request), request.query_params
    notice = None
    if q.get("decision") in NOTICES:
        kind = q["decision"]
        text = NOTICES[kind].format(why=q.get("why", ""))
        if kind == "applied" and q.get("kind") == "correction":
            text = CORRECTION_APPLIED
        notice = {"kind": kind, "text": text}
    return _finding_page(ws, request.path_params["finding_id"], notice=notice)


def _same_origin(request: Request) -> None:
    """A form posted from another site's page (a browser sends its Origin) is refused."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "只接受本工作台页面提交的表单。")


def _after(finding_id: str, submitted: Submitted, kind: str) -> Response:
    pairs = [("decision", submitted.state), ("kind", kind)] + (
        [("why", submitted.error)] if submitted.error else []
    )
    return RedirectResponse(f"/finding/{quote(finding_id)}?{urlencode(pairs)}#notice", status_code=303)


async def review(request: Request) -> Response:
    _same_origin(request)
    ws, finding_id = _workspace(request), request.path_params["finding_id"]
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("status", "reason", "by")}
    error = None
    if values["status"] not in REVIEW_STATUSES:
        error = CHOOSE_STATUS
    elif not values["reason"].strip():
        error = REASON_REQUIRED
    if error is None:
        await run_in_threadpool(ws.read, pages.finding, finding_id, ws.archive)  # 404 for an unknown id
        try:
            submitted = await run_in_threadpool(ws.desk.review, finding_id, values["status"], values["reason"],
                                                values["by"].strip() or None)  # fmt: skip
        except InvalidDecision as exc:
            error = f"决定无效：{exc}"
        else:
            return _after(finding_id, submitted, "review")
    return await run_in_threadpool(functools.partial(_finding_page, ws, finding_id, error=error, form=values,
                                                     status_code=400))  # fmt: skip


async def correct(request: Request) -> Response:
    _same_origin(request)
    ws, finding_id = _workspace(request), request.path_params["finding_id"]
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("cell", "value", "reason", "by", "revert")}
    context = await run_in_threadpool(ws.read, pages.finding, finding_id, ws.archive)
    choices = {value for value, _ in context["cell_options"]}
    reverts, error, number = bool(values["revert"]), None, None
    if values["cell"] not in choices:
        error = CHOOSE_CELL
    elif not values["reason"].strip():
        error = REASON_REQUIRED
    elif not reverts and not values["value"].strip():
        error = VALUE_REQUIRED
    elif not reverts:
        try:
            number = parse_value(values["value"])
        except InvalidDecision:
            error = VALUE_UNREADABLE
    if error is None:
        report_id, metric = values["cell"].split("|", 1)
        try:
            submitted = await run_in_threadpool(ws.desk.correct, report_id, metric, number, values["reason"],
                                                values["by"].strip() or None, reverts)  # fmt: skip
        except InvalidDecision as exc:
            error = f"更正无效：{exc}"
        else:
            return _after(finding_id, submitted, "correction")
    shown = {**values, "correct_reason": values["reason"], "reason": ""}
    return await run_in_threadpool(functools.partial(_finding_page, ws, finding_id, error=error, form=shown,
                                                     status_code=400))  # fmt: skip


# ---- evidence and archived files ---------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _page_png(path: Path, mtime: float, page: int, boxes: tuple) -> bytes:
    return render_page(path, page, boxes)


def evidence_page(request: Request) -> Response:
    ws = _workspace(request)
    finding_id, page = request.path_params["finding_id"], request.path_params["page"]
    try:
        found = ws.read(pages.evidence_boxes, finding_id, request.query_params.get("report"), page)
    except FindingNotFound:
        raise HTTPException(404, NO_FINDING) from None
    if found is None:
        raise HTTPException(404, "这一问题没有所依据的 PDF 文件。")
    path = ws.archive / found[0]
    if not path.is_file():
        raise HTTPException(404, f"存档文件不在存档目录中：{found[0]}")
    try:
        png = _page_png(path, path.stat().st_mtime, page, tuple(found[1]))
    except PageOutOfRange:
        raise HTTPException(404, f"这份 PDF 没有第 {page} 页。") from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


_DOWNLOADS = {b"PK\x03\x04": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
              b"\xd0\xcf\x11\xe0": ("application/msword", "doc")}  # fmt: skip


def _archived_type(head: bytes) -> tuple[str, str | None]:
    """The media type an archived file is served as, and the extension it is downloaded with
    (None: shown in the browser). Archived files are named by their hash alone."""
    if head.startswith(b"%PDF"):
        return "application/pdf", None
    for magic, (media_type, extension) in _DOWNLOADS.items():
        if head.startswith(magic):
            return media_type, extension
    if b"<" in head[:512] and b"html" in head.lower():
        return "text/html", None
    return "text/plain", None


def archived(request: Request) -> Response:
    ws = _workspace(request)
    root = ws.archive.resolve()
    target = (root / request.path_params["path"]).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise HTTPException(404, "存档目录中没有这个文件。")
    with target.open("rb") as handle:
        media_type, extension = _archived_type(handle.read(4096))
    # An archived page is the portal's, not ours: shown without its scripts, in an origin of its own.
    headers = {"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}
    if media_type == "application/pdf":
        headers.pop("Content-Security-Policy")  # Chromium's PDF viewer does not open in a sandbox
    filename = f"{target.name}.{extension}" if extension else None
    return FileResponse(target, media_type=media_type, headers=headers, filename=filename)


# ---- compare ---------------------------------------------------------------------------------------


def _comparison(request: Request):
    ws, q = _workspace(request), request.query_params

    def build(con):
        choices = pages.compare_choices(con)
        lists = {"indicator": q.getlist("indicator"), "agency": q.getlist("agency")}
        selection = compare.Selection.from_query(
            q, lists, choices["regions"][0] if choices["regions"] else ""
        )
        return choices, selection, compare.compare_frame(con, selection)

    return ws, *ws.read(build)


def compare_page(request: Request) -> Response:
    ws, choices, selection, table = _comparison(request)
    years = sorted(set(table[compare.YEAR].to_list()))
    charts = [line_chart(compare.chart_series(table, i), years, title=i.heading, percent=i.rate)
              for i in selection.chosen if years]  # fmt: skip
    agencies = table[compare.AGENCY_ID].n_unique()
    return ws.page("compare.html", {**choices, "selection": selection, "table": table, "charts": charts,
                                    "more_lines": agencies > compare.CHART_LINES,
                                    "chart_lines": compare.CHART_LINES})  # fmt: skip


def compare_csv(request: Request) -> Response:
    _, _, _, table = _comparison(request)
    return Response(compare.csv_bytes(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=compare.csv"})  # fmt: skip


def compare_xlsx(request: Request) -> Response:
    _, _, _, table = _comparison(request)
    return Response(compare.xlsx_bytes(table),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=compare.xlsx"})  # fmt: skip


# ---- errors and the app ----------------------------------------------------------------------------


def _error_page(request: Request, heading: str, message: str, status_code: int) -> Response:
    ws = _workspace(request)
    html = ws.env.get_template("error.html").render(heading=heading, message=message, pending_count=0,
                                                   source_label="", source_time="")  # fmt: skip
    return HTMLResponse(html, status_code=status_code)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    heading = {404: "未找到", 403: "拒绝", 405: "不支持的操作"}.get(exc.status_code, "出错了")
    return _error_page(request, heading, exc.detail, exc.status_code)


async def _no_finding(request: Request, exc: Exception) -> Response:
    return _error_page(request, "未找到", NO_FINDING, 404)


async def _busy(request: Request, exc: Exception) -> Response:
    return _error_page(request, "正在采集", "数据仓库正在写入，且尚无已发布的副本：采集结束后即可查看。", 503)


async def _no_warehouse(request: Request, exc: Exception) -> Response:
    return _error_page(request, "没有数据仓库", f"{exc}", 503)


def create_app(db: Path, *, archive: Path | None = None) -> Starlette:
    """The workspace over the warehouse ``db`` (its archived files in ``archive``, default beside it)."""
    workspace = Workspace(db, archive)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        workspace.desk.close()

    routes = [
        Route("/", overview),
        Route("/agency/{agency_id}", agency),
        Route("/finding/{finding_id}", finding),
        Route("/finding/{finding_id}/review", review, methods=["POST"]),
        Route("/finding/{finding_id}/correct", correct, methods=["POST"]),
        Route("/evidence/{finding_id}/page/{page:int}.png", evidence_page),
        Route("/archive/{path:path}", archived),
        Route("/compare", compare_page),
        Route("/compare.csv", compare_csv),
        Route("/compare.xlsx", compare_xlsx),
    ]
    handlers = {HTTPException: _http_error, FindingNotFound: _no_finding, WarehouseBusy: _busy,
                WarehouseNotFound: _no_warehouse}  # fmt: skip
    app = Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)
    app.state.workspace = workspace
    return app
