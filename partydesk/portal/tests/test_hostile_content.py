"""Hostile content from an editor's desk: an SVG carrying a script is not a picture, whatever
its name says; a file of a type the portal does not serve, or too big, is refused, each with
a message that says why; rich text posted past the editor (a script, a `javascript:` link)
never reaches a reader's page."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document as PortalFile
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, streamfield

from partydesk.conftest import logged_in
from partydesk.portal.models import NewsPage
from partydesk.portal.tests import test_editorial as editorial

pytestmark = pytest.mark.django_db
portal = editorial.portal  # the Bloc's and two committees' sections, desks and editors

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def _png(size: int = 64) -> bytes:
    out = io.BytesIO()
    PILImage.effect_noise((size, size), 80).convert("RGB").save(out, "PNG")
    return out.getvalue()


def _upload_image(client: Client, name: str, content: bytes, kind: str = "image/png"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type=kind),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def _refused(response) -> str:  # type: ignore[no-untyped-def]
    """The form again (200), with its message."""
    assert response.status_code == 200
    return response.content.decode()


def _upload_file(client: Client, name: str, content: bytes) -> str:
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    return response.content.decode()


@pytest.fixture
def editor(portal) -> Client:
    return logged_in(portal.writer_a)


def test_an_svg_with_a_script_is_no_picture_whatever_its_name(editor):
    refused = _refused(_upload_image(editor, "logo.svg", SVG, "image/svg+xml"))
    assert "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP" in refused
    disguised = _refused(_upload_image(editor, "logo.png", SVG))
    assert "Not a valid .png image. The extension does not match the file format (svg)" in disguised
    assert not Image.objects.exists()
    assert _upload_image(editor, "anh.png", _png()).status_code == 302  # a real picture passes
    assert Image.objects.count() == 1


def test_a_picture_over_the_limit_is_refused_with_its_size(settings, editor):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024
    refused = _refused(_upload_image(editor, "lon.png", _png(200)))
    assert "This file is too big" in refused and "Maximum filesize 10.0" in refused
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["trang.html", "logo.svg", "chay.exe", "tep.js"])
def test_a_file_of_a_type_the_portal_does_not_serve_is_refused(editor, name):
    refused = _upload_file(editor, name, SVG)
    extension = name.rsplit(".", 1)[1]
    assert f"File extension “{extension}” is not allowed" in refused
    assert not PortalFile.objects.exists()


def test_a_file_over_the_office_limit_is_refused(settings, editor):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    refused = _upload_file(editor, "bao-cao.pdf", b"%PDF-1.7\n" + b"0" * 4096)
    assert "This file is too big" in refused
    assert not PortalFile.objects.exists()


def test_rich_text_posted_past_the_editor_reaches_no_reader_as_script(portal, editor):
    """Draftail sends content state; a forged one holds a script as text, a `javascript:`
    link and an unknown block type with raw HTML."""
    hostile = {
        "blocks": [
            {
                "key": "a1",
                "type": "unstyled",
                "text": "<script>alert(1)</script> bấm vào đây",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 26, "length": 11, "key": 0}],
                "data": {},
            },
            {
                "key": "b2",
                "type": "atomic",
                "text": " ",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
                "data": {"html": "<img src=x onerror=alert(2)>"},
            },
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(3)"}}
        },
    }
    data = nested_form_data(
        {
            "title": "Bài có mã độc",
            "slug": "ma-doc",
            "date": "2026-06-01",
            "lead": "Thử.",
            "author": "",
            "category": "",
            "tags": "",
            "body": streamfield([("text", json.dumps(hostile))]),
        }
    )
    data["action-publish"] = "1"
    head = logged_in(portal.head_a)
    response = head.post(editorial.add_url(portal.section_a), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="ma-doc")
    html = Client().get(page.url).content.decode()
    assert "bấm vào đây" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
    assert "javascript:" not in html and "onerror" not in html
