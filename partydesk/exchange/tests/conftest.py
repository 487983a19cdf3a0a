"""Exchange tests reuse the documents fixtures: offices, the signing CA, a media directory."""

from partydesk.documents.tests.conftest import (  # noqa: F401
    _media,
    office_a,
    office_root,
    rsa_keys,
    signing,
)
