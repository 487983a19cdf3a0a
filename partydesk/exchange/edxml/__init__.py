"""The edXML codec (QCVN 102:2016): plain values in, bytes out, and back, validated against
edxml.xsd both ways. Pure: no database, no Django models."""

from partydesk.exchange.edxml.package import (
    PDF,
    Attachment,
    Business,
    BusinessType,
    Organ,
    Package,
    ResponseFor,
    Signer,
    Trace,
    document_id_for,
    format_date,
    parse_date,
)
from partydesk.exchange.edxml.read import PackageRefused, package_read
from partydesk.exchange.edxml.status import (
    StatusNotice,
    message_read,
    status_read,
    status_write,
)
from partydesk.exchange.edxml.write import PackageTooLarge, package_write

__all__ = [
    "PDF",
    "Attachment",
    "Business",
    "BusinessType",
    "Organ",
    "Package",
    "PackageRefused",
    "PackageTooLarge",
    "ResponseFor",
    "Signer",
    "StatusNotice",
    "Trace",
    "document_id_for",
    "format_date",
    "message_read",
    "package_read",
    "package_write",
    "parse_date",
    "status_read",
    "status_write",
]
