"""Tables of the documents app, split by sub-domain."""

from partydesk.documents.models.documents import (
    Direction,
    Document,
    DocumentReader,
    DocumentRecipient,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    Status,
    VersionKind,
)
from partydesk.documents.models.numbering import NumberSequence, PeriodKind, SequenceKind
from partydesk.documents.models.reference import (
    DocumentSettings,
    DocumentSystem,
    DocumentType,
    Mark,
    MarkKind,
    ReviewChainStep,
    ReviewStepKind,
    Secrecy,
    SigningForm,
    Urgency,
)
from partydesk.documents.models.workflow import CoSigner, Decision, DocumentEvent, ReviewStep

__all__ = [
    "CoSigner",
    "Decision",
    "Direction",
    "Document",
    "DocumentEvent",
    "DocumentReader",
    "DocumentRecipient",
    "DocumentSettings",
    "DocumentSystem",
    "DocumentType",
    "DocumentVersion",
    "Mark",
    "MarkKind",
    "NotificationKind",
    "NumberSequence",
    "PeriodKind",
    "ReaderReason",
    "ReviewChainStep",
    "ReviewStep",
    "ReviewStepKind",
    "Secrecy",
    "SequenceKind",
    "SigningForm",
    "Status",
    "Urgency",
    "VersionKind",
]
