"""The bad-file corpus: documents as they break in real runs, each with the status (or the facts) it
must get. Small ones are kept in ``fixtures/bad/`` (``python tests/bad_files.py`` rewrites them); large
ones, and those made from another fixture (a 400-page report, a 50 MB page, a ZIP bomb, a deeply
nested page), are generated when the tests run."""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from pdf_samples import encrypted_pdf, image_only_pdf, word_report_2021  # noqa: E402
from reportdata import suqian_2023  # noqa: E402

BAD = HERE / "fixtures" / "bad"
HTML = HERE / "fixtures" / "html"
SUQIAN_PAGE = HTML / "suqian_2023_2021format.html"


def page_facts(name: str) -> dict[str, float | None]:
    """The facts a fixture page must give, from its reviewed JSON beside it."""
    expected = json.loads((HTML / name).with_suffix(".json").read_text(encoding="utf-8"))
    return dict(expected["facts"])  # metric -> value (null: printed blank)


def small_files() -> dict[str, bytes]:
    """The files kept in fixtures/bad/ (kilobytes each)."""
    report = word_report_2021(suqian_2023())
    return {
        "truncated.pdf": report[: len(report) * 2 // 5],
        "garbage.bin": random.Random(7).randbytes(20_000),
        "encrypted.pdf": encrypted_pdf(),
        "scanned.pdf": image_only_pdf(pages=2),
        "empty.html": b"",
        "pdf_served_as.html": report,
    }


def deeply_nested(depth: int = 5000) -> bytes:
    """A report page whose body is wrapped in thousands of <div>s, as some site builders emit."""
    head, _, rest = SUQIAN_PAGE.read_bytes().partition(b"<body>")
    body, _, tail = rest.partition(b"</body>")
    return head + b"<body>" + b"<div>" * depth + body + b"</div>" * depth + b"</body>" + tail


def zip_bomb_docx(unpacked_mb: int = 300) -> bytes:
    """A DOCX whose body unpacks to hundreds of MB from a few hundred KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')  # fmt: skip
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(chunk)
    return out.getvalue()


def huge_page(extra_mb: int = 50) -> bytes:
    """A report page carrying a 50 MB inline picture (a Word paste into the CMS editor)."""
    page = SUQIAN_PAGE.read_bytes()
    picture = (
        b'<p><img src="data:image/png;base64,' + b"iVBORw0KGgo" * (extra_mb * 1024 * 1024 // 11) + b'"></p>'
    )
    return page.replace(b"</body>", picture + b"</body>", 1)


if __name__ == "__main__":
    BAD.mkdir(parents=True, exist_ok=True)
    for name, data in small_files().items():
        (BAD / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")
