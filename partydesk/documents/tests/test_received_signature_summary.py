"""A received file's signature verdict follows the reader's language: the arrival is
registered in the sender's (or the worker's) language, so the stored check keeps counts and
the sentence is built when the page is read."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from partydesk.accounts.tests.factories import verified_client
from partydesk.documents.models import Document
from partydesk.documents.selectors.lists import report_summary
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, draft


def test_a_received_files_verdict_reads_in_the_readers_language(
    office_root, office_a, tree, signing, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    # Given a signed and sealed resolution of the Bloc, released while English is active
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=[tree.committee_a]))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    copy = Document.objects.get(source_document=document, organization=tree.committee_a)
    report = copy.versions.get().signature_report
    assert report is not None and report["all_valid"]

    # When committee A's clerk reads the copy's page in Vietnamese
    page = (
        verified_client(office_a.clerk)
        .get(reverse("documents:detail", args=[copy.pk]), HTTP_ACCEPT_LANGUAGE="vi")
        .content.decode()
    )

    # Then the file row's verdict is Vietnamese, with no English sentence left
    assert "Cả 2 chữ ký đều hợp lệ." in page
    assert "signatures are valid" not in page


def test_a_stored_check_reads_in_each_language_and_an_unreadable_file_keeps_its_reason() -> None:
    bad = {"signed": True, "all_valid": False, "unreadable": False, "summary": "x"}
    bad["signatures"] = [{"ok": True}, {"ok": False}]
    unsigned = {"signed": False, "all_valid": False, "unreadable": False, "signatures": []}
    unreadable = {"signed": False, "unreadable": True, "summary": "Not a PDF.", "signatures": []}
    with translation.override("vi"):
        assert report_summary(bad) == "1 trên 2 chữ ký KHÔNG hợp lệ."
        assert report_summary(unsigned) == "Văn bản không có chữ ký số."
        assert report_summary(unreadable) == "Not a PDF."
    with translation.override("en"):
        assert report_summary(bad) == "1 of 2 signatures are NOT valid."
