"""One boundary per kind of failure: a bad document is a status, a fault of nianbao is a
``parser_error`` with its traceback (never shown as a bad document), a user's mistake is one line
and exit 2."""

from __future__ import annotations

import inspect
from io import BytesIO

import pdfplumber
import pytest
from pdf_samples import encrypted_pdf, word_report_2021
from reportdata import suqian_2023

import nianbao.extract.collect.fetch as fetch_module
from nianbao.core import errors
from nianbao.core.errors import NianbaoError, ReaderError
from nianbao.core.kinds import DocumentStatus
from nianbao.extract.document import raised_inside
from nianbao.extract.pdf import reader as pdf_reader
from nianbao.extract.read import read_document
from nianbao.transform.build import ReportSource, build_report

SOURCE = ReportSource(
    "sq-gov", 2023, "宿迁市人民政府2023年政府信息公开工作年度报告", "http://x/nb.pdf", "2024-01-20"
)


def test_a_fault_in_the_reader_is_a_parser_error_with_its_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom in nianbao")

    monkeypatch.setattr(pdf_reader, "find_ruled_parts", broken)
    data = word_report_2021(suqian_2023())
    with pytest.raises(RuntimeError):  # not swallowed as a damaged page
        read_document(data, "nb.pdf")
    built = build_report(SOURCE, data, "0" * 64, "00/x.pdf")
    record = built.record
    assert record.parse_status == DocumentStatus.PARSER_ERROR and record.facts == {}
    assert record.parse_message.startswith("sq-gov 2023 http://x/nb.pdf: nianbao failed")
    assert "boom in nianbao" in record.parse_message
    assert "in broken" in record.parse_traceback  # the frame that failed
    assert (
        record.parse_traceback.startswith("Traceback")
        and "RuntimeError: boom in nianbao" in record.parse_traceback
    )
    assert built.document is not None  # the raw bytes stay archived and linked


def test_a_bad_document_is_its_status_not_a_parser_error():
    built = build_report(SOURCE, encrypted_pdf(), "1" * 64, "11/x.pdf")
    assert built.record.parse_status == DocumentStatus.ENCRYPTED and built.record.parse_traceback is None
    cut = word_report_2021(suqian_2023())[:4000]
    assert build_report(SOURCE, cut, "2" * 64, "22/x.pdf").record.parse_status == DocumentStatus.CORRUPT


def test_raised_inside_tells_a_library_failure_from_our_own():
    with pytest.raises(Exception) as library:
        pdfplumber.open(BytesIO(b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R]>> endobj\n")).pages  # noqa: B018
    assert raised_inside(library.value, ("pdfminer", "pdfplumber"))
    with pytest.raises(ValueError) as ours:
        int("x")  # raised from this module (the stdlib frame of int() does not count)
    assert not raised_inside(ours.value, ("pdfminer", "pdfplumber"))


def test_every_project_error_derives_from_the_root():
    """The CLI catches NianbaoError once: an error class outside that tree would escape as a traceback."""
    from nianbao.extract.collect import local_files, roster
    from nianbao.warehouse import check, db, export, queries, review, scorecard, sql

    modules = (errors, fetch_module, local_files, roster, check, db, export, queries, review, scorecard, sql)
    classes = {
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Exception) and cls.__module__ == module.__name__
    }
    assert len(classes) >= 20
    assert all(issubclass(cls, NianbaoError) for cls in classes), classes
    statuses = {cls.status for cls in classes if issubclass(cls, ReaderError) and cls is not ReaderError}
    assert {"corrupt", "encrypted", "needs_ocr", "unreadable", "unsupported"} <= statuses


def test_fetch_failures_say_whether_another_try_may_help(tmp_path):
    with fetch_module.Fetcher(
        fetch_module.FetchSettings(backoff_s=0.01, max_attempts=2, timeout=1)
    ) as fetcher:
        unreachable = fetcher.fetch("http://127.0.0.1:9/none.html")
        invalid = fetcher.fetch("ftp://127.0.0.1/none.html")
    assert unreachable.transient and "gave up after 2 attempts" in unreachable.error
    assert not invalid.transient and invalid.attempts == 1 and "UnsupportedProtocol" in invalid.error


def test_pdf_layout_settings_are_checked_when_made():
    from nianbao.extract.pdf.settings import LAYOUT, InvalidLayoutSettings, LayoutSettings

    assert LayoutSettings() == LAYOUT
    with pytest.raises(InvalidLayoutSettings, match="space_gap 0.5 must be below segment_gap"):
        LayoutSettings(space_gap=0.5)
    with pytest.raises(InvalidLayoutSettings, match="margin_band must be positive"):
        LayoutSettings(margin_band=0)
    with pytest.raises(AttributeError):
        LAYOUT.segment_gap = 1.0  # frozen: one set for the whole run  # type: ignore[misc]
