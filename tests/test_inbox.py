"""The decisions inbox: a review made while the pipeline holds the warehouse is kept, applied by the next
writer exactly once, and one the warehouse refuses is rejected with the reason."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from test_review import _finding, _misread
from test_rules import AGENCIES, AS_OF

from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.inbox import Inbox, apply_inbox, inbox_path
from nianbao.warehouse.load import load_agencies, load_metrics, load_reports
from nianbao.warehouse.review import InvalidDecision, record_review


@pytest.fixture
def con(tmp_path):
    """The pipeline's connection to a warehouse with one finding (t4_group_total) and its report."""
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, AGENCIES[:1])
    load_reports(con, _misread())
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    yield con
    con.close()


@pytest.fixture
def inbox(tmp_path):
    inbox = Inbox(inbox_path(tmp_path / "w.duckdb"))
    yield inbox
    inbox.close()


def _in_another_process(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_inbox_sits_beside_the_warehouse(tmp_path):
    assert inbox_path(tmp_path / "w.duckdb") == tmp_path / "w.duckdb.decisions.sqlite"


def test_a_review_from_another_process_while_the_warehouse_is_held_is_applied_once(con, inbox, tmp_path):
    fid = _finding(con, "t4_group_total")
    report_id = _misread()[0].report_id
    # This process holds the warehouse (the one writer) and the inbox open; another submits to it.
    ids = _in_another_process(f"""
        from pathlib import Path
        from nianbao.warehouse.inbox import Inbox
        inbox = Inbox(Path({str(inbox.path)!r}))
        print(inbox.submit_review({fid!r}, "dismissed", "原文总计为440，系识读错误", by="李四"))
        print(inbox.submit_correction({report_id!r}, "t4.review.total", 440, "原文为440"))
        inbox.close()
    """).split()
    pending = inbox.pending()
    assert [(d.decision_id, d.kind) for d in pending] == [(ids[0], "review"), (ids[1], "correction")]
    assert pending[0].submitted_at < pending[1].submitted_at

    assert apply_inbox(con, inbox) == 2
    assert con.sql("SELECT status, reason, reviewed_by, reviewed_at FROM reviews").fetchall() == [
        ("dismissed", "原文总计为440，系识读错误", "李四", pending[0].submitted_at)
    ]
    assert con.sql("SELECT value, corrected_at FROM corrections").fetchall() == [
        (440.0, pending[1].submitted_at)
    ]
    assert inbox.pending() == [] and inbox.outcome(ids[0]).state == "applied"

    assert apply_inbox(con, inbox) == 0  # applied once: a second pass has nothing to do
    assert con.sql("SELECT count(*) FROM review_log").fetchall() == [(1,)]
    assert con.sql("SELECT count(*) FROM corrections").fetchall() == [(1,)]


def test_a_replay_after_a_crash_between_the_two_commits_records_nothing_twice(con, inbox):
    fid = _finding(con, "t4_group_total")
    decision_id = inbox.submit_review(fid, "accepted", "确有不符")
    (decision,) = inbox.pending()
    # The warehouse committed the decision, then the process died before the inbox said so.
    record_review(con, fid, decision.status, decision.reason, at=decision.submitted_at)
    assert apply_inbox(con, inbox) == 0
    assert con.sql("SELECT count(*) FROM review_log").fetchall() == [(1,)]
    assert inbox.outcome(decision_id).state == "applied" and inbox.pending() == []


def test_a_decision_the_warehouse_refuses_is_rejected_with_its_message(con, inbox):
    fid = _finding(con, "t4_group_total")
    report_id = _misread()[0].report_id
    gone = inbox.submit_review("0000000000000000", "accepted", "已核实")
    unknown = inbox.submit_correction(report_id, "t9.nope", 1, "x")
    good = inbox.submit_review(fid, "accepted", "确有不符")
    assert apply_inbox(con, inbox) == 1
    refused = inbox.outcome(gone), inbox.outcome(unknown)
    assert [o.state for o in refused] == ["rejected", "rejected"]
    assert "no finding '0000000000000000'" in refused[0].error and "no metric 't9.nope'" in refused[1].error
    assert inbox.outcome(good).state == "applied" and inbox.outcome(good).error is None
    assert inbox.outcome("no-such-id") is None
    assert apply_inbox(con, inbox) == 0  # a rejected decision is not tried again


def test_later_decisions_replace_earlier_ones_in_the_order_submitted(con, inbox):
    fid = _finding(con, "t4_group_total")
    for status in ("accepted", "dismissed", "accepted"):  # within microseconds: times still increase
        inbox.submit_review(fid, status, f"第{status}次")
    assert apply_inbox(con, inbox) == 3
    assert con.sql("SELECT count(*) FROM review_log").fetchall() == [(3,)]
    assert con.sql("SELECT status, reason FROM reviews").fetchall() == [("accepted", "第accepted次")]


def test_submit_checks_the_decision_as_review_does(inbox):
    with pytest.raises(InvalidDecision):
        inbox.submit_review("f", "maybe", "x")
    with pytest.raises(InvalidDecision):
        inbox.submit_review("f", "accepted", "  ")
    with pytest.raises(InvalidDecision):
        inbox.submit_correction("r", "t4.review.total", float("nan"), "x")
    revert = inbox.submit_correction("r", "t4.review.total", 5, "撤销", reverts=True)
    (pending,) = inbox.pending()
    assert (pending.decision_id, pending.value, pending.reverts, pending.status) == (revert, None, True, None)


def test_many_processes_submit_at_once_and_none_is_lost(inbox):
    code = f"""
from pathlib import Path
import sys
from nianbao.warehouse.inbox import Inbox
inbox = Inbox(Path({str(inbox.path)!r}))
for i in range(25):
    inbox.submit_review(f"f{{i}}", "accepted", "writer " + sys.argv[1])
inbox.close()
"""
    writers = [
        subprocess.Popen([sys.executable, "-c", code, str(n)], stderr=subprocess.PIPE, text=True)
        for n in range(4)
    ]
    for writer in writers:
        assert writer.wait(timeout=60) == 0, writer.stderr.read()
    pending = inbox.pending()
    assert len(pending) == len({d.decision_id for d in pending}) == 100
    times = [d.submitted_at for d in pending]
    assert times == sorted(times) and len(set(times)) == 100
