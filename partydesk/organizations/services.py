"""Every write to organizations and people. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.text import fold
from partydesk.organizations.models import (
    PATH_STEP,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    Person,
    Restructuring,
    RestructuringKind,
)


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    name: str,
    abbreviation: str,
    kind: str,
    code: str,
    parent: Organization | None = None,
    short_name: str = "",
    place_name: str = "",
    valid_from: dt.date | None = None,
) -> Organization:
    """Create an organization under `parent` (or a root) and open its first revision."""
    if kind not in OrganizationKind.values:
        raise InvalidInput(_("Unknown kind of organization."), field="kind")
    if parent is not None and parent.valid_to is not None:
        raise InvalidInput(_("An ended organization cannot receive new units."), field="parent")
    starts = valid_from or dt.date.today()
    org = Organization.objects.create(
        code=code,
        name=name,
        short_name=short_name,
        abbreviation=abbreviation,
        kind=kind,
        parent=parent,
        place_name=place_name or (parent.place_name if parent else ""),
        valid_from=starts,
    )
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    OrganizationRevision.objects.create(
        organization=org,
        name=name,
        short_name=short_name,
        abbreviation=abbreviation,
        parent=parent,
        valid_from=starts,
    )
    event = Restructuring.objects.create(kind=RestructuringKind.CREATE, effective_on=starts)
    event.targets.add(org)
    audit_log(
        actor=actor,
        action="organizations.organization.created",
        target=org,
        organization_id=org.pk,
        details={"name": name, "parent": parent.pk if parent else None},
    )
    return org


@transaction.atomic
def person_create(
    *,
    actor: Any,
    organization: Organization,
    full_name: str,
    birth_date: dt.date | None = None,
    gender: str = "",
    citizen_id: str | None = None,
    phone: str = "",
    email: str = "",
    workplace: str = "",
) -> Person:
    """Register a person in an organization; the citizen ID must be unique."""
    name = " ".join(full_name.split())
    if not name:
        raise InvalidInput(_("Enter the full name."), field="full_name")
    if citizen_id and Person.objects.filter(citizen_id=citizen_id).exists():
        raise InvalidInput(_("A person with this citizen ID already exists."), field="citizen_id")
    person = Person(
        organization=organization,
        full_name=name,
        search_name=fold(name),
        birth_date=birth_date,
        gender=gender,
        citizen_id=citizen_id or None,
        phone=phone,
        email=email,
        workplace=workplace,
    )
    try:
        person.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from exc
    person.save()
    audit_log(
        actor=actor,
        action="organizations.person.created",
        target=person,
        organization_id=organization.pk,
    )
    return person
