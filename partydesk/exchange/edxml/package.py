"""An edXML package (QCVN 102:2016) as plain values: what the codec writes and reads.

No Django models here, so the codec stays pure and fast; the services turn documents and
organizations into these values and back.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from dataclasses import dataclass, field

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"
DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"
# The formats other systems send dates in (domain rules §2.2): YYYY/MM/DD, and dd/MM/yyyy.
INPUT_DATE_FORMATS = (DATE_FORMAT, "%d/%m/%Y")
PDF = "application/pdf"


class BusinessType(enum.IntEnum):
    """BussinessDocType: what the package does to the document."""

    NEW = 0
    RECALL = 1
    UPDATE = 2
    REPLACE = 3


def format_date(day: dt.date) -> str:
    return day.strftime(DATE_FORMAT)


def parse_date(text: str) -> dt.date | None:
    """A date in either accepted format; None if it is in neither."""
    value = text.strip()
    for pattern in INPUT_DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Organ:
    """From or To: an organization by its exchange identifier, with its contact details."""

    organ_id: str
    name: str
    in_charge: str = ""
    address: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class Signer:
    """SignerInfo: the signing authority (T/M, K/T, …), position and full name."""

    competence: str = ""
    position: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class ResponseFor:
    """The document this one answers."""

    organ_id: str
    code: str
    promulgation_date: dt.date
    document_id: str


@dataclass(frozen=True)
class Business:
    """The Bussiness block of the TraceHeaderList (the standard's spelling)."""

    doc_type: BusinessType = BusinessType.NEW
    reason: str = ""
    document_id: str = ""
    paper: bool = False


@dataclass(frozen=True)
class Trace:
    """One TraceHeader: a system the package passed through, and when."""

    organ_id: str
    timestamp: dt.datetime


@dataclass(frozen=True)
class Attachment:
    """A file carried base64-encoded in AttachmentEncoded, listed in the manifest."""

    name: str
    content_type: str
    data: bytes
    description: str = ""
    content_id: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Package:
    """One edXML package: the MessageHeader's fields, the business block, the files."""

    sender: Organ
    receivers: list[Organ]
    code_number: str
    code_notation: str
    promulgation_date: dt.date
    subject: str
    type_code: str = "0"
    type_name: str = ""
    type_detail: str = ""
    place: str = ""
    content: str = ""
    signer: Signer = field(default_factory=Signer)
    due_date: dt.date | None = None
    to_places: list[str] = field(default_factory=list)
    priority: int = 0
    sphere: str = ""
    typer_notation: str = ""
    promulgation_amount: int | None = None
    page_amount: int | None = None
    response_for: list[ResponseFor] = field(default_factory=list)
    business: Business = field(default_factory=Business)
    traces: list[Trace] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def code(self) -> str:
        """Number and notation as DocumentId and ResponseFor write them: 12/BTTT-THH."""
        return f"{self.code_number}/{self.code_notation}"

    @property
    def document_id(self) -> str:
        """{senderOrganId},{YYYY/MM/DD},{number}/{notation}."""
        return document_id_for(self.sender.organ_id, self.promulgation_date, self.code)

    @property
    def main_pdf(self) -> Attachment | None:
        """The document itself: the first PDF attached."""
        return next((a for a in self.attachments if a.content_type == PDF), None)


def document_id_for(organ_id: str, day: dt.date, code: str) -> str:
    return f"{organ_id},{format_date(day)},{code}"
