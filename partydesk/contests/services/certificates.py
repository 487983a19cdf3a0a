"""Prize certificates: when a contest's prizes are final (its last round ranked), each prize
winner's certificate is recorded pending, with its outbox message, in the transaction that
gives the prizes; the outbox worker lays it out and seals it with the organizer's seal
through signatures' `paper_seal` (the same path as learning's certificates: never in a
request or a transaction, retried with the outbox's backoff), and anyone checks it by its
serial on a public page. An organizer revokes one with a reason (the winner disqualified,
say): the public check says so, and the holder is told under their bell."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.contests.models import Contest, PrizeCertificate, Standing
from partydesk.contests.permissions import CONTESTS_MANAGE
from partydesk.core.audit import audit_log
from partydesk.core.errors import NotAllowed
from partydesk.core.http import Acting
from partydesk.core.models import OutboxMessage
from partydesk.core.services.notifications import notify
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.services.render import place_date_line
from partydesk.learning.services.certificate_pdf import TITLE, BodyLine, PaperLayout, render_paper
from partydesk.signatures.services.sealing import paper_revoke, paper_seal, paper_serial

SIGN_KIND = "contests.certificate.sign"
REVOKED_KIND = "contests.certificate.revoked"  # the holder's notification


def verify_url(serial: str) -> str:
    """The public address printed on the certificate and in its QR code."""
    return f"{settings.SITE_URL}{reverse('contests:certificate_verify', args=[serial])}"


def _table(standing: Standing) -> str:
    return f"Đợt {standing.round.number}" if standing.round is not None else "Toàn cuộc thi"


def certificates_issue(contest: Contest) -> int:
    """Record the certificate of every prize winner of the contest who has none yet, each
    with its audit event and the outbox message that seals it. Called in the transaction
    that makes the prizes final; certificates recorded."""
    winners = (
        Standing.objects.filter(contest=contest, prize__isnull=False)
        .exclude(registration__certificate__isnull=False)
        .select_related("round", "prize", "registration__unit")
        .order_by("registration_id")
    )
    now = timezone.now()
    issued = 0
    for standing in winners:  # one prize per person, so one line per registration
        registration = standing.registration
        assert standing.prize is not None
        certificate = PrizeCertificate.objects.create(
            serial=paper_serial(timezone.localdate(now).year),
            contest=contest,
            registration=registration,
            organization_id=contest.organization_id,
            full_name=registration.full_name,
            unit_name=registration.unit.name,
            prize_name=standing.prize.name,
            table=_table(standing),
            issued_at=now,
        )
        audit_log(
            actor=None,
            action="contests.certificate.issued",
            target=certificate,
            organization_id=contest.organization_id,
            details={"serial": certificate.serial, "registration": registration.pk},
        )
        _sign_enqueue(certificate, f"{SIGN_KIND}:{certificate.pk}")
        issued += 1
    return issued


def _sign_enqueue(certificate: PrizeCertificate, key: str) -> None:
    outbox_enqueue(kind=SIGN_KIND, payload={"certificate": certificate.pk}, idempotency_key=key)


def certificate_layout(certificate: PrizeCertificate) -> PaperLayout:
    """What the certificate says, in Vietnamese whatever the page's language."""
    contest = Contest.objects.select_related("organization__parent").get(pk=certificate.contest_id)
    organizer = contest.organization
    parent = organizer.parent
    body = (
        BodyLine(f"{organizer.name} chứng nhận", 15, space_before=3),
        BodyLine(certificate.full_name, 24, "B", space_before=2),
        BodyLine(f"Đơn vị: {certificate.unit_name}", 14, space_before=2),
        BodyLine(f"Đã đạt {certificate.prize_name} ({certificate.table})", 16, "B", 3),
        BodyLine(f"Cuộc thi: {contest.title}", 15),
    )
    return PaperLayout(
        superior=parent.name if parent is not None else "",
        issuer=organizer.name,
        title=TITLE,
        body=body,
        place_date=place_date_line(organizer.place_name, timezone.localdate(certificate.issued_at)),
        serial=certificate.serial,
        verify_url=verify_url(certificate.serial),
    )


def certificate_sign(certificate_id: int) -> PrizeCertificate:
    """Lay out and seal a pending prize certificate, then record it signed."""
    return paper_seal(
        model=PrizeCertificate,
        pk=certificate_id,
        render=lambda c: render_paper(certificate_layout(c)),
        action="contests.certificate.signed",
    )


@outbox_handler(SIGN_KIND)
def certificate_sign_deliver(message: OutboxMessage) -> None:
    """The outbox worker seals; a failure is retried with the outbox's backoff."""
    certificate_sign(int(message.payload["certificate"]))


@transaction.atomic
def certificate_revoke(
    *, actor: Acting, certificate: PrizeCertificate, reason: str
) -> PrizeCertificate:
    """Revoke a prize certificate with a reason: the public check says it is revoked, when
    and why, from now on; the holder, when they registered with their login, is notified."""
    if not actor.can(CONTESTS_MANAGE, on=certificate.organization):
        raise NotAllowed(_("Only those who manage contests may do this."))
    revoked = paper_revoke(
        model=PrizeCertificate,
        pk=certificate.pk,
        user=actor.user,
        reason=reason,
        action="contests.certificate.revoked",
    )
    holder = certificate.registration.user  # a taker without an account has no bell
    notify(
        recipients=[holder],
        kind=REVOKED_KIND,
        title=_("Your prize certificate %(serial)s is revoked") % {"serial": revoked.serial},
        body=revoked.revoked_reason,
        url=reverse("contests:certificate_verify", args=[revoked.serial]),
        organization_id=revoked.organization_id,
        target=revoked,
    )
    return revoked
