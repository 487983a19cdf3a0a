"""The exchange API's sender side (ADR 0020, API section): a released document's deliveries
with each recipient's status timeline, the statuses received, send again, and recall /
update / replace through the pages' services; refusals are the pages' sentences as JSON
400s, malformed or hostile input a 422 (never a 500), another organization's a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partydesk.accounts.tests.factories import make_user
from partydesk.documents.models import Status
from partydesk.exchange.models import BusinessType, OutgoingPackage
from partydesk.exchange.tests.test_api_inbox import api_client
from partydesk.exchange.tests.test_business import REASON, copy_of, release  # noqa: F401
from partydesk.organizations.tests.factories import make_person

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/exchange/documents"


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, body, content_type="application/json")


def test_the_sender_follows_each_recipient_and_recalls_through_the_api(
    release,  # noqa: F811
    office_root,
    office_a,
    tree,
    django_capture_on_commit_callbacks,
):
    sent = release(tree.committee_a, tree.committee_b)
    clerk = api_client(office_root.clerk)
    # Every recipient with its timeline, one page at a time
    deliveries = clerk.get(f"{DOCS}/{sent.pk}/deliveries")
    assert deliveries.status_code == 200, deliveries.content
    rows = deliveries.json()["items"]
    assert {row["recipient_id"] for row in rows} == {tree.committee_a.pk, tree.committee_b.pk}
    assert all(row["business_type"] == BusinessType.NEW for row in rows)
    page = clerk.get(f"{DOCS}/{sent.pk}/deliveries", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    before = clerk.get(f"{DOCS}/{sent.pk}/statuses").json()["count"]
    # A specialist of the office reads the timeline but may not recall
    specialist = api_client(office_root.specialist)
    assert specialist.get(f"{DOCS}/{sent.pk}/deliveries").status_code == 200
    denied = post(specialist, f"{DOCS}/{sent.pk}/recall", {"reason": REASON})
    assert denied.status_code == 403 and "office" in denied.json()["detail"]
    # A blank reason is the page's 400; no reason a 422 naming the field
    blank = post(clerk, f"{DOCS}/{sent.pk}/recall", {"reason": "  "})
    assert blank.json() == {"detail": "Say why; every recipient reads it."}
    assert blank.status_code == 400
    missing = post(clerk, f"{DOCS}/{sent.pk}/recall", {})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "reason"
    assert not OutgoingPackage.objects.filter(business_type=BusinessType.RECALL).exists()
    # When the clerk recalls it
    with django_capture_on_commit_callbacks(execute=True):
        recalled = post(clerk, f"{DOCS}/{sent.pk}/recall", {"reason": REASON})
    assert recalled.status_code == 201, recalled.content
    made = recalled.json()
    assert {row["recipient_id"] for row in made} == {tree.committee_a.pk, tree.committee_b.pk}
    assert all(row["business_type"] == BusinessType.RECALL for row in made)
    assert all([s["code"] for s in row["statuses"]] == ["13"] for row in made)
    assert all(row["reason"] == REASON for row in made)
    # Then both copies are withdrawn, and the statuses received say 13 then 15 for each
    assert copy_of(sent, tree.committee_a).status == Status.CANCELLED
    statuses = clerk.get(f"{DOCS}/{sent.pk}/statuses").json()
    recall_codes = {
        (row["recipient_id"], row["code"])
        for row in statuses["items"]
        if row["business_type"] == BusinessType.RECALL
    }
    assert recall_codes == {
        (org.pk, code) for org in (tree.committee_a, tree.committee_b) for code in ("13", "15")
    }
    assert statuses["count"] == before + 4
    timeline = clerk.get(f"{DOCS}/{sent.pk}/deliveries").json()["items"]
    recall_rows = [row for row in timeline if row["business_type"] == BusinessType.RECALL]
    assert [[s["code"] for s in row["statuses"]] for row in recall_rows] == [["13", "15"]] * 2
    assert recall_rows[0]["statuses"][0]["by"]
    # And a second recall is refused with the page's sentence
    again = post(clerk, f"{DOCS}/{sent.pk}/recall", {"reason": "Lần nữa."})
    assert again.status_code == 400
    assert again.json() == {"detail": "This document has already been recalled."}
    # A local delivery is not waiting for another try
    local = timeline[0]["id"]
    resent = post(clerk, f"{DOCS}/{sent.pk}/deliveries/{local}/send-again", {})
    assert resent.status_code == 400
    assert resent.json() == {"detail": "This package is not waiting for another try."}


def test_a_status_names_the_person_who_reported_it_not_the_login(
    release,  # noqa: F811
    office_root,
    tree,
    django_capture_on_commit_callbacks,
):
    # Given the Bloc's clerk is the account of a person of the member registry
    sent = release(tree.committee_a, tree.committee_b)
    clerk_user = office_root.clerk
    clerk_user.person = make_person(office_root.organization, "Trần Thị Bích")
    clerk_user.save(update_fields=["person"])
    clerk = api_client(clerk_user)
    # When the clerk recalls the document
    with django_capture_on_commit_callbacks(execute=True):
        assert post(clerk, f"{DOCS}/{sent.pk}/recall", {"reason": REASON}).status_code == 201
    # Then the timeline's recall statuses say who by the person's name, read with the
    # statuses (a join), not one query per status
    with CaptureQueriesContext(connection) as queries:
        timeline = clerk.get(f"{DOCS}/{sent.pk}/deliveries").json()["items"]
    recalls = [row for row in timeline if row["business_type"] == BusinessType.RECALL]
    assert len(recalls) == 2
    assert {row["statuses"][0]["by"] for row in recalls} == {"Trần Thị Bích"}
    assert not [q for q in queries.captured_queries if 'FROM "organizations_person"' in q["sql"]]
    # And so do the statuses received
    with CaptureQueriesContext(connection) as queries:
        received = clerk.get(f"{DOCS}/{sent.pk}/statuses").json()["items"]
    by = {row["by"] for row in received if row["code"] == "13"}
    assert by == {"Trần Thị Bích"}
    assert not [q for q in queries.captured_queries if 'FROM "organizations_person"' in q["sql"]]


def test_replace_and_update_name_the_new_version(
    release,  # noqa: F811
    office_root,
    tree,
    django_capture_on_commit_callbacks,
):
    old = release(tree.committee_a, tree.committee_b, subject="về chuyển đổi số (bản cũ)")
    partial = release(tree.committee_a, subject="về chuyển đổi số (chỉ A)")
    new = release(tree.committee_a, tree.committee_b, subject="về chuyển đổi số (bản mới)")
    clerk = api_client(office_root.clerk)
    url = f"{DOCS}/{old.pk}/replace"
    # Without a new version: 422; one a recipient lacks: the page's 400 naming it
    assert post(clerk, url, {"reason": REASON}).status_code == 422
    lacking = post(clerk, url, {"reason": REASON, "new_version_id": partial.pk})
    assert lacking.status_code == 400 and tree.committee_b.name in lacking.json()["detail"]
    # A new version the clerk cannot see (or that does not exist) is a 400, not a leak
    unseen = post(clerk, url, {"reason": REASON, "new_version_id": 2**63 - 1})
    assert unseen.status_code == 400
    assert unseen.json() == {
        "detail": "The new version is another released document of this office."
    }
    assert not OutgoingPackage.objects.filter(business_type=BusinessType.REPLACE).exists()
    # When it is replaced by a version every recipient holds
    with django_capture_on_commit_callbacks(execute=True):
        done = post(clerk, url, {"reason": REASON, "new_version_id": new.pk})
    assert done.status_code == 201, done.content
    assert {row["new_version_id"] for row in done.json()} == {new.pk}
    assert copy_of(old, tree.committee_a).status == Status.CANCELLED
    assert copy_of(new, tree.committee_a).status == Status.REGISTERED
    # A replaced document is updated no more
    update = post(clerk, f"{DOCS}/{old.pk}/update", {"reason": REASON, "new_version_id": new.pk})
    assert update.status_code == 400
    assert update.json() == {"detail": "This document has already been replaced."}


def test_another_organization_gets_404_and_hostile_input_gets_422(
    release,  # noqa: F811
    office_root,
    tree,
):
    sent = release(tree.committee_a)
    outsider = make_user(
        "api_outbox_b", organization=tree.committee_b, role="clerk", two_factor=True
    )
    other = api_client(outsider)
    package = OutgoingPackage.objects.get(document=sent)
    for url, body in (
        (f"{DOCS}/{sent.pk}/deliveries", None),
        (f"{DOCS}/{sent.pk}/statuses", None),
        (f"{DOCS}/{sent.pk}/recall", {"reason": REASON}),
        (f"{DOCS}/{sent.pk}/update", {"reason": REASON, "new_version_id": sent.pk}),
        (f"{DOCS}/{sent.pk}/replace", {"reason": REASON, "new_version_id": sent.pk}),
        (f"{DOCS}/{sent.pk}/deliveries/{package.pk}/send-again", {}),
    ):
        answer = other.get(url) if body is None else post(other, url, body)
        assert answer.status_code == 404, url
        assert answer.json() == {"detail": "Not Found"}
    clerk = api_client(office_root.clerk)
    # A delivery of another document is not this document's
    other_sent = release(tree.committee_a, subject="về văn bản khác")
    wrong = post(clerk, f"{DOCS}/{other_sent.pk}/deliveries/{package.pk}/send-again", {})
    assert wrong.status_code == 404
    hostile: list[tuple[str, str, object]] = [
        ("get", f"{DOCS}/{2**63}/deliveries", None),
        ("get", f"{DOCS}/-1/statuses", None),
        ("get", f"{DOCS}/abc/deliveries", None),
        ("get", f"{DOCS}/{sent.pk}/deliveries?limit=0", None),
        ("get", f"{DOCS}/{sent.pk}/deliveries?offset=99999999999999999999", None),
        ("get", "/api/v1/exchange/inbox?q=%00", None),
        ("get", "/api/v1/exchange/inbox?sender=%27;drop%20table", None),
        ("get", f"/api/v1/exchange/inbox/{2**64}", None),
        ("post", f"{DOCS}/{sent.pk}/recall", {"reason": "x" * 2001}),
        ("post", f"{DOCS}/{sent.pk}/recall", {"reason": "a\x00b"}),
        ("post", f"{DOCS}/{sent.pk}/recall", {"reason": ["a"]}),
        ("post", f"{DOCS}/{sent.pk}/recall", ["reason"]),
        ("post", f"{DOCS}/{sent.pk}/replace", {"reason": REASON, "new_version_id": "abc"}),
        ("post", f"{DOCS}/{sent.pk}/replace", {"reason": REASON, "new_version_id": 2**63}),
        ("post", f"{DOCS}/{sent.pk}/update", {"reason": REASON, "new_version_id": 0}),
        ("post", f"{DOCS}/{sent.pk}/deliveries/{2**63}/send-again", {}),
        ("post", "/api/v1/exchange/inbox/1/register", {"confirm_duplicate": "maybe"}),
    ]
    for method, url, data in hostile:
        answer = clerk.get(url) if method == "get" else post(clerk, url, data)
        assert answer.status_code == 422, (url, data, answer.content)
        assert "detail" in answer.json()
    # A body that is not JSON, or not UTF-8, is refused as JSON, never a 500
    for raw in (b"{not json", b"\xff\xfe\x00", b"<?xml version='1.0'?><a/>"):
        answer = clerk.post(f"{DOCS}/{sent.pk}/recall", raw, content_type="application/json")
        assert 400 <= answer.status_code < 500, raw
        assert "detail" in answer.json()
    assert not OutgoingPackage.objects.filter(business_type=BusinessType.RECALL).exists()
    # An outsider's token never learns whether the delivery exists
    assert Client().get(f"{DOCS}/{sent.pk}/deliveries").status_code == 401


def test_the_recipient_refuses_an_arrival_and_the_sender_reads_02(
    release,  # noqa: F811
    office_root,
    office_a,
    tree,
    django_capture_on_commit_callbacks,
):
    sent = release(tree.committee_a)
    arrived = copy_of(sent, tree.committee_a)
    url = f"/api/v1/exchange/arrivals/{arrived.pk}/refuse"
    outsider = make_user(
        "api_arrival_b", organization=tree.committee_b, role="clerk", two_factor=True
    )
    assert post(api_client(outsider), url, {"reason": REASON}).status_code == 404
    assert post(api_client(office_a.specialist), url, {"reason": REASON}).status_code == 403
    clerk = api_client(office_a.clerk)
    blank = post(clerk, url, {"reason": " "})
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Say why the document is refused."}
    with django_capture_on_commit_callbacks(execute=True):
        done = post(clerk, url, {"reason": REASON})
    assert done.status_code == 200, done.content
    assert done.json() == {"document_id": arrived.pk, "status": Status.FILED}
    again = post(clerk, url, {"reason": REASON})
    assert again.status_code == 403
    assert again.json() == {"detail": "This document cannot be refused now."}
    statuses = api_client(office_root.clerk).get(f"{DOCS}/{sent.pk}/statuses").json()["items"]
    refused = [row for row in statuses if row["code"] == "02"]
    assert [(row["recipient_id"], row["reason"]) for row in refused] == [
        (tree.committee_a.pk, REASON)
    ]
