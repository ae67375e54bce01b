"""The PDF reader (PDFium for glyphs and ruling lines, pdfplumber's table finder; pdfplumber for pages
PDFium cannot show plainly): glyphs → lines → ruled and unruled tables joined across pages, and the
narrative. ``reader.read_pdf`` is the entry point."""
