"""Assigning exchange identifiers (OrganId) to organizations, as dated data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.exchange.models import ORGAN_ID_PATTERN, OrganId
from partydesk.exchange.permissions import MANAGE_IDS
from partydesk.organizations.models import Organization


def organ_id_clean(code: str) -> str:
    """The identifier as stored: no spaces, upper case; refused unless it has the shape of
    ddd.dd.dd.Ldd (for example 000.00.01.H40)."""
    cleaned = "".join(code.split()).upper()
    if not ORGAN_ID_PATTERN.match(cleaned):
        raise InvalidInput(
            _(
                "“%(code)s” is not an exchange identifier: it has 13 characters shaped like "
                "000.00.01.H40 (three digits, two, two, then a letter and two digits)."
            )
            % {"code": code.strip()},
            field="code",
        )
    return cleaned


def _check_allowed(actor: Acting, organizations: Sequence[Organization]) -> None:
    if not all(actor.can(MANAGE_IDS, on=organization) for organization in organizations):
        raise NotAllowed(_("Only an administrator assigns exchange identifiers."))


def _overlapping(valid_from: dt.date) -> Q:
    return Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)


def _check_free(code: str, organization: Organization, valid_from: dt.date) -> None:
    holder = (
        OrganId.objects.filter(_overlapping(valid_from), code=code)
        .exclude(organization=organization)
        .select_related("organization")
        .first()
    )
    if holder is not None:
        raise InvalidInput(
            _("%(code)s already identifies %(organization)s from %(date)s.")
            % {
                "code": code,
                "organization": holder.organization.name,
                "date": holder.valid_from.strftime("%d/%m/%Y"),
            },
            field="code",
        )


@transaction.atomic
def organ_id_assign(
    *, actor: Acting, organization: Organization, code: str, valid_from: dt.date
) -> OrganId:
    """Give an organization its exchange identifier from `valid_from`; the one it had ends
    the day before. Identifiers are only appended: history is never rewritten."""
    _check_allowed(actor, [organization])
    code = organ_id_clean(code)
    if organization.valid_to is not None and valid_from > organization.valid_to:
        raise InvalidInput(
            _("The organization ended on %(date)s; it takes no identifier after that.")
            % {"date": organization.valid_to.strftime("%d/%m/%Y")},
            field="valid_from",
        )
    mine = list(
        OrganId.objects.select_for_update()
        .filter(_overlapping(valid_from), organization=organization)
        .order_by("valid_from")
    )
    current = next((row for row in mine if row.valid_to is None), None)
    if current is not None and current.code == code:
        raise InvalidInput(_("The organization already has this identifier."), field="code")
    if any(row.valid_from >= valid_from for row in mine) or len(mine) > (current is not None):
        raise InvalidInput(
            _("Identifiers are dated forward: start the new one after %(date)s.")
            % {"date": max(row.valid_from for row in mine).strftime("%d/%m/%Y")},
            field="valid_from",
        )
    _check_free(code, organization, valid_from)
    if current is not None:
        current.valid_to = valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_to"])
    row = OrganId.objects.create(
        organization=organization, code=code, valid_from=valid_from, assigned_by=actor.user
    )
    audit_log(
        actor=actor.user,
        action="exchange.organ_id.assigned",
        target=organization,
        organization_id=organization.pk,
        details={
            "code": code,
            "valid_from": valid_from.isoformat(),
            "previous": current.code if current is not None else "",
        },
    )
    return row


@transaction.atomic
def organ_id_bulk_assign(
    *,
    actor: Acting,
    assignments: Sequence[tuple[Organization, str]],
    valid_from: dt.date,
) -> list[OrganId]:
    """Identifiers for organizations that have none yet (a new installation, the demo): one
    insert and one audit event for the batch. Refuses a code used twice or already held."""
    _check_allowed(actor, [organization for organization, _code in assignments])
    codes = [organ_id_clean(code) for _org, code in assignments]
    if len(set(codes)) != len(codes):
        raise InvalidInput(_("The same identifier is given twice."), field="code")
    org_ids = [org.pk for org, _code in assignments]
    taken = set(
        OrganId.objects.filter(
            Q(organization_id__in=org_ids) | Q(code__in=codes), _overlapping(valid_from)
        ).values_list("code", flat=True)
    )
    if taken:
        raise InvalidInput(
            _("Already in use: %(codes)s.") % {"codes": ", ".join(sorted(taken))}, field="code"
        )
    rows = OrganId.objects.bulk_create(
        OrganId(organization=org, code=code, valid_from=valid_from, assigned_by=actor.user)
        for (org, _code), code in zip(assignments, codes, strict=True)
    )
    audit_log(
        actor=actor.user,
        action="exchange.organ_id.bulk_assigned",
        details={"count": len(rows), "valid_from": valid_from.isoformat()},
    )
    return rows
