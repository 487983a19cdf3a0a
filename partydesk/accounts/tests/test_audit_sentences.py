"""The audit viewer reads as sentences; the dotted action name stays as a detail."""

from types import SimpleNamespace

from django.utils import translation

from partydesk.core.audit_sentences import sentence_for


def event(action: str, actor: str = "Nguyễn Văn A", target: str = "12-CV/ĐUK") -> SimpleNamespace:
    return SimpleNamespace(action=action, actor_label=actor, target_label=target)


def test_an_approval_reads_as_a_vietnamese_sentence():
    with translation.override("vi"):
        assert (
            sentence_for(event("documents.document.approved"))
            == "Nguyễn Văn A đã duyệt văn bản 12-CV/ĐUK"
        )
    with translation.override("en"):
        assert sentence_for(event("accounts.user.logged_in", target="")) == "Nguyễn Văn A logged in"


def test_an_action_nobody_registered_has_no_sentence():
    assert sentence_for(event("tests.thing.done")) == ""


def test_the_audit_page_shows_the_sentence_and_keeps_the_dotted_name(tree):  # type: ignore[no-untyped-def]
    from partydesk.accounts.tests.factories import make_user, verified_client
    from partydesk.core.audit import audit_log

    admin = make_user("auditor", organization=tree.committee_a, role="admin", two_factor=True)
    audit_log(actor=admin, action="accounts.audit.exported", organization_id=tree.committee_a.pk)
    page = verified_client(admin).get("/accounts/audit/", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == 200
    assert "đã xuất nhật ký hệ thống" in html
    assert "accounts.audit.exported" in html
