"""Papers the installation seals on an organization's behalf in the background: a
certificate of a passed exam (learning), a prize certificate (contests). Each is a row
recorded `pending` in the transaction that earns it, with an outbox message; the outbox
worker lays it out, seals it here and records it `signed`. The layout and the seal (RSA,
PDF) run before the short transaction that records the result, never in a request; a
failure is written on the row (`sign_error`, for the organizer's page) and raised, so the
outbox retries it with its backoff. A paper already signed (a message delivered twice) is
left as it is. A paper is revoked here too, with its reason, for the public check to say so."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import Conflict, DomainError, InvalidInput
from partydesk.core.services.files import file_store
from partydesk.signatures.services.signing import pdf_sign_organization

logger = logging.getLogger(__name__)
PENDING, SIGNED = "pending", "signed"  # the `status` values every sealed paper uses


Paper = TypeVar("Paper", bound=models.Model)


def paper_serial(year: int) -> str:
    """A new serial: random, not sequential, so the public check cannot be walked."""
    return f"{year}-{secrets.token_hex(5).upper()}"


def paper_seal(
    *, model: type[Paper], pk: int, render: Callable[[Paper], bytes], action: str
) -> Paper:
    """Lay out (`render`) and seal the pending paper `pk` of `model` with its organization's
    seal, store the PDF and record it signed with the audit event `action`."""
    manager: Any = model._default_manager
    paper: Any = manager.get(pk=pk)
    if paper.status == SIGNED:
        return paper  # type: ignore[no-any-return]
    try:
        # The seal is the organization's, applied by the installation on its behalf (actor
        # None in the signing record): what the paper states is a fact, not a clerk's act.
        sealed = pdf_sign_organization(
            actor=None,
            organization=paper.organization,
            pdf=render(paper),
            number_symbol=paper.serial,
        )
    except Exception as exc:  # said on the organizer's page, then retried by the outbox
        reason = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        logger.warning("%s %s not signed yet: %s", model.__name__, paper.serial, reason)
        manager.filter(pk=pk, status=PENDING).update(sign_error=str(reason)[:500])
        raise
    stored = file_store(data=sealed, content_type="application/pdf", page_count=1)
    with transaction.atomic():
        locked: Any = manager.select_for_update().get(pk=pk)
        if locked.status == SIGNED:
            return locked  # type: ignore[no-any-return]
        locked.status = SIGNED
        locked.file = stored
        locked.signed_at = timezone.now()
        locked.sign_error = ""
        locked.save(update_fields=["status", "file", "signed_at", "sign_error"])
        audit_log(
            actor=None,
            action=action,
            target=locked,
            organization_id=locked.organization_id,
            details={"serial": locked.serial, "sha256": stored.sha256},
        )
    return locked  # type: ignore[no-any-return]


def paper_revoke(*, model: type[Paper], pk: int, user: Any, reason: str, action: str) -> Paper:
    """Revoke the paper `pk` of `model` with a reason (spaces collapsed, 1-500 characters),
    recording when and by whom, with the audit event `action`. The caller has checked that
    `user` may; call it inside the caller's transaction when it does more (a notification)."""
    reason = " ".join(reason.split())
    if not reason or len(reason) > 500:
        raise InvalidInput(_("Give the reason (up to 500 characters)."), field="reason")
    with transaction.atomic():
        locked: Any = model._default_manager.select_for_update().get(pk=pk)
        if locked.revoked_at is not None:
            raise Conflict(_("The certificate is already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = user
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        audit_log(
            actor=user,
            action=action,
            target=locked,
            organization_id=locked.organization_id,
            details={"serial": locked.serial, "reason": reason},
        )
    return locked  # type: ignore[no-any-return]
