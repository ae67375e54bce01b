"""The supervisor's workspace: a local web app over the warehouse (``nianbao serve``).

``create_app(db, archive=None)`` is the Starlette app: overview, agency, finding (evidence, review and
correction), compare. It reads the published copy of the warehouse and writes through the decisions
inbox; it imports no Prefect. ``scorecard_page.write_scorecard`` writes the scorecard sent by mail
(``nianbao report``) with the same charts and tables.
"""

from __future__ import annotations

from nianbao.web.app import create_app

__all__ = ["create_app"]
