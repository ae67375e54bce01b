"""The PDF reader (pdfplumber): glyphs → lines → ruled and unruled tables joined across pages, and the
narrative. ``reader.read_pdf`` is the entry point."""
