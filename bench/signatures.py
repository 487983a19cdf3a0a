"""PAdES signing and validation: our service against direct, hand-tuned pyHanko.

Each case signs (or validates) the same two-page PDF with the same RSA-2048 key two ways in
the same run, interleaved: through `pdf_sign_personal` / `pdf_validate` (certificate lookup,
Decree-30 appearance, audit event, signing record, trust anchors and CRLs from the database)
and through `partydesk.signatures.pdf.baseline.Tuned` (key parsed once, CMS size reserved up
front, the same appearance, nothing else). Target: the service keeps at least 0.9x the tuned
throughput, i.e. its p50 is at most 1.11x the baseline's. pyHanko's documented defaults
(SimpleSigner, size estimated by a dry-run signature) are timed too, as a fact.

Everything runs inside one transaction that is rolled back: the bench database keeps no CA,
certificate or audit event from it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from fpdf import FPDF

from bench.harness import Context, Result
from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.core.http import SYSTEM
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.services import organization_create
from partydesk.signatures import authority, pki
from partydesk.signatures.models import Certificate
from partydesk.signatures.pdf import baseline
from partydesk.signatures.selectors import pdf_validate
from partydesk.signatures.services import (
    ca_initialize,
    certificate_issue_organization,
    certificate_issue_personal,
    pdf_sign_organization,
    pdf_sign_personal,
)
from partydesk.signatures.services.signing import signature_png

TITLE = "PAdES signatures and validation (service vs tuned pyHanko)"
TARGET = 1.11  # p50 ratio: >= 0.9x the tuned throughput
SECRETARY = "bench-secretary"


def _document() -> bytes:
    doc = FPDF()
    for page in range(2):
        doc.add_page()
        doc.set_font("helvetica", size=12)
        for line in range(40):
            doc.cell(text=f"Nghi quyet so 12-NQ/DU, trang {page + 1}, dong {line + 1}.")
            doc.ln(7)
    return bytes(doc.output())


def _cpu_and_queries(
    service: Callable[[], object], direct: Callable[[], object], *, rounds: int
) -> tuple[float, float, int]:
    """This process's CPU time per call (ms) on both sides, and the service's SQL count."""
    service()  # warm: keys opened, images encoded
    direct()
    spent = [0.0, 0.0]
    for _ in range(rounds):
        for i, fn in enumerate((service, direct)):
            started = time.process_time()
            fn()
            spent[i] += time.process_time() - started
    with CaptureQueriesContext(connection) as captured:
        service()
    return spent[0] * 1000 / rounds, spent[1] * 1000 / rounds, len(captured)


def _rate(p50_ms: float | None) -> str:
    return f"{1000 / p50_ms:.0f}/s" if p50_ms else "-"


def run(ctx: Context) -> list[Result]:
    with transaction.atomic(), override_settings(PARTYDESK_TSA_URL=""):
        results = _run(ctx)
        transaction.set_rollback(True)
    authority.reset_caches()
    return results


def _run(ctx: Context) -> list[Result]:
    results: list[Result] = []
    authority.reset_caches()
    if not authority.CertificateAuthority.objects.exists():
        ca_initialize(actor=None, name="Bench")
    unit = organization_create(
        acting=SYSTEM,
        name="Đảng bộ Bench",
        abbreviation="ĐU",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        code=f"bench-signatures-{time.time_ns()}",
        parent=None,
    )
    user = User.objects.create_user(username=f"{SECRETARY}-{time.time_ns()}", password=None)
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_confirmed_at"])
    for code in ("secretary", "clerk"):
        RoleGrant.objects.create(user=user, role=Role.objects.get(code=code), organization=unit)
    personal = certificate_issue_personal(actor=None, user=user)
    certificate_issue_organization(actor=None, organization=unit)
    pdf = _document()
    ctx.fact("document", f"{len(pdf):,} bytes, 2 pages; keys RSA-2048, SHA-256, PAdES")

    key_der = pki.key_to_pkcs8_der(
        pki.decrypt_key(personal.key_pem_encrypted, authority.passphrase())
    )
    lines = (user.username, "", timezone.localtime().isoformat(timespec="seconds"))
    tsa = authority.tsa_authority()
    tsa_size = len(tsa.tsa_cert.dump()) + sum(len(c.dump()) for c in tsa.certs_to_embed)

    def tuned(timestamped: bool) -> baseline.Tuned:
        return baseline.Tuned.build(
            pkcs8_der=key_der,
            certificate_der=bytes(personal.certificate_der),
            chain_der=tuple(Certificate.objects.get(pk=personal.pk).chain_bytes()),
            signature_png=signature_png(user),
            lines=lines,
            timestamper=tsa if timestamped else None,
            timestamp_reserve=tsa_size if timestamped else 0,
        )

    for level in ("B-B", "B-T"):
        direct = tuned(level == "B-T")
        with override_settings(PARTYDESK_PADES_LEVEL=level):
            service_cpu, direct_cpu, queries = _cpu_and_queries(
                lambda: pdf_sign_personal(actor=user, pdf=pdf),
                lambda direct=direct: direct.sign(pdf),  # type: ignore[misc]
                rounds=10 if ctx.quick else 40,
            )
            ctx.fact(
                f"CPU per signature {level}",
                f"service {service_cpu:.1f} ms in {queries} SQL statements, "
                f"tuned pyHanko {direct_cpu:.1f} ms (process time: no waiting on the database)",
            )
            result = ctx.compare(
                f"personal signature {level}, visible (Decree 30)",
                lambda: pdf_sign_personal(actor=user, pdf=pdf),
                lambda direct=direct: direct.sign(pdf),  # type: ignore[misc]
                baseline_name="tuned pyHanko",
                target=TARGET,
            )
        results.append(result)
        ctx.fact(
            f"throughput {level}",
            f"service {_rate(result.p50_ms)}, tuned pyHanko {_rate(result.baseline_p50_ms)} "
            f"({1 / result.ratio:.2f}x of tuned)",
        )

    started = time.perf_counter()
    rounds = 3 if ctx.quick else 10
    for _ in range(rounds):
        baseline.defaults_sign(
            pdf, pkcs8_der=key_der, certificate_der=bytes(personal.certificate_der)
        )
    default_ms = (time.perf_counter() - started) * 1000 / rounds
    ctx.fact(
        "pyHanko defaults (README one-liner, invisible)",
        f"{_rate(default_ms)} ({default_ms:.1f} ms)",
    )

    with override_settings(PARTYDESK_PADES_LEVEL="B-T", PARTYDESK_PADES_SEAL_LEVEL="B-T"):
        issued = pdf_sign_organization(
            actor=user,
            organization=unit,
            pdf=pdf_sign_personal(actor=user, pdf=pdf),
            number_symbol="12-NQ/ĐU",
        )
    trust = authority.trust()
    assert pdf_validate(pdf=issued).all_valid and baseline.validate_direct(issued, trust)
    results.append(
        ctx.compare(
            "validation, 2 signatures (B-T) + report",
            lambda: pdf_validate(pdf=issued),
            lambda: baseline.validate_direct(issued, trust),
            baseline_name="direct pyHanko",
            target=TARGET,
        )
    )
    return results
