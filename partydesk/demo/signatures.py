"""Demo step: the installation's CA, personal certificates for the demo signers and the seal
certificates of their units, so signing works right after `make run`.

Keys are RSA-2048 made on the spot (a few seconds in all) and stored encrypted with the
development CA passphrase; the demo is never for a real installation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partydesk.demo.logins import DEMO_LOGINS
from partydesk.signatures.selectors import signer_ready
from partydesk.signatures.services import (
    authority_ready,
    ca_initialize,
    certificate_issue_organization,
    certificate_issue_personal,
)

if TYPE_CHECKING:
    from partydesk.demo.context import DemoContext

# Logins that sign in person (declared with their login, which enrols their second factor
# too), and logins whose unit's seal they apply as clerks.
SIGNERS = [login.username for login in DEMO_LOGINS if login.signs]
SEAL_CLERKS = ["vanthu", "vanthu_cs"]


def seed(ctx: DemoContext) -> None:
    """Create the CA once, then a certificate for each demo signer and clerk's unit."""
    if not authority_ready():
        ca_initialize(actor=None, name="partydesk demo")
        ctx.count("certification authorities", 1)
    for login in SIGNERS:
        user = ctx.users.get(login)
        if user is not None and not signer_ready(user):
            certificate_issue_personal(actor=None, user=user)
            ctx.count("personal certificates", 1)
    sealed: set[int] = set()
    for login in SEAL_CLERKS:
        user = ctx.users.get(login)
        organization = user.acting_organization if user is not None else None
        if organization is None or organization.pk in sealed:
            continue
        sealed.add(organization.pk)
        certificate_issue_organization(actor=None, organization=organization)
        ctx.count("seal certificates", 1)
