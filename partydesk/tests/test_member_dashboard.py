"""A party member's dashboard shows their own record, the documents addressed to them or
their cell that they may read, and what they must do; never another member's record, never a
document beyond their clearance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user, verified_client
from partydesk.assignments.models import Assignment
from partydesk.core.http import SYSTEM
from partydesk.documents.models import Document
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.services.incoming.assign import Assignee, incoming_assign
from partydesk.documents.tests.factories import doc_type, make_staff
from partydesk.organizations.models import Organization
from partydesk.organizations.services import membership_update
from partydesk.organizations.tests.factories import make_member

pytestmark = pytest.mark.django_db


@dataclass
class Cell:
    member: User
    clerk: User
    secretary: User
    other: User  # a member of another committee's cell
    organization: Organization


@pytest.fixture
def cell(tree) -> Cell:  # type: ignore[no-untyped-def]
    """dangvien: a plain member of cell A1 (admitted 02/03/2015, card 22460920), its clerk
    and secretary, and a member of committee B with a record of their own."""
    person = make_member(tree.cell_a1, "Lý Công Mạnh", decision=dt.date(2015, 3, 2))
    membership_update(
        acting=SYSTEM,
        membership=person.membership,
        card_number="22460920",
        dues_category="salaried",
    )
    member = make_user("dangvien", organization=tree.cell_a1, role="member", person=person)
    someone = make_member(tree.committee_b, "Hoàng Thị Khác", decision=dt.date(2009, 11, 9))
    membership_update(
        acting=SYSTEM, membership=someone.membership, card_number="99990001", dues_category="other"
    )
    other = make_user("khac", organization=tree.committee_b, role="member", person=someone)
    return Cell(
        member=member,
        clerk=make_staff("cb_clerk", tree.cell_a1, "clerk", clearance=2),
        secretary=make_staff("cb_secretary", tree.cell_a1, "secretary", clearance=2),
        other=other,
        organization=tree.cell_a1,
    )


def _register(cell: Cell, subject: str, *, secrecy: int = 0, readers=()) -> Document:  # type: ignore[no-untyped-def]
    return incoming_register(
        actor=cell.clerk,
        organization=cell.organization,
        fields=IncomingFields(
            document_type=doc_type("nghi-quyet"),
            sender="Ban Thường vụ Đảng ủy Sở Tài chính",
            symbol="",
            subject=subject,
            secrecy=secrecy,
            readers=list(readers),
        ),
    )


def _dashboard(user: User) -> str:
    if user.has_two_factor:
        client = verified_client(user)
    else:
        client = Client()
        client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_member_sees_their_cell_admission_date_card_and_dues(cell, tree):  # type: ignore[no-untyped-def]
    html = _dashboard(cell.member)

    assert "My membership" in html
    assert tree.cell_a1.name in html and tree.committee_a.name in html  # the cell, with its parent
    assert "03/02/2015" in html or "02/03/2015" in html  # admission decision date
    assert "22460920" in html
    assert "Salaried (1% of insured salary)" in html
    assert "Payments are not recorded in partydesk yet" in html
    assert "nothing is pending on your membership" in html


def test_another_members_record_is_never_shown(cell):  # type: ignore[no-untyped-def]
    mine = _dashboard(cell.member)
    theirs = _dashboard(cell.other)

    assert "Hoàng Thị Khác" not in mine and "99990001" not in mine
    assert "22460920" not in theirs and "Lý Công Mạnh" not in theirs
    assert "99990001" in theirs


def test_a_document_addressed_to_the_cell_shows_and_a_confidential_one_does_not(cell):  # type: ignore[no-untyped-def]
    _register(cell, "Nghị quyết về công tác phát triển đảng viên", readers=[cell.member])
    # named on a Mật document while cleared; the clearance was withdrawn since
    cell.member.clearance = 1
    cell.member.save(update_fields=["clearance"])
    _register(cell, "Nghị quyết mật về công tác nhân sự", secrecy=1, readers=[cell.member])
    cell.member.clearance = 0
    cell.member.save(update_fields=["clearance"])
    _register(cell, "Báo cáo tối mật của chi bộ", secrecy=2, readers=[cell.secretary])

    html = _dashboard(cell.member)

    assert "Documents addressed to me or my cell" in html
    assert "Nghị quyết về công tác phát triển đảng viên" in html
    assert "Nghị quyết mật về công tác nhân sự" not in html  # beyond the member's clearance
    assert "Báo cáo tối mật của chi bộ" not in html  # classified, and not named to them


def test_with_nothing_addressed_or_assigned_each_panel_says_so(cell):  # type: ignore[no-untyped-def]
    html = _dashboard(cell.member)

    assert "Nothing is addressed to you yet" in html
    assert "Nothing to do right now" in html
    assert "No meeting of your cell is recorded yet" in html  # meetings come with issue 14


def test_what_the_member_must_do_lists_their_tasks_overdue_first(cell):  # type: ignore[no-untyped-def]
    for subject in ("Kế hoạch học tập nghị quyết", "Hướng dẫn giới thiệu quần chúng ưu tú"):
        incoming_assign(
            actor=cell.secretary,
            document=_register(cell, subject, readers=[cell.member]),
            lead=Assignee(user=cell.member),
            instruction="Đồng chí thực hiện, báo cáo chi bộ.",
            working_days=5,
        )
    # the second was given weeks ago: its deadline has passed
    week_ago = dt.date.today() - dt.timedelta(days=7)
    late = Assignment.objects.filter(on_document=True, title__startswith="Hướng dẫn")
    assert late.update(start_date=week_ago, deadline=week_ago) == 1
    client = Client()
    client.force_login(cell.member)

    response = client.get(reverse("core:dashboard"))

    html = response.content.decode()
    tasks = html.split("What I must do", 1)[1].split("</section>", 1)[0]
    assert tasks.index("Hướng dẫn giới thiệu") < tasks.index("Kế hoạch học tập nghị quyết")
    assert "overdue since" in tasks
    panel = next(p for p in response.context["panels"] if p.title == "What I must do")
    assert (panel.count, panel.urgent) == (2, True)
    figures = {str(f.label): f.value for f in response.context["figures"]}
    assert figures["Urgent or overdue"] == 1  # one of the two is late, not both


def test_the_member_dashboard_reads_in_vietnamese(cell):  # type: ignore[no-untyped-def]
    with translation.override("vi"):
        client = Client()
        client.force_login(cell.member)
        html = client.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hồ sơ đảng viên của tôi" in html
    assert "Chưa có văn bản nào gửi đồng chí" in html


def test_office_staff_keep_their_work_panels_without_a_membership_card(cell):  # type: ignore[no-untyped-def]
    html = _dashboard(cell.clerk)

    assert "My membership" not in html and "What I must do" not in html


def test_the_member_dashboard_costs_a_fixed_number_of_queries(cell, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cell.member)
    for n in range(9):  # more than the panel shows: the total is counted
        _register(cell, f"Văn bản {n}", readers=[cell.member])
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("core:dashboard"))
    for n in range(10):
        _register(cell, f"Văn bản thêm {n}", readers=[cell.member])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:dashboard"))
