"""Every file of the bad-file corpus gets its named status or its facts, within the per-document
limits a run uses (60 s, 2 GiB): none crashes or hangs the run."""

from __future__ import annotations

import pytest
from bad_files import BAD, HTML, deeply_nested, huge_page, page_facts, zip_bomb_docx
from pdf_samples import word_report_2021
from reportdata import suqian_2023

from nianbao.core.kinds import DocumentStatus as S
from nianbao.demo.long_report import with_appendix
from nianbao.extract.collect.archive import sha256_of
from nianbao.flows.workers import ParseLimits, Workers
from nianbao.transform.build import ReportSource, parse_and_map

LIMITS = ParseLimits(seconds=60, memory_bytes=2 * 1024**3, workers=2)


def _facts_of(data: bytes, name: str) -> dict[str, float | None]:
    return {code: fact.value for code, fact in parse_and_map(data, name)[1].facts.items()}


REPORT_PDF = word_report_2021(suqian_2023())
# name -> (bytes, the status it must get, the facts it must give or None)
CASES = {
    "truncated.pdf": ((BAD / "truncated.pdf").read_bytes(), S.CORRUPT, None),
    "garbage.bin": ((BAD / "garbage.bin").read_bytes(), S.CORRUPT, None),
    "encrypted.pdf": ((BAD / "encrypted.pdf").read_bytes(), S.ENCRYPTED, None),
    "scanned.pdf": ((BAD / "scanned.pdf").read_bytes(), S.NEEDS_OCR, None),
    "empty.html": (b"", S.UNREADABLE, None),
    "no_tables.html": ((HTML / "linjiang_2023_attachment_only.html").read_bytes(), S.NO_TABLES, None),
    "pdf_served_as.html": ((BAD / "pdf_served_as.html").read_bytes(), S.OK, _facts_of(REPORT_PDF, "r.pdf")),
    "gbk.html": (
        (HTML / "shanghai_2019_gb2312.html").read_bytes(),
        S.OK,
        page_facts("shanghai_2019_gb2312.html"),
    ),
}
LARGE = {  # generated: too big to keep in the repository, or made from another fixture
    "zip_bomb.docx": (zip_bomb_docx, S.TOO_LARGE, None),
    "nested.html": (deeply_nested, S.OK, page_facts("suqian_2023_2021format.html")),
    "page_50mb.html": (huge_page, S.OK, page_facts("suqian_2023_2021format.html")),
    "report_400_pages.pdf": (lambda: with_appendix(REPORT_PDF, 400), S.OK, _facts_of(REPORT_PDF, "r.pdf")),
}


@pytest.fixture(scope="module")
def workers():
    with Workers(LIMITS) as pool:
        yield pool


def _check(workers: Workers, name: str, data: bytes, status: S, facts: dict | None) -> None:
    source = ReportSource(
        "sq", 2023, "宿迁市人民政府2023年政府信息公开工作年度报告", f"http://portal/{name}", None
    )
    record = workers.build(source, data, sha256_of(data), "xx/x").record
    assert record.parse_status == status, (name, record.parse_message)
    assert record.parse_message or status == S.OK, name  # a bad file says why
    if facts is not None:
        assert {code: fact.value for code, fact in record.facts.items()} == facts, name
        assert facts, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_file_gets_its_status_or_its_facts(workers, name):
    _check(workers, name, *CASES[name])


@pytest.mark.parametrize("name", sorted(LARGE))
def test_a_large_bad_file_gets_its_status_or_its_facts_within_the_limits(workers, name):
    make, status, facts = LARGE[name]
    _check(workers, name, make(), status, facts)
