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


def add_element(parent: Any, tag: str, text: str | int | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def organ_element(parent: Any, tag: str, organ: Organ) -> None:
    element = add_element(parent, tag)
    add_element(element, "OrganId", organ.organ_id)
    add_element(element, "OrganizationInCharge", organ.in_charge)
    add_element(element, "OrganName", organ.name)
    add_element(element, "OrganAdd", organ.address)
    add_element(element, "Email", organ.email)
    add_element(element, "Telephone", organ.telephone)
    add_element(element, "Fax", organ.fax)
    add_element(element, "Website", organ.website)


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _message_header(header: Any, package: Package) -> None:
    message = add_element(header, "MessageHeader")
    organ_element(message, "From", package.sender)
    for receiver in package.receivers:
        organ_element(message, "To", receiver)
    code = add_element(message, "Code")
    add_element(code, "CodeNumber", package.code_number)
    add_element(code, "CodeNotation", package.code_notation)
    info = add_element(message, "PromulgationInfo")
    add_element(info, "Place", package.place)
    add_element(info, "PromulgationDate", format_date(package.promulgation_date))
    kind = add_element(message, "DocumentType")
    add_element(kind, "Type", package.type_code)
    add_element(kind, "TypeName", package.type_name)
    add_element(kind, "TypeDetail", package.type_detail)
    add_element(message, "Subject", package.subject)
    add_element(message, "Content", package.content)
    signer = add_element(message, "SignerInfo")
    add_element(signer, "Competence", package.signer.competence)
    add_element(signer, "Position", package.signer.position)
    add_element(signer, "FullName", package.signer.full_name)
    add_element(message, "DueDate", format_date(package.due_date) if package.due_date else "")
    places = add_element(message, "ToPlaces")
    for place in package.to_places:
        add_element(places, "Place", place)
    other = add_element(message, "OtherInfo")
    add_element(other, "Priority", package.priority)
    add_element(other, "SphereOfPromulgation", package.sphere)
    add_element(other, "TyperNotation", package.typer_notation)
    add_element(other, "PromulgationAmount", _count(package.promulgation_amount))
    add_element(other, "PageAmount", _count(package.page_amount))
    for answered in package.response_for:
        response = add_element(message, "ResponseFor")
        add_element(response, "OrganId", answered.organ_id)
        add_element(response, "Code", answered.code)
        add_element(response, "PromulgationDate", format_date(answered.promulgation_date))
        add_element(response, "DocumentId", answered.document_id)
    add_element(message, "DocumentId", package.document_id)


def _trace_list(header: Any, package: Package, now: dt.datetime) -> None:
    traces = add_element(header, "TraceHeaderList")
    for trace in package.traces or []:
        entry = add_element(traces, "TraceHeader")
        add_element(entry, "OrganId", trace.organ_id)
        add_element(entry, "Timestamp", trace.timestamp.strftime(TIMESTAMP_FORMAT))
    if not package.traces:
        entry = add_element(traces, "TraceHeader")
        add_element(entry, "OrganId", package.sender.organ_id)
        add_element(entry, "Timestamp", now.strftime(TIMESTAMP_FORMAT))
    business = add_element(traces, "Bussiness")
    add_element(business, "BussinessDocType", int(package.business.doc_type))
    add_element(business, "BussinessDocReason", package.business.reason)
    add_element(business, "DocumentId", package.business.document_id or package.document_id)
    add_element(business, "Paper", int(package.business.paper))


def package_write(package: Package, *, now: dt.datetime) -> bytes:
    """The package as UTF-8 edXML bytes, checked against our schema (a package we would
    refuse on reading is never written)."""
    for attachment in package.attachments:
        if len(attachment.data) > MAX_ATTACHMENT_BYTES:
            raise PackageTooLarge(attachment.name)
    root = etree.Element(f"{{{NAMESPACE}}}edXML", nsmap=_NS)
    envelope = add_element(root, "edXMLEnvelope")
    header = add_element(envelope, "edXMLHeader")
    _message_header(header, package)
    _trace_list(header, package, now)
    manifest = add_element(add_element(envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = add_element(root, "AttachmentEncoded")
    for n, attachment in enumerate(package.attachments, start=1):
        content_id = attachment.content_id or str(n)
        reference = add_element(manifest, "Reference")
        reference.set(f"{{{XLINK}}}href", f"cid:{content_id}")
        add_element(reference, "Description", attachment.description)
        add_element(reference, "AttachmentName", attachment.name)
        add_element(reference, "ContentType", attachment.content_type)
        item = add_element(encoded, "Attachment")
        add_element(item, "ContentType", attachment.content_type)
        add_element(item, "ContentId", content_id)
        add_element(item, "Description", attachment.description)
        add_element(item, "AttachmentName", attachment.name)
        add_element(
            item, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii")
        )
    problems = schema_problems(root)
    if problems:
        raise ValueError(f"the package does not match edxml.xsd: {problems}")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data
