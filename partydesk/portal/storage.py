"""The portal's media storage: public images and renditions where the proxy serves them, the
members' pictures in a folder nobody serves directly (ADR 0022, "Members' pictures")."""

from __future__ import annotations

import os
import posixpath

from django.core.files.storage import FileSystemStorage
from django.urls import reverse

# Neither the proxy nor the portal's media route serves these folders: documents go through
# Wagtail's /portal/files/ view, members' pictures through /portal/private-images/.
PRIVATE_FOLDER = "private/"
DOCUMENTS_FOLDER = "documents/"
UNSERVED_FOLDERS = (PRIVATE_FOLDER, DOCUMENTS_FOLDER)
# A members' picture's original is renamed with this mark; Wagtail names a rendition after its
# original (images/<original's name>.<filter>.<ext>), so the mark is what tells this storage
# to write the rendition under private/ too.
MEMBERS_MARK = "members__"
ORIGINALS = "original_images"
RENDITIONS = "images"


def is_private_name(name: str) -> bool:
    return name.startswith(PRIVATE_FOLDER)


class PortalMediaStorage(FileSystemStorage):
    """A folder on disk (MEDIA_ROOT/portal): a marked rendition goes under private/, and a
    private file's address is the view that applies the members' rule."""

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        name = super().generate_filename(filename)
        folder, base = posixpath.split(name)
        if not base.startswith(MEMBERS_MARK):
            return name
        if folder == RENDITIONS:
            return f"{PRIVATE_FOLDER}{name}"
        if folder == ORIGINALS:
            # An upload cannot choose the private folder by its name; only the sealing service
            # (services/private_images.py) writes marked originals, through save().
            return posixpath.join(folder, base.removeprefix(MEMBERS_MARK) or "image")
        return name

    def url(self, name: str | None) -> str:
        if name and is_private_name(name):
            return reverse("portal_private_image", args=[name.removeprefix(PRIVATE_FOLDER)])
        return super().url(name)
