"""Every write of the signatures app. The documents app calls pdf_sign_personal and
pdf_sign_organization; the rest serves the CA, the certificate pages and the token API."""

from partydesk.signatures.services.archive import archive_register, archive_timestamps_extend
from partydesk.signatures.services.authorities import authority_ready, ca_initialize
from partydesk.signatures.services.certificates import (
    certificate_import_pkcs12,
    certificate_issue_organization,
    certificate_issue_personal,
    certificate_register_token,
    certificate_renew,
    certificate_revoke,
)
from partydesk.signatures.services.images import seal_image_upload, signature_image_upload
from partydesk.signatures.services.signing import (
    pdf_fill_fields,
    pdf_sign_organization,
    pdf_sign_personal,
)
from partydesk.signatures.services.tokens import (
    TokenChallenge,
    token_session_complete,
    token_session_prepare,
)

__all__ = [
    "TokenChallenge",
    "archive_register",
    "archive_timestamps_extend",
    "authority_ready",
    "ca_initialize",
    "certificate_import_pkcs12",
    "certificate_issue_organization",
    "certificate_issue_personal",
    "certificate_register_token",
    "certificate_renew",
    "certificate_revoke",
    "pdf_fill_fields",
    "pdf_sign_organization",
    "pdf_sign_personal",
    "seal_image_upload",
    "signature_image_upload",
    "token_session_complete",
    "token_session_prepare",
]
