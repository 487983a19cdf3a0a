"""`pdf_response` (core/http.py): how every app serves a PDF it laid out or kept, as a
download or in the browser's viewer, under a name the browser reads back as it was."""

from __future__ import annotations

from partydesk.core.http import pdf_response


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
