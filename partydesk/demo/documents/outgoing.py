"""The committee's own documents: issued and released by day, and work in hand."""

from __future__ import annotations

import datetime as dt

from partydesk.accounts.models import Role
from partydesk.core.models import StoredFile
from partydesk.core.text import fold
from partydesk.demo.documents.delivery import deliver
from partydesk.demo.documents.sealing import can_sign, choose_sealed, sealed_pdf, signed_pdf
from partydesk.demo.documents.texts import BODY, OUTGOING_SUBJECTS, RECIPIENTS
from partydesk.demo.documents.world import (
    World,
    at,
    number_in_bulk,
    numbered_pdf,
    own_pdf,
    subject_for,
    weighted,
    working_days,
)
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentEvent,
    DocumentReader,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    ReviewChainStep,
    ReviewStep,
    SigningForm,
    Status,
    VersionKind,
)
from partydesk.documents.services import records
from partydesk.documents.services.numbering import SequenceKey, outgoing_key
from partydesk.documents.symbols import pad


def seed_outgoing(world: World, term) -> tuple[list[Document], list[Document]]:  # type: ignore[no-untyped-def]
    rng, root, today = world.rng, world.root, world.today
    clerk, secretary = world.users.get("vanthu"), world.users.get("bithu")
    drafter = world.users.get("chuyenvien")
    t_m = SigningForm.objects.filter(system="party", code="T/M").first()
    person = secretary.person if secretary is not None else None
    signer_name = person.full_name if person is not None else "Nguyễn Văn An"
    days = list(working_days(world.start, today - dt.timedelta(days=3)))
    per_day = max(1, world.ctx.scaled(2))
    docs: list[Document] = []
    for day in days:
        for _ in range(rng.randint(0, per_day + 1)):
            code, template = weighted(rng, OUTGOING_SUBJECTS)
            doc_type = world.types[code]
            secret = rng.random() < 0.02
            released = (today - day).days > 2
            docs.append(
                Document(
                    organization=root,
                    direction=Direction.OUTGOING,
                    status=Status.ARCHIVED
                    if (today - day).days > 20
                    else (Status.RELEASED if released else Status.ISSUED),
                    system="party",
                    document_type=doc_type,
                    subject=subject_for(template, day, rng),
                    code_notation=f"{doc_type.abbreviation}/{root.abbreviation}",
                    issued_date=day,
                    issued_at=at(day, rng),
                    released_at=at(day, rng) if released else None,
                    dispatched_on=day if released else None,
                    organ_name=root.name,
                    signer=secretary,
                    signer_name=signer_name[:50],
                    signer_position="Bí thư",
                    signing_form=t_m,
                    signing_collective="Ban Thường vụ",
                    secrecy=1 if secret else 0,
                    urgency=1 if rng.random() < 0.05 else 0,
                    page_amount=rng.randint(1, 6),
                    issued_amount=rng.randint(3, 40),
                    recipients_text=RECIPIENTS,
                    archive_holder="Lưu Văn phòng.",
                    term=term,
                    place_name="Nghệ An",
                    has_file=not secret,
                    created_by=drafter,
                    closed_at=at(day + dt.timedelta(days=20), rng)
                    if (today - day).days > 20
                    else None,
                )
            )
    # The demo's year lies inside the committee's current term (see `seed`), so one key per
    # type and secrecy, asked of the numbering service on its first day, serves the year.
    keys: dict[tuple[str, int], SequenceKey] = {}

    def key_of(d: Document) -> SequenceKey:
        assert d.issued_date is not None
        kind = (d.document_type.code, d.secrecy)
        if kind not in keys:
            keys[kind] = outgoing_key(
                issuer=root,
                system=d.system,
                document_type=d.document_type,
                secrecy=d.secrecy,
                on=d.issued_date,
            )
        return keys[kind]

    number_in_bulk(docs, key_of)
    for d in docs:
        d.code_number = pad(d.register_number or 0)
        d.search_text = fold(f"{d.subject} {d.code_number}-{d.code_notation} {d.organ_name}")
    choose_sealed(world, docs)
    docs += pending_outgoing(world, drafter, secretary, t_m, signer_name)
    created = Document.objects.bulk_create(docs, batch_size=500)
    files: dict[tuple[str, str, str, str, str], StoredFile] = {}
    versions, events = [], []
    for d in created:
        events.append(
            DocumentEvent(document=d, action="drafted", actor=drafter, to_status=Status.DRAFT)
        )
        if d.issued_at is not None:
            events.append(
                DocumentEvent(
                    document=d,
                    action="issued",
                    actor=clerk,
                    from_status=Status.SIGNED,
                    to_status=Status.ISSUED,
                    details={"number": d.number_symbol},
                )
            )
        if not d.has_file:
            continue
        # One laid-out page per type, subject and signer (about 45 in the demo, 0.29 s each),
        # so the page says what the register says; the number and date are filled per document.
        key = (d.document_type.code, d.subject, d.signer_name, d.signer_position, d.organ_name)
        if key not in files:
            files[key] = own_pdf(d, BODY, template=True)
        # A numbered document prints its own number and date (issue 8); the newest are
        # sealed with them (sealing), older ones were signed on paper.
        kind = VersionKind.RENDERED
        if d.code_number and d.digitally_signed:
            stored, kind = sealed_pdf(files[key], d), VersionKind.SEALED
        elif d.code_number:
            stored = numbered_pdf(files[key], d)
        elif d.digitally_signed and secretary is not None:
            stored, kind = signed_pdf(files[key], d, secretary), VersionKind.SIGNED
        else:
            stored = files[key]
        versions.append(
            DocumentVersion(
                document=d,
                number=1,
                kind=kind,
                file=stored,
                original_name=f"{d.document_type.code}.pdf",
                body_text="\n".join(BODY) if kind == VersionKind.RENDERED else "",
                created_by=drafter,
            )
        )
    DocumentVersion.objects.bulk_create(versions, batch_size=500)
    DocumentEvent.objects.bulk_create(events, batch_size=1000)
    pending_reviews(
        world, [d for d in created if d.status in (Status.IN_REVIEW, Status.DRAFT)], drafter
    )
    deliveries = deliver(
        world,
        [d for d in created if d.status in (Status.RELEASED, Status.ARCHIVED) and not d.secrecy],
        clerk,
    )
    return created, deliveries


def pending_outgoing(world: World, drafter, secretary, form, signer_name) -> list[Document]:  # type: ignore[no-untyped-def]
    """Work in hand: drafts, drafts in review, approved ones awaiting signature, signed ones
    awaiting issue."""
    rng, root, today = world.rng, world.root, world.today
    pending: list[Document] = []
    # Signed and awaiting issue only if the secretary can really sign (see sealing).
    signs = can_sign(secretary)
    for status, count in (
        (Status.DRAFT, 3),
        (Status.IN_REVIEW, 3),
        (Status.APPROVED, 2 if signs else 4),
        (Status.SIGNED, 2 if signs else 0),
    ):
        for _ in range(count):
            code, template = weighted(rng, OUTGOING_SUBJECTS)
            doc_type = world.types[code]
            pending.append(
                Document(
                    organization=root,
                    direction=Direction.OUTGOING,
                    status=status,
                    system="party",
                    document_type=doc_type,
                    subject=subject_for(template, today, rng),
                    organ_name=root.name,
                    signer=secretary,
                    signer_name=signer_name[:50],
                    signer_position="Bí thư",
                    signing_form=form,
                    signing_collective="Ban Thường vụ",
                    recipients_text="Các tổ chức cơ sở đảng trực thuộc,",
                    archive_holder="Lưu Văn phòng.",
                    place_name="Nghệ An",
                    issued_date=today if status == Status.SIGNED else None,
                    has_file=True,
                    digitally_signed=status == Status.SIGNED,
                    created_by=drafter,
                    search_text=fold(template),
                )
            )
    return pending


def pending_reviews(world: World, docs: list[Document], drafter) -> None:  # type: ignore[no-untyped-def]
    chain = list(
        ReviewChainStep.objects.filter(organization__isnull=True, document_type__isnull=True)
        .select_related("role")
        .order_by("position")
    )
    steps = [
        ReviewStep(
            document=d, round=1, position=s.position, role=s.role, kind=s.kind, label=s.label
        )
        for d in docs
        if d.status == Status.IN_REVIEW
        for s in chain
    ]
    ReviewStep.objects.bulk_create(steps)
    head_role = Role.objects.filter(code="department_head").first()
    head = world.users.get("truongban")
    if head is not None and head_role is not None:
        for d in docs:
            if d.status == Status.IN_REVIEW:
                records.notify([head], d, NotificationKind.REVIEW)
    readers = [
        DocumentReader(document=d, user=drafter, reason=ReaderReason.CREATOR)
        for d in docs
        if drafter is not None
    ]
    DocumentReader.objects.bulk_create(readers)
