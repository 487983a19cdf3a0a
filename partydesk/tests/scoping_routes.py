"""The scoping walk's tables (partydesk/tests/test_scoping.py): which routes take no object
of an organization, and for every route that does, how to name committee B's object. A new
route that takes an object must be added to FOREIGN, or the walk fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from partydesk.accounts.models import User
from partydesk.organizations.models import CommitteeTerm, Person, Position
from partydesk.signatures.models import Certificate

# Routes whose parameters are not objects of an organization (public CA files, a register's
# direction and year inside the acting organization): nothing to scope.
NOT_OBJECTS = {
    # The portal's published documents are public; anything not published is a 404 to
    # everyone (partydesk/portal/tests/test_published_documents.py).
    "portal_document",
    "portal_document_pdf",
    # A reader's feedback form under a live public article; any other page id is a 404.
    "portal_feedback",
    # A members' picture: the members' rule of the installation, not an organization's
    # object (partydesk/portal/tests/test_private_images.py).
    "portal_private_image",
    "signatures:crl",
    "signatures:ca_certificate",
    "signatures:ocsp",  # public OCSP responder: a CA role and the request itself
    "signatures:ocsp_get",
    "documents:register_export",
    "api:register",
    "documents:reference_new",  # a settings table's name
    "exchange:peer_edit",  # a peer installation: the installation's, no organization's
    "learning:bank_export",  # a file format of the acting organization's own bank
    "contests:register",  # a published contest's public registration, open to anyone
    "contests:leaderboard",  # a published contest's public board, open to anyone
    "contests:certificate_verify",  # public check of a prize certificate by its serial
    "learning:certificate_verify",  # public verification of a certificate by its serial
    # A person's calendar feed: its signed, revocable token is the credential, whoever asks;
    # a forged or stopped token is a 404 (partydesk/assignments/tests/test_feed.py).
    "assignments:feed",
}


@dataclass
class Foreign:
    """Objects that belong to committee B (eve's), and the tree."""

    tree: Any
    eve: User
    person: Person
    term: CommitteeTerm
    position: Position
    document_id: int
    certificate: Certificate
    eve_token_id: int
    eve_grant_id: int
    session_id: str
    chain_step_id: int
    notification_id: int
    question_id: int
    delivered_id: int
    bank_category_id: int
    assignment_id: int
    evaluation_id: int
    contest_id: int
    round_id: int
    registration_id: int
    contest_attempt_id: int
    course_id: int
    class_id: int
    material_id: int
    exam_id: int
    attempt_id: int
    meeting_id: int
    congress_id: int
    site_token: str
    feedback_id: int


def _document_kwargs(f: Foreign) -> dict[str, Any]:
    return {"pk": f.document_id}


FOREIGN: dict[str, Callable[[Foreign], dict[str, Any]]] = {
    "portal_feedback_moderate": lambda f: {"pk": f.feedback_id},
    "contests:detail": lambda f: {"pk": f.contest_id},
    "contests:edit": lambda f: {"pk": f.contest_id},
    "contests:unit_add": lambda f: {"pk": f.contest_id},
    "contests:prize_set": lambda f: {"pk": f.contest_id},
    "contests:round_new": lambda f: {"pk": f.contest_id},
    "contests:round_edit": lambda f: {"pk": f.round_id},
    "contests:results": lambda f: {"pk": f.contest_id},
    "contests:results_export": lambda f: {"pk": f.contest_id},
    "contests:certificate_download": lambda f: {"pk": f.contest_id, "serial": "2026-0"},
    "contests:certificate_revoke": lambda f: {"pk": f.contest_id, "serial": "2026-0"},
    "contests:disqualify": lambda f: {"pk": f.registration_id},
    # B's contest is not published: its taker pages are 404 to everyone; its attempt is
    # 404 to anyone but the browser holding the registration.
    "contests:take": lambda f: {"pk": f.contest_id},
    "contests:my_certificate": lambda f: {"pk": f.contest_id},
    "contests:start": lambda f: {"pk": f.round_id},
    "contests:attempt": lambda f: {"pk": f.contest_attempt_id},
    "contests:answer": lambda f: {"pk": f.contest_attempt_id, "slot": 0},
    "contests:submit": lambda f: {"pk": f.contest_attempt_id},
    "contests:result": lambda f: {"pk": f.contest_attempt_id},
    "learning:answer": lambda f: {"pk": f.attempt_id, "slot": 1},
    "learning:answer_mark": lambda f: {"pk": f.exam_id, "answer_pk": 1},
    "learning:attempt": lambda f: {"pk": f.attempt_id},
    "learning:attempt_result": lambda f: {"pk": f.attempt_id},
    "learning:attempt_submit": lambda f: {"pk": f.attempt_id},
    "learning:my_certificate": lambda f: {"pk": f.attempt_id},
    "learning:certificate_issue": lambda f: {"pk": f.exam_id, "attempt_pk": f.attempt_id},
    "learning:certificate_download": lambda f: {"pk": f.exam_id, "attempt_pk": f.attempt_id},
    "learning:certificate_sign": lambda f: {"pk": f.exam_id, "attempt_pk": f.attempt_id},
    "learning:certificate_revoke": lambda f: {"pk": f.exam_id, "attempt_pk": f.attempt_id},
    "learning:class": lambda f: {"pk": f.class_id},
    "learning:session_new": lambda f: {"pk": f.class_id},
    "learning:attendance": lambda f: {"pk": f.class_id, "session_pk": 1},
    "learning:course": lambda f: {"pk": f.course_id},
    "learning:exam": lambda f: {"pk": f.exam_id},
    "learning:exam_export": lambda f: {"pk": f.exam_id},
    "learning:exam_take": lambda f: {"pk": f.exam_id},
    "learning:force_submit": lambda f: {"pk": f.exam_id, "attempt_pk": f.attempt_id},
    "learning:invigilate": lambda f: {"pk": f.exam_id},
    "learning:marking": lambda f: {"pk": f.exam_id},
    "learning:material": lambda f: {"pk": f.material_id},
    "meetings:congress_edit": lambda f: {"pk": f.congress_id},
    "meetings:detail": lambda f: {"pk": f.meeting_id},
    "meetings:invite": lambda f: {"pk": f.meeting_id},
    "meetings:answer": lambda f: {"pk": f.meeting_id},
    "meetings:ics": lambda f: {"pk": f.meeting_id},
    "meetings:item_add": lambda f: {"pk": f.meeting_id},
    "meetings:attendance": lambda f: {"pk": f.meeting_id},
    "meetings:attendance_members": lambda f: {"pk": f.meeting_id},
    "meetings:check_in": lambda f: {"pk": f.meeting_id},
    "meetings:document_attach": lambda f: {"pk": f.meeting_id, "item": 1},
    "meetings:material_upload": lambda f: {"pk": f.meeting_id, "item": 1},
    "meetings:material": lambda f: {"pk": f.meeting_id, "attachment": 1},
    "meetings:comment": lambda f: {"pk": f.meeting_id, "attachment": 1},
    "meetings:host_check_in": lambda f: {"pk": f.meeting_id, "site": 1},
    "meetings:site_report": lambda f: {"pk": f.meeting_id, "site": 1},
    "meetings:site_qr": lambda f: {"pk": f.meeting_id, "site": 1},
    "meetings:exempt": lambda f: {"pk": f.meeting_id, "participant": 1},
    "meetings:vote_open": lambda f: {"pk": f.meeting_id, "item": 1},
    "meetings:vote_cast": lambda f: {"pk": f.meeting_id, "vote": 1},
    "meetings:vote_hands": lambda f: {"pk": f.meeting_id, "vote": 1},
    "meetings:vote_close": lambda f: {"pk": f.meeting_id, "vote": 1},
    "meetings:vote_result": lambda f: {"pk": f.meeting_id, "vote": 1},
    "meetings:qr_check_in": lambda f: {"token": f.site_token},
    "meetings:conclusion_add": lambda f: {"pk": f.meeting_id},
    "meetings:conclusion_edit": lambda f: {"pk": f.meeting_id, "conclusion": 1},
    "meetings:conclusion_assign": lambda f: {"pk": f.meeting_id, "conclusion": 1},
    "meetings:elections": lambda f: {"pk": f.meeting_id},
    "meetings:election": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_step": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:ballot_entry": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:ballot_resolve": lambda f: {"pk": f.meeting_id, "election": 1, "ballot": 1},
    "meetings:election_runoff": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_report": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_report_pdf": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_ballot": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_vote": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_vote_encrypted": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_record": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_check": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_trustees": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:election_trustee": lambda f: {"pk": f.meeting_id, "election": 1},
    "meetings:close": lambda f: {"pk": f.meeting_id},
    "meetings:minutes": lambda f: {"pk": f.meeting_id},
    "meetings:minutes_pdf": lambda f: {"pk": f.meeting_id},
    "meetings:minutes_file": lambda f: {"pk": f.meeting_id},
    "documents:publish": _document_kwargs,
    "learning:question": lambda f: {"pk": f.question_id},
    "learning:category_share": lambda f: {"pk": f.bank_category_id},
    "learning:question_edit": lambda f: {"pk": f.question_id},
    "core:notification_open": lambda f: {"pk": f.notification_id},
    "accounts:token_revoke": lambda f: {"pk": f.eve_token_id},
    "accounts:user_detail": lambda f: {"pk": f.eve.pk},
    "accounts:user_update": lambda f: {"pk": f.eve.pk},
    "accounts:grant_create": lambda f: {"pk": f.eve.pk},
    "accounts:user_unlock": lambda f: {"pk": f.eve.pk},
    "accounts:user_two_factor_reset": lambda f: {"pk": f.eve.pk},
    "accounts:grant_revoke": lambda f: {"pk": f.eve_grant_id},
    "organizations:detail": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:tree_children": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:transformation": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:transformation_export": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:create_child": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:rename": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:move": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:merge": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:split": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:dissolve": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:term_add": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:term_end": lambda f: {"org_id": f.tree.committee_b.pk, "term_id": f.term.pk},
    "organizations:position_add": lambda f: {"org_id": f.tree.committee_b.pk},
    "organizations:position_end": lambda f: {
        "org_id": f.tree.committee_b.pk,
        "position_id": f.position.pk,
    },
    "organizations:person": lambda f: {"person_id": f.person.pk},
    "organizations:person_edit": lambda f: {"person_id": f.person.pk},
    "organizations:membership_action": lambda f: {"person_id": f.person.pk, "action": "admit"},
    "signatures:certificate_detail": lambda f: {"pk": f.certificate.pk},
    "signatures:certificate_revoke": lambda f: {"pk": f.certificate.pk},
    "signatures:certificate_renew": lambda f: {"pk": f.certificate.pk},
    "documents:detail": _document_kwargs,
    "documents:file": lambda f: {"pk": f.document_id, "number": 1},
    "documents:readers_add": _document_kwargs,
    "documents:file_add": _document_kwargs,
    "documents:assign": _document_kwargs,
    "documents:subassign": lambda f: {"pk": f.document_id, "assignment_pk": 1},
    "documents:complete": lambda f: {"pk": f.document_id, "assignment_pk": 1},
    "documents:note": _document_kwargs,
    "documents:file_document": _document_kwargs,
    "documents:reopen": _document_kwargs,
    "documents:version_add": _document_kwargs,
    "documents:submit": _document_kwargs,
    "documents:withdraw": _document_kwargs,
    "documents:review": _document_kwargs,
    "documents:sign": _document_kwargs,
    "documents:issue": _document_kwargs,
    "documents:release": _document_kwargs,
    "documents:archive": _document_kwargs,
    "documents:cancel": _document_kwargs,
    "documents:reference_edit": lambda f: {"kind": "chain-step", "pk": f.chain_step_id},
    "documents:chain_remove": lambda f: {"pk": f.chain_step_id},
    "exchange:organ_id_assign": lambda f: {"org_id": f.tree.committee_b.pk},
    "exchange:package_download": _document_kwargs,
    "exchange:statuses": _document_kwargs,
    "exchange:refuse": _document_kwargs,
    "exchange:business": lambda f: {"pk": f.document_id, "kind": "recall"},
    "exchange:package_resend": lambda f: {"pk": f.document_id, "package_pk": 1},
    "exchange:delivered_open": lambda f: {"pk": f.delivered_id},
    "exchange:delivered_refuse": lambda f: {"pk": f.delivered_id},
    "api:organization_detail": lambda f: {"org_id": f.tree.committee_b.pk},
    "api:organization_subtree": lambda f: {"org_id": f.tree.committee_b.pk},
    "api:organization_terms": lambda f: {"org_id": f.tree.committee_b.pk},
    "api:person_detail": lambda f: {"person_id": f.person.pk},
    "api:membership_detail": lambda f: {"person_id": f.person.pk},
    "api:token_complete": lambda f: {"session_id": f.session_id},
    "api:document_detail": lambda f: {"document_id": f.document_id},
    "api:assignment_detail": lambda f: {"assignment_id": f.assignment_id},
    "api:assignment_progress": lambda f: {"assignment_id": f.assignment_id},
    "api:assignment_review": lambda f: {"assignment_id": f.assignment_id},
    "api:evaluation_detail": lambda f: {"evaluation_id": f.evaluation_id},
    "api:evaluation_self": lambda f: {"evaluation_id": f.evaluation_id},
    "api:evaluation_decision": lambda f: {"evaluation_id": f.evaluation_id},
    "api:evaluation_advice": lambda f: {"evaluation_id": f.evaluation_id},
    "api:evaluation_appeal_post": lambda f: {"evaluation_id": f.evaluation_id},
    "api:evaluation_answer_post": lambda f: {"evaluation_id": f.evaluation_id},
    "api:exchange_inbox_item": lambda f: {"package_id": f.delivered_id},
    "api:exchange_inbox_register": lambda f: {"package_id": f.delivered_id},
    "api:exchange_inbox_refuse": lambda f: {"package_id": f.delivered_id},
    "api:exchange_arrival_refuse": lambda f: {"document_id": f.document_id},
    "api:exchange_deliveries": lambda f: {"document_id": f.document_id},
    "api:exchange_statuses": lambda f: {"document_id": f.document_id},
    "api:exchange_send_again": lambda f: {"document_id": f.document_id, "delivery_id": 1},
    "api:exchange_recall": lambda f: {"document_id": f.document_id},
    "api:exchange_update": lambda f: {"document_id": f.document_id},
    "api:exchange_replace": lambda f: {"document_id": f.document_id},
    "api:meeting_detail": lambda f: {"meeting_id": f.meeting_id},
    "api:meeting_sites": lambda f: {"meeting_id": f.meeting_id},
    "api:contest_detail": lambda f: {"contest_id": f.contest_id},
    "api:contest_round_list": lambda f: {"contest_id": f.contest_id},
    "api:contest_unit_scores": lambda f: {"contest_id": f.contest_id},
    "api:contest_results_export": lambda f: {"contest_id": f.contest_id},
    "api:contest_round_ranking": lambda f: {"round_id": f.round_id},
    "api:contest_round_statistics": lambda f: {"round_id": f.round_id},
    "api:meeting_agenda": lambda f: {"meeting_id": f.meeting_id},
    "api:meeting_attendance": lambda f: {"meeting_id": f.meeting_id},
    "api:meeting_attendance_sites": lambda f: {"meeting_id": f.meeting_id},
    "api:meeting_votes": lambda f: {"meeting_id": f.meeting_id},
    "api:meeting_vote_cast": lambda f: {"meeting_id": f.meeting_id, "vote_id": 1},
    "assignments:detail": lambda f: {"pk": f.assignment_id},
    "assignments:break_down": lambda f: {"pk": f.assignment_id},
    "assignments:complete": lambda f: {"pk": f.assignment_id},
    "assignments:cancel": lambda f: {"pk": f.assignment_id},
    "assignments:review": lambda f: {"pk": f.assignment_id},
    "assignments:evaluation": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_self": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_decide": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_advise": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_appeal": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_answer": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_pdf": lambda f: {"pk": f.evaluation_id},
    "assignments:evaluation_sign": lambda f: {"pk": f.evaluation_id},
    "assignments:from_document": _document_kwargs,
    "assignments:report": lambda f: {"pk": f.assignment_id},
    "assignments:record": lambda f: {"user_pk": f.eve.pk},
    "assignments:extension": lambda f: {"pk": f.assignment_id},
    "assignments:extension_decide": lambda f: {"pk": f.assignment_id, "request_pk": 1},
    "assignments:report_file": lambda f: {"pk": f.assignment_id, "report_pk": 1, "file_pk": 1},
}
