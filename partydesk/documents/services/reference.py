"""Writes of the reference data administrators keep: document types and abbreviations, who
may issue them, signing forms, secrecy/urgency marks, review chains, and each organization's
documents settings (congresses are the meetings app's, ADR 0024)."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import (
    DocumentSettings,
    ReviewChainStep,
    ReviewStepKind,
)
from partydesk.documents.permissions import can_manage_reference_data
from partydesk.documents.services import records
from partydesk.organizations.models import Organization

INSTALLATION_WIDE = ("documenttype", "signingform", "mark")


def _check(actor: User, scope: Organization, instance: models.Model) -> None:
    grants = records.grants_of(actor)
    if not can_manage_reference_data(grants, scope):
        raise NotAllowed(_("Only an administrator or the office chief changes these settings."))
    wide = instance._meta.model_name in INSTALLATION_WIDE or (
        isinstance(instance, ReviewChainStep) and instance.organization_id is None
    )
    if wide and scope.parent_id is not None:
        raise NotAllowed(
            _(
                "Document types, signing forms, marks and the default review chain are set for "
                "the whole installation, acting for the top organization."
            )
        )
    owner = getattr(instance, "organization", None)
    if owner is not None and not owner.is_within(scope):
        raise NotAllowed(_("This belongs to an organization outside yours."))


@transaction.atomic
def reference_save(*, actor: User, scope: Organization, instance: models.Model) -> models.Model:
    """Save one row of reference data (already validated by its form), audited."""
    _check(actor, scope, instance)
    if isinstance(instance, ReviewChainStep) and instance.kind == ReviewStepKind.APPROVE:
        siblings = ReviewChainStep.objects.filter(
            organization=instance.organization,
            document_type=instance.document_type,
            position__gt=instance.position,
        ).exclude(pk=instance.pk)
        if siblings.exists():
            raise InvalidInput(_("The approval must be the last step of its chain."), field="kind")
    if isinstance(instance, DocumentSettings) and instance.organization_id is None:
        instance.organization = scope
    created = instance.pk is None
    instance.save()
    audit_log(
        actor=actor,
        action=f"documents.{instance._meta.model_name}.{'created' if created else 'changed'}",
        target=instance,
        organization_id=scope.pk,
    )
    return instance


@transaction.atomic
def chain_step_delete(*, actor: User, scope: Organization, step: ReviewChainStep) -> None:
    """Remove a step from a review chain (drafts already in review keep their copied steps)."""
    _check(actor, scope, step)
    audit_log(
        actor=actor,
        action="documents.reviewchainstep.deleted",
        target=step,
        organization_id=scope.pk,
        details={"position": step.position, "role": step.role_id},
    )
    step.delete()
