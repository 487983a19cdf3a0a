"""Reads of the question bank for an organization: its own categories and those its
ancestors share down to it. Anything else is not found (404), so ids do not leak."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from partydesk.core.text import fold
from partydesk.learning.formats import Answer, Item
from partydesk.learning.models import Category, Choice, Question, QuestionVersion
from partydesk.organizations.models import Organization


def _ancestor_paths(organization: Organization) -> list[str]:
    parts = organization.path.split(".")[:-1]
    return [".".join(parts[: n + 1]) + "." for n in range(len(parts) - 1)]


def _visible(scope: Organization, prefix: str = "") -> Q:
    return Q(**{f"{prefix}organization": scope}) | Q(
        **{f"{prefix}shared": True, f"{prefix}organization__path__in": _ancestor_paths(scope)}
    )


def categories_for(scope: Organization) -> list[Category]:
    """The categories the scope sees, each with `depth`, in tree order (Vietnamese order
    among siblings); shared ones from above come after the scope's own."""
    rows = list(Category.objects.filter(_visible(scope)).select_related("organization"))
    children: dict[int | None, list[Category]] = {}
    ids = {row.pk for row in rows}
    for row in rows:
        parent = row.parent_id if row.parent_id in ids else None
        children.setdefault(parent, []).append(row)
    ordered: list[Category] = []

    def walk(parent: int | None, depth: int) -> None:
        siblings = children.get(parent, [])
        for row in sorted(siblings, key=lambda c: (c.organization_id != scope.pk, c.sort_key)):
            row.depth = depth  # type: ignore[attr-defined]
            ordered.append(row)
            walk(row.pk, depth + 1)

    walk(None, 0)
    return ordered


def category_get_for(scope: Organization, pk: int) -> Category:
    """A category the scope sees, else 404."""
    found = Category.objects.filter(_visible(scope), pk=pk).first()
    if found is None:
        raise Http404("category not found")
    return found


def question_list_for(
    scope: Organization, *, query: str = "", category: Category | None = None
) -> QuerySet[Question]:
    """Questions the scope sees, in Vietnamese order of their text, searched without
    diacritics; within one category (and its subcategories) when given."""
    rows = Question.objects.filter(_visible(scope, "category__")).select_related(
        "current", "category"
    )
    if category is not None:
        rows = rows.filter(category__in=category_subtree_ids(category))
    for word in fold(query).split():
        rows = rows.filter(search_text__contains=word)
    return rows.order_by("sort_key", "pk")


def category_subtree_ids(category: Category) -> list[int]:
    """The category and every category below it."""
    found, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        found.extend(frontier)
    return found


def question_get_for(scope: Organization, pk: int) -> Question:
    """A question the scope sees, with its versions (newest first) and their choices."""
    versions = QuestionVersion.objects.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position"))
    ).select_related("created_by", "statistic")
    found = (
        Question.objects.filter(_visible(scope, "category__"), pk=pk)
        .select_related("category", "current")
        .prefetch_related(Prefetch("versions", queryset=versions), "tags")
        .first()
    )
    if found is None:
        raise Http404("question not found")
    return found


def existing_hashes(organization: Organization, hashes: Iterable[str]) -> set[str]:
    """Which of these content hashes the organization's bank already holds."""
    wanted = list(set(hashes))
    rows = Question.objects.filter(organization=organization, content_hash__in=wanted)
    return set(rows.values_list("content_hash", flat=True))


def category_path(category: Category, names: dict[int, Category]) -> tuple[str, ...]:
    """Names from the top category down to this one."""
    path: list[str] = []
    node: Category | None = category
    while node is not None:
        path.insert(0, node.name)
        node = names.get(node.parent_id) if node.parent_id else None
    return tuple(path)


def version_item(
    version: QuestionVersion, category: tuple[str, ...] = (), tags: tuple[str, ...] = ()
) -> Item:
    """A version as the formats carry it."""
    answers = tuple(Answer(c.text, c.weight, c.feedback) for c in version.choices.all())
    return Item(
        version.kind,
        version.text,
        answers,
        version.name,
        version.feedback,
        category,
        shuffle=version.shuffle,
        tags=tags,
    )


def bank_items(organization: Organization) -> list[Item]:
    """The current version of every question the organization owns, by category."""
    names = {c.pk: c for c in Category.objects.filter(organization=organization)}
    rows = (
        Question.objects.filter(organization=organization)
        .select_related("current")
        .prefetch_related(
            Prefetch("current__choices", queryset=Choice.objects.order_by("position")), "tags"
        )
        .order_by("category_id", "pk")
    )
    return [
        version_item(
            row.current,
            category_path(names[row.category_id], names),
            tuple(sorted(tag.name for tag in row.tags.all())),
        )
        for row in rows
        if row.current is not None
    ]


def versions_for_marking(ids: Iterable[int]) -> dict[int, tuple[str, list[tuple[str, Any]]]]:
    """For callers that mark answers elsewhere (contests): each version's kind and its
    options (text, weight %) by position, in two queries."""
    wanted = sorted(set(ids))
    kinds = dict(QuestionVersion.objects.filter(pk__in=wanted).values_list("pk", "kind"))
    options: dict[int, list[tuple[str, Any]]] = {pk: [] for pk in kinds}
    rows = Choice.objects.filter(version_id__in=wanted).order_by("version_id", "position")
    for version_id, text, weight in rows.values_list("version_id", "text", "weight"):
        options[version_id].append((text, weight))
    return {pk: (kind, options[pk]) for pk, kind in kinds.items()}
