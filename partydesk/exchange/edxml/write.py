"""Writing an edXML package (QCVN 102:2016) from plain values."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from lxml import etree

from partydesk.exchange.edxml.package import (
    NAMESPACE,
    TIMESTAMP_FORMAT,
    XLINK,
    Organ,
    Package,
    format_date,
)
from partydesk.exchange.edxml.schema import MAX_ATTACHMENT_BYTES, schema_problems

_NS = {"edXML": NAMESPACE, "xlink": XLINK}


class PackageTooLarge(ValueError):
    """One file is over the ceiling a hardened reader accepts; nothing was written."""


def _add(parent: Any, tag: str, text: str | int | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def _organ(parent: Any, tag: str, organ: Organ) -> None:
    element = _add(parent, tag)
    _add(element, "OrganId", organ.organ_id)
    _add(element, "OrganizationInCharge", organ.in_charge)
    _add(element, "OrganName", organ.name)
    _add(element, "OrganAdd", organ.address)
    _add(element, "Email", organ.email)
    _add(element, "Telephone", organ.telephone)
    _add(element, "Fax", organ.fax)
    _add(element, "Website", organ.website)


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _message_header(header: Any, package: Package) -> None:
    message = _add(header, "MessageHeader")
    _organ(message, "From", package.sender)
    for receiver in package.receivers:
        _organ(message, "To", receiver)
    code = _add(message, "Code")
    _add(code, "CodeNumber", package.code_number)
    _add(code, "CodeNotation", package.code_notation)
    info = _add(message, "PromulgationInfo")
    _add(info, "Place", package.place)
    _add(info, "PromulgationDate", format_date(package.promulgation_date))
    kind = _add(message, "DocumentType")
    _add(kind, "Type", package.type_code)
    _add(kind, "TypeName", package.type_name)
    _add(kind, "TypeDetail", package.type_detail)
    _add(message, "Subject", package.subject)
    _add(message, "Content", package.content)
    signer = _add(message, "SignerInfo")
    _add(signer, "Competence", package.signer.competence)
    _add(signer, "Position", package.signer.position)
    _add(signer, "FullName", package.signer.full_name)
    _add(message, "DueDate", format_date(package.due_date) if package.due_date else "")
    places = _add(message, "ToPlaces")
    for place in package.to_places:
        _add(places, "Place", place)
    other = _add(message, "OtherInfo")
    _add(other, "Priority", package.priority)
    _add(other, "SphereOfPromulgation", package.sphere)
    _add(other, "TyperNotation", package.typer_notation)
    _add(other, "PromulgationAmount", _count(package.promulgation_amount))
    _add(other, "PageAmount", _count(package.page_amount))
    for answered in package.response_for:
        response = _add(message, "ResponseFor")
        _add(response, "OrganId", answered.organ_id)
        _add(response, "Code", answered.code)
        _add(response, "PromulgationDate", format_date(answered.promulgation_date))
        _add(response, "DocumentId", answered.document_id)
    _add(message, "DocumentId", package.document_id)


def _trace_list(header: Any, package: Package, now: dt.datetime) -> None:
    traces = _add(header, "TraceHeaderList")
    for trace in package.traces or []:
        entry = _add(traces, "TraceHeader")
        _add(entry, "OrganId", trace.organ_id)
        _add(entry, "Timestamp", trace.timestamp.strftime(TIMESTAMP_FORMAT))
    if not package.traces:
        entry = _add(traces, "TraceHeader")
        _add(entry, "OrganId", package.sender.organ_id)
        _add(entry, "Timestamp", now.strftime(TIMESTAMP_FORMAT))
    business = _add(traces, "Bussiness")
    _add(business, "BussinessDocType", int(package.business.doc_type))
    _add(business, "BussinessDocReason", package.business.reason)
    _add(business, "DocumentId", package.business.document_id or package.document_id)
    _add(business, "Paper", int(package.business.paper))


def package_write(package: Package, *, now: dt.datetime) -> bytes:
    """The package as UTF-8 edXML bytes, checked against our schema (a package we would
    refuse on reading is never written)."""
    for attachment in package.attachments:
        if len(attachment.data) > MAX_ATTACHMENT_BYTES:
            raise PackageTooLarge(attachment.name)
    root = etree.Element(f"{{{NAMESPACE}}}edXML", nsmap=_NS)
    envelope = _add(root, "edXMLEnvelope")
    header = _add(envelope, "edXMLHeader")
    _message_header(header, package)
    _trace_list(header, package, now)
    manifest = _add(_add(envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _add(root, "AttachmentEncoded")
    for n, attachment in enumerate(package.attachments, start=1):
        content_id = attachment.content_id or str(n)
        reference = _add(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{content_id}")
        _add(reference, "Description", attachment.description)
        _add(reference, "AttachmentName", attachment.name)
        _add(reference, "ContentType", attachment.content_type)
        item = _add(encoded, "Attachment")
        _add(item, "ContentType", attachment.content_type)
        _add(item, "ContentId", content_id)
        _add(item, "Description", attachment.description)
        _add(item, "AttachmentName", attachment.name)
        _add(item, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
    problems = schema_problems(root)
    if problems:
        raise ValueError(f"the package does not match edxml.xsd: {problems}")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data
