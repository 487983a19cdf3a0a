"""Opening PDFs safely and reading what the signature layout needs (pages, signature fields)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

A4 = (0.0, 0.0, 595.28, 841.89)


class BadPdf(Exception):
    """The bytes are not a PDF we can work with; `kind` says why."""

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind  # "not_pdf" | "malformed" | "encrypted"
        self.detail = detail
        super().__init__(f"{kind}: {detail}")


def open_reader(pdf: bytes) -> PdfFileReader:
    """A lenient reader (real-world PDFs have small xref faults) that refuses encryption."""
    if not pdf.lstrip()[:5].startswith(b"%PDF-"):
        raise BadPdf("not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            raise BadPdf("encrypted")
        reader.root["/Pages"]["/Count"]
    except BadPdf:
        raise
    except (PdfError, KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        raise BadPdf("malformed", str(exc)) from exc
    return reader


def page_count(reader: PdfFileReader) -> int:
    return int(reader.root["/Pages"]["/Count"])


def page_rect(reader: PdfFileReader, page_ix: int) -> tuple[float, float, float, float]:
    """The visible area of a page (CropBox, else MediaBox, inherited), lower-left origin."""
    page_ref, _ = reader.find_page_for_modification(page_ix)
    node = page_ref.get_object()
    while node is not None:
        for key in ("/CropBox", "/MediaBox"):
            if key in node:
                x0, y0, x1, y1 = (float(v) for v in node[key])
                return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        node = node.get_object().get("/Parent")
        node = node.get_object() if node is not None else None
    return A4


@dataclass(frozen=True)
class FieldInfo:
    name: str
    signed: bool
    page: int
    rect: tuple[float, float, float, float] | None


def _page_index(reader: PdfFileReader, page_ref: generic.IndirectObject | None) -> int:
    if page_ref is None:
        return 0
    for ix in range(page_count(reader)):
        ref, _ = reader.find_page_for_modification(ix)
        if ref.reference == page_ref.reference:
            return ix
    return 0


def signature_fields(reader: PdfFileReader) -> list[FieldInfo]:
    """Signature fields in document order, with the page and rectangle of their widget."""
    found: list[FieldInfo] = []
    for name, value, field_ref in enumerate_sig_fields(reader):
        field = field_ref.get_object()
        widget = field
        if "/Rect" not in field and "/Kids" in field:
            widget = field["/Kids"][0].get_object()
        rect = None
        if "/Rect" in widget:
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            if x1 - x0 > 0 and y1 - y0 > 0:
                rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        page_ref = widget.raw_get("/P") if "/P" in widget else None
        found.append(
            FieldInfo(
                name=str(name),
                signed=value is not None,
                page=_page_index(
                    reader, page_ref if isinstance(page_ref, generic.IndirectObject) else None
                ),
                rect=rect,
            )
        )
    return found
