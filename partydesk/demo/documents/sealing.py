"""Real signatures on the demo's newest documents, and real checks of what arrives.

A document the demo calls digitally signed carries a PDF really signed with the demo's keys:
the Bloc committee's seal (the organization's signature the clerk applies at issue, with the
number and date filled in the same revision) on the newest released documents, the
secretary's personal signature on those awaiting issue. Older ones were signed on paper:
their PDF is the unsigned page with its number and date, and they are not flagged signed.
Sealing every document of the year would take minutes (ADR 0002), so only the newest are.

A received copy's signature check is the validator's own report (`validation_report`, what
the register stores for a received PDF), run once per distinct file; a PDF that carries no
signature gets no report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from partydesk.accounts.models import User
from partydesk.core.models import StoredFile
from partydesk.demo.documents.world import World
from partydesk.documents.models import Document
from partydesk.documents.services.files import PreparedFile, file_read, file_store
from partydesk.documents.services.formfields import office_values
from partydesk.documents.services.render import place_date_line
from partydesk.documents.services.signing import validation_report
from partydesk.signatures.selectors import seal_ready, signer_ready
from partydesk.signatures.services import pdf_sign_organization, pdf_sign_personal

# The newest released documents are sealed: about two months' worth, never more than this.
SEALED_DAYS = 61
SEALED_AT_MOST = 150
# B-B: a signature without a time-stamp token (0.1 s, against 0.25 s at the default B-LTA).
DEMO_SEAL_LEVEL = "B-B"


def choose_sealed(world: World, docs: list[Document]) -> None:
    """Flag as digitally signed the newest issued, unclassified documents (within
    SEALED_DAYS, at most SEALED_AT_MOST); every other one was signed on paper. None is
    flagged when the committee has no seal certificate."""
    for d in docs:
        d.digitally_signed = False
    if not seal_ready(world.root):
        return
    since = world.today - dt.timedelta(days=SEALED_DAYS)
    candidates = [
        d
        for d in docs
        if not d.secrecy and d.issued_at is not None and d.issued_date and d.issued_date >= since
    ]
    candidates.sort(key=lambda d: d.issued_at, reverse=True)  # type: ignore[arg-type, return-value]
    for d in candidates[:SEALED_AT_MOST]:
        d.digitally_signed = True


def sealed_pdf(template: StoredFile, document: Document) -> StoredFile:
    """The laid-out page sealed by the issuing organization, its number and date filled in
    the seal's own revision, as the clerk's issue does."""
    number_symbol = document.number_symbol
    data = pdf_sign_organization(
        actor=None,
        organization=document.organization,
        pdf=file_read(template),
        number_symbol=number_symbol,
        fill=office_values(number_symbol, place_date_line("Nghệ An", document.issued_date)),
        level=DEMO_SEAL_LEVEL,
    )
    name = f"{document.symbol.replace('/', '-')}-ban-hanh.pdf"
    text = f"{number_symbol} {template.text}"
    return file_store(PreparedFile(name, data, "application/pdf", template.page_count, text))


def can_sign(signer: User | None) -> bool:
    return signer is not None and signer_ready(signer)


def signed_pdf(template: StoredFile, document: Document, signer: User) -> StoredFile:
    """The signer's personal signature on the laid-out page (awaiting issue: the number and
    date are still the office's to fill)."""
    data = pdf_sign_personal(
        actor=signer,
        pdf=file_read(template),
        reason=f"{document.document_type.name}: {document.subject}"[:200],
        location="Nghệ An",
        via_console=True,
    )
    name = f"{document.document_type.code}-da-ky.pdf"
    return file_store(PreparedFile(name, data, "application/pdf", template.page_count, ""))


class Reports:
    """The validator's report of each distinct received file, computed once."""

    def __init__(self) -> None:
        self._by_file: dict[int, dict[str, Any] | None] = {}

    def of(self, stored: StoredFile) -> dict[str, Any] | None:
        if stored.pk not in self._by_file:
            report = validation_report(file_read(stored))
            self._by_file[stored.pk] = report if report["signed"] else None
        return self._by_file[stored.pk]
