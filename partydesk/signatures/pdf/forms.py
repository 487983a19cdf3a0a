"""Filling a document's text fields in the revision that signs it (the clerk's seal writes
the number and the date the office gives the document). Filling form fields is a change the
earlier signatures allow ("form filling"), so the signer's signature stays valid.

The appearance is drawn with the embedded Vietnamese serif of the visible signatures, centred
in the field, so the filled line reads like the printed ones ("Số 124-CV/ĐUK")."""

from __future__ import annotations

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from partydesk.signatures.pdf.fonts import EmbeddedFont, serif_font


def _size(field: generic.DictionaryObject, form: generic.DictionaryObject) -> float:
    parts = str(field.get("/DA") or form.get("/DA") or "").split()
    if "Tf" in parts and parts.index("Tf") >= 1:
        try:
            return float(parts[parts.index("Tf") - 1])
        except ValueError:
            pass
    return 12.0


def fill_text_fields(
    writer: IncrementalPdfFileWriter, values: dict[str, str], font: EmbeddedFont
) -> list[str]:
    """Set the value and the appearance of each named text field; the names filled."""
    if "/AcroForm" not in writer.root or not values:
        return []
    form = writer.root["/AcroForm"]
    font_ref: generic.IndirectObject | None = None
    filled: list[str] = []
    for ref in form.get("/Fields", []):
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if name not in values or field.get("/FT") != "/Tx":
            continue
        if font_ref is None:
            font_ref = font.add_to(writer)
        value = values[name]
        size = _size(field, form)
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        width, height = x2 - x1, y2 - y1
        while size > 6 and font.width(value, size) > width:
            size -= 0.5
        x = max((width - font.width(value, size)) / 2, 0)
        y = (height - size * 0.7) / 2
        content = b"/Tx BMC q BT /F1 %.1f Tf 0 g %.2f %.2f Td %s Tj ET Q EMC" % (
            size,
            x,
            y,
            font.encode(value),
        )
        appearance = generic.StreamObject(
            {
                pdf_name("/Type"): pdf_name("/XObject"),
                pdf_name("/Subtype"): pdf_name("/Form"),
                pdf_name("/BBox"): generic.ArrayObject(
                    generic.FloatObject(v) for v in (0, 0, round(width, 2), round(height, 2))
                ),
                pdf_name("/Resources"): generic.DictionaryObject(
                    {pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font_ref})}
                ),
            },
            stream_data=content,
        )
        field[pdf_name("/V")] = generic.TextStringObject(value)
        field[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): writer.add_object(appearance)}
        )
        writer.mark_update(ref)
        filled.append(name)
    return filled


def fill(pdf: bytes, values: dict[str, str], font_path: str = "") -> bytes:
    """The PDF with its named text fields filled, as one incremental revision (no signature)."""
    import io

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fill_text_fields(writer, values, serif_font(font_path))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
