"""SQL lives in .sql files beside this module, loaded by name and run with bound parameters."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from nianbao.core.errors import NianbaoError

_PARAM = re.compile(r"(?<![:$\w])\$([a-z_][a-z0-9_]*)", re.I)
_HEADER = re.compile(r"^--\s*([a-z_]+):\s*(.*)$")


@cache
def load_sql(folder: str, name: str) -> str:
    return resources.files(__package__).joinpath(folder, f"{name}.sql").read_text(encoding="utf-8")


def sql_names(folder: str) -> list[str]:
    files = resources.files(__package__).joinpath(folder).iterdir()
    return sorted(f.name[:-4] for f in files if f.name.endswith(".sql"))


def header(sql: str) -> dict[str, str]:
    """The ``-- key: value`` lines at the top of a .sql file (a rule's or a query's metadata)."""
    meta: dict[str, str] = {}
    for line in sql.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            if line.strip() and not line.startswith("--"):
                break
            continue
        meta[match.group(1)] = match.group(2).strip()
    return meta


def param_names(sql: str) -> set[str]:
    """Named parameters ($name) a statement uses; DuckDB rejects values for names it does not use."""
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return {m.group(1) for m in _PARAM.finditer(body)}


def bind(sql: str, params: dict[str, object]) -> dict[str, object]:
    wanted = param_names(sql)
    missing = wanted - params.keys()
    if missing:
        raise MissingQueryParameter(f"missing parameter(s): {', '.join(sorted(missing))}")
    return {k: params[k] for k in wanted}


class MissingQueryParameter(NianbaoError, ValueError):
    """A named query or rule was run without a value for one of its $parameters."""
