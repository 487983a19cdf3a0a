"""Numbering: Party per term and type, congress, State per year with secret partition,
incoming per year, merges that carry the numbering, and 50 concurrent issues."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from partydesk.core.errors import InvalidInput
from partydesk.documents.congresses import CongressRef
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentSystem,
    NumberSequence,
    Status,
)
from partydesk.documents.services.numbering import (
    SequenceKey,
    incoming_key,
    number_allocate,
    number_allocate_block,
    outgoing_key,
)
from partydesk.documents.symbols import parse_symbol, render_party, render_state, symbol_key
from partydesk.documents.tests.factories import doc_type, make_term
from partydesk.organizations.models import Restructuring, RestructuringKind
from partydesk.organizations.tests.factories import make_org


def take(key: SequenceKey) -> int:
    with transaction.atomic():
        return number_allocate(key).number


def party(issuer, code, on, secrecy=0, congress=None) -> int:  # type: ignore[no-untyped-def]
    key = outgoing_key(
        issuer=issuer,
        system=DocumentSystem.PARTY,
        document_type=doc_type(code),
        secrecy=secrecy,
        on=on,
        congress=congress,
    )
    return take(key)


def state(issuer, code, on, secrecy=0) -> int:  # type: ignore[no-untyped-def]
    key = outgoing_key(
        issuer=issuer,
        system=DocumentSystem.STATE,
        document_type=doc_type(code),
        secrecy=secrecy,
        on=on,
    )
    return take(key)


def test_party_numbers_run_per_type_within_a_term_and_secret_ones_share_them(tree):
    # Given the Bloc committee in its 2025–2030 term
    make_term(tree.root, starts=dt.date(2025, 10, 1))
    day = dt.date(2027, 2, 5)
    # When it issues two resolutions, a decision, then a secret resolution
    first_nq = party(tree.root, "nghi-quyet", day)
    second_nq = party(tree.root, "nghi-quyet", day)
    first_qd = party(tree.root, "quyet-dinh", day)
    secret_nq = party(tree.root, "nghi-quyet", day, secrecy=1)
    # Then each type counts from 01 and the secret resolution continues the same sequence
    assert (first_nq, second_nq, first_qd, secret_nq) == (1, 2, 1, 3)
    assert render_party(first_nq, "NQ", tree.root.abbreviation) == "Số 01-NQ/ĐUK"
    assert render_party(10, "NQ", "ĐUK") == "Số 10-NQ/ĐUK"


def test_a_new_committee_term_restarts_the_party_numbering_and_years_do_not(tree):
    make_term(tree.root, name="2020–2025", starts=dt.date(2020, 10, 1), ends=dt.date(2025, 9, 30))
    make_term(tree.root, name="2025–2030", starts=dt.date(2025, 10, 1))
    # Numbers continue across 31 December inside one term
    assert party(tree.root, "nghi-quyet", dt.date(2024, 12, 31)) == 1
    assert party(tree.root, "nghi-quyet", dt.date(2025, 1, 2)) == 2
    assert party(tree.root, "nghi-quyet", dt.date(2025, 9, 30)) == 3
    # and restart on the first day of the new term
    assert party(tree.root, "nghi-quyet", dt.date(2025, 10, 1)) == 1


def test_without_a_term_party_numbering_refuses_with_a_clear_message(tree):
    with pytest.raises(InvalidInput, match="No committee term"):
        party(tree.committee_a, "nghi-quyet", dt.date(2027, 1, 5))


def test_congress_documents_share_one_sequence_across_types(tree):
    make_term(tree.root)
    # Congresses are the meetings app's; numbering receives one as a value (ADR 0024).
    congress = CongressRef(
        pk=7,
        organization_id=tree.root.pk,
        name="Đại hội lần thứ XV",
        opens_on=dt.date(2030, 9, 10),
        closes_on=dt.date(2030, 9, 12),
    )
    day = dt.date(2030, 9, 11)
    numbers = [
        party(tree.root, "nghi-quyet", day, congress=congress),
        party(tree.root, "bao-cao", day, congress=congress),
        party(tree.root, "quyet-dinh", day, congress=congress),
    ]
    assert numbers == [1, 2, 3]
    # and the committee's own resolution sequence is untouched
    assert party(tree.root, "nghi-quyet", day) == 1


def test_state_numbers_run_per_year_and_secret_documents_have_their_own(tree):
    day = dt.date(2027, 3, 1)
    assert state(tree.root, "quyet-dinh", day) == 1
    assert state(tree.root, "quyet-dinh", day) == 2
    assert state(tree.root, "quyet-dinh", day, secrecy=1) == 1
    assert state(tree.root, "quyet-dinh", day) == 3
    assert state(tree.root, "quyet-dinh", dt.date(2028, 1, 2)) == 1
    assert render_state(15, "QĐ", "UBND") == "Số: 15/QĐ-UBND"
    assert render_state(5, "", "UBND", is_letter=True, drafting_unit="VP") == "Số: 05/UBND-VP"


def test_incoming_arrival_numbers_restart_each_calendar_year(tree):
    assert take(incoming_key(organization=tree.committee_a, arrival=dt.date(2026, 12, 31))) == 1
    assert take(incoming_key(organization=tree.committee_a, arrival=dt.date(2026, 12, 31))) == 2
    assert take(incoming_key(organization=tree.committee_a, arrival=dt.date(2027, 1, 2))) == 1
    assert take(incoming_key(organization=tree.committee_b, arrival=dt.date(2027, 1, 2))) == 1


def test_a_block_of_numbers_is_taken_at_once_and_the_next_issue_follows_it(tree):
    # given a register that has given number 1
    key = incoming_key(organization=tree.committee_a, arrival=dt.date(2026, 3, 2))
    assert take(key) == 1
    # when a bulk writer takes 40 numbers at once
    with transaction.atomic():
        block = number_allocate_block(key, 40)
    # then it holds 2..41 of the same sequence, and the next single number is 42
    assert block.number == 2
    assert block.sequence.last_number == 41
    assert take(key) == 42
    with pytest.raises(ValueError), transaction.atomic():
        number_allocate_block(key, 0)


def test_a_rolled_back_issue_gives_its_number_back(tree):
    make_term(tree.root)
    day = dt.date(2027, 2, 5)
    assert party(tree.root, "nghi-quyet", day) == 1
    key = outgoing_key(
        issuer=tree.root,
        system=DocumentSystem.PARTY,
        document_type=doc_type("nghi-quyet"),
        secrecy=0,
        on=day,
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_allocate(key).number == 2
        raise RuntimeError("the organization signature failed")
    assert party(tree.root, "nghi-quyet", day) == 2


@pytest.mark.django_db(transaction=True)
def test_numbers_can_only_be_taken_inside_a_transaction(tree):
    key = incoming_key(organization=tree.root, arrival=dt.date(2027, 1, 1))
    with pytest.raises(RuntimeError):
        number_allocate(key)


def test_a_merged_organization_continues_the_numbering_it_was_told_to(tree):
    # Given committee A reached resolution 07 of its term before merging into a new one
    make_term(tree.committee_a, starts=dt.date(2025, 10, 1))
    for _ in range(7):
        party(tree.committee_a, "nghi-quyet", dt.date(2026, 3, 1))
    merged = make_org("Đảng bộ Sở Tài chính – Kế hoạch", parent=tree.root, abbreviation="ĐU")
    make_term(merged, starts=dt.date(2026, 7, 1))
    event = Restructuring.objects.create(
        kind=RestructuringKind.MERGE,
        effective_on=dt.date(2026, 7, 1),
        details={"carry_numbering": True, "numbering_from": tree.committee_a.pk},
    )
    event.sources.add(tree.committee_a, tree.committee_b)
    event.targets.add(merged)
    # When the merged committee issues its first resolution in the same term
    # Then it continues at 08; another type continues from nothing, i.e. 01
    assert party(merged, "nghi-quyet", dt.date(2026, 7, 2)) == 8
    assert party(merged, "quyet-dinh", dt.date(2026, 7, 2)) == 1
    assert NumberSequence.objects.get(issuer=merged, type_key="nghi-quyet").carried_from == 7
    # and a later term of the merged committee starts again at 01
    make_term(merged, name="2030–2035", starts=dt.date(2030, 10, 1))
    assert party(merged, "nghi-quyet", dt.date(2030, 10, 2)) == 1


def test_a_merge_without_carry_numbering_starts_at_01(tree):
    make_term(tree.committee_a, starts=dt.date(2025, 10, 1))
    party(tree.committee_a, "nghi-quyet", dt.date(2026, 3, 1))
    merged = make_org("Đảng bộ mới", parent=tree.root, abbreviation="ĐU")
    make_term(merged, starts=dt.date(2026, 7, 1))
    event = Restructuring.objects.create(
        kind=RestructuringKind.MERGE, effective_on=dt.date(2026, 7, 1), details={}
    )
    event.sources.add(tree.committee_a)
    event.targets.add(merged)
    assert party(merged, "nghi-quyet", dt.date(2026, 7, 2)) == 1


def test_the_part_of_a_split_marked_to_carry_the_numbering_continues_it(tree):
    make_term(tree.committee_a, starts=dt.date(2025, 10, 1))
    for _ in range(4):
        party(tree.committee_a, "ke-hoach", dt.date(2026, 2, 1))
    keeps, starts_fresh = (
        make_org(name, parent=tree.root, abbreviation="ĐU")
        for name in ("Đảng bộ Sở Tài chính (mới)", "Đảng bộ Kho bạc")
    )
    for org in (keeps, starts_fresh):
        make_term(org, starts=dt.date(2026, 5, 1))
    event = Restructuring.objects.create(
        kind=RestructuringKind.SPLIT,
        effective_on=dt.date(2026, 5, 1),
        details={
            "parts": [
                {"target": keeps.pk, "carry_numbering": True},
                {"target": starts_fresh.pk, "carry_numbering": False},
            ]
        },
    )
    event.sources.add(tree.committee_a)
    event.targets.add(keeps, starts_fresh)
    assert party(keeps, "ke-hoach", dt.date(2026, 5, 4)) == 5
    assert party(starts_fresh, "ke-hoach", dt.date(2026, 5, 4)) == 1


@pytest.mark.parametrize(
    ("typed", "system", "number", "notation", "type_abbr", "issuer"),
    [
        ("Số 10-NQ/ĐUK", "party", "10", "NQ/ĐUK", "NQ", "ĐUK"),
        ("số 09 - KH / ĐU", "party", "09", "KH/ĐU", "KH", "ĐU"),
        ("2537–NQ/ĐU", "party", "2537", "NQ/ĐU", "NQ", "ĐU"),
        ("Số: 15/QĐ-UBND", "state", "15", "QĐ-UBND", "QĐ", "UBND"),
        ("05/UBND-VP", "state", "05", "UBND-VP", "", "UBND"),
        ("30/2020/NĐ-CP", "state", "30", "2020/NĐ-CP", "NĐ", "CP"),
        ("So: 7/QD-UBND", "state", "7", "QD-UBND", "QD", "UBND"),
    ],
)
def test_typed_number_and_symbols_are_parsed(typed, system, number, notation, type_abbr, issuer):
    parsed = parse_symbol(typed, known_types=["NQ", "QĐ", "KH", "NĐ", "CV"])
    assert parsed is not None
    assert (parsed.system, parsed.number, parsed.notation) == (system, number, notation)
    assert (parsed.type_abbreviation, parsed.issuer_abbreviation) == (type_abbr, issuer)


def test_text_that_is_not_a_number_and_symbol_is_not_parsed():
    assert parse_symbol("công văn của Sở") is None
    assert parse_symbol("") is None


def test_symbol_keys_ignore_so_spacing_case_diacritics_and_leading_zeros():
    assert symbol_key("Số 05-NQ/ĐUK") == symbol_key("5-nq/duk") == symbol_key(" 5 - NQ / ĐUK ")


# --- concurrency ---------------------------------------------------------------------------

WRITERS = 50
FAILING = 10


def _issue_in_thread(key: SequenceKey, doc_kwargs: dict, fail: bool, out: list, errors: list):  # type: ignore[no-untyped-def]
    """One clerk issuing one document on their own database connection."""
    try:
        with transaction.atomic():
            allocation = number_allocate(key)
            Document.objects.create(
                register_sequence=allocation.sequence,
                register_number=allocation.number,
                code_number=f"{allocation.number:02d}",
                **doc_kwargs,
            )
            if fail:
                raise RuntimeError("signature device unplugged")
        out.append(allocation.number)
    except RuntimeError:
        pass
    except Exception as exc:  # the test reports any other failure
        errors.append(repr(exc))
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_give_no_duplicate_and_no_gap(tree):
    # Given a committee term and 60 clerks issuing resolutions at the same moment,
    # ten of whose transactions fail after taking a number
    make_term(tree.root)
    key = outgoing_key(
        issuer=tree.root,
        system=DocumentSystem.PARTY,
        document_type=doc_type("nghi-quyet"),
        secrecy=0,
        on=dt.date(2027, 2, 5),
    )
    doc_kwargs = {
        "organization": tree.root,
        "direction": Direction.OUTGOING,
        "status": Status.ISSUED,
        "document_type": doc_type("nghi-quyet"),
        "subject": "Nghị quyết thử",
    }
    numbers: list[int] = []
    errors: list[str] = []
    start = threading.Barrier(WRITERS + FAILING)

    def run(fail: bool) -> None:
        start.wait()
        _issue_in_thread(key, doc_kwargs, fail, numbers, errors)

    threads = [threading.Thread(target=run, args=(i < FAILING,)) for i in range(WRITERS + FAILING)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    connections.close_all()
    # Then the 50 that committed hold exactly 01..50, and the sequence stands at 50
    assert errors == []
    assert sorted(numbers) == list(range(1, WRITERS + 1))
    stored = sorted(
        n
        for n in Document.objects.filter(register_sequence__issuer=tree.root).values_list(
            "register_number", flat=True
        )
        if n is not None
    )
    assert stored == list(range(1, WRITERS + 1))
    assert NumberSequence.objects.get(issuer=tree.root, type_key="nghi-quyet").last_number == 50
