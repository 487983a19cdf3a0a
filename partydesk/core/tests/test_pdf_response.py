"""`pdf_response` and `file_response` (core/http.py): how every app serves a PDF or a file, as a
download or in the browser's viewer, under a name the browser reads back as it was."""

from __future__ import annotations

from partydesk.core.http import file_response, pdf_response, streamed_file_response


def test_a_pdf_is_a_download_unless_asked_inline() -> None:
    download = pdf_response(b"%PDF-1.7", "evaluation-2026-2B-7.pdf")
    assert download.content == b"%PDF-1.7" and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="evaluation-2026-2B-7.pdf"'
    shown = pdf_response(b"%PDF-1.7", "bien-ban-3.pdf", inline=True)
    assert shown["Content-Disposition"] == 'inline; filename="bien-ban-3.pdf"'


def test_a_name_with_quotes_or_vietnamese_letters_cannot_break_the_header() -> None:
    quoted = pdf_response(b"", 'a"b\\c.pdf')
    assert quoted["Content-Disposition"] == 'attachment; filename="a\\"b\\\\c.pdf"'
    vietnamese = pdf_response(b"", "biên bản.pdf", inline=True)
    assert (
        vietnamese["Content-Disposition"] == "inline; filename*=utf-8''bi%C3%AAn%20b%E1%BA%A3n.pdf"
    )


def test_any_file_text_and_a_stream_are_named_alike() -> None:
    calendar = file_response("BEGIN:VCALENDAR", "lịch.ics", "text/calendar; charset=utf-8")
    assert calendar.content == b"BEGIN:VCALENDAR"  # text goes out in the charset named
    assert calendar["Content-Disposition"] == "attachment; filename*=utf-8''l%E1%BB%8Bch.ics"
    csv = streamed_file_response(iter(["a,b\r\n", "1,2\r\n"]), 'sổ "A".csv', "text/csv")
    assert csv.streaming and csv.getvalue() == b"a,b\r\n1,2\r\n"
    assert csv["Content-Disposition"] == "attachment; filename*=utf-8''s%E1%BB%95%20%22A%22.csv"
    shown = streamed_file_response([b"x"], "feed.ics", "text/calendar", inline=True)
    assert shown["Content-Disposition"] == 'inline; filename="feed.ics"'
