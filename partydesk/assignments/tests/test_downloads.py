"""What the browser is told of each assignments download (core's `file_response`): its type,
whether it is saved or shown, and its name, read back as it was even when a person typed
it with Vietnamese letters or quotes."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.assignments.selectors.feeds import feed_token
from partydesk.assignments.services.feeds import calendar_feed_issue
from partydesk.assignments.tests.factories import act, give
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.documents.tests.factories import pdf_bytes


def test_each_download_keeps_its_type_and_disposition_and_a_typed_name_survives(office_a):
    work = give(office_a.secretary, lead_user=office_a.specialist)
    lead = verified_client(office_a.specialist)
    name = 'Báo cáo "quý I".pdf'
    upload = SimpleUploadedFile(name, pdf_bytes("Báo cáo tiến độ"), "application/pdf")
    lead.post(
        reverse("assignments:report", args=[work.pk]),
        {"percent": "60", "text": "Đã có dự thảo", "attachments": [upload]},
    )
    report = work.reports.get()
    attached = report.files.get()
    url = reverse("assignments:report_file", args=[work.pk, report.pk, attached.pk])
    kept = verified_client(office_a.secretary).get(url)
    assert kept["Content-Type"] == "application/pdf" and kept["X-Content-Type-Options"] == "nosniff"
    # RFC 6266: the UTF-8 name, percent-encoded, so the browser saves it under what was typed
    assert attached.name == name
    assert (
        kept["Content-Disposition"]
        == "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%20I%22.pdf"
    )

    head = verified_client(office_a.secretary)
    year = timezone.localdate().year
    sheet = head.get(reverse("assignments:evaluations"), {"year": str(year), "format": "xlsx"})
    assert sheet["Content-Type"] == XLSX_CONTENT_TYPE
    assert sheet["Content-Disposition"] == f'attachment; filename="evaluations-{year}.xlsx"'
    listed = head.get(reverse("assignments:export"), {"view": "by_me"})
    assert listed["Content-Type"] == XLSX_CONTENT_TYPE
    assert listed["Content-Disposition"] == 'attachment; filename="assignments.xlsx"'

    # the calendar file and the subscribed feed open in place, and are never cached
    ics = lead.get(reverse("assignments:calendar_ics"), {"view": "mine"})
    feed = calendar_feed_issue(actor=act(office_a.specialist), view="mine")
    fetched = Client().get(reverse("assignments:feed", args=[feed_token(feed)]))
    for calendar in (ics, fetched):
        assert calendar["Content-Type"] == "text/calendar; charset=utf-8"
        assert calendar["Content-Disposition"] == 'inline; filename="assignments.ics"'
        assert calendar["Cache-Control"] == "private, no-store"
