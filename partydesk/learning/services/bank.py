"""Writes to the question bank: categories, questions and their versions. Each service
checks the actor's capability on the owning organization and leaves an audit event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.text import fold, vn_sort_key
from partydesk.learning.formats import Item
from partydesk.learning.formats.checks import clean_item, content_hash, plain, problems_of
from partydesk.learning.models import Category, Choice, Difficulty, Question, QuestionVersion, Tag
from partydesk.learning.permissions import BANK_MANAGE
from partydesk.learning.selectors.bank import category_subtree_ids
from partydesk.organizations.models import Organization


def bank_check_manage(actor: Acting, organization: Organization) -> None:
    """Refuse unless the actor manages this organization's bank."""
    if not actor.can(BANK_MANAGE, on=organization):
        raise NotAllowed(_("Only those who manage the question bank may change it."))


def category_name_clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or "/" in cleaned or len(cleaned) > 255:
        raise InvalidInput(_("A category name is 1 to 255 characters, without “/”."), field="name")
    return cleaned


def category_ensure(
    organization: Organization, name: str, parent: Category | None
) -> tuple[Category, bool]:
    """The organization's category `name` under `parent`, created if missing (no check,
    no audit: for callers that have done both)."""
    name = category_name_clean(name)
    found = Category.objects.filter(organization=organization, parent=parent, name=name).first()
    if found is not None:
        return found, False
    shared = parent.shared if parent is not None else False
    row = Category.objects.create(
        organization=organization,
        parent=parent,
        name=name,
        sort_key=vn_sort_key(name),
        shared=shared,
    )
    return row, True


@transaction.atomic
def category_create(
    *, actor: Acting, organization: Organization, name: str, parent: Category | None = None
) -> Category:
    """A new category of the organization's bank (under `parent`, which must be its own)."""
    bank_check_manage(actor, organization)
    if parent is not None and parent.organization_id != organization.pk:
        raise NotAllowed(_("A category goes under one of the organization's own categories."))
    row, created = category_ensure(organization, name, parent)
    if not created:
        raise InvalidInput(_("This category already exists here."), field="name")
    audit_log(
        actor=actor.user,
        action="learning.category.created",
        target=row,
        organization_id=organization.pk,
    )
    return row


@transaction.atomic
def category_share(*, actor: Acting, category: Category, shared: bool) -> int:
    """Share a category and everything under it with the organizations below (or stop);
    returns how many categories changed."""
    organization = category.organization
    bank_check_manage(actor, organization)
    ids = category_subtree_ids(category)
    changed = Category.objects.filter(pk__in=ids).exclude(shared=shared).update(shared=shared)
    audit_log(
        actor=actor.user,
        action="learning.category.shared",
        target=category,
        organization_id=organization.pk,
        details={"shared": shared, "categories": len(ids)},
    )
    return changed


def _checked(item: Item) -> Item:
    item = clean_item(item)
    problems = problems_of(item)
    if problems:
        raise InvalidInput(" ".join(problems))
    return item


def _version_row(question: Question, item: Item, number: int, user: Any) -> QuestionVersion:
    return QuestionVersion(
        question=question,
        number=number,
        kind=item.kind,
        name=item.name,
        text=item.text,
        feedback=item.feedback,
        shuffle=item.shuffle,
        content_hash=content_hash(item),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def _choice_rows(version: QuestionVersion, item: Item) -> list[Choice]:
    return [
        Choice(version=version, position=n, text=a.text, weight=a.weight, feedback=a.feedback)
        for n, a in enumerate(item.answers)
    ]


def _make_current(question: Question, version: QuestionVersion, item: Item) -> None:
    question.current = version
    question.content_hash = version.content_hash
    words = plain(item.text)
    question.search_text = fold(f"{item.name} {words}")
    question.sort_key = vn_sort_key(words[:200])


CURRENT_FIELDS = ["current", "content_hash", "search_text", "sort_key"]


def version_write(question: Question, item: Item, number: int, user: Any) -> QuestionVersion:
    """Write version `number` of the question and make it current (item already checked)."""
    version = _version_row(question, item, number, user)
    version.save()
    Choice.objects.bulk_create(_choice_rows(version, item))
    _make_current(question, version, item)
    question.save(update_fields=CURRENT_FIELDS)
    return version


@transaction.atomic
def questions_bulk_create(
    *, actor: Acting, rows: Sequence[tuple[Category, Item, int]]
) -> list[Question]:
    """Many new questions (category, item, difficulty) of one organization's own categories
    in a few statements whatever their number (a seeded bank, a large import), one audit
    event for all. Every item is checked first; one problem refuses them all. No tags."""
    if not rows:
        return []
    organization = rows[0][0].organization
    bank_check_manage(actor, organization)
    if any(c.organization_id != organization.pk for c, _i, _d in rows):
        raise NotAllowed(_("Questions go into the organization's own categories."))
    items = [_checked(item) for _c, item, _d in rows]
    questions = [Question(organization=organization, category=c, difficulty=d) for c, _i, d in rows]
    versions = [
        _version_row(q, item, 1, actor.user) for q, item in zip(questions, items, strict=True)
    ]
    for question, version, item in zip(questions, versions, items, strict=True):
        _make_current(question, version, item)  # the search fields; `current` follows
        question.current = None
    Question.objects.bulk_create(questions, batch_size=500)
    for question, version in zip(questions, versions, strict=True):
        version.question = question
    QuestionVersion.objects.bulk_create(versions, batch_size=500)
    Choice.objects.bulk_create(
        (c for v, item in zip(versions, items, strict=True) for c in _choice_rows(v, item)),
        batch_size=1000,
    )
    first = QuestionVersion.objects.filter(question=OuterRef("pk"), number=1).values("pk")[:1]
    Question.objects.filter(pk__in=[q.pk for q in questions]).update(current=Subquery(first))
    audit_log(
        actor=actor.user,
        action="learning.question.created",
        organization_id=organization.pk,
        details={"questions": len(questions), "bulk": True},
    )
    return questions


def _tag_names(names: Sequence[str]) -> list[str]:
    return sorted({" ".join(n.split())[:64] for n in names if n.strip()})


def tags_set(question: Question, names: Sequence[str]) -> None:
    """Give the question exactly these tags (created in its organization as needed)."""
    tags = []
    for name in _tag_names(names):
        tag, _created = Tag.objects.get_or_create(
            organization_id=question.organization_id, name=name
        )
        tags.append(tag)
    question.tags.set(tags)


@transaction.atomic
def question_create(
    *,
    actor: Acting,
    category: Category,
    item: Item,
    difficulty: int = Difficulty.MEDIUM,
    tags: Sequence[str] = (),
) -> Question:
    """A new question (version 1) in one of the organization's own categories."""
    bank_check_manage(actor, category.organization)
    item = _checked(item)
    question = Question.objects.create(
        organization=category.organization, category=category, difficulty=difficulty
    )
    version_write(question, item, 1, actor.user)
    tags_set(question, tags)
    audit_log(
        actor=actor.user,
        action="learning.question.created",
        target=question,
        organization_id=category.organization_id,
    )
    return question


@transaction.atomic
def question_edit(
    *,
    actor: Acting,
    question: Question,
    item: Item,
    difficulty: int | None = None,
    tags: Sequence[str] | None = None,
) -> QuestionVersion:
    """Change a question. What it asks becomes a new version (earlier versions, and the
    attempts on them, stay as they were); its difficulty and tags change in place."""
    bank_check_manage(actor, question.category.organization)
    item = _checked(item)
    if difficulty is not None and difficulty not in Difficulty.values:
        raise InvalidInput(_("Choose a difficulty from the list."), field="difficulty")
    locked = Question.objects.select_for_update().get(pk=question.pk)
    current = locked.current
    same = current is not None and (current.content_hash, current.name, current.shuffle) == (
        content_hash(item),
        item.name,
        item.shuffle,
    )
    old_tags = sorted(locked.tags.values_list("name", flat=True))
    new_tags = old_tags if tags is None else _tag_names(tags)
    new_difficulty = locked.difficulty if difficulty is None else difficulty
    if same and (new_tags, new_difficulty) == (old_tags, locked.difficulty):
        raise InvalidInput(_("Nothing changed: the question stays at its current version."))
    if not same or current is None:
        number = locked.versions.order_by("-number").values_list("number", flat=True).first()
        current = version_write(locked, item, (number or 0) + 1, actor.user)
    if new_difficulty != locked.difficulty:
        locked.difficulty = new_difficulty
        locked.save(update_fields=["difficulty"])
    if new_tags != old_tags:
        tags_set(locked, new_tags)
    audit_log(
        actor=actor.user,
        action="learning.question.edited",
        target=locked,
        organization_id=locked.organization_id,
        details={"version": current.number, "difficulty": new_difficulty, "tags": new_tags},
    )
    return current
