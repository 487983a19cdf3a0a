"""Party membership: the lifecycle, its dates, and the probation review deadline."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partydesk.core.calendar import add_working_days, add_working_days_many
from partydesk.core.errors import InvalidInput, InvalidTransition
from partydesk.core.http import SYSTEM
from partydesk.core.models import Holiday
from partydesk.organizations import selectors, services
from partydesk.organizations.models import (
    MembershipEvent,
    MembershipRule,
    MembershipStatus,
    PartyMembership,
)
from partydesk.organizations.selectors.rules import membership_rules_on
from partydesk.organizations.tests.factories import make_member, make_person
from partydesk.organizations.transitions import (
    TRANSITIONS,
    MembershipRules,
    add_months,
    check_membership_dates,
    check_transition,
    probation_end,
    review_deadline,
)

pytestmark = pytest.mark.django_db
S = MembershipStatus
K = MembershipEvent.Kind


def _kinds(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        MembershipEvent.objects.filter(membership__person=person).values_list("kind", flat=True)
    )


def test_the_whole_lifecycle_records_each_step(tree):
    # given a person in cell A1
    person = make_person(tree.cell_a1, "Nguyễn Thị Hoa", birth_date=dt.date(1995, 6, 1))
    # when the committee admits her, the cell holds the ceremony, and a year later she is official
    m = services.membership_admit(
        acting=SYSTEM, person=person, admission_decision_date=dt.date(2024, 3, 1)
    )
    assert m.status == S.CANDIDATE
    m = services.membership_record_ceremony(
        acting=SYSTEM, membership=m, ceremony_date=dt.date(2024, 3, 15)
    )
    # official recognition before the 12 months of probation end is refused
    with pytest.raises(InvalidInput) as error:
        services.membership_recognize(
            acting=SYSTEM, membership=m, official_recognition_date=dt.date(2025, 3, 14)
        )
    assert error.value.field == "official_recognition_date"
    m = services.membership_recognize(
        acting=SYSTEM,
        membership=m,
        official_recognition_date=dt.date(2025, 4, 2),
        card_number="0123",
    )
    # then the record is official and each step is in her history, in order
    assert (m.status, m.card_number) == (S.OFFICIAL, "0123")
    assert _kinds(person) == [K.ADMITTED, K.CEREMONY, K.RECOGNIZED]


def test_dates_out_of_order_are_refused_with_the_field_to_fix(tree):
    person = make_person(tree.cell_a1)
    with pytest.raises(InvalidInput) as error:
        services.membership_record(
            acting=SYSTEM,
            person=person,
            status=S.CANDIDATE,
            admission_decision_date=dt.date(2024, 3, 1),
            ceremony_date=dt.date(2024, 2, 1),
        )
    assert error.value.field == "ceremony_date"
    with pytest.raises(InvalidInput) as error:
        services.membership_record(
            acting=SYSTEM,
            person=person,
            status=S.OFFICIAL,
            admission_decision_date=dt.date(2024, 3, 1),
            ceremony_date=dt.date(2024, 3, 5),
        )
    assert error.value.field == "official_recognition_date"
    with pytest.raises(InvalidInput):
        services.membership_admit(
            acting=SYSTEM, person=person, admission_decision_date=dt.date.today() + dt.timedelta(1)
        )
    assert not PartyMembership.objects.filter(person=person).exists()


def test_a_late_ceremony_is_recorded_but_flagged(tree):
    # given an admission decision on 2 January 2025
    person = make_person(tree.cell_a1)
    m = services.membership_admit(
        acting=SYSTEM, person=person, admission_decision_date=dt.date(2025, 1, 2)
    )
    # when the ceremony is held after the 30 working days allowed (not blocked: it happened)
    m = services.membership_record_ceremony(
        acting=SYSTEM, membership=m, ceremony_date=dt.date(2025, 3, 20)
    )
    # then it is recorded, and the record carries a warning naming the deadline
    deadline = add_working_days(dt.date(2025, 1, 2), 30)
    flags = selectors.membership_flags(m, today=dt.date(2025, 3, 21))
    assert any(level == "warn" and "30 working days" in text for level, text in flags)
    assert deadline < dt.date(2025, 3, 20)


def test_probation_review_deadline_counts_working_days_across_tet_2027():
    # given today's rules and a ceremony on 20 January 2026, probation ends on 20 January 2027
    rules = membership_rules_on(dt.date(2026, 1, 5))
    assert rules == MembershipRules(
        ceremony_working_days=30, probation_months=12, review_working_days=30, min_admission_age=18
    )
    ceremony = dt.date(2026, 1, 20)
    assert probation_end(ceremony, rules) == dt.date(2027, 1, 20)
    # then the 30 working days skip weekends and Tết (4–10 February 2027): 10 March, not 3 March
    assert review_deadline(ceremony, rules, add_working_days) == dt.date(2027, 3, 10)
    assert add_working_days_many([dt.date(2027, 1, 20)], 30) == {
        dt.date(2027, 1, 20): dt.date(2027, 3, 10)
    }


def test_the_date_checks_read_the_rules_they_are_given_and_never_the_database():
    # given a rule of 6 months' probation and a minimum age of 21, and a calendar of plain days
    rules = MembershipRules(
        ceremony_working_days=5, probation_months=6, review_working_days=5, min_admission_age=21
    )

    def plain_days(start: dt.date, n: int) -> dt.date:
        return start + dt.timedelta(days=n)

    # when a 20-year-old's dates are checked (ceremony 10 days after the decision)
    with CaptureQueriesContext(connection) as queries:
        check = check_membership_dates(
            status=S.OFFICIAL,
            admission_decision_date=dt.date(2025, 1, 1),
            ceremony_date=dt.date(2025, 1, 11),
            official_recognition_date=dt.date(2025, 7, 11),
            birth_date=dt.date(2004, 6, 1),
            today=dt.date(2026, 1, 1),
            rules=rules,
            working_days=plain_days,
        )
    # then official status after 6 months passes, the age and the late ceremony are flagged
    assert check.ok
    assert len(check.warnings) == 2
    assert "5 working days" in check.warnings[0] and "under 21" in check.warnings[1]
    assert len(queries) == 0


@pytest.mark.parametrize("stored_default", [True, False], ids=["stored", "model-defaults"])
def test_a_new_rule_applies_to_memberships_admitted_from_its_date(tree, stored_default):
    # given a regulation from 1 July 2025 that lengthens probation to 18 months and allows 60
    # working days for the ceremony (before it, today's rule: stored, or the defaults)
    if not stored_default:
        MembershipRule.objects.all().delete()
    MembershipRule.objects.create(
        valid_from=dt.date(2025, 7, 1),
        ceremony_working_days=60,
        probation_months=18,
        review_working_days=30,
        min_admission_age=18,
        source="Quy định thử nghiệm",
    )
    old_person = make_member(
        tree.cell_a1, "Trần Văn Cũ", status=S.CANDIDATE, decision=dt.date(2025, 1, 6), ceremony=None
    )
    new = services.membership_admit(
        acting=SYSTEM,
        person=make_person(tree.cell_a1, "Phạm Thị Mới"),
        admission_decision_date=dt.date(2025, 7, 7),
    )
    # when the new member's ceremony comes 50 working days after the decision: not late for her
    new = services.membership_record_ceremony(
        acting=SYSTEM, membership=new, ceremony_date=add_working_days(dt.date(2025, 7, 7), 50)
    )
    assert not [t for _level, t in selectors.membership_flags(new) if "working days" in t]
    # then 12 months later she is not yet due for review, and cannot be recognized
    assert new.ceremony_date is not None
    year_on = add_months(new.ceremony_date, 12)
    assert new not in selectors.probation_reviews_due(tree.committee_a, today=year_on)
    with pytest.raises(InvalidInput) as error:
        services.membership_recognize(
            acting=SYSTEM, membership=new, official_recognition_date=year_on
        )
    assert "18 months" in str(error.value.message)
    # while the member admitted before the change keeps the 12 months of her admission
    old = services.membership_record_ceremony(
        acting=SYSTEM, membership=old_person.membership, ceremony_date=dt.date(2025, 1, 20)
    )
    assert old in selectors.probation_reviews_due(tree.committee_a, today=dt.date(2026, 1, 21))
    services.membership_recognize(
        acting=SYSTEM, membership=old, official_recognition_date=dt.date(2026, 1, 21)
    )


def test_bulk_deadlines_agree_with_the_calendar_including_overrides():
    # given a declared make-up working day and an extra day off
    Holiday.objects.create(date=dt.date(2027, 2, 20), name="Làm bù", is_day_off=False)
    Holiday.objects.create(date=dt.date(2027, 3, 1), name="Nghỉ bù", is_day_off=True)
    starts = [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(0, 90, 3)]
    bulk = add_working_days_many(starts, 30)
    assert all(bulk[s] == add_working_days(s, 30) for s in starts)


def test_add_months_keeps_month_ends():
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 3, 15), -12) == dt.date(2024, 3, 15)


def test_probation_reviews_due_lists_candidates_of_the_scope_only(tree):
    # given candidates whose ceremony was on 20 January 2026, in A and in B, and an official
    due = make_member(
        tree.cell_a1,
        "Lê Văn Dự Bị",
        status=S.CANDIDATE,
        decision=dt.date(2026, 1, 5),
        ceremony=dt.date(2026, 1, 20),
    )
    make_member(
        tree.committee_b,
        "Ở Committee B",
        status=S.CANDIDATE,
        decision=dt.date(2026, 1, 5),
        ceremony=dt.date(2026, 1, 20),
    )
    make_member(tree.cell_a1, "Đã Chính Thức")
    scope = tree.committee_a
    # before the 12 months end nobody is due
    assert not selectors.probation_reviews_due(scope, today=dt.date(2027, 1, 19)).exists()
    # on the day they end, the candidate of A is due (not overdue), with the Tết-aware deadline
    rows = selectors.review_rows(
        selectors.probation_reviews_due(scope, today=dt.date(2027, 1, 20)),
        today=dt.date(2027, 1, 20),
    )
    assert [(r.membership.person, r.deadline, r.overdue) for r in rows] == [
        (due, dt.date(2027, 3, 10), False)
    ]
    # on the deadline it is still in time; the day after, it is overdue (SQL and rows agree)
    on_deadline = selectors.probation_reviews_due(scope, today=dt.date(2027, 3, 10)).get()
    assert on_deadline.is_overdue is False  # type: ignore[attr-defined]
    late = selectors.probation_reviews_due(scope, today=dt.date(2027, 3, 11)).get()
    assert late.is_overdue is True  # type: ignore[attr-defined]


def test_probation_review_rows_need_two_queries_whatever_their_number(tree):
    for n in range(6):
        make_member(
            tree.cell_a1,
            f"Dự Bị {n}",
            status=S.CANDIDATE,
            decision=dt.date(2025, 1, 2 + n),
            ceremony=dt.date(2025, 1, 10 + n),
        )
    due = list(selectors.probation_reviews_due(tree.committee_a))
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.review_rows(due)
    # the dated rules and the calendar: one query each
    assert len(rows) == 6 and len(queries) == 2


def test_official_transfer_inside_the_installation_moves_the_member(tree):
    member = make_member(tree.cell_a1, "Chuyển Đi")
    services.membership_transfer(
        acting=SYSTEM,
        membership=member.membership,
        kind="official",
        occurred_on=dt.date(2025, 6, 2),
        to_organization=tree.committee_b,
    )
    member.refresh_from_db()
    assert member.organization_id == tree.committee_b.pk
    assert member.membership.status == S.OFFICIAL
    event = MembershipEvent.objects.get(kind=K.TRANSFER_OUT)
    assert (event.from_organization_id, event.to_organization_id) == (
        tree.cell_a1.pk,
        tree.committee_b.pk,
    )


def test_transfer_out_of_the_installation_and_back(tree):
    member = make_member(tree.cell_a1, "Ra Ngoài")
    m = services.membership_transfer(
        acting=SYSTEM,
        membership=member.membership,
        kind="official",
        occurred_on=dt.date(2025, 6, 2),
        to_outside="Đảng bộ tỉnh Nghệ An",
    )
    assert (m.status, m.ended_on) == (S.TRANSFERRED_OUT, dt.date(2025, 6, 2))
    # a transferred-out member cannot be transferred again, but can come back
    with pytest.raises(InvalidTransition):
        services.membership_transfer(
            acting=SYSTEM,
            membership=m,
            kind="temporary",
            occurred_on=dt.date(2025, 7, 1),
            to_outside="X",
        )
    m = services.membership_transfer_in(
        acting=SYSTEM, membership=m, organization=tree.cell_a1, occurred_on=dt.date(2025, 9, 1)
    )
    assert (m.status, m.ended_on) == (S.OFFICIAL, None)
    assert _kinds(member)[-2:] == [K.TRANSFER_OUT, K.TRANSFER_IN]


def test_temporary_transfer_keeps_the_member_at_home_until_the_return(tree):
    member = make_member(tree.cell_a1, "Tạm Thời")
    m = services.membership_transfer(
        acting=SYSTEM,
        membership=member.membership,
        kind="temporary",
        occurred_on=dt.date(2025, 6, 2),
        to_organization=tree.committee_b,
    )
    member.refresh_from_db()
    assert member.organization_id == tree.cell_a1.pk
    assert (m.away_since, m.away_organization_id) == (dt.date(2025, 6, 2), tree.committee_b.pk)
    with pytest.raises(InvalidTransition):
        services.membership_transfer(
            acting=SYSTEM,
            membership=m,
            kind="official",
            occurred_on=dt.date(2025, 7, 1),
            to_outside="X",
        )
    m = services.membership_return(acting=SYSTEM, membership=m, occurred_on=dt.date(2025, 12, 1))
    assert m.away_since is None
    assert _kinds(member)[-2:] == [K.TEMPORARY_OUT, K.TEMPORARY_BACK]


def test_ending_a_membership_is_final(tree):
    member = make_member(tree.cell_a1, "Từ Trần")
    m = services.membership_end(
        acting=SYSTEM,
        membership=member.membership,
        status="deceased",
        occurred_on=dt.date(2025, 5, 5),
    )
    assert (m.status, m.ended_on) == (S.DECEASED, dt.date(2025, 5, 5))
    with pytest.raises(InvalidTransition):
        services.membership_end(
            acting=SYSTEM, membership=m, status="removed", occurred_on=dt.date(2025, 6, 5)
        )


def test_the_transition_table_is_what_check_transition_enforces():
    states: list[str | None] = [None, *S.values]
    for current in states:
        for new in S.values:
            allowed = new in TRANSITIONS[current]
            if allowed:
                check_transition(current, new)
            else:
                with pytest.raises(InvalidTransition):
                    check_transition(current, new)


def test_editing_a_name_keeps_search_in_sync_and_logs_the_fields(tree):
    member = make_member(tree.cell_a1, "Nguyen Van Sai")
    services.person_update(
        acting=SYSTEM, person=member, full_name="Nguyễn Văn Sửa", citizen_id=member.citizen_id
    )
    member.refresh_from_db()
    assert member.search_name == "nguyen van sua"
    edited = MembershipEvent.objects.get(kind=K.EDITED)
    assert "full name" in edited.note


def test_search_ignores_diacritics_case_and_unicode_form(tree):
    person = make_person(tree.cell_a1, "Nguyễn Văn Đức")
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Đức")
    assert nfd != "Nguyễn Văn Đức"
    for query in ("nguyen van", "NGUYỄN VĂN", nfd, unicodedata.normalize("NFD", "văn đức"), "duc"):
        assert list(selectors.person_list_for(tree.committee_a, query=query)) == [person], query
    # a person stored from NFD input is found by NFC input too
    other = make_person(tree.cell_a1, unicodedata.normalize("NFD", "Trần Thị Bích"))
    assert list(selectors.person_list_for(tree.committee_a, query="Trần Thị Bích")) == [other]
    assert list(selectors.person_list_for(tree.committee_b, query="nguyen")) == []


def test_citizen_id_must_be_twelve_digits_and_unique(tree):
    make_person(tree.cell_a1, citizen_id="001090012345")
    with pytest.raises(InvalidInput) as error:
        make_person(tree.cell_a1, citizen_id="001090012345")
    assert error.value.field == "citizen_id"
    with pytest.raises(InvalidInput) as error:
        make_person(tree.cell_a1, citizen_id="12345")
    assert error.value.field == "citizen_id"
