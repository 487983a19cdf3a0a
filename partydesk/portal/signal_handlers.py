"""Where Wagtail gives no hook: an image saved, or a collection's privacy changed. Wagtail
itself listens to its image models this way (wagtail/images/signal_handlers.py); the portal
only schedules its sealing service after commit (ADR 0022, "Members' pictures")."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images.models import Image
from wagtail.models import CollectionViewRestriction

from partydesk.portal.services.private_images import members_image_seal, members_images_seal_all


def _image_saved(instance: Image, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    pk = instance.pk
    transaction.on_commit(lambda: _seal_one(pk), robust=True)


def _seal_one(pk: int) -> None:
    image = Image.objects.filter(pk=pk).first()
    if image is not None:
        members_image_seal(image)


def _privacy_changed(**kwargs: Any) -> None:
    transaction.on_commit(members_images_seal_all, robust=True)


def register_signal_handlers() -> None:
    post_save.connect(_image_saved, sender=Image, dispatch_uid="portal.image_seal")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=CollectionViewRestriction, dispatch_uid="portal.privacy"
        )
