"""Report-level judgements over mapped facts: who and which year, which format, which outcome.

Kept apart from ``grid_to_facts`` (which reads cells) because these rules look at the document as a
whole: the title and statistics period, the format signals of table 2 and of （六）其他处理, and
whether what was found is a complete report, part of one, an older format, or no report at all.
"""

from __future__ import annotations

import re

from nianbao.core import labels
from nianbao.core.catalog import metrics, template_metrics
from nianbao.core.kinds import DocumentStatus
from nianbao.core.titles import parse_report_title
from nianbao.extract.document import ParsedDocument, Section
from nianbao.transform.mapped import Fact, MappedReport

_YEAR = r"((?:19|20)[0-9]{2})"
_YEAR_IN_TEXT = (
    re.compile(r"统计期限?\s*(?:为|是|从|自)?\s*" + _YEAR + r"\s*年\s*0?1\s*月\s*0?1\s*日"),
    re.compile(
        _YEAR + r"\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*(?:\1\s*年\s*)?12\s*月\s*31"
    ),
    re.compile(r"^\s*" + _YEAR + r"\s*年度?\s*[，,]", re.MULTILINE),
)
_SPLIT_OTHER = ("t3.other.no_correction.", "t3.other.no_fee.", "t3.other.misc.")
_TABLE_NAMES = (("t2", "table 2 (主动公开)"), ("t3", "table 3 (依申请)"), ("t4", "table 4 (复议诉讼)"))


def year_from_text(text: str) -> int | None:
    """The report year stated in the text ("本年度报告中所列数据统计期限从2023年1月1日…", "2023年，…")."""
    for pattern in _YEAR_IN_TEXT:
        m = pattern.search(text or "")
        if m:
            return int(m.group(1))
    return None


def report_identity(doc: ParsedDocument) -> tuple[str | None, int | None, list[str]]:
    """Agency and year from the title (else the first lines), the year else from the text."""
    parsed = parse_report_title(doc.title) if doc.title else None
    if parsed is None:
        for line in (doc.text or "").splitlines()[:8]:
            if len(line) <= 80 and (parsed := parse_report_title(line)):
                break
    text_year = year_from_text(doc.text)
    warnings = []
    if parsed and text_year and parsed.year != text_year:
        warnings.append(f"the title says {parsed.year} but the text states the period of {text_year}")
    return (parsed.agency if parsed else None), (parsed.year if parsed else text_year), warnings


def section_numerals(sections: list[Section], warnings: list[str]) -> list[str]:
    """Numerals of the sections found, by what each heading says (a misnumbered heading counts as
    the section it is), with a warning for every heading printed under another numeral."""
    out = []
    for section in sections:
        if not section.numeral:
            continue
        canonical = labels.section_numeral(section.heading) or section.numeral
        if canonical != section.numeral:
            warnings.append(
                f"heading {section.numeral}、{section.heading} is section {canonical} of the format"
            )
        if canonical not in out:
            out.append(canonical)
    return out


def template_and_shape(
    facts: dict[str, Fact], blocks: set[str], year: int | None, warnings: list[str]
) -> tuple[str | None, str | None]:
    """The format version (2019/2021) and the shape of （六）其他处理 ("single"/"split").

    Table 2's columns decide the format (FORMAT.md "Telling them apart"); else the shape of （六）;
    else the year. Conflicting signals are kept as warnings, never silently resolved.
    """
    votes = {"2019": 0, "2021": 0}
    for code in facts:
        if code.startswith("t2.") and metrics()[code].templates in votes:
            votes[metrics()[code].templates] += 1
    if "九" in blocks:
        votes["2019"] += 1
    split = any(code.startswith(_SPLIT_OTHER) for code in facts)
    single = any(code.startswith("t3.other.unitemised.") for code in facts)
    shape = "split" if split else "single" if single else None
    if split and single:
        warnings.append("（六）其他处理 is printed both as one row and as three sub-rows")

    t2_template = None
    if votes["2019"] and votes["2021"]:
        t2_template = "2021" if votes["2021"] > votes["2019"] else "2019"
        warnings.append(f"table 2 mixes 2019 and 2021 columns ({votes}); read as the {t2_template} format")
    elif votes["2019"] or votes["2021"]:
        t2_template = "2019" if votes["2019"] else "2021"
    shape_template = {"split": "2021", "single": "2019"}.get(shape or "")
    template = t2_template or shape_template
    if t2_template and shape_template and shape_template != t2_template:
        shown = "one row" if shape == "single" else "three sub-rows"
        warnings.append(f"table 2 follows the {t2_template} format but （六）其他处理 is printed as {shown}")
    if template is None and facts and year and year >= 2019:
        template = "2021" if year >= 2021 else "2019"
        warnings.append(f"format inferred from the year {year}: no table 2 columns or （六） rows to tell")
    elif template and year and year >= 2019:
        expected = "2021" if year >= 2021 else "2019"
        if expected != template:
            warnings.append(f"the {year} report uses the {template} format (the {expected} format applies)")
    return template, shape


def _old_structure(doc: ParsedDocument) -> bool:
    """Tables of the pre-2019 reports: statistics as 指标/单位/数量, no 第二十条 blocks, no applicants."""
    text = "".join(labels.label_text(c.text) for t in doc.tables for c in t.cells)
    if re.search(r"第二十条|自然人|申请人情况|商业企业", text):
        return False
    return bool(re.search(r"指标", text) and re.search(r"单位|数量|计量", text))


def _looks_like_report(doc: ParsedDocument, report: MappedReport) -> bool:
    recognised = {labels.section_numeral(s.heading) for s in doc.sections if s.numeral} - {None}
    return bool(parse_report_title(doc.title or "")) or len(recognised) >= 3


def _missing_rows(report: MappedReport) -> list[str]:
    template = report.template or "2021"
    expected = template_metrics(template, other_shape=report.other_shape)
    if report.other_shape is None:  # neither shape printed: name （六） once
        expected = [c for c in expected if not c.startswith("t3.other.")] + ["t3.other.*.total"]
    out = []
    for prefix, name in _TABLE_NAMES:
        if not any(code.startswith(prefix + ".") for code in report.facts):
            out.append(f"{name} not found")
            continue
        rows = {c.rsplit(".", 1)[0] for c in report.facts if c.startswith(prefix + ".")}
        missing = sorted(
            {c.rsplit(".", 1)[0] for c in expected if c.startswith(prefix + ".")} - rows,
            key=lambda r: [c.rsplit(".", 1)[0] for c in expected].index(r),
        )
        if prefix == "t4":
            missing = [] if rows else missing
        if missing:
            out.append(f"{name} rows missing: {', '.join(m.removeprefix(prefix + '.') for m in missing)}")
    return out


def describe_status(doc: ParsedDocument, report: MappedReport) -> tuple[str, str]:
    """The outcome word of the mapped report and the message explaining it; a report with facts also
    gets the cells its format prints that were not read (``report.unread``)."""
    if report.year is not None and report.year < 2019:
        return DocumentStatus.OUT_OF_SCOPE, f"report year {report.year} predates the 2019 format"
    if not report.facts:
        if doc.tables and _old_structure(doc):
            return (
                DocumentStatus.OUT_OF_SCOPE,
                "pre-2019 structure: statistics tables without 第二十条 blocks or applicants",
            )
        if not _looks_like_report(doc, report):
            return DocumentStatus.NOT_A_REPORT, "no report title, report sections or report tables"
        report_tables = [t for t in doc.tables if labels.table_kinds(c.text for c in t.cells)]
        if not report_tables:
            # Tables that are no report table (a CMS's 索引号/发布机构 box) do not make a layout problem.
            message = "no tables in the document: tables 2, 3 and 4 missing"
            if doc.message:
                message += f" (reader: {doc.message})"
            elif doc.attachments:
                message += f"; the report may be in {', '.join(doc.attachments[:3])}"
            return DocumentStatus.NO_TABLES, message
        return (
            DocumentStatus.UNKNOWN_LAYOUT,
            f"{len(doc.tables)} table(s), none recognised as table 2, 3 or 4",
        )
    # A report is ok only when every cell its format prints was read (（六）其他处理 counted in the
    # shape its format prints when neither shape was read); the cells that were not are kept.
    expected = template_metrics(report.template or "2021", other_shape=report.other_shape)
    report.unread = [code for code in expected if code not in report.facts]
    problems = _missing_rows(report)
    if report.unread:
        problems.append(f"{len(report.unread)} of the {len(expected)} cells the format prints were not read")
    if doc.status == DocumentStatus.PARTIAL:
        problems.insert(0, doc.message)
    if problems:
        return DocumentStatus.PARTIAL, "; ".join(problems)
    return DocumentStatus.OK, ""
