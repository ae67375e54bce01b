"""`nianbao explain FINDING_ID`: the finding and every cell it rests on, with raw text and position."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from reportdata import suqian_2023
from test_rules import AGENCIES, record
from typer.testing import CliRunner

from nianbao.core.catalog import T3_COLUMNS
from nianbao.extract.records import DocumentRecord
from nianbao.flows.cli import app
from nianbao.transform.mapped import Fact
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_agencies, load_documents, load_metrics, load_reports
from nianbao.warehouse.review import record_correction

AS_OF = dt.date(2026, 6, 30)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def printed(facts: dict[str, float], page: int) -> dict[str, Fact]:
    """Facts as a PDF reader gives them: full-width raw text, a page, a bbox and a grid position."""
    out = {}
    for i, (metric, value) in enumerate(sorted(facts.items())):
        row, col = divmod(i, 7)
        out[metric] = Fact(metric, value, f"{value:g}".translate(FULL_WIDTH), table_index=2, row=row, col=col,
                           page=page, bbox=(100.0 + 50 * col, 200.0 + 12 * row, 140.0 + 50 * col, 210.0 + 12 * row))  # fmt: skip
    return out


def warehouse(tmp_path, *records):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load_metrics(con)
    load_agencies(con, AGENCIES)
    load_reports(con, list(records))
    return path, con


def finding_id(con, rule_id, metric):
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    [(found,)] = con.sql(
        "SELECT finding_id FROM findings WHERE rule_id = $rule AND metric = $metric",
        params={"rule": rule_id, "metric": metric},
    ).fetchall()
    return found


def explain_json(path, found):
    result = CliRunner().invoke(app, ["explain", found, "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_row_sum_finding_explains_with_every_cell_of_its_row(tmp_path):
    facts = suqian_2023()
    facts["t3.granted.commercial"] += 2  # the row no longer adds up to its 总计
    report = record("dept", 2023, {})
    report.facts = printed(facts, page=4)
    report.sha256 = "cd" * 32
    path, con = warehouse(tmp_path, report)
    load_documents(con, [DocumentRecord(report.sha256, report.source_url, "pdf", None, 10, "cd/x.pdf")])
    found = finding_id(con, "t3_row_sum", "t3.granted.total")
    con.close()
    got = explain_json(path, found)
    finding = got["finding"]
    assert (finding["rule_id"], finding["rule_title"], finding["severity_zh"]) == (
        "t3_row_sum", "表三行合计不等于各类申请人之和", "错误"
    )  # fmt: skip
    assert finding["agency_name"] == "某市教育局" and finding["year"] == 2023
    assert finding["archive_path"] == "cd/x.pdf" and finding["source_url"] == report.source_url
    cells = {c["metric"]: c for c in got["cells"]}
    assert set(cells) == {f"t3.granted.{col}" for col in T3_COLUMNS}  # the six parts and the 总计
    for metric, cell in cells.items():
        fact = report.facts[metric]
        assert (cell["raw_text"], cell["page"], cell["bbox"]) == (fact.raw, 4, list(fact.bbox))
        assert (cell["table_index"], cell["row_index"], cell["col_index"]) == (2, fact.row, fact.col)
        assert cell["value"] == facts[metric] and cell["year"] == 2023
    assert cells["t3.granted.commercial"]["label"] == "（一）予以公开·商业企业"
    assert cells["t3.granted.commercial"]["raw_text"] == f"{facts['t3.granted.commercial']:g}".translate(
        FULL_WIDTH
    )
    # the same for a supervisor, with the official labels
    result = CliRunner().invoke(app, ["explain", found, "--db", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for text in ("表三行合计不等于各类申请人之和", "所依据的单元格（7个）", "（一）予以公开·商业企业", "存档文件",
                 report.facts["t3.granted.total"].raw):  # fmt: skip
        assert text in result.stdout


def test_a_balance_finding_rests_on_the_four_cells_of_its_column_as_corrected(tmp_path):
    facts = suqian_2023()
    facts["t3.new_received.natural_person"] += 5
    path, con = warehouse(tmp_path, record("dept", 2023, facts))
    [(report_id,)] = con.sql("SELECT report_id FROM reports").fetchall()
    record_correction(con, report_id, "t3.carried_in.natural_person", facts["t3.carried_in.natural_person"] + 1,
                      "原表上年结转印为…，核对原件后更正")  # fmt: skip
    found = finding_id(con, "t3_balance", "t3.carried_out.natural_person")
    con.close()
    cells = {c["metric"]: c for c in explain_json(path, found)["cells"]}
    assert set(cells) == {f"t3.{row}.natural_person" for row in
                          ("new_received", "carried_in", "total_handled", "carried_out")}  # fmt: skip
    corrected = cells["t3.carried_in.natural_person"]
    assert corrected["corrected"] and corrected["value"] == corrected["original_value"] + 1
    assert not cells["t3.new_received.natural_person"]["corrected"]


def test_a_carry_over_finding_shows_the_cells_of_both_years(tmp_path):
    prev, cur = suqian_2023(), suqian_2023()
    last_year = record("dept", 2022, {})
    last_year.facts = printed(prev, page=7)
    this_year = record("dept", 2023, {})
    this_year.facts = printed(cur, page=5)
    path, con = warehouse(tmp_path, last_year, this_year)
    found = finding_id(con, "carry_over", "t3.carried_in.total")
    con.close()
    cells = explain_json(path, found)["cells"]
    assert [(c["year"], c["metric"], c["page"], c["raw_text"]) for c in cells] == [
        (2022, "t3.carried_out.total", 7, last_year.facts["t3.carried_out.total"].raw),
        (2023, "t3.carried_in.total", 5, this_year.facts["t3.carried_in.total"].raw),
    ]
    assert cells[0]["source_url"] == last_year.source_url and cells[1]["source_url"] == this_year.source_url


def test_a_finding_on_no_cell_and_an_unknown_id(tmp_path):
    path, con = warehouse(tmp_path, record("dept", 2023, suqian_2023()))
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    [(missing,)] = con.sql(
        "SELECT finding_id FROM findings WHERE rule_id = 'missing_report' AND agency_id = 'dept'"
    ).fetchall()
    con.close()
    got = explain_json(path, missing)
    assert got["cells"] == [] and got["finding"]["message"].startswith("未找到2022年度报告")
    result = CliRunner().invoke(app, ["explain", "0000000000000000", "--db", str(path)])
    assert result.exit_code == 2 and "no finding '0000000000000000'" in result.output


@pytest.mark.parametrize("rule_id", ["t3_column_sum", "t4_group_total", "stock_continuity"])
def test_every_sum_rule_names_the_cells_of_its_identity(tmp_path, rule_id):
    prev, cur = suqian_2023(), suqian_2023()
    cur["t3.granted.natural_person"] += 1
    cur["t3.granted.total"] += 1  # the row still adds up; the 自然人 and 总计 columns do not
    cur["t4.review.total"] += 1
    cur["t2.regulations.in_force"] += 1
    path, con = warehouse(tmp_path, record("dept", 2022, prev), record("dept", 2023, cur))
    metric = {"t3_column_sum": "t3.total_handled.natural_person", "t4_group_total": "t4.review.total",
              "stock_continuity": "t2.regulations.in_force"}[rule_id]  # fmt: skip
    found = finding_id(con, rule_id, metric)
    expected = {
        "t3_column_sum": {(2023, m) for m in cur if m.endswith(".natural_person") and m.split(".")[1]
                          not in ("new_received", "carried_in", "carried_out")},
        "t4_group_total": {(2023, m) for m in cur if m.startswith("t4.review.")},
        "stock_continuity": {(2023, "t2.regulations.issued"), (2023, "t2.regulations.repealed"),
                             (2023, "t2.regulations.in_force"), (2022, "t2.regulations.in_force")},
    }[rule_id]  # fmt: skip
    con.close()
    assert {(c["year"], c["metric"]) for c in explain_json(path, found)["cells"]} == expected
