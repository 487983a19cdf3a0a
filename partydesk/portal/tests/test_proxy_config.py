"""The shipped nginx site (deploy/nginx.conf) serves the portal's public pictures from disk
and never its documents, members' pictures or the office's files; docs/operations.md shows
the same file. nginx picks the longest matching prefix location (all are `^~` here)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings

CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
LOCATION = re.compile(r"location\s+(\^~|=)?\s*(\S+)\s*\{([^{}]*)\}", re.S)


def _locations() -> dict[str, str]:
    return {prefix: body for _mod, prefix, body in LOCATION.findall(CONFIG.read_text())}


def _chosen(uri: str) -> str:
    uri = posixpath.normpath(uri)  # nginx merges ../ before it matches
    prefixes = [prefix for prefix in _locations() if uri.startswith(prefix)]
    return _locations()[max(prefixes, key=len)]


@pytest.mark.parametrize(
    "uri",
    [
        "/media/portal/documents/bao-cao.pdf",
        "/media/portal/private/images/members__hop.width-960.png",
        "/media/portal/private/original_images/members__hop.png",
        "/media/portal/images/../private/images/members__hop.width-960.png",
        "/media/portal/images/../documents/bao-cao.pdf",
        "/media/files/ab/cd/abcdef.pdf",  # the office's stored files
    ],
)
def test_the_proxy_never_serves_checked_files(uri):
    body = _chosen(uri)
    assert "return 404" in body and "alias" not in body and "root" not in body


def test_the_proxy_serves_public_pictures_from_the_portal_folder_only():
    body = _chosen("/media/portal/images/le-ky-niem.fill-480x270.png")
    assert re.search(r"alias\s+\S+/media/portal/;", body)
    assert "disable_symlinks on" in body
    # Nothing else is read from disk: every other request goes to the application.
    from_disk = [p for p, b in _locations().items() if "alias" in b or re.search(r"\broot\b", b)]
    assert from_disk == ["/media/portal/"]
    assert "proxy_pass" in _chosen("/portal/private-images/images/x.png")


def test_the_operations_guide_shows_the_shipped_file():
    guide = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text()
    assert CONFIG.read_text() in guide
