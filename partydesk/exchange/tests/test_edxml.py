"""The edXML codec: what we write validates and reads back the same; hostile or inconsistent
input is refused with a reason a clerk can pass on. No database."""

from __future__ import annotations

import base64
import datetime as dt
import time

import pytest
from lxml import etree

from partydesk.exchange.edxml import (
    PDF,
    Attachment,
    Business,
    BusinessType,
    Organ,
    Package,
    PackageRefused,
    PackageTooLarge,
    ResponseFor,
    Signer,
    package_read,
    package_write,
)
from partydesk.exchange.edxml.schema import MAX_ATTACHMENT_BYTES, edxml_schema, hardened_parser

NOW = dt.datetime(2026, 12, 6, 9, 30, 0)
LIMIT = 20 * 1024 * 1024
PDF_BYTES = b"%PDF-1.7\n% a signed resolution\n%%EOF\n"


def resolution(**overrides: object) -> Package:
    values: dict[str, object] = {
        "sender": Organ("000.00.01.H40", "Đảng ủy Khối các cơ quan tỉnh", email="vp@duk.vn"),
        "receivers": [
            Organ("000.01.01.H40", "Đảng ủy Sở Tài chính"),
            Organ("000.02.01.H40", "Đảng ủy Sở Y tế"),
        ],
        "code_number": "05",
        "code_notation": "NQ/ĐUK",
        "promulgation_date": dt.date(2026, 12, 4),
        "subject": "về đẩy mạnh chuyển đổi số trong công tác đảng",
        "type_name": "Nghị quyết",
        "type_detail": "NQ",
        "place": "Nghệ An",
        "signer": Signer("T/M BAN THƯỜNG VỤ", "Bí thư", "Nguyễn Văn An"),
        "due_date": dt.date(2026, 12, 31),
        "to_places": ["Các đảng ủy cơ sở", "Lưu VP"],
        "priority": 1,
        "page_amount": 3,
        "response_for": [
            ResponseFor("000.01.01.H40", "12-BC/ĐU", dt.date(2026, 11, 2), "x,2026/11/02,12/BC")
        ],
        "business": Business(BusinessType.NEW),
        "attachments": [
            Attachment("05-NQ-DUK.pdf", PDF, PDF_BYTES, "Văn bản"),
            Attachment("phu-luc.pdf", PDF, b"%PDF-1.7 appendix", "Phụ lục"),
        ],
    }
    values.update(overrides)
    return Package(**values)  # type: ignore[arg-type]


def test_a_package_we_write_validates_and_reads_back_the_same():
    package = resolution()
    data = package_write(package, now=NOW)
    assert edxml_schema().validate(etree.fromstring(data, hardened_parser()))
    text = data.decode()
    assert "<edXML:DocumentId>000.00.01.H40,2026/12/04,05/NQ/ĐUK</edXML:DocumentId>" in text
    assert "<edXML:BussinessDocType>0</edXML:BussinessDocType>" in text
    assert base64.b64encode(PDF_BYTES).decode() in text

    back = package_read(data, max_bytes=LIMIT)

    assert back.document_id == "000.00.01.H40,2026/12/04,05/NQ/ĐUK"
    assert (back.code_number, back.code_notation, back.subject) == ("05", "NQ/ĐUK", package.subject)
    assert back.sender == package.sender and back.receivers == package.receivers
    assert back.signer == package.signer and back.due_date == package.due_date
    assert back.to_places == package.to_places and back.priority == 1
    assert back.response_for == package.response_for and back.page_amount == 3
    assert back.main_pdf is not None and back.main_pdf.sha256 == package.attachments[0].sha256
    assert [a.data for a in back.attachments] == [a.data for a in package.attachments]
    assert back.traces[0].organ_id == "000.00.01.H40" and back.traces[0].timestamp == NOW


@pytest.mark.parametrize("kind", list(BusinessType))
def test_each_business_type_goes_through(kind):
    package = resolution(business=Business(kind, reason="Sai sót", document_id="a,2026/01/01,1/X"))
    back = package_read(package_write(package, now=NOW), max_bytes=LIMIT)
    assert back.business.doc_type == kind and back.business.reason == "Sai sót"


def _replace(data: bytes, old: str, new: str) -> bytes:
    assert old.encode() in data
    return data.replace(old.encode(), new.encode())


def test_dates_are_accepted_as_yyyy_mm_dd_and_dd_mm_yyyy():
    data = package_write(resolution(), now=NOW)
    data = _replace(
        data, "<edXML:PromulgationDate>2026/12/04<", "<edXML:PromulgationDate>04/12/2026<"
    )
    data = _replace(data, "<edXML:DueDate>2026/12/31<", "<edXML:DueDate>31/12/2026<")
    data = _replace(data, ",2026/12/04,05", ",04/12/2026,05")
    back = package_read(data, max_bytes=LIMIT)
    assert back.promulgation_date == dt.date(2026, 12, 4) and back.due_date == dt.date(2026, 12, 31)


def refused(data: bytes, max_bytes: int = LIMIT) -> str:
    with pytest.raises(PackageRefused) as caught:
        package_read(data, max_bytes=max_bytes)
    assert caught.value.problems and caught.value.field == "package"
    return " ".join(caught.value.problems)


def test_malformed_xml_is_refused():
    data = package_write(resolution(), now=NOW)
    assert "not well-formed XML" in refused(data[: len(data) // 2])
    assert "not well-formed XML" in refused(b"")


def test_xml_that_is_not_edxml_is_refused():
    assert "not an edXML package" in refused(b"<invoice><total>1</total></invoice>")


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = package_write(resolution(), now=NOW)
    head, _sep, body = data.partition(b"?>")
    hostile = (
        head
        + b'?><!DOCTYPE edXML [<!ENTITY x SYSTEM "file://'
        + str(secret).encode()
        + b'">]>'
        + body.replace(b"<edXML:Subject>", b"<edXML:Subject>&x;")
    )
    message = refused(hostile)
    assert "DTD" in message and "TOP-SECRET" not in message


def test_entity_expansion_billion_laughs_is_refused_at_once():
    levels = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY l0 "lol">{levels}]><edXML>&l9;</edXML>'
    started = time.monotonic()
    assert "DTD" in refused(bomb.encode())
    assert time.monotonic() - started < 1


def test_a_network_dtd_is_not_fetched():
    hostile = b'<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "http://203.0.113.1/x.dtd"><edXML/>'
    assert "DTD" in refused(hostile)


def test_a_package_over_the_size_limit_is_refused_before_parsing():
    data = package_write(resolution(), now=NOW)
    assert "limit" in refused(data, max_bytes=len(data) - 1)


def test_a_missing_attachment_is_refused():
    data = package_write(resolution(), now=NOW)
    root = etree.fromstring(data, hardened_parser())
    encoded = root.find("{http://www.mic.gov.vn/TBT/QCVN_102_2016}AttachmentEncoded")
    encoded.remove(encoded[1])
    message = refused(etree.tostring(root))
    assert "phu-luc.pdf" in message and "does not carry" in message


def test_a_document_id_that_does_not_match_its_header_is_refused():
    data = package_write(resolution(), now=NOW)
    forged = _replace(data, ",2026/12/04,05/NQ/ĐUK<", ",2026/12/04,06/NQ/ĐUK<")
    assert "does not match the header" in refused(forged)
    other_sender = _replace(
        data, "<edXML:DocumentId>000.00.01.H40,", "<edXML:DocumentId>000.00.09.H40,"
    )
    assert "does not match the header" in refused(other_sender)


def test_a_package_off_the_schema_is_refused_with_the_line():
    data = package_write(resolution(), now=NOW)
    broken = _replace(data, "<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>7<")
    message = refused(broken)
    assert "edXML structure" in message and "BussinessDocType" in message


def test_a_file_too_large_for_a_hardened_reader_is_never_written():
    big = Attachment("scan.pdf", PDF, b"0" * (MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(PackageTooLarge):
        package_write(resolution(attachments=[big]), now=NOW)


def test_refusals_speak_vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        assert "không phải XML hợp lệ" in refused(b"<edXML")
