"""Members' pictures: an image in the members' collection keeps its original and renditions
under private/, served only by the portal's view with the members' rule (a visitor goes to
the login page, an outsider gets 403, a member gets the picture); public pictures keep their
plain /media/portal/ addresses, and the raw private files are never served."""

from __future__ import annotations

import io

import pytest
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import Tree, logged_in
from partydesk.organizations.tests.factories import make_member
from partydesk.portal.services.members import members_collection_ensure
from partydesk.portal.services.private_images import members_images_seal_all

pytestmark = pytest.mark.django_db

SPEC = "width-120"


@pytest.fixture(autouse=True)
def _portal_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "partydesk.portal.storage.PortalMediaStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/portal/"},
        },
    }


def _picture(name: str, collection: Collection, capture) -> Image:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    PILImage.new("RGB", (240, 160), (200, 30, 30)).save(buffer, "PNG")
    with capture(execute=True):
        image = Image(title=name, collection=collection)
        image.file = ImageFile(buffer, name=f"{name}.png")
        image.save()
    image.refresh_from_db()
    return image


@pytest.fixture
def pictures(django_capture_on_commit_callbacks) -> dict[str, Image]:  # type: ignore[no-untyped-def]
    return {
        "private": _picture(
            "hop-chi-bo", members_collection_ensure(), django_capture_on_commit_callbacks
        ),
        "public": _picture(
            "le-ky-niem", Collection.get_first_root_node(), django_capture_on_commit_callbacks
        ),
    }


def _member(tree: Tree) -> Client:
    person = make_member(tree.cell_a1, status="official")
    return logged_in(
        make_user("member_a1", organization=tree.committee_a, role="member", person=person)
    )


def test_a_members_picture_and_its_renditions_live_under_private(pictures):
    private = pictures["private"]
    assert private.file.name.startswith("private/original_images/members__")
    rendition = private.get_rendition(SPEC)
    assert rendition.file.name.startswith("private/images/members__")
    assert rendition.url.startswith("/portal/private-images/images/members__")
    assert private.file.url.startswith("/portal/private-images/original_images/")


def test_the_members_rule_applies_to_its_address(tree, pictures, client):
    url = pictures["private"].get_rendition(SPEC).url
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    outsider = logged_in(make_user("staff", organization=tree.committee_a, role="member"))
    assert outsider.get(url).status_code == 403
    member = _member(tree)
    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response.getvalue().startswith(b"\x89PNG")
    assert member.get(pictures["private"].file.url).status_code == 200
    # A grassroots desk's editor, no Party member, sees it in the CMS's picture library.
    editor = logged_in(make_user("writer_b", organization=tree.committee_b, role="specialist"))
    assert editor.get(url).status_code == 200


def test_the_raw_private_files_are_never_served(pictures, client):
    name = pictures["private"].get_rendition(SPEC).file.name
    assert client.get(f"/media/portal/{name}").status_code == 404
    assert client.get(f"/media/portal/images/../{name}").status_code == 404
    assert client.get(f"/media/portal/{pictures['private'].file.name}").status_code == 404


def test_a_public_picture_keeps_its_plain_address(pictures, client):
    public = pictures["public"]
    rendition = public.get_rendition(SPEC)
    assert rendition.url.startswith("/media/portal/images/le-ky-niem")
    assert client.get(rendition.url).status_code == 200
    # Nor does the members' view hand out public files.
    assert client.get(f"/portal/private-images/{rendition.file.name}").status_code == 404


def test_an_upload_cannot_choose_the_private_folder_by_its_name(django_capture_on_commit_callbacks):
    image = _picture(
        "members__trick", Collection.get_first_root_node(), django_capture_on_commit_callbacks
    )
    assert image.file.name.startswith("original_images/trick")
    assert image.get_rendition(SPEC).url.startswith("/media/portal/images/")


def test_a_picture_follows_its_collection_both_ways(
    pictures, django_capture_on_commit_callbacks, client
):
    private = pictures["private"]
    old_rendition = private.get_rendition(SPEC).file.name
    with django_capture_on_commit_callbacks(execute=True):
        private.collection = Collection.get_first_root_node()
        private.save()
    private.refresh_from_db()
    assert private.file.name.startswith("original_images/hop-chi-bo")
    assert not private.file.storage.exists(old_rendition)
    assert client.get(private.get_rendition(SPEC).url).status_code == 200
    # A collection made private (Wagtail's privacy dialog) takes its pictures along.
    public = pictures["public"]
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(),
            restriction_type=CollectionViewRestriction.LOGIN,
        )
    public.refresh_from_db()
    assert public.file.name.startswith("private/")
    assert members_images_seal_all() == 0
