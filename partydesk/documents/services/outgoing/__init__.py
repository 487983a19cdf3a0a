"""Outgoing documents (ND30 Điều 14-19, 36-HD): draft with versions, review along the
configured chain, approval, the signer's signature, numbering and the organization's
signature, release to recipients in the installation, archive.

One module per verb; the public services are listed here."""

from partydesk.documents.services.outgoing.cosign import document_cosign
from partydesk.documents.services.outgoing.draft import (
    DraftFields,
    outgoing_cancel,
    outgoing_draft_create,
    outgoing_version_add,
)
from partydesk.documents.services.outgoing.issue import document_issue
from partydesk.documents.services.outgoing.layout import ARCHIVE_LINE, layout_for
from partydesk.documents.services.outgoing.release import document_archive, document_release
from partydesk.documents.services.outgoing.review import (
    outgoing_submit,
    review_chain_for,
    review_decide,
)
from partydesk.documents.services.outgoing.sign import document_sign
from partydesk.documents.services.outgoing.withdraw import outgoing_withdraw

__all__ = [
    "ARCHIVE_LINE",
    "DraftFields",
    "document_archive",
    "document_cosign",
    "document_issue",
    "document_release",
    "document_sign",
    "layout_for",
    "outgoing_cancel",
    "outgoing_draft_create",
    "outgoing_submit",
    "outgoing_version_add",
    "outgoing_withdraw",
    "review_chain_for",
    "review_decide",
]
