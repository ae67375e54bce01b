"""Turn one archived document into the report row the warehouse stores.

A bad document becomes the report's parse status and a message naming the agency, the document and the
cause; a fault of nianbao itself becomes ``parser_error`` with its traceback. One document never
stops a run.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from nianbao.core.kinds import DocumentStatus, MediaType
from nianbao.extract.document import ParsedDocument
from nianbao.extract.read import read_document
from nianbao.extract.records import DocumentRecord
from nianbao.transform.grid_to_facts import map_document
from nianbao.transform.mapped import MappedReport
from nianbao.transform.records import ReportRecord, report_id
from nianbao.transform.version import reader_version

FIRST_YEAR_IN_SCOPE = 2019
TOO_LARGE_MESSAGE = "reading it needs more memory than a document may use"


@dataclass(frozen=True, slots=True)
class ReportSource:
    """Where a report came from: a listing entry, an attachment of its page, or a manifest line."""

    agency_id: str
    year: int
    title: str
    url: str
    published_on: str | None
    page_url: str | None = None  # the article page, for an attachment

    @property
    def report_id(self) -> str:
        return report_id(self.agency_id, self.year, self.url)


@dataclass(slots=True)
class BuiltReport:
    record: ReportRecord
    document: DocumentRecord | None
    attachments: list[str]  # report files the document links (absolute URLs)


def failed_report(source: ReportSource, status: str, message: str) -> ReportRecord:
    return ReportRecord(
        agency_id=source.agency_id,
        year=source.year,
        source_url=source.url,
        title=source.title,
        published_on=source.published_on,
        sha256=None,
        media_type=None,
        parse_status=status,
        parse_message=f"{source.agency_id} {source.year} {source.url}: {message}",
        page_url=source.page_url,
    )


def parse_and_map(data: bytes, source_name: str, *, header_charset: str | None = None,
                  base_url: str | None = None) -> tuple[ParsedDocument, MappedReport]:  # fmt: skip
    """Read and map one document; the same path `nianbao parse` takes."""
    doc = read_document(data, source_name, header_charset=header_charset, base_url=base_url)
    if not DocumentStatus(doc.status).has_facts:
        return doc, MappedReport(status=doc.status, message=doc.message, warnings=list(doc.warnings))
    return doc, map_document(doc)


def build_report(
    source: ReportSource,
    data: bytes,
    sha256: str,
    archive_path: str,
    *,
    header_charset: str | None = None,
    too_large: str = TOO_LARGE_MESSAGE,
) -> BuiltReport:
    """The report row of one document. ``too_large`` is what a ``MemoryError`` says (a worker names
    its memory limit)."""
    fault = None
    try:
        doc, mapped = parse_and_map(data, source.url, header_charset=header_charset, base_url=source.url)
    except MemoryError:  # under a worker's memory limit (flows.workers): the document, not a fault
        doc = ParsedDocument(source=source.url, media_type=MediaType.UNKNOWN)
        mapped = MappedReport(status=DocumentStatus.TOO_LARGE, message=too_large)
    except Exception as exc:  # the one boundary for nianbao's own faults: record it, go on with the run
        fault = traceback.format_exc()
        doc = ParsedDocument(source=source.url, media_type=MediaType.UNKNOWN)
        mapped = MappedReport(
            status=DocumentStatus.PARSER_ERROR,
            message=f"nianbao failed on this document ({type(exc).__name__}: {exc}); "
            "the traceback is in reports.parse_traceback",
        )
    warnings = list(mapped.warnings)
    status, message = mapped.status, mapped.message
    if mapped.year and mapped.year != source.year:
        warnings.append(f"the document states year {mapped.year}, its listing title {source.year}")
    if source.year < FIRST_YEAR_IN_SCOPE and status != DocumentStatus.OUT_OF_SCOPE:
        status, message = DocumentStatus.OUT_OF_SCOPE, f"a {source.year} report predates the 2019 format"
    if message and not message.startswith(source.agency_id):
        message = f"{source.agency_id} {source.year} {source.url}: {message}"
    record = ReportRecord(
        agency_id=source.agency_id,
        year=source.year,
        source_url=source.url,
        title=source.title or doc.title,
        published_on=source.published_on or doc.published_on,
        sha256=sha256,
        media_type=doc.media_type,
        parse_status=status,
        parse_message=message,
        template=mapped.template,
        other_shape=mapped.other_shape,
        stated_agency=mapped.agency_name,
        stated_year=mapped.year,
        sections=doc.sections,
        warnings=warnings,
        facts=mapped.facts if DocumentStatus(status).has_facts else {},
        unread=list(mapped.unread) if DocumentStatus(status).has_facts else None,
        page_url=source.page_url,
        parse_traceback=fault,
        reader_version=reader_version(),
    )
    document = DocumentRecord(sha256, source.url, doc.media_type, doc.encoding, len(data), archive_path)
    return BuiltReport(record, document, list(doc.attachments))
