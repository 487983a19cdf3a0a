"""Members' pictures (ADR 0022, "Members' pictures"): their originals and renditions sit under
private/ in the portal's media, which neither the proxy nor the media route serves; this view
is their only door and applies the members' rule. Public pictures never come here."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe
from wagtail.images.models import Image, Rendition
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile

from partydesk.portal.access import members_only
from partydesk.portal.selectors import collection_is_members_only
from partydesk.portal.storage import PRIVATE_FOLDER


def _image_of(name: str) -> Image:
    rendition = Rendition.objects.filter(file=name).select_related("image__collection").first()
    if rendition is not None:
        return rendition.image
    image = Image.objects.filter(file=name).select_related("collection").first()
    if image is None:
        raise Http404("no such picture")
    return image


@require_safe
def private_image(request: HttpRequest, name: str) -> HttpResponseBase:
    """One file under private/: the image it belongs to decides, not its path (a picture
    moved back to a public collection is served to everyone until its files move too)."""
    stored = f"{PRIVATE_FOLDER}{name}"
    image = _image_of(stored)
    # The portal's editors (any desk) see the pictures the admin's library shows them anyway.
    editor = request.user.has_perm("wagtailadmin.access_admin")
    if not editor and collection_is_members_only(image.collection):
        refused = members_only(request, None)
        if refused is not None:
            return refused
    storage = storages["default"]
    # Wagtail's sendfile, as for its documents: X-Accel-Redirect when SENDFILE_BACKEND says so.
    streaming = None if hasattr(settings, "SENDFILE_BACKEND") else sendfile_streaming_backend
    response = sendfile(
        request, storage.path(stored), backend=streaming.sendfile if streaming else None
    )
    # A member's browser may keep it; no shared cache may.
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
