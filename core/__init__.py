"""The official format, below every stage: the metric catalog of the 2019 and 2021 tables, label
matching, section-heading and title recognition, character folding and number normalisation; and the
vocabulary every stage shares (errors, statuses, media types).

Nothing here does I/O beyond reading its own package data, so readers, mapping and rules all import it.
"""
