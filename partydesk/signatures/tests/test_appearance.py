"""Decree 30 appearance, checked in the PDF itself: widget rectangles, what each appearance
stream draws and where, colours of the images, and the text with its font and size."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from partydesk.signatures.services import pdf_sign_organization, pdf_sign_personal

pytestmark = pytest.mark.django_db
MM = 72 / 25.4
PAGE_W, PAGE_H = 595.28, 841.89  # A4 from fpdf2


def _widgets(pdf: bytes, page: int) -> dict[str, Any]:
    reader = PdfReader(io.BytesIO(pdf))
    annots: Any = reader.pages[page].get("/Annots") or ArrayObject()
    return {str(a.get_object()["/T"]): a.get_object() for a in annots}


def _rect(widget: Any) -> tuple[float, ...]:
    return tuple(round(float(v), 2) for v in widget["/Rect"])


def _appearance(widget: Any) -> Any:
    return widget["/AP"]["/N"].get_object()


def _mean_colour(image) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Average RGB of the opaque pixels of an image XObject with an alpha mask."""
    rgb = image.get_data()
    alpha = image["/SMask"].get_object().get_data()
    picked = [i for i, a in enumerate(alpha) if a > 200]
    assert picked, "the image is fully transparent"
    totals = [sum(rgb[3 * i + c] for i in picked) / len(picked) for c in range(3)]
    return totals[0], totals[1], totals[2]


def _text(stream: bytes, font: Any) -> list[tuple[float, str]]:
    """(size, text) of each Tj, decoded through the font's ToUnicode map (a letter drawn as
    .notdef, glyph 0, has no entry there and fails the lookup)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    to_char = {
        int(g, 16): chr(int(u, 16)) for g, u in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
    }
    found = []
    for size, hexstr in re.findall(rb"/F1 ([\d.]+) Tf .*? <([0-9A-F]*)> Tj", stream):
        gids = [int(hexstr[i : i + 4], 16) for i in range(0, len(hexstr), 4)]
        found.append((float(size), "".join(to_char[g] for g in gids)))
    return found


def test_personal_signature_shows_the_blue_image_name_position_and_time(tree, ca, pdf_bytes):
    import datetime as dt

    from partydesk.accounts.tests.factories import make_user
    from partydesk.organizations.models import Position
    from partydesk.organizations.tests.factories import make_person
    from partydesk.signatures.services import certificate_issue_personal

    person = make_person(tree.committee_a, full_name="Phạm Thị Ánh Tuyết")
    Position.objects.create(
        person=person,
        organization=tree.committee_a,
        title="other",
        title_other="Phó Bí thư Thường trực",
        starts_on=dt.date(2025, 1, 1),
    )
    signer = make_user("tuyet", organization=tree.committee_a, person=person, two_factor=True)
    certificate_issue_personal(actor=None, user=signer)

    signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)

    widget = _widgets(signed, -1)["PD_Personal_1"]
    x0, y0, x1, y1 = _rect(widget)
    assert (round(x1, 1), round(y0, 1)) == (round(PAGE_W - 20 * MM, 1), round(25 * MM, 1))
    assert (round(x1 - x0), round(y1 - y0)) == (170, 112)
    stream = _appearance(widget)
    content = stream.get_data()
    assert b"150.00 0 0 75.00 10.00 35.00 cm /Im0 Do" in content  # the 2:1 image slot
    image = stream["/Resources"]["/XObject"]["/Im0"].get_object()
    red, green, blue = _mean_colour(image)
    assert blue > red + 60 and blue > green + 60  # blue ink
    font = stream["/Resources"]["/Font"]["/F1"].get_object()
    assert re.search(r"(LiberationSerif|TimesNewRoman)", str(font["/BaseFont"]))
    lines = [text for _size, text in _text(content, font)]
    assert lines[:2] == ["Phạm Thị Ánh Tuyết", "Phó Bí thư Thường trực"]  # every glyph embedded
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", lines[-1])


def test_the_stamp_prints_the_local_signing_time_as_offices_write_it(signer, pdf_bytes):
    """pdftotext reads what a person sees: "08/12/2026 10:15:58" in the installation's zone,
    not "2026-12-08T10:15:58+07:00", and each signature its own time (nothing cached)."""
    import datetime as dt
    import subprocess
    from unittest import mock

    from django.utils import timezone

    def text_at(moment: dt.datetime) -> str:
        with mock.patch("partydesk.signatures.services.signing.timezone.now", return_value=moment):
            signed = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
        return subprocess.run(
            ["pdftotext", "-", "-"], input=signed, capture_output=True, check=True
        ).stdout.decode()

    start = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=5)
    first = text_at(start)
    later = text_at(start + dt.timedelta(days=1, seconds=7))

    for moment, text in ((start, first), (start + dt.timedelta(days=1, seconds=7), later)):
        local = timezone.localtime(moment)
        assert local.strftime("%d/%m/%Y %H:%M:%S") in text
        assert local.isoformat(timespec="seconds") not in text
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)
    assert timezone.localtime(start).strftime("%d/%m/%Y %H:%M:%S") not in later


def test_the_seal_covers_the_left_third_of_the_signature_at_real_size(
    signer, clerk, tree, pdf_bytes
):
    personal = pdf_sign_personal(actor=signer, pdf=pdf_bytes)
    sealed = pdf_sign_organization(
        actor=clerk, organization=tree.committee_a, pdf=personal, number_symbol="1-NQ/ĐU"
    )

    widgets = _widgets(sealed, -1)
    px0, py0, _px1, _py1 = _rect(widgets["PD_Personal_1"])
    sx0, sy0, sx1, sy1 = _rect(widgets["PD_Seal_1"])
    image_x0, image_w, image_mid_y = px0 + 10, 150, py0 + 35 + 75 / 2
    assert sx1 == pytest.approx(image_x0 + image_w / 3, abs=0.02)  # right edge at one third
    assert sx1 - sx0 == pytest.approx(36 * MM, abs=0.02)  # real size: 36 mm
    assert (sy0 + sy1) / 2 == pytest.approx(image_mid_y, abs=0.02)
    seal = _appearance(widgets["PD_Seal_1"])
    assert b"cm /Im0 Do" in seal.get_data()
    red, green, blue = _mean_colour(seal["/Resources"]["/XObject"]["/Im0"].get_object())
    assert red > green + 80 and red > blue + 80  # red seal


def test_attachments_carry_number_and_iso_time_top_right_of_page_one(clerk, tree):
    from partydesk.signatures.tests.conftest import make_pdf

    attachment = make_pdf(pages=2)
    sealed = pdf_sign_organization(
        actor=clerk,
        organization=tree.committee_a,
        pdf=attachment,
        number_symbol="12-NQ/ĐU",
        visible=False,
    )

    widget = _widgets(sealed, 0)["PD_Unit_1"]
    _x0, _y0, x1, y1 = _rect(widget)
    assert x1 == pytest.approx(PAGE_W - 20 * MM, abs=0.02)
    assert y1 == pytest.approx(PAGE_H - 10 * MM, abs=0.02)
    stream = _appearance(widget)
    assert b"/Im" not in stream.get_data()  # no image
    ((size, text),) = _text(stream.get_data(), stream["/Resources"]["/Font"]["/F1"].get_object())
    assert size == 10.0
    assert re.fullmatch(r"12-NQ/ĐU, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text)
    assert b"0.000 0.000 0.000 rg" in stream.get_data()  # black


def test_a_preplaced_empty_field_decides_where_the_signature_goes(signer, pdf_bytes):
    """The documents module may leave an empty PD_Personal field in its layout."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    field = DictionaryObject(
        {
            NameObject("/FT"): NameObject("/Sig"),
            NameObject("/T"): TextStringObject("PD_Personal"),
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (300, 400, 470, 512)]),
            NameObject("/P"): writer.pages[0].indirect_reference,
        }
    )
    ref = writer._add_object(field)
    writer.pages[0][NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([ref]), NameObject("/SigFlags"): NumberObject(3)}
    )
    out = io.BytesIO()
    writer.write(out)

    signed = pdf_sign_personal(actor=signer, pdf=out.getvalue())

    widget = _widgets(signed, 0)["PD_Personal"]
    assert _rect(widget) == (300.0, 400.0, 470.0, 512.0)
    assert b"cm /Im0 Do" in _appearance(widget).get_data()
