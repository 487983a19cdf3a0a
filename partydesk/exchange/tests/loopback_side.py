"""What the two-installation test does inside each installation: each function runs in a
`manage.py shell -c` of that installation (its own database, files and CA) and prints one
JSON line. Built from the test factories, so both sides are small and fast to seed."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

BLOC, PROVINCE = "000.00.01.H40", "000.00.00.H40"
BLOC_NAME, PROVINCE_NAME = "Đảng bộ Khối các cơ quan tỉnh", "Tỉnh ủy Nghệ An"


def _say(**values: Any) -> None:
    print(json.dumps(values, ensure_ascii=False))


def setup(side: str, ca_out: str) -> None:
    """One installation: its committee and office ("k" for the Bloc, "p" for the province),
    the other side's committee as an organization it exchanges with, a CA with the seal
    and the secretary's certificate, and both OrganIds. Writes its root CA (PEM)."""
    from django.core.management import call_command

    from partydesk.core.http import SYSTEM
    from partydesk.documents.tests.factories import make_office, make_term
    from partydesk.exchange.services.organ_ids import organ_id_bulk_assign
    from partydesk.organizations.models import OrganizationKind
    from partydesk.organizations.tests.factories import make_org
    from partydesk.signatures.services import (
        ca_initialize,
        certificate_issue_organization,
        certificate_issue_personal,
    )

    ours, theirs = (BLOC_NAME, PROVINCE_NAME) if side == "bloc" else (PROVINCE_NAME, BLOC_NAME)
    root = make_org(ours, kind=OrganizationKind.UPPER_COMMITTEE, abbreviation="ĐUK")
    root.place_name = "Nghệ An"
    root.save(update_fields=["place_name"])
    make_term(root)
    office = make_office(root, "k" if side == "bloc" else "p")
    other = make_org(theirs, kind=OrganizationKind.UPPER_COMMITTEE, abbreviation="TU")
    ca_initialize(actor=None, name=f"{ours} CA")
    certificate_issue_personal(actor=None, user=office.secretary)
    certificate_issue_organization(actor=None, organization=root)
    codes = (BLOC, PROVINCE) if side == "bloc" else (PROVINCE, BLOC)
    organ_id_bulk_assign(
        actor=SYSTEM,
        assignments=[(root, codes[0]), (other, codes[1])],
        valid_from=dt.date(2020, 1, 1),
    )
    call_command("exchange_ca_pem", out=ca_out)
    _say(root=root.pk, other=other.pk)


def _office(prefix: str) -> SimpleNamespace:
    from partydesk.accounts.models import User
    from partydesk.organizations.models import Organization

    users = User.objects.filter(username__startswith=f"{prefix}_")
    organization = Organization.objects.get(name=BLOC_NAME if prefix == "k" else PROVINCE_NAME)
    return SimpleNamespace(
        organization=organization, **{u.username.split("_", 1)[1]: u for u in users}
    )


def release(subject: str) -> None:
    """The Bloc's secretary signs a resolution and its clerk releases it to the province."""
    from partydesk.documents.services.outgoing import (
        document_issue,
        document_release,
        document_sign,
    )
    from partydesk.documents.tests.test_outgoing import approve_all, draft
    from partydesk.exchange.models import OutgoingPackage
    from partydesk.organizations.models import Organization

    office = _office("k")
    province = Organization.objects.get(name=PROVINCE_NAME)
    document = approve_all(office, draft(office, release_to=[province], subject=subject))
    document_sign(actor=office.secretary, document=document)
    document_issue(actor=office.clerk, document=document)
    document_release(actor=office.clerk, document=document)  # POSTs after the commit
    document.refresh_from_db()
    package = OutgoingPackage.objects.get(document=document)
    _say(
        document=document.pk,
        number=document.code_number,
        document_id=package.edxml_document_id,
        transfer=package.transfer,
        error=package.transfer_error,
        problems=package.transfer_problems,
    )


def statuses(document_id: int, kind: int = 0) -> None:
    """The sender's view of one package (the delivery, or with `kind` the recall, update or
    replacement): where it is on the network and its statuses, as recorded."""
    from partydesk.exchange.models import OutgoingPackage

    package = OutgoingPackage.objects.get(document_id=document_id, business_type=kind)
    codes = list(package.statuses.order_by("id").values_list("code", flat=True))
    _say(transfer=package.transfer, statuses=codes, attempts=package.transfer_attempts)


def delivered() -> None:
    """The province's inbox: each delivered package once, with the text of its PDF."""
    from django.conf import settings

    from partydesk.core.services.files import file_read
    from partydesk.exchange.edxml import package_read
    from partydesk.exchange.models import DeliveredPackage

    rows = []
    for row in DeliveredPackage.objects.order_by("pk"):
        package = package_read(
            file_read(row.package), max_bytes=settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB << 20
        )
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "main.pdf"
            pdf.write_bytes(package.main_pdf.data)  # type: ignore[union-attr]
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
            ).stdout
        rows.append({"document_id": row.edxml_document_id, "subject": row.subject, "text": text})
    _say(delivered=rows)


def register(document_id: str) -> None:
    """The province's clerk registers the delivered package (03 goes back)."""
    from partydesk.accounts.actor import Actor
    from partydesk.core.services.files import file_read
    from partydesk.exchange.models import DeliveredPackage
    from partydesk.exchange.services.receive import package_register

    office = _office("p")
    grants = list(office.clerk.role_grants.select_related("role", "organization"))
    actor = Actor(user=office.clerk, grants=grants, scope=grants[0].organization)
    row = DeliveredPackage.objects.get(edxml_document_id=document_id)
    registered = package_register(
        actor=actor, organization=row.organization, data=file_read(row.package)
    )
    _say(document=registered.document.pk, created=registered.created)


def worker() -> None:
    """One pass of the outbox worker, as `manage.py outbox_deliver` runs it."""
    from partydesk.core.services.outbox import outbox_deliver

    report = outbox_deliver()
    _say(delivered=report.delivered, retried=report.retried, failed=report.failed)


def business(document: int, kind: int, reason: str, new_version: int | None = None) -> None:
    """The Bloc's clerk recalls (1), updates (2) or replaces (3) a released document; the
    package goes to the province after the commit."""
    from partydesk.accounts.actor import Actor
    from partydesk.documents.models import Document
    from partydesk.exchange.models import BusinessType
    from partydesk.exchange.services.business import business_request

    office = _office("k")
    grants = list(office.clerk.role_grants.select_related("role", "organization"))
    actor = Actor(user=office.clerk, grants=grants, scope=grants[0].organization)
    (package,) = business_request(
        actor=actor,
        document=Document.objects.get(pk=document),
        business_type=BusinessType(kind),
        reason=reason,
        replacement=Document.objects.get(pk=new_version) if new_version else None,
    )
    package.refresh_from_db()
    _say(
        transfer=package.transfer, problems=package.transfer_problems, error=package.transfer_error
    )


def copy(document_id: str) -> None:
    """The province's copy registered from the package with this DocumentId: its status,
    the actions of its history, whether it is in the clerk's incoming queue, and what the
    inbox holds for that document (each business package once, with its answer)."""
    from partydesk.accounts.actor import Actor
    from partydesk.documents.models import DocumentEvent
    from partydesk.documents.selectors.lists import document_list_for
    from partydesk.exchange.models import DeliveredPackage, ReceivedPackage

    received = ReceivedPackage.objects.select_related("document").get(
        edxml_document_id=document_id, business_type=0
    )
    document = received.document
    office = _office("p")
    grants = list(office.clerk.role_grants.select_related("role", "organization"))
    actor = Actor(user=office.clerk, grants=grants, scope=grants[0].organization)
    open_ids = set(
        document_list_for(actor, direction="incoming")
        .filter(closed_at__isnull=True)
        .values_list("pk", flat=True)
    )
    answers = DeliveredPackage.objects.filter(business_type__gt=0).filter(
        business_document_id=document_id
    )
    _say(
        status=document.status,
        history=list(
            DocumentEvent.objects.filter(document=document)
            .order_by("pk")
            .values_list("action", flat=True)
        ),
        open=document.pk in open_ids,
        answers=[[a.business_type, a.answer, a.answer_reason] for a in answers],
    )
