"""The Word reader: DOCX tables with gridSpan/vMerge spans, and legacy .doc/.wps recognised.
``reader.read_docx`` is the entry point."""
