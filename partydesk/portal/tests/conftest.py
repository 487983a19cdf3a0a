"""The documents tests' office and signing set-up, for documents published on the portal."""

from partydesk.documents.tests.conftest import (  # noqa: F401
    _media,
    office_root,
    rsa_keys,
    signing,
)
