"""Members' pictures: an image in a members-only collection keeps its original and its
renditions under private/, which only the members' view serves (ADR 0022, "Members'
pictures"). Wagtail has no image privacy of its own (its issue #3880), so the portal moves the
files when an image enters or leaves such a collection."""

from __future__ import annotations

import posixpath

from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from partydesk.core.audit import audit_log
from partydesk.portal.storage import (
    MEMBERS_MARK,
    ORIGINALS,
    PRIVATE_FOLDER,
    PortalMediaStorage,
    is_private_name,
)


def members_collection_ids() -> set[int]:
    """Collections read as "Party members": restricted to logged-in users, and every
    collection below one (two queries)."""
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.filter(
            restriction_type=BaseViewRestriction.LOGIN
        ).values("collection_id")
    )
    ids: set[int] = set()
    for collection in restricted:
        ids.update(collection.get_descendants(inclusive=True).values_list("pk", flat=True))
    return ids


def _target_name(name: str, private: bool) -> str:
    base = posixpath.basename(name).removeprefix(MEMBERS_MARK)
    if private:
        return f"{PRIVATE_FOLDER}{ORIGINALS}/{MEMBERS_MARK}{base}"
    return f"{ORIGINALS}/{base}"


def members_image_seal(image: Image, *, private: bool | None = None) -> bool:
    """Put the image's files where its collection says: under private/ for a members'
    collection, back in the public folders otherwise. Its renditions are deleted (Wagtail
    deletes their files after commit) and come back, in the right folder, at the next use.
    Returns whether anything moved."""
    storage = image.file.storage
    if not isinstance(storage, PortalMediaStorage):
        return False  # object storage: its own access rules apply (docs/operations.md)
    if private is None:
        private = image.collection_id in members_collection_ids()
    if is_private_name(image.file.name) == private:
        return False
    old = image.file.name
    with storage.open(old, "rb") as content:
        new = storage.save(_target_name(old, private), content)
    with transaction.atomic():
        Image.objects.filter(pk=image.pk).update(file=new)
        image.file.name = new
        for rendition in image.renditions.all():
            rendition.delete()
        audit_log(
            actor=None,
            action="portal.image.sealed" if private else "portal.image.unsealed",
            target=image,
            details={"from": old, "to": new},
        )
        transaction.on_commit(lambda: storage.delete(old))
    return True


def members_images_seal_all() -> int:
    """Every image whose files are not where its collection says (after a collection's
    privacy changed, or a bulk move): how many moved."""
    private_ids = members_collection_ids()
    moved = 0
    for image in Image.objects.exclude(collection_id__in=private_ids).filter(
        file__startswith=PRIVATE_FOLDER
    ):
        moved += members_image_seal(image, private=False)
    for image in Image.objects.filter(collection_id__in=private_ids).exclude(
        file__startswith=PRIVATE_FOLDER
    ):
        moved += members_image_seal(image, private=True)
    return moved
