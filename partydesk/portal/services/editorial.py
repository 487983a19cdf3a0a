"""Portal roles come from the office's scoped roles (ADR 0022, "Editorial roles").

Each organization that edits part of the portal has an editorial desk: a Wagtail group of
editors (add and change pages, then submit them), a group of approvers (also publish,
schedule, lock) and a workflow whose one group-approval task goes to those approvers.
Group memberships are derived from role grants, never edited by hand: `portal_editors_sync`
sets one user's, `portal_desks_sync` every desk's.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.permissions import capabilities_on
from partydesk.accounts.selectors import grant_list_current, users_with
from partydesk.core.audit import audit_log
from partydesk.organizations.models import Organization
from partydesk.portal.models import EditorialDesk
from partydesk.portal.selectors import portal_pages_by_organization

EDIT = "portal.edit"
APPROVE = "portal.approve"
# Editors cannot publish: without "publish" Wagtail offers them "Submit for moderation".
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# Both may pick and upload the pictures and files their pages show.
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def _name(label: str, organization: Organization) -> str:
    return f"{label}: {organization.name} (#{organization.pk})"[:150]


def _page_permissions(codenames: Iterable[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )


def _grant_on_pages(group: Group, pages: list[Page], codenames: tuple[str, ...]) -> None:
    """Exactly these permissions on exactly these pages (a section given to another
    organization leaves its old desk)."""
    permissions = _page_permissions(codenames)
    GroupPagePermission.objects.filter(group=group).exclude(
        page__in=pages, permission__in=permissions
    ).delete()
    for page in pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    root = Collection.get_first_root_node()
    for app_label, codename in MEDIA_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def _desk_create(organization: Organization) -> EditorialDesk:
    editors = Group.objects.create(name=_name(_("Portal editors"), organization))
    approvers = Group.objects.create(name=_name(_("Portal approvers"), organization))
    workflow = Workflow.objects.create(name=_name(_("Portal approval"), organization))
    task = GroupApprovalTask.objects.create(name=_name(_("Approval by the head"), organization))
    task.groups.set([approvers])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return EditorialDesk.objects.create(
        organization=organization, editors=editors, approvers=approvers, workflow=workflow
    )


@transaction.atomic
def portal_desks_ensure() -> list[EditorialDesk]:
    """A desk for every organization that edits pages, with its page permissions and its
    workflow on those pages (from `portal_sync_editors`, after a section changes owner).
    Members are `portal_desks_sync`'s."""
    desks: list[EditorialDesk] = []
    with translation.override(settings.LANGUAGE_CODE):
        for organization, pages in portal_pages_by_organization().items():
            desk = EditorialDesk.objects.filter(organization=organization).first()
            created = desk is None
            if desk is None:
                desk = _desk_create(organization)
            _grant_on_pages(desk.editors, pages, EDITOR_PAGE_PERMISSIONS)
            _grant_on_pages(desk.approvers, pages, APPROVER_PAGE_PERMISSIONS)
            WorkflowPage.objects.filter(workflow=desk.workflow).exclude(page__in=pages).delete()
            for page in pages:
                WorkflowPage.objects.update_or_create(
                    page=page, defaults={"workflow": desk.workflow}
                )
            if created:
                audit_log(
                    actor=None,
                    action="portal.desk.created",
                    target=desk,
                    organization_id=organization.pk,
                    details={"pages": [page.pk for page in pages]},
                )
            desks.append(desk)
    # A desk whose organization no longer owns a page keeps its groups but loses its rights.
    for idle in EditorialDesk.objects.exclude(pk__in=[desk.pk for desk in desks]):
        GroupPagePermission.objects.filter(group__in=[idle.editors, idle.approvers]).delete()
        WorkflowPage.objects.filter(workflow=idle.workflow).delete()
    return desks


@transaction.atomic
def portal_desks_sync() -> int:
    """Every desk's groups hold exactly the active users whose grants give portal.edit
    (editors) or portal.approve (approvers) on its organization. Returns the changes."""
    changes = 0
    for desk in EditorialDesk.objects.select_related("organization", "editors", "approvers"):
        for group, capability in ((desk.editors, EDIT), (desk.approvers, APPROVE)):
            wanted = {
                user.pk
                for user in users_with(capability=capability, organization=desk.organization)
            }
            current = set(group.user_set.values_list("pk", flat=True))
            if wanted == current:
                continue
            group.user_set.add(*(wanted - current))
            group.user_set.remove(*(current - wanted))
            changes += len(wanted ^ current)
            audit_log(
                actor=None,
                action="portal.desk.members_synced",
                target=desk,
                organization_id=desk.organization_id,
                details={
                    "group": group.name,
                    "added": sorted(wanted - current),
                    "removed": sorted(current - wanted),
                },
            )
    return changes


@transaction.atomic
def portal_editors_sync(*, user: User, grants: list[RoleGrant] | None = None) -> bool:
    """The user's desk memberships follow their current grants (called on every request
    to the CMS admin, before Wagtail checks a permission). Returns whether any changed."""
    if grants is None:
        grants = grant_list_current(user)
    if not user.is_active:
        grants = []
    managed: set[int] = set()
    wanted: set[int] = set()
    for desk in EditorialDesk.objects.select_related("organization"):
        managed |= {desk.editors_id, desk.approvers_id}
        capabilities = capabilities_on(grants, desk.organization)
        if EDIT in capabilities:
            wanted.add(desk.editors_id)
        if APPROVE in capabilities:
            wanted.add(desk.approvers_id)
    current = set(user.groups.filter(pk__in=managed).values_list("pk", flat=True))
    if current == wanted:
        return False
    user.groups.add(*(wanted - current))
    user.groups.remove(*(current - wanted))
    audit_log(
        actor=user,
        action="portal.editor.groups_synced",
        target=user,
        details={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
    )
    return True


def portal_editors_sync_by_id(user_id: int) -> None:
    """After a grant was given or taken back (accounts calls this once it has committed): the
    person's desks follow at once, not at their next visit to the admin, so approvers'
    notifications reach a new approver from the start."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        portal_editors_sync(user=user)
