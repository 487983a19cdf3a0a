"""Form fields in a laid-out document: what the office fills at issue (the number, the day,
month and year of the date line) and the empty signature field in the signing block.

The signer signs before the number exists (ND30: numbered after signing). Filling a form
field is a change a PAdES signature allows, so the clerk's seal can carry the number onto the
page without breaking the signer's signature. The fields are written with pypdf when the
final layout is made; the signatures app fills them in the seal's own revision.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

NUMBER_FIELD = "PD_Number"
DATE_FIELD = "PD_Date"
# The signatures app signs into an empty field of this name when the document has one.
SIGNATURE_FIELD = "PD_Personal"
# The first co-signer's empty field, in a layout's left signing block (the minutes' secretary).
COSIGNER_FIELD = "PD_CoSigner"
MM = 72 / 25.4
FONT_SIZE = 13


@dataclass(frozen=True)
class Slot:
    """A place left on the page for a field; `box` is (x, y, width, height) in millimetres
    from the page's top left."""

    name: str
    page: int = 0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def office_values(number_symbol: str, place_date: str) -> dict[str, str]:
    """What the office fills: "Số 124-CV/ĐUK" and "Nghệ An, ngày 05 tháng 3 năm 2027"."""
    return {NUMBER_FIELD: number_symbol, DATE_FIELD: place_date}


def with_fields(pdf: bytes, slots: list[Slot], *, page_height: float) -> bytes:
    """The PDF with an AcroForm holding one field per slot."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))

    def font(base: str) -> object:
        return writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject(base),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                }
            )
        )

    fonts = DictionaryObject({NameObject("/TiRo"): font("/Times-Roman")})
    fields = ArrayObject()
    for slot in slots:
        page = writer.pages[slot.page]
        x, y, w, h = slot.box
        rect = [x * MM, (page_height - y - h) * MM, (x + w) * MM, (page_height - y) * MM]
        entries = {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/T"): TextStringObject(slot.name),
            NameObject("/Rect"): ArrayObject([FloatObject(round(v, 2)) for v in rect]),
            NameObject("/F"): NumberObject(4),
            NameObject("/P"): page.indirect_reference,
        }
        if slot.name in (SIGNATURE_FIELD, COSIGNER_FIELD):
            entries[NameObject("/FT")] = NameObject("/Sig")
        else:
            entries[NameObject("/FT")] = NameObject("/Tx")
            entries[NameObject("/DA")] = TextStringObject(f"/TiRo {FONT_SIZE} Tf 0 g")
            entries[NameObject("/Q")] = NumberObject(1)  # centred, like the printed lines
        ref = writer._add_object(DictionaryObject(entries))
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        page["/Annots"].append(ref)  # type: ignore[attr-defined]
        fields.append(ref)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): fields,
            NameObject("/DA"): TextStringObject(f"/TiRo {FONT_SIZE} Tf 0 g"),
            NameObject("/DR"): DictionaryObject({NameObject("/Font"): fonts}),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
