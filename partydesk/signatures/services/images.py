"""Uploading the handwritten-signature image of a person and the seal image of a unit."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import grant_list_current
from partydesk.core.audit import audit_log
from partydesk.core.errors import NotAllowed
from partydesk.organizations.models import Organization
from partydesk.signatures import images
from partydesk.signatures.errors import ImageInputError
from partydesk.signatures.models import ImageKind, SignatureImage
from partydesk.signatures.permissions import can_change_seal_image

SEAL_MM_RANGE = (Decimal("20"), Decimal("60"))


def image_error_message(code: str) -> str:
    return {
        "too_large": _("The image is larger than 2 MB."),
        "wrong_type": _("Upload a PNG or JPEG image."),
        "not_image": _("The file is not an image (PNG or JPEG)."),
        "too_small": _("The image is too small: at least 60 pixels on each side."),
        "too_big": _("The image is too large: at most 4000 pixels on each side."),
        "empty": _("The image is blank."),
    }.get(code, _("The image cannot be used."))


def _normalize(data: bytes, kind: str) -> images.Normalized:
    try:
        if kind == ImageKind.SEAL:
            return images.normalize_seal(data)
        return images.normalize_signature(data)
    except images.ImageRejected as exc:
        raise ImageInputError(image_error_message(exc.code), field="image") from exc


def _replace(
    *,
    kind: str,
    data: bytes,
    actor: User,
    user: User | None,
    organization: Organization | None,
    width_mm: Decimal,
) -> SignatureImage:
    normalized = _normalize(data, kind)
    lookup = (
        {"kind": kind, "user": user}
        if user is not None
        else {"kind": kind, "organization": organization}
    )
    SignatureImage.objects.select_for_update().filter(**lookup).delete()
    return SignatureImage.objects.create(
        **lookup,
        png=normalized.png,
        sha256=hashlib.sha256(normalized.png).hexdigest(),
        width_px=normalized.width,
        height_px=normalized.height,
        width_mm=width_mm,
        uploaded_at=timezone.now(),
        uploaded_by=actor,
    )


@transaction.atomic
def signature_image_upload(*, actor: User, data: bytes) -> SignatureImage:
    """The actor's own handwritten signature (blue, on a transparent background)."""
    image = _replace(
        kind=ImageKind.SIGNATURE,
        data=data,
        actor=actor,
        user=actor,
        organization=None,
        width_mm=Decimal("53"),
    )
    audit_log(actor=actor, action="signatures.image.signature_uploaded", target=image)
    return image


@transaction.atomic
def seal_image_upload(
    *, actor: User, organization: Organization, data: bytes, width_mm: Decimal
) -> SignatureImage:
    """The unit's seal (red), drawn at `width_mm`, its real diameter."""
    if not can_change_seal_image(grant_list_current(actor), organization):
        raise NotAllowed(_("Only the unit's clerk or an administrator can change its seal."))
    if not SEAL_MM_RANGE[0] <= width_mm <= SEAL_MM_RANGE[1]:
        raise ImageInputError(_("A seal measures between 20 and 60 mm across."), field="width_mm")
    image = _replace(
        kind=ImageKind.SEAL,
        data=data,
        actor=actor,
        user=None,
        organization=organization,
        width_mm=width_mm,
    )
    audit_log(
        actor=actor,
        action="signatures.image.seal_uploaded",
        target=image,
        organization_id=organization.pk,
    )
    return image
