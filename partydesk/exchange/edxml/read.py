"""Reading an edXML package: hostile input is refused with reasons, before anything is kept.

In order: the size limit, well-formed XML with no DTD (so no external or expanding entity
is ever read), our schema, then the package's own consistency (DocumentId against the header,
every file the manifest lists present and decodable).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from partydesk.core.errors import InvalidInput
from partydesk.exchange.edxml.package import (
    INPUT_DATE_FORMATS,
    NAMESPACE,
    TIMESTAMP_FORMAT,
    XLINK,
    Attachment,
    Business,
    BusinessType,
    Organ,
    Package,
    ResponseFor,
    Signer,
    Trace,
    parse_date,
)
from partydesk.exchange.edxml.schema import hardened_parser, schema_problems

_NS = {"e": NAMESPACE}
# A DOCTYPE can only stand in the prolog: after the declaration, comments and PIs.
_PROLOG_DTD = re.compile(rb"^\s*(?:<\?.*?\?>|<!--.*?-->|\s)*<!DOCTYPE", re.DOTALL)


class PackageRefused(InvalidInput):
    """The package cannot be accepted; `problems` says each reason in words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems), field="package")


def text_of(element: Any, path: str) -> str:
    found = element.find(path, _NS)
    return (found.text or "").strip() if found is not None else ""


def _date(element: Any, path: str) -> dt.date | None:
    return parse_date(text_of(element, path))


def _int(element: Any, path: str) -> int | None:
    value = text_of(element, path)
    return int(value) if value.isdigit() else None


def organ_from(element: Any) -> Organ:
    return Organ(
        organ_id=text_of(element, "e:OrganId"),
        name=text_of(element, "e:OrganName"),
        in_charge=text_of(element, "e:OrganizationInCharge"),
        address=text_of(element, "e:OrganAdd"),
        email=text_of(element, "e:Email"),
        telephone=text_of(element, "e:Telephone"),
        fax=text_of(element, "e:Fax"),
        website=text_of(element, "e:Website"),
    )


def timestamp_from(text: str) -> dt.datetime | None:
    for pattern in (TIMESTAMP_FORMAT, *(f"{d} %H:%M:%S" for d in INPUT_DATE_FORMATS[1:])):
        try:
            return dt.datetime.strptime(text.strip(), pattern)
        except ValueError:
            continue
    return None


def _parse(data: bytes, max_bytes: int) -> Any:
    if len(data) > max_bytes:
        raise PackageRefused(
            [
                _("The package is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(len(data) / 1048576, 1), "limit": round(max_bytes / 1048576, 1)}
            ]
        )
    dtd_refused = _(
        "The file declares a DTD or entities; edXML packages never do, so it is refused."
    )
    if _PROLOG_DTD.match(data):
        raise PackageRefused([dtd_refused])
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise PackageRefused(
            [_("The file is not well-formed XML (%(error)s).") % {"error": str(exc)[:300]}]
        ) from exc
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise PackageRefused([dtd_refused])
    if root.tag != f"{{{NAMESPACE}}}edXML":
        raise PackageRefused([_("The file is XML but not an edXML package (QCVN 102:2016).")])
    return root


def _attachments(root: Any, problems: list[str]) -> list[Attachment]:
    encoded = {
        text_of(item, "e:ContentId"): item
        for item in root.iterfind("e:AttachmentEncoded/e:Attachment", _NS)
    }
    files: list[Attachment] = []
    listed: set[str] = set()
    references = root.iterfind("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", _NS)
    for reference in references:
        href = reference.get(f"{{{XLINK}}}href", "")
        content_id = href.removeprefix("cid:")
        name = text_of(reference, "e:AttachmentName")
        listed.add(content_id)
        item = encoded.get(content_id)
        if item is None:
            problems.append(
                _("The manifest lists “%(name)s” but the package does not carry it.")
                % {"name": name}
            )
            continue
        try:
            data = base64.b64decode(text_of(item, "e:ContentTransferEncoded"), validate=False)
        except (binascii.Error, ValueError):
            problems.append(_("“%(name)s” is not readable base64.") % {"name": name})
            continue
        files.append(
            Attachment(
                name=name,
                content_type=text_of(item, "e:ContentType"),
                data=data,
                description=text_of(item, "e:Description"),
                content_id=content_id,
            )
        )
    for content_id, item in encoded.items():
        if content_id not in listed:
            problems.append(
                _("The package carries “%(name)s”, which its manifest does not list.")
                % {"name": text_of(item, "e:AttachmentName")}
            )
    return files


def _check_document_id(header: Any, package: Package, problems: list[str]) -> None:
    stated = text_of(header, "e:DocumentId")
    parts = stated.split(",", 2)
    matches = (
        len(parts) == 3
        and parts[0].strip() == package.sender.organ_id
        and parse_date(parts[1]) == package.promulgation_date
        and parts[2].strip() == package.code
    )
    if not matches:
        problems.append(
            _(
                "The DocumentId “%(stated)s” does not match the header, which says "
                "“%(expected)s” (sender, date, number/notation)."
            )
            % {"stated": stated, "expected": package.document_id}
        )


def parse_valid(data: bytes, *, max_bytes: int) -> Any:
    """The parsed edXML message (document or status package), checked against the schema."""
    root = _parse(data, max_bytes)
    problems = schema_problems(root)
    if problems:
        raise PackageRefused([_("The package does not follow the edXML structure:"), *problems])
    return root


def package_read(data: bytes, *, max_bytes: int) -> Package:
    """The package in `data`, or PackageRefused with every reason found."""
    return package_from(parse_valid(data, max_bytes=max_bytes))


def package_from(root: Any) -> Package:
    """The document package of a parsed, valid message."""
    header = root.find("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader", _NS)
    if header is None:
        raise PackageRefused([_("This is a status package, not a document.")])
    traces = root.find("e:edXMLEnvelope/e:edXMLHeader/e:TraceHeaderList", _NS)
    problems: list[str] = []
    files = _attachments(root, problems)
    promulgated = _date(header, "e:PromulgationInfo/e:PromulgationDate")
    business = traces.find("e:Bussiness", _NS)
    package = Package(
        sender=organ_from(header.find("e:From", _NS)),
        receivers=[organ_from(to) for to in header.iterfind("e:To", _NS)],
        code_number=text_of(header, "e:Code/e:CodeNumber"),
        code_notation=text_of(header, "e:Code/e:CodeNotation"),
        promulgation_date=promulgated or dt.date.min,
        subject=text_of(header, "e:Subject"),
        type_code=text_of(header, "e:DocumentType/e:Type"),
        type_name=text_of(header, "e:DocumentType/e:TypeName"),
        type_detail=text_of(header, "e:DocumentType/e:TypeDetail"),
        place=text_of(header, "e:PromulgationInfo/e:Place"),
        content=text_of(header, "e:Content"),
        signer=Signer(
            competence=text_of(header, "e:SignerInfo/e:Competence"),
            position=text_of(header, "e:SignerInfo/e:Position"),
            full_name=text_of(header, "e:SignerInfo/e:FullName"),
        ),
        due_date=_date(header, "e:DueDate"),
        to_places=[(p.text or "").strip() for p in header.iterfind("e:ToPlaces/e:Place", _NS)],
        priority=_int(header, "e:OtherInfo/e:Priority") or 0,
        sphere=text_of(header, "e:OtherInfo/e:SphereOfPromulgation"),
        typer_notation=text_of(header, "e:OtherInfo/e:TyperNotation"),
        promulgation_amount=_int(header, "e:OtherInfo/e:PromulgationAmount"),
        page_amount=_int(header, "e:OtherInfo/e:PageAmount"),
        response_for=[
            ResponseFor(
                organ_id=text_of(answer, "e:OrganId"),
                code=text_of(answer, "e:Code"),
                promulgation_date=_date(answer, "e:PromulgationDate") or dt.date.min,
                document_id=text_of(answer, "e:DocumentId"),
            )
            for answer in header.iterfind("e:ResponseFor", _NS)
        ],
        business=Business(
            doc_type=BusinessType(_int(business, "e:BussinessDocType") or 0),
            reason=text_of(business, "e:BussinessDocReason"),
            document_id=text_of(business, "e:DocumentId"),
            paper=text_of(business, "e:Paper") == "1",
        ),
        traces=[
            Trace(organ_id=text_of(t, "e:OrganId"), timestamp=stamp)
            for t in traces.iterfind("e:TraceHeader", _NS)
            if (stamp := timestamp_from(text_of(t, "e:Timestamp"))) is not None
        ],
        attachments=files,
    )
    if promulgated is None:
        problems.append(_("The promulgation date is not a date."))
    else:
        _check_document_id(header, package, problems)
    if problems:
        raise PackageRefused(problems)
    return package
