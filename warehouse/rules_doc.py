"""The rule catalog as text: docs/RULES.md is generated from the rule files' headers, never edited."""

from __future__ import annotations

from nianbao.warehouse.check import SEVERITIES, Rule, rule_catalog

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_HEADER = """# Rule catalog (规则目录)

<!-- Generated from the headers of warehouse/rules/*.sql by `nianbao rules --markdown > docs/RULES.md`.
     Do not edit by hand: a test checks this file equals the generated text. -->

Every rule is one SQL file in `warehouse/rules/`; `nianbao check` runs them all and rebuilds `findings`.
Severity: **error** (错误) breaks the format or the 条例; **warning** (警告) is an omission to fix;
**info** (提示) is a hint for a supervisor to look at, never a verdict.
Rules on cell values read the effective values (`facts_effective`): a supervisor's correction of a
misread cell applies at the next check, the value as read stays beside it.
"""


def ordered(rules: list[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: (SEVERITIES.index(r.severity), r.rule_id))


def rules_markdown(rules: list[Rule] | None = None) -> str:
    rules = ordered(rules if rules is not None else rule_catalog())
    lines = [_HEADER, "| id | severity | 规则 | rule |", "|---|---|---|---|"]
    lines += [
        f"| [`{r.rule_id}`](#{r.rule_id}) | {r.severity} | {r.title_zh} | {r.title_en} |" for r in rules
    ]
    for r in rules:
        lines += [
            "",
            f"## {r.rule_id}",
            "",
            f"**{r.title_zh}** — {r.title_en}  ",
            f"Severity: {r.severity} ({SEVERITY_ZH[r.severity]})  ",
            f"Basis (依据): {r.basis}",
            "",
            r.description,
        ]
    return "\n".join(lines) + "\n"


def rules_text(rules: list[Rule] | None = None) -> str:
    """One line per rule, for the terminal."""
    rules = ordered(rules if rules is not None else rule_catalog())
    width = max(len(r.rule_id) for r in rules)
    return (
        "\n".join(f"{r.rule_id:<{width}}  {r.severity:<7}  {r.title_zh}  ({r.title_en})" for r in rules)
        + "\n"
    )
