"""The portal's reads: which pages each organization edits, reader feedback, members' areas."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction, Page

from partydesk.core.http import Acting
from partydesk.organizations.models import Organization
from partydesk.portal.models import (
    FeedbackStatus,
    HomePage,
    MembersPage,
    NewsPage,
    ReaderFeedback,
    SectionPage,
)
from partydesk.portal.permissions import can_moderate_feedback


def portal_top_organization() -> Organization | None:
    """The installation's top organization (the root committee): the home page's owner.

    An installation serves one committee's tree; if it holds several roots the first one (in
    tree order) owns the home page, the others edit only sections recorded as theirs.
    """
    return (
        Organization.objects.filter(parent__isnull=True, valid_to__isnull=True)
        .order_by("path")
        .first()
    )


def portal_pages_by_organization() -> dict[Organization, list[Page]]:
    """Each editing organization with the pages whose subtrees it edits: the top
    organization the home page (so the whole portal), a grassroots organization the sections
    recorded as its own."""
    owned: dict[Organization, list[Page]] = {}
    top = portal_top_organization()
    home = HomePage.objects.order_by("pk").first()
    if top is not None and home is not None:
        owned[top] = [home]
    sections = SectionPage.objects.filter(
        organization__isnull=False, organization__valid_to__isnull=True
    ).select_related("organization")
    for section in sections.order_by("path"):
        owned.setdefault(section.organization, []).append(section)
    return owned


def page_owner_organization(page: Page) -> Organization | None:
    """The organization whose desk edits `page`: the nearest section above (or at) it that
    records an organization, else the top organization (1 query, 2 without a section)."""
    section = (
        SectionPage.objects.filter(path__in=_ancestor_paths(page), organization__isnull=False)
        .select_related("organization")
        .order_by("-depth")
        .first()
    )
    if section is not None:
        return section.organization
    return portal_top_organization()


def _ancestor_paths(page: Page) -> list[str]:
    step = page.steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def members_area_of(page: Page) -> MembersPage | None:
    """The members' area that holds `page` (itself included), or None: one query."""
    return (
        MembersPage.objects.filter(path__in=_ancestor_paths(page))
        .select_related("organization")
        .order_by("depth")
        .first()
    )


def page_is_public(page: Page) -> bool:
    """Live, with no view restriction on it or above it, outside every members' area: a page
    that reads the same for every anonymous visitor, so the page cache may keep it."""
    return (
        bool(page.live)
        and not page.get_view_restrictions().exists()
        and (members_area_of(page) is None)
    )


def feedback_page_get(pk: int) -> NewsPage:
    """A live, public article that takes feedback; anything else is a 404."""
    page = NewsPage.objects.live().public().filter(pk=pk).first()
    if page is None or members_area_of(page) is not None:
        raise Http404("no such article")
    return page


def feedback_published_on(page: Page) -> QuerySet[ReaderFeedback]:
    """What readers see under an article: approved feedback, oldest first."""
    return ReaderFeedback.objects.filter(page=page, status=FeedbackStatus.APPROVED).order_by(
        "received_at", "pk"
    )


def _moderated_organizations(actor: Acting) -> list[int]:
    holding = Organization.objects.filter(
        pk__in=ReaderFeedback.objects.values("organization_id").distinct()
    )
    return [org.pk for org in holding if can_moderate_feedback(actor, org)]


def feedback_list_for(actor: Acting, *, status: str) -> QuerySet[ReaderFeedback]:
    """The feedback that `actor` moderates (their desks' pages), in one status."""
    return (
        ReaderFeedback.objects.filter(
            organization_id__in=_moderated_organizations(actor), status=status
        )
        .select_related("page", "organization", "moderated_by")
        .order_by("-received_at", "-pk")
    )


def feedback_get_for(actor: Acting, pk: int) -> ReaderFeedback:
    """One message `actor` moderates; another desk's is a 404."""
    feedback = (
        ReaderFeedback.objects.filter(pk=pk)
        .select_related("page", "organization", "moderated_by")
        .first()
    )
    if feedback is None or not can_moderate_feedback(actor, feedback.organization):
        raise Http404("no such feedback")
    return feedback


def feedback_pending_count_for(actor: Acting) -> int:
    return feedback_list_for(actor, status=FeedbackStatus.PENDING).count()


def collection_is_members_only(collection: Collection) -> bool:
    """Whether the collection, or one above it, is restricted to logged-in users, which the
    portal reads as "Party members" (its files follow the members' area's rule)."""
    return CollectionViewRestriction.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True),
        restriction_type=BaseViewRestriction.LOGIN,
    ).exists()
