"""Every route that names an object answers 404 to a user of another organization.

The walk covers the whole URL list, UI and API. A route that takes an object id and is not in
FOREIGN (how to make that object in committee B) fails the test, so a new view cannot skip
the check. The visitor, "chief", holds every role on committee A with a verified second
factor, so a refusal can only come from scoping, not from a missing capability.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partydesk.accounts.models import Role, RoleGrant, User
from partydesk.accounts.selectors import actor_for
from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import grant_role, make_user, verified_client
from partydesk.assignments.tests.factories import give
from partydesk.contests.models import Attempt as ContestAttempt
from partydesk.contests.models import Registration, Unit
from partydesk.contests.services.setup import contest_create, round_create
from partydesk.core.http import SYSTEM
from partydesk.core.services.files import file_store
from partydesk.core.services.notifications import notify
from partydesk.documents.models import ReviewChainStep
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.tests.factories import doc_type, make_office
from partydesk.exchange.models import DeliveredPackage, Peer
from partydesk.learning.services.bank import category_create, question_create
from partydesk.learning.services.courses import material_add, topic_add
from partydesk.learning.services.exams import attempt_start
from partydesk.learning.tests.exam_setup import a_class_with, an_exam, learner
from partydesk.learning.tests.exam_setup import bank as exam_bank
from partydesk.learning.tests.test_bank import single
from partydesk.meetings.services.attendance import site_token
from partydesk.meetings.tests.conftest import schedule
from partydesk.meetings.tests.test_congresses import record as record_congress
from partydesk.organizations.services import position_assign, term_create
from partydesk.organizations.tests.factories import make_person
from partydesk.signatures.services import ca_initialize, certificate_issue_personal
from partydesk.signatures.services.tokens import token_session_prepare
from partydesk.signatures.tests.conftest import make_pdf
from partydesk.tests.scoping_routes import FOREIGN, NOT_OBJECTS, Foreign

pytestmark = pytest.mark.django_db

CHIEF_ROLES = ["admin", "secretary", "clerk", "office_chief", "member_officer", "department_head"]


def _evaluation_in(office: Any) -> int:
    """A proposed evaluation of committee B's specialist (made as its secretary would)."""
    from partydesk.assignments.models import Evaluation

    return Evaluation.objects.create(
        organization=office.organization,
        person=office.specialist,
        year=dt.date.today().year,
        proposed_score=80,
        proposed_class="good",
    ).pk


def _learning_of(organization: Any) -> dict[str, int]:
    """A course with a material, a class with a learner, an exam and the learner's attempt."""
    taker = learner(organization, "hocvien_b")
    course_class = a_class_with(organization, [taker.person])
    topic = topic_add(actor=SYSTEM, course=course_class.course, title="Chủ đề 1")
    material = material_add(actor=SYSTEM, topic=topic, title="Tài liệu", url="https://x.vn/a")
    exam = an_exam(organization, exam_bank(organization), course_class=course_class)
    attempt = attempt_start(actor=actor_for(taker), exam=exam)
    return {
        "course_id": course_class.course_id,
        "class_id": course_class.pk,
        "material_id": material.pk,
        "exam_id": exam.pk,
        "attempt_id": attempt.pk,
    }


def _feedback_on_a_page_of(organization: Any) -> int:
    """A reader's message on an article of `organization`'s own portal corner."""
    from partydesk.portal.models import HomePage, NewsPage, SectionPage
    from partydesk.portal.services.feedback import FeedbackFields, feedback_submit

    corner = HomePage.objects.get().add_child(
        instance=SectionPage(title="Góc B", slug="goc-b", organization=organization)
    )
    article = corner.add_child(instance=NewsPage(title="Tin B", slug="tin-b", lead="B."))
    fields = FeedbackFields(name="Bạn đọc", message="Ý kiến về bài của B")
    return feedback_submit(page=article, fields=fields).pk


def _delivered_to(organization: Any) -> int:
    """A package a peer delivered to `organization` (the rows only: no signature is checked)."""
    peer = Peer.objects.create(name="Peer", base_url="https://peer.example/", ca_fingerprint="0")
    return DeliveredPackage.objects.create(
        organization=organization,
        sender_organ_id="000.00.09.H40",
        edxml_document_id="000.00.09.H40,2026/01/01,1/CV",
        peer=peer,
        package=file_store(data=b"<x/>", content_type="application/xml"),
        signature=b"",
    ).pk


@pytest.fixture
def foreign(tree, eve, settings, tmp_path) -> Foreign:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PARTYDESK_CA_PASSPHRASE = "test-ca-passphrase-0123456789"
    settings.PARTYDESK_TSA_URL = ""
    settings.PARTYDESK_PADES_LEVEL = "B-B"
    b = tree.committee_b
    person = make_person(b, "Lê Văn Khách")
    term = term_create(
        acting=SYSTEM, organization=b, name="2025–2030", starts_on=tree.root.valid_from
    )
    position = position_assign(
        acting=SYSTEM,
        person=person,
        organization=b,
        title="secretary",
        starts_on=tree.root.valid_from,
        term=term,
    )
    office_b = make_office(b, "b")
    document = incoming_register(
        actor=office_b.clerk,
        organization=b,
        fields=IncomingFields(
            document_type=doc_type("cong-van"),
            sender="Ban Tổ chức Tỉnh ủy",
            symbol="Số 357-CV/BTCTU",
            subject="Về việc rà soát quy hoạch cán bộ",
            issued_date=tree.root.valid_from,
        ),
        file=None,
        confirm_duplicate=False,
        known_types=["CV"],
    )
    ca_initialize(actor=None, name="Test Installation")
    certificate = certificate_issue_personal(actor=None, user=office_b.secretary)
    challenge = token_session_prepare(actor=office_b.secretary, pdf=make_pdf())
    token, _secret = api_token_create(user=eve, name="eve's script")
    chain_step = ReviewChainStep.objects.create(
        organization=b, position=1, role=Role.objects.get(code="secretary")
    )
    bank = category_create(actor=SYSTEM, organization=b, name="Ngân hàng của B")
    question = question_create(actor=SYSTEM, category=bank, item=single("Câu hỏi của B?"))
    contest = contest_create(actor=SYSTEM, organization=b, title="Cuộc thi của B")
    meeting = schedule(b, code="conference", sites=["Điểm cầu Đảng ủy B"])
    contest_round = round_create(
        actor=SYSTEM,
        contest=contest,
        opens_at=dt.datetime(2026, 11, 9, tzinfo=dt.UTC),
        closes_at=dt.datetime(2026, 11, 16, tzinfo=dt.UTC),
        category_ids=[bank.pk],
    )
    registration = Registration.objects.create(
        contest=contest,
        unit=Unit.objects.filter(contest=contest)[0],
        full_name="Người của B",
        id_number="001190099999",
        phone="0912345678",
        born_on=dt.date(1990, 1, 1),
    )
    return Foreign(
        tree=tree,
        eve=eve,
        person=person,
        term=term,
        position=position,
        document_id=document.pk,
        certificate=certificate,
        eve_token_id=token.pk,
        eve_grant_id=RoleGrant.objects.filter(user=eve).first().pk,  # type: ignore[union-attr]
        session_id=str(challenge.session_id),
        chain_step_id=chain_step.pk,
        notification_id=notify(recipients=[eve], kind="test.ping", title="For eve")[0].pk,
        question_id=question.pk,
        delivered_id=_delivered_to(b),
        bank_category_id=bank.pk,
        assignment_id=give(office_b.secretary, lead_user=office_b.specialist).pk,
        evaluation_id=_evaluation_in(office_b),
        contest_id=contest.pk,
        round_id=contest_round.pk,
        registration_id=registration.pk,
        contest_attempt_id=ContestAttempt.objects.create(
            round=contest_round,
            registration=registration,
            number=1,
            started_at=contest_round.opens_at,
            deadline=contest_round.closes_at,
        ).pk,
        meeting_id=meeting.pk,
        congress_id=record_congress(b).pk,
        site_token=site_token(meeting.sites.order_by("pk").last()),  # type: ignore[arg-type]
        feedback_id=_feedback_on_a_page_of(b),
        **_learning_of(b),
    )


def _routes(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else (entry.namespace or "")
            yield from _routes(entry, inner if entry.namespace else namespace)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _object_routes() -> list[str]:
    names = []
    for name, pattern in _routes(get_resolver()):
        # The Django admin is the installation's; the CMS admin (wagtail*) scopes by Wagtail's
        # page permissions on each organization's subtree, tested in partydesk/portal (ADR 0022).
        if name.startswith(("admin:", "wagtail")) or not pattern.pattern.converters:
            continue
        if name not in NOT_OBJECTS:
            names.append(name)
    return sorted(set(names))


def test_every_route_that_takes_an_object_is_covered_by_the_walk():
    missing = [name for name in _object_routes() if name not in FOREIGN]
    assert missing == [], (
        f"add these routes to FOREIGN in partydesk/tests/scoping_routes.py: {missing}"
    )


@pytest.fixture
def chief(tree) -> User:
    user = make_user("chief", organization=tree.committee_a, role="admin", two_factor=True)
    for role in CHIEF_ROLES[1:]:
        grant_role(user, role, tree.committee_a)
    user.clearance = 3
    user.save(update_fields=["clearance"])
    return user


def test_a_user_of_committee_a_gets_404_for_every_object_of_committee_b(chief, foreign):
    client = verified_client(chief)
    _token, secret = api_token_create(user=chief, name="chief's script")
    leaks = []
    for name in _object_routes():
        url = reverse(name, kwargs=FOREIGN[name](foreign))
        headers = {"Authorization": f"Bearer {secret}"} if name.startswith("api:") else {}
        response = client.get(url, headers=headers)
        if response.status_code == 405 and name.startswith("api:"):
            # well-formed for each API's body (unknown keys are ignored), never acted on
            body = {
                "signature": "AAAA",
                "certificate": "AAAA",
                **{"verdict": "accept", "quality": "met", "percent": 10, "text": "x"},
                **{"form_kind": "2B", "klass": "good", "score": "80", "reason": "x"},
                **{"new_version_id": 1, "confirm_duplicate": False},
                "choice": "for",
            }
            response = client.post(url, data=body, content_type="application/json", headers=headers)
        elif response.status_code == 405:
            response = client.post(url, {})
        if response.status_code != 404:
            leaks.append(f"{name} {url} -> {response.status_code}")
    assert leaks == []


def test_the_same_routes_answer_for_committee_a_objects(chief, tree):
    """Control: the walk is not vacuous; chief reaches his own organization's pages."""
    client = verified_client(chief)
    own = client.get(reverse("organizations:detail", kwargs={"org_id": tree.committee_a.pk}))
    foreign_page = client.get(
        reverse("organizations:detail", kwargs={"org_id": tree.committee_b.pk})
    )
    assert (own.status_code, foreign_page.status_code) == (200, 404)
