"""Documents' digital-transformation indicators (core.indicators), registered on import
from DocumentsConfig.ready(): how much of the paperwork is digital, month by month."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.core.indicators import Indicator, Months, monthly, register
from partydesk.documents.models import Direction, Document


def _incoming(organizations: QuerySet[Model], since: dt.datetime) -> QuerySet[Document]:
    return Document.objects.filter(
        organization__in=organizations, direction=Direction.INCOMING, registered_at__gte=since
    )


def _issued(organizations: QuerySet[Model], since: dt.datetime) -> QuerySet[Document]:
    return Document.objects.filter(
        organization__in=organizations, direction=Direction.OUTGOING, issued_at__gte=since
    )


def incoming_digitized(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    return monthly(_incoming(organizations, since), "registered_at", Q(has_file=True))


def outgoing_digitized(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    return monthly(_issued(organizations, since), "issued_at", Q(has_file=True))


def signed_digitally(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    return monthly(_issued(organizations, since), "issued_at", Q(digitally_signed=True))


def sent_electronically(organizations: QuerySet[Model], since: dt.datetime) -> Months:
    return monthly(_issued(organizations, since), "issued_at", Q(released_at__isnull=False))


register(
    Indicator(
        "documents.incoming_digitized",
        _("Incoming documents digitized"),
        _("Incoming documents registered in the month that carry their file, of all registered."),
        "documents.view",
        incoming_digitized,
        order=10,
    )
)
register(
    Indicator(
        "documents.outgoing_digitized",
        _("Outgoing documents digitized"),
        _("Documents issued in the month that carry their file, of all issued."),
        "documents.view",
        outgoing_digitized,
        order=20,
    )
)
register(
    Indicator(
        "documents.signed_digitally",
        _("Signed digitally"),
        _("Documents issued in the month with a digital signature, of all issued."),
        "documents.view",
        signed_digitally,
        order=30,
    )
)
register(
    Indicator(
        "documents.sent_electronically",
        _("Sent electronically"),
        _(
            "Documents issued in the month and released to their recipients through the "
            "system (the exchange's packages), of all issued; the rest went on paper."
        ),
        "documents.view",
        sent_electronically,
        order=40,
    )
)
