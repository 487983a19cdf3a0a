"""Status packages (domain rules §2.3): the recipient tells the sender where its document is
(01 arrived, 02 refused, 03 registered, 04 assigned, 05 in progress, 06 completed, 13/15/16
for a recall). Same envelope, namespace and schema as a document package; the header holds
only `Status`, and the manifest is empty."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from partydesk.exchange.edxml.package import (
    NAMESPACE,
    TIMESTAMP_FORMAT,
    Organ,
    Package,
    ResponseFor,
    format_date,
    parse_date,
)
from partydesk.exchange.edxml.read import (
    PackageRefused,
    organ_from,
    package_from,
    parse_valid,
    text_of,
    timestamp_from,
)
from partydesk.exchange.edxml.schema import schema_problems
from partydesk.exchange.edxml.write import add_element, organ_element

_NS = {"e": NAMESPACE}


@dataclass(frozen=True)
class StatusNotice:
    """One status of one document package, reported by its recipient (`sender`, From)."""

    response_for: ResponseFor
    sender: Organ
    code: str
    timestamp: dt.datetime  # naive, the reporter's local time
    description: str = ""
    department: str = ""
    staff: str = ""


def status_write(notice: StatusNotice) -> bytes:
    """The status package as UTF-8 edXML bytes, checked against the schema."""
    root = etree.Element(f"{{{NAMESPACE}}}edXML", nsmap={"edXML": NAMESPACE})
    envelope = add_element(root, "edXMLEnvelope")
    status = add_element(add_element(envelope, "edXMLHeader"), "Status")
    answered = add_element(status, "ResponseFor")
    add_element(answered, "OrganId", notice.response_for.organ_id)
    add_element(answered, "Code", notice.response_for.code)
    add_element(answered, "PromulgationDate", format_date(notice.response_for.promulgation_date))
    add_element(answered, "DocumentId", notice.response_for.document_id)
    organ_element(status, "From", notice.sender)
    add_element(status, "StatusCode", notice.code)
    add_element(status, "Description", notice.description)
    add_element(status, "Timestamp", notice.timestamp.strftime(TIMESTAMP_FORMAT))
    staff = add_element(status, "StaffInfo")
    add_element(staff, "Department", notice.department)
    add_element(staff, "Staff", notice.staff)
    add_element(add_element(envelope, "edXMLBody"), "edXMLManifest").set("version", "1.0")
    problems = schema_problems(root)
    if problems:
        raise ValueError(f"the status does not match edxml.xsd: {problems}")
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data


def status_from(root: Any) -> StatusNotice:
    status = root.find("e:edXMLEnvelope/e:edXMLHeader/e:Status", _NS)
    if status is None:
        raise PackageRefused([_("This is a document package, not a status.")])
    answered = status.find("e:ResponseFor", _NS)
    promulgated = parse_date(text_of(answered, "e:PromulgationDate"))
    stamp = timestamp_from(text_of(status, "e:Timestamp"))
    if promulgated is None or stamp is None:
        raise PackageRefused([_("The status's dates cannot be read.")])
    return StatusNotice(
        response_for=ResponseFor(
            organ_id=text_of(answered, "e:OrganId"),
            code=text_of(answered, "e:Code"),
            promulgation_date=promulgated,
            document_id=text_of(answered, "e:DocumentId"),
        ),
        sender=organ_from(status.find("e:From", _NS)),
        code=text_of(status, "e:StatusCode"),
        timestamp=stamp,
        description=text_of(status, "e:Description"),
        department=text_of(status, "e:StaffInfo/e:Department"),
        staff=text_of(status, "e:StaffInfo/e:Staff"),
    )


def message_read(data: bytes, *, max_bytes: int) -> Package | StatusNotice:
    """A document package or a status package, whichever `data` is (or PackageRefused)."""
    root = parse_valid(data, max_bytes=max_bytes)
    if root.find("e:edXMLEnvelope/e:edXMLHeader/e:Status", _NS) is not None:
        return status_from(root)
    return package_from(root)


def status_read(data: bytes, *, max_bytes: int) -> StatusNotice:
    return status_from(parse_valid(data, max_bytes=max_bytes))
