"""Issuing a number while another organization's document is being sealed.

The seal (pyHanko and a time-stamp from the TSA) runs before the short transaction that takes
the number (docs/decisions/0009). This suite holds one organization's seal for a short and a
long time (a sleep standing in for a slow TSA) and times, meanwhile, another organization's
clerk issuing a document of its own. The issuer's wait must not grow with the signing time:
the ratio of its p50 wait under the long seal to that under the short one stays near 1.

The data (two committees, their terms and clerks, signed documents) is created in the bench
database and committed, since the two issues run on two connections; its names are unique.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from django.db import connections
from fpdf import FPDF

from bench.harness import Context, Result, percentile
from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.core.http import SYSTEM
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentType,
    DocumentVersion,
    Status,
    VersionKind,
)
from partydesk.documents.services.files import PreparedFile, file_store
from partydesk.documents.services.outgoing import document_issue
from partydesk.documents.services.outgoing import issue as issue_module
from partydesk.organizations.models import CommitteeTerm, OrganizationKind
from partydesk.organizations.services import organization_create

TITLE = "issuing while another organization signs"
SHORT, LONG = 0.1, 1.0
TARGET = 2.0  # the long seal may not double the other issuer's wait


def _pdf() -> bytes:
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="Cong van thu nghiem")
    return bytes(doc.output())


def _office(tag: str, n: int) -> tuple[Any, User]:
    unit = organization_create(
        acting=SYSTEM,
        name=f"Đảng bộ Bench {n}",
        abbreviation="ĐU",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        code=f"bench-issuing-{tag}-{n}",
        parent=None,
    )
    CommitteeTerm.objects.create(organization=unit, name="2025–2030", starts_on=dt.date(2025, 1, 1))
    clerk = User.objects.create_user(username=f"bench-clerk-{tag}-{n}", password=None)
    RoleGrant.objects.create(user=clerk, role=Role.objects.get(code="clerk"), organization=unit)
    return unit, clerk


def _signed(unit: Any, clerk: User, stored: Any, doc_type: DocumentType) -> Document:
    document = Document.objects.create(
        organization=unit,
        direction=Direction.OUTGOING,
        status=Status.SIGNED,
        system="party",
        document_type=doc_type,
        subject="về thử tải",
        digitally_signed=True,
        issued_date=dt.date.today(),
        created_by=clerk,
    )
    DocumentVersion.objects.create(
        document=document, number=1, kind=VersionKind.SIGNED, file=stored, created_by=clerk
    )
    return document


def run(ctx: Context) -> list[Result]:
    tag = str(time.time_ns())
    (unit_a, clerk_a), (unit_b, clerk_b) = _office(tag, 1), _office(tag, 2)
    data = _pdf()
    stored = file_store(PreparedFile("bench.pdf", data, "application/pdf", 1, "Cong van"))
    doc_type = DocumentType.objects.get(code="cong-van")
    entered = threading.Event()
    real = issue_module.sign_organization
    seal_seconds = [SHORT]

    def slow_seal(**kwargs: Any) -> bytes:
        if threading.current_thread().name == "sealing":
            entered.set()
            time.sleep(seal_seconds[0])
        return bytes(kwargs["pdf"])

    issue_module.sign_organization = slow_seal  # type: ignore[assignment]
    rounds = 3 if ctx.quick else 8

    def waits_for(unit_b: Any, clerk_b: User) -> dict[float, list[float]]:
        waits: dict[float, list[float]] = {SHORT: [], LONG: []}
        for _ in range(rounds):
            for seconds in (SHORT, LONG):
                seal_seconds[0] = seconds
                a = _signed(unit_a, clerk_a, stored, doc_type)
                b = _signed(unit_b, clerk_b, stored, doc_type)
                entered.clear()

                def sealing(doc: Document = a) -> None:
                    try:
                        document_issue(actor=clerk_a, document=doc)
                    finally:
                        connections.close_all()

                thread = threading.Thread(target=sealing, name="sealing")
                thread.start()
                entered.wait(30)
                t0 = time.perf_counter()
                document_issue(actor=clerk_b, document=b)
                waits[seconds].append((time.perf_counter() - t0) * 1000)
                thread.join()
        return waits

    cases = [
        ("another organization", unit_b, clerk_b),
        ("the same organization (the sealed one retries)", unit_a, clerk_a),
    ]
    results: list[Result] = []
    try:
        for label, unit, clerk in cases:
            waits = waits_for(unit, clerk)
            short_p50, long_p50 = percentile(waits[SHORT], 0.5), percentile(waits[LONG], 0.5)
            result = Result(
                name=f"issue while {label} seals for {LONG:g} s",
                baseline=f"same, seal {SHORT:g} s",
                ratio=long_p50 / max(short_p50, 1e-9),
                target=TARGET,
                p50_ms=long_p50,
                p99_ms=percentile(waits[LONG], 0.99),
                baseline_p50_ms=short_p50,
                baseline_p99_ms=percentile(waits[SHORT], 0.99),
                iterations=rounds,
                note="wait of the issuer; must not grow with the signing time",
            )
            ctx.log(
                f"  {result.name}: p50 {long_p50:.1f} vs {short_p50:.1f} ms -> x{result.ratio:.2f}"
            )
            results.append(result)
    finally:
        issue_module.sign_organization = real  # type: ignore[assignment]
    ctx.fact(
        "seal held",
        f"{SHORT * 1000:.0f} ms vs {LONG * 1000:.0f} ms (a sleep standing in for the TSA), "
        f"{rounds} rounds each; another issue is timed meanwhile",
    )
    return results
