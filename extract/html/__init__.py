"""The HTML reader: the article body inside a CMS page, its tables with spans, its attachments.
``reader.read_html`` is the entry point."""
