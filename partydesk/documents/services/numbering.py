"""Gapless, unique register numbers (docs/decisions/0004-documents-numbering.md).

A number is taken by locking the sequence row (SELECT ... FOR UPDATE on PostgreSQL; SQLite
serializes writers because transactions begin IMMEDIATE) and incrementing it inside the
transaction that registers or issues the document. If that transaction rolls back, so does
the increment: no gap. The (sequence, number) pair is unique on Document: no duplicate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.errors import InvalidInput
from partydesk.documents.congresses import CongressRef
from partydesk.documents.models import (
    DocumentSystem,
    DocumentType,
    NumberSequence,
    PeriodKind,
    SequenceKind,
)
from partydesk.documents.symbols import party_notation, state_notation
from partydesk.organizations.models import (
    CommitteeTerm,
    Organization,
    RestructuringKind,
)
from partydesk.organizations.selectors import restructuring_list, term_on

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class SequenceKey:
    """Which sequence a number comes from."""

    issuer: Organization
    kind: str
    type_key: str
    period_kind: str
    period_key: str
    secrecy_partition: int = 0
    period_label: str = ""
    period_starts: dt.date | None = None


@dataclass(frozen=True)
class Allocation:
    sequence: NumberSequence
    number: int
    term: CommitteeTerm | None = None


def term_covering(organization: Organization, day: dt.date) -> CommitteeTerm | None:
    """The committee term in force for `organization` on `day` (36-HD: numbering runs per
    term, from the day after one congress closes to the close of the next)."""
    return term_on(organization, day)


def outgoing_key(
    *,
    issuer: Organization,
    system: str,
    document_type: DocumentType,
    secrecy: int,
    on: dt.date,
    congress: CongressRef | None = None,
) -> SequenceKey:
    """The sequence an outgoing document's number comes from (domain rules §1.3, §12.1)."""
    if system == DocumentSystem.STATE:
        # ND30 Điều 15: per calendar year; secret documents have their own sequence.
        return SequenceKey(
            issuer=issuer,
            kind=SequenceKind.STATE,
            type_key=document_type.code,
            period_kind=PeriodKind.YEAR,
            period_key=str(on.year),
            secrecy_partition=1 if secrecy > 0 else 0,
            period_label=str(on.year),
            period_starts=dt.date(on.year, 1, 1),
        )
    if congress is not None:
        # Congress documents: one sequence for every type, from opening to closing day.
        return SequenceKey(
            issuer=issuer,
            kind=SequenceKind.PARTY,
            type_key="",
            period_kind=PeriodKind.CONGRESS,
            period_key=str(congress.pk),
            period_label=congress.name,
            period_starts=congress.opens_on,
        )
    term = term_covering(issuer, on)
    if term is None:
        raise InvalidInput(
            _(
                "No committee term of %(org)s covers %(day)s, and Party documents are numbered "
                "per term. Ask an administrator to record the term first."
            )
            % {"org": issuer.name, "day": on.strftime("%d/%m/%Y")}
        )
    # Party: per type within one term; secret documents share their type's sequence.
    return SequenceKey(
        issuer=issuer,
        kind=SequenceKind.PARTY,
        type_key=document_type.code,
        period_kind=PeriodKind.TERM,
        period_key=str(term.pk),
        period_label=term.name,
        period_starts=term.starts_on,
    )


def incoming_key(*, organization: Organization, arrival: dt.date) -> SequenceKey:
    """ND30 Điều 22: arrival numbers run from 01 each calendar year."""
    return SequenceKey(
        issuer=organization,
        kind=SequenceKind.INCOMING,
        type_key="",
        period_kind=PeriodKind.YEAR,
        period_key=str(arrival.year),
        period_label=str(arrival.year),
        period_starts=dt.date(arrival.year, 1, 1),
    )


def _predecessor(issuer: Organization, since: dt.date) -> tuple[Organization, dt.date] | None:
    """The organization whose numbering `issuer` continues, if a merge or split on or after
    `since` said so (Restructuring.details carry_numbering / numbering_from)."""
    events = (
        restructuring_list(issuer)
        .filter(
            targets=issuer,
            kind__in=[RestructuringKind.MERGE, RestructuringKind.SPLIT],
            effective_on__gte=since,
        )
        .order_by("-effective_on", "-id")
    )
    for event in events:
        details = event.details or {}
        source_id: int | None = None
        if event.kind == RestructuringKind.MERGE and details.get("carry_numbering"):
            source_id = details.get("numbering_from")
        elif event.kind == RestructuringKind.SPLIT:
            for part in details.get("parts", []):
                if part.get("target") == issuer.pk and part.get("carry_numbering"):
                    source_id = next((o.pk for o in event.sources.all()), None)
        if source_id is not None:
            source = Organization.objects.filter(pk=source_id).first()
            if source is not None:
                return source, event.effective_on
    return None


def _carried_number(key: SequenceKey) -> int:
    """Where a new sequence starts when its issuer continues a merged/split organization's
    numbering in the same period: after the last number the predecessor gave for the same
    register, type and partition in the period that was running the day before the change."""
    if key.kind == SequenceKind.INCOMING or key.period_kind == PeriodKind.CONGRESS:
        return 0
    if key.period_starts is None:
        return 0
    found = _predecessor(key.issuer, key.period_starts)
    if found is None:
        return 0
    source, effective_on = found
    day_before = effective_on - ONE_DAY
    if key.period_kind == PeriodKind.YEAR:
        if str(day_before.year) != key.period_key:
            return 0
        period_key = key.period_key
    else:
        source_term = term_covering(source, day_before)
        if source_term is None:
            return 0
        period_key = str(source_term.pk)
    row = NumberSequence.objects.filter(
        issuer=source,
        kind=key.kind,
        type_key=key.type_key,
        period_kind=key.period_kind,
        period_key=period_key,
        secrecy_partition=key.secrecy_partition,
    ).first()
    return row.last_number if row is not None else 0


def _lookup(key: SequenceKey) -> dict[str, object]:
    return {
        "issuer": key.issuer,
        "kind": key.kind,
        "type_key": key.type_key,
        "period_kind": key.period_kind,
        "period_key": key.period_key,
        "secrecy_partition": key.secrecy_partition,
    }


def number_peek(key: SequenceKey) -> int:
    """The number the next allocation of `key` would give, read without a lock. Issuing
    prints it into the sealed PDF before its short transaction, where `number_allocate`
    confirms it (or another issue took it meanwhile and the issue tries the next one)."""
    last = NumberSequence.objects.filter(**_lookup(key)).values_list("last_number", flat=True)
    found = last.first()
    return (found if found is not None else _carried_number(key)) + 1


def _lock_sequence(key: SequenceKey) -> NumberSequence:
    lookup = _lookup(key)
    row = NumberSequence.objects.select_for_update().filter(**lookup).first()
    if row is not None:
        return row
    carried = _carried_number(key)
    try:
        with transaction.atomic():
            return NumberSequence.objects.create(
                **lookup, period_label=key.period_label, last_number=carried, carried_from=carried
            )
    except IntegrityError:
        # Another transaction created it first (PostgreSQL); wait for its lock like the rest.
        return NumberSequence.objects.select_for_update().get(**lookup)


def number_allocate(key: SequenceKey) -> Allocation:
    """Take the next number of `key`'s sequence. Call inside the transaction that records
    the document, so a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_allocate must run inside the issuing transaction")
    sequence = _lock_sequence(key)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number", "updated_at"])
    return Allocation(sequence=sequence, number=sequence.last_number)


def number_allocate_block(key: SequenceKey, count: int) -> Allocation:
    """Take the next `count` numbers of `key`'s sequence at once (bulk writers: the demo,
    imports); `number` is the first, the rest follow it without a gap."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_allocate_block must run inside the recording transaction")
    sequence = _lock_sequence(key)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number", "updated_at"])
    return Allocation(sequence=sequence, number=first)


def number_allocate_each(keys: Sequence[SequenceKey]) -> dict[int, Allocation]:
    """Take the next number of many issuers' sequences at once, one each (a release
    registered at thousands of recipients: each one's arrival register), by issuer id.
    The keys differ only by issuer. Locks the rows in id order, creates the missing ones,
    and moves them all on in one UPDATE; inside the recording transaction, as
    `number_allocate`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_allocate_each must run inside the recording transaction")
    if not keys:
        return {}
    first = keys[0]
    shared = {k: v for k, v in _lookup(first).items() if k != "issuer"}
    by_issuer = {key.issuer.pk: key for key in keys}

    def locked() -> dict[int, NumberSequence]:
        rows = NumberSequence.objects.select_for_update().filter(
            issuer_id__in=list(by_issuer), **shared
        )
        return {row.issuer_id: row for row in rows.order_by("pk")}

    rows = locked()
    missing = [key for pk, key in by_issuer.items() if pk not in rows]
    if missing:
        NumberSequence.objects.bulk_create(
            [
                NumberSequence(
                    **_lookup(key),
                    period_label=key.period_label,
                    last_number=_carried_number(key),
                    carried_from=_carried_number(key),
                )
                for key in missing
            ],
            ignore_conflicts=True,  # another transaction created some first: locked below
            batch_size=1000,
        )
        rows = locked()
    NumberSequence.objects.filter(pk__in=[row.pk for row in rows.values()]).update(
        last_number=F("last_number") + 1, updated_at=timezone.now()
    )
    allocations: dict[int, Allocation] = {}
    for pk, row in rows.items():
        row.last_number += 1
        allocations[pk] = Allocation(sequence=row, number=row.last_number)
    return allocations


def outgoing_notation(
    *,
    system: str,
    document_type: DocumentType,
    issuer: Organization,
    drafting_unit: str = "",
) -> str:
    if system == DocumentSystem.STATE:
        return state_notation(
            document_type.abbreviation,
            issuer.abbreviation,
            is_letter=document_type.is_letter,
            drafting_unit=drafting_unit,
        )
    return party_notation(document_type.abbreviation, issuer.abbreviation)
