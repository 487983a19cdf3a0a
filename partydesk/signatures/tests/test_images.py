"""Signature and seal images: checked on upload, normalized, and generated when missing."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import cast

import pytest
from PIL import Image

from partydesk.core.errors import NotAllowed
from partydesk.signatures import images
from partydesk.signatures.errors import ImageInputError
from partydesk.signatures.services import seal_image_upload, signature_image_upload


def image_bytes(
    size: tuple[int, int], fmt: str = "PNG", colour=(20, 40, 200, 255), mode="RGBA"
) -> bytes:  # type: ignore[no-untyped-def]
    img = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else (255, 255, 255))
    for x in range(size[0] // 4, 3 * size[0] // 4):
        for y in range(size[1] // 3, 2 * size[1] // 3):
            img.putpixel((x, y), colour if mode == "RGBA" else colour[:3])
    out = io.BytesIO()
    img.save(out, format=fmt)
    return out.getvalue()


def test_a_scanned_jpeg_signature_becomes_a_transparent_2_to_1_png():
    normalized = images.normalize_signature(image_bytes((300, 300), "JPEG", mode="RGB"))
    img = Image.open(io.BytesIO(normalized.png))
    assert img.format == "PNG" and img.mode == "RGBA"
    assert img.width == 2 * img.height
    corner = cast(tuple[int, ...], img.getpixel((0, 0)))
    centre = cast(tuple[int, ...], img.getpixel((img.width // 2, img.height // 2)))
    assert corner[3] == 0  # the white paper is gone
    assert centre[3] == 255


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a" + b"\0" * 100, "not_image"),
        (image_bytes((100, 100), "GIF", mode="RGB"), "wrong_type"),
        (image_bytes((40, 40)), "too_small"),
        (image_bytes((100, 100), colour=(0, 0, 0, 0)), "empty"),
        (b"\x89PNG" + b"0" * (images.MAX_BYTES + 1), "too_large"),
    ],
    ids=["garbage", "gif", "tiny", "blank", "huge"],
)
def test_unusable_images_are_refused_with_a_reason(data, code):
    with pytest.raises(images.ImageRejected) as rejected:
        images.normalize_signature(data)
    assert rejected.value.code == code


def test_default_images_are_blue_signatures_and_red_seals():
    signature = Image.open(io.BytesIO(images.default_signature("Nguyễn Văn An"))).convert("RGBA")
    seal = Image.open(io.BytesIO(images.default_seal("Đảng bộ Sở Y tế", "ĐU"))).convert("RGBA")
    assert signature.width == 2 * signature.height and seal.width == seal.height
    inked = [cast(tuple[int, ...], p) for p in signature.get_flattened_data()]
    inked = [p for p in inked if p[3] > 200]
    assert inked and all(p[2] > p[0] for p in inked)
    sealed = [cast(tuple[int, ...], p) for p in seal.get_flattened_data()]
    sealed = [p for p in sealed if p[3] > 200]
    assert sealed and all(p[0] > p[2] for p in sealed)


@pytest.mark.django_db
def test_uploads_replace_the_image_and_only_the_clerk_or_admin_changes_the_seal(
    tree, clerk, signer
):
    first = signature_image_upload(actor=signer, data=image_bytes((400, 200)))
    second = signature_image_upload(actor=signer, data=image_bytes((500, 200)))
    assert first.pk != second.pk and type(second).objects.filter(user=signer).count() == 1
    with pytest.raises(ImageInputError, match="PNG or JPEG") as bad:
        signature_image_upload(actor=signer, data=image_bytes((100, 100), "GIF", mode="RGB"))
    assert bad.value.field == "image"

    seal = seal_image_upload(
        actor=clerk,
        organization=tree.committee_a,
        data=image_bytes((300, 300), colour=(200, 10, 10, 255)),
        width_mm=Decimal("40"),
    )
    assert seal.width_mm == Decimal("40") and seal.width_px == seal.height_px
    with pytest.raises(NotAllowed):
        seal_image_upload(
            actor=signer, organization=tree.committee_a, data=b"", width_mm=Decimal("36")
        )
    with pytest.raises(ImageInputError, match="20 and 60"):
        seal_image_upload(
            actor=clerk, organization=tree.committee_a, data=b"", width_mm=Decimal("90")
        )
