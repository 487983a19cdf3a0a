"""Where Wagtail gives no hook: an image saved, or a collection's privacy changed. Wagtail
itself listens to its image models this way (wagtail/images/signal_handlers.py); the portal
only schedules its sealing service after commit (ADR 0022, "Members' pictures").

Wagtail's page signals (published, unpublished, moved; a page deleted or its privacy
changed) empty the anonymous readers' page cache, whatever made the change: the editor's
admin, an approved workflow, `publish_scheduled`, a script (ADR 0022, "Page cache")."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images.models import Image
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from partydesk.portal.services.page_cache import page_cache_clear
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


def _pages_changed(**kwargs: Any) -> None:
    page_cache_clear()


def register_signal_handlers() -> None:
    for name, page_signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        page_signal.connect(_pages_changed, dispatch_uid=f"portal.page_cache.{name}")
    # A deleted page's rows go through Page's delete whatever its type (the subclass's row
    # cascades from, or with, the base row), so sender=Page sees every deletion.
    post_delete.connect(_pages_changed, sender=Page, dispatch_uid="portal.page_cache.deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _pages_changed, sender=PageViewRestriction, dispatch_uid="portal.page_cache.privacy"
        )
    post_save.connect(_image_saved, sender=Image, dispatch_uid="portal.image_seal")
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed, sender=CollectionViewRestriction, dispatch_uid="portal.privacy"
        )
