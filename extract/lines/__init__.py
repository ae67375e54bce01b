"""Tables from text lines: the engine that reads the report tables when they reach us as lines of
text (plain-text copies, tables pasted as paragraphs into HTML or Word), and the plain-text reader
built on it (``reader.read_text``)."""
