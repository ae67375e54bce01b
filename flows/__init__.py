"""Prefect flows that wire the stages (``flows.ingest.ingest``) and the ``nianbao`` command line
(``flows.cli``). No parsing and no SQL here: the flows call extract, transform and warehouse."""
