"""Import and export of the bank: a preview that writes nothing, then the import itself,
all or nothing. Unsupported question types are skipped by name; any other problem stops it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.learning.formats import FormatError, Found, Item, aiken, gift, moodle, xlsx
from partydesk.learning.formats.checks import content_hash
from partydesk.learning.formats.text import decode
from partydesk.learning.models import Category, Question
from partydesk.learning.selectors.bank import bank_items, existing_hashes
from partydesk.learning.services.bank import (
    bank_check_manage,
    category_ensure,
    tags_set,
    version_write,
)
from partydesk.organizations.models import Organization

READERS: dict[str, Callable[[bytes], list[Found]]] = {
    "gift": lambda data: gift.read(decode(data)),
    "aiken": lambda data: aiken.read(decode(data)),
    "moodle": moodle.read,
    "xlsx": xlsx.read,
}
WRITERS: dict[str, Callable[[list[Item]], bytes]] = {
    "gift": lambda items: gift.write(items).encode(),
    "moodle": moodle.write,
    "xlsx": xlsx.write,
}


@dataclass
class Preview:
    """What a file holds, question by question; `existing` are indexes of questions the bank
    (or an earlier question of the same file) already holds."""

    found: list[Found]
    existing: set[int] = field(default_factory=set)

    @property
    def errors(self) -> list[Found]:
        return [entry for entry in self.found if entry.problems and not entry.skipped]

    @property
    def skipped(self) -> list[Found]:
        return [entry for entry in self.found if entry.skipped]

    @property
    def ready(self) -> list[int]:
        return [n for n, entry in enumerate(self.found) if entry.ok]


@dataclass(frozen=True)
class Imported:
    created: int
    already_there: int
    skipped: int
    categories: int


def _read(data: bytes, fmt: str) -> list[Found]:
    if fmt not in READERS:
        raise InvalidInput(_("Unknown format “%(f)s”.") % {"f": fmt}, field="format")
    try:
        found = READERS[fmt](data)
    except FormatError as error:
        raise InvalidInput(str(error), field="file") from error
    if not found:
        raise InvalidInput(_("The file holds no question in this format."), field="file")
    return found


def bank_preview(*, actor: Acting, organization: Organization, data: bytes, fmt: str) -> Preview:
    """Read the file and say, per question, what importing it would do. Writes nothing."""
    bank_check_manage(actor, organization)
    preview = Preview(_read(data, fmt))
    hashes = {n: content_hash(preview.found[n].item) for n in preview.ready}  # type: ignore[arg-type]
    held = existing_hashes(organization, hashes.values())
    seen: set[str] = set()
    for n, digest in hashes.items():
        if digest in held or digest in seen:
            preview.existing.add(n)
        seen.add(digest)
    return preview


@transaction.atomic
def bank_import(
    *,
    actor: Acting,
    organization: Organization,
    data: bytes,
    fmt: str,
    skip_existing: bool = True,
    default_category: str = "",
) -> Imported:
    """Import every readable question of the file into the organization's bank, or nothing
    when a question has a problem other than an unsupported type."""
    preview = bank_preview(actor=actor, organization=organization, data=data, fmt=fmt)
    if preview.errors:
        first = preview.errors[0]
        raise InvalidInput(
            _("%(n)s question(s) have problems; nothing was imported. Line %(line)s: %(p)s")
            % {"n": len(preview.errors), "line": first.line, "p": " ".join(first.problems)},
            field="file",
        )
    folders: dict[tuple[str, ...], Category] = {}
    made = 0
    created = 0
    for n in preview.ready:
        if skip_existing and n in preview.existing:
            continue
        item = preview.found[n].item
        assert item is not None
        path = item.category or (default_category or _("Imported questions"),)
        if path not in folders:
            parent: Category | None = None
            for name in path:
                parent, new = category_ensure(organization, name, parent)
                made += new
            assert parent is not None
            folders[path] = parent
        question = Question.objects.create(organization=organization, category=folders[path])
        version_write(question, item, 1, actor.user)
        tags_set(question, item.tags)
        created += 1
    result = Imported(
        created=created,
        already_there=len(preview.existing) if skip_existing else 0,
        skipped=len(preview.skipped),
        categories=made,
    )
    audit_log(
        actor=actor.user,
        action="learning.bank.imported",
        organization_id=organization.pk,
        details={"format": fmt, **result.__dict__},
    )
    return result


def bank_export(*, actor: Acting, organization: Organization, fmt: str) -> bytes:
    """The organization's own questions (current versions) as a file of format `fmt`."""
    bank_check_manage(actor, organization)
    if fmt not in WRITERS:
        raise InvalidInput(_("Unknown format “%(f)s”.") % {"f": fmt}, field="format")
    items = bank_items(organization)
    audit_log(
        actor=actor.user,
        action="learning.bank.exported",
        organization_id=organization.pk,
        details={"format": fmt, "questions": len(items)},
    )
    return WRITERS[fmt](items)
