"""Form fields shared by the documents forms: multiple file upload, people and units."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.models import User
from partydesk.core.text import fold
from partydesk.documents.services.files import Upload
from partydesk.documents.services.incoming import Assignee
from partydesk.organizations.forms.picker import TreePicker
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors import PickerNode, organization_picker_nodes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (scanned pages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


def uploads_from(files: Iterable[UploadedFile]) -> list[Upload]:
    return [Upload(name=f.name or "file", data=f.read()) for f in files]


class TypeChoiceField(forms.ModelChoiceField):
    """Document types named in the reader's language (Vietnamese names are the legal ones)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label(get_language() or "vi"))


def people_nodes(
    people: Iterable[User], *, prefix: str = "", section: str = ""
) -> list[PickerNode]:
    """People as tree-picker choices (a flat list, searchable by name and login)."""
    nodes = []
    for user in people:
        name = user.display_name
        nodes.append(
            PickerNode(
                value=f"{prefix}{user.pk}",
                label=name,
                context="",
                depth=0,
                search=fold(f"{name} {user.username}"),
                section=section,
            )
        )
    return nodes


def assignee_nodes(units: Iterable[Organization], people: Iterable[User]) -> list[PickerNode]:
    """Units as a tree, then people: a lead or a handler may be either."""
    return [
        *organization_picker_nodes(units, prefix="o:", section=str(_("Units"))),
        *people_nodes(people, prefix="u:", section=str(_("Individuals"))),
    ]


def assignee_options(
    units: Iterable[Organization], people: Iterable[User]
) -> tuple[dict[str, Assignee], list[Any]]:
    """Choices grouped as units ("o:12") and people ("u:7"), and what each value stands for."""
    lookup: dict[str, Assignee] = {}
    units_opts = []
    for unit in units:
        lookup[f"o:{unit.pk}"] = Assignee(organization=unit)
        units_opts.append((f"o:{unit.pk}", unit.name))
    people_opts = []
    for user in people:
        lookup[f"u:{user.pk}"] = Assignee(user=user)
        people_opts.append((f"u:{user.pk}", user.display_name))
    groups: list[Any] = []
    if units_opts:
        groups.append((_("Units"), units_opts))
    if people_opts:
        groups.append((_("Individuals"), people_opts))
    return lookup, groups


class AssigneeChoiceField(forms.ChoiceField):
    """A unit or a person of the document's organization."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lookup: dict[str, Assignee] = {}
        kwargs.setdefault("widget", TreePicker(multiple=False))
        super().__init__(*args, **kwargs)

    def set_options(self, units: Iterable[Organization], people: Iterable[User]) -> None:
        units, people = list(units), list(people)
        self.lookup, groups = assignee_options(units, people)
        self.choices = [("", _("Choose…")), *groups]
        self.widget.nodes = assignee_nodes(units, people)  # type: ignore[attr-defined]

    def to_assignee(self, value: str) -> Assignee | None:
        return self.lookup.get(value) if value else None


class AssigneeMultipleField(forms.MultipleChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lookup: dict[str, Assignee] = {}
        kwargs.setdefault("widget", TreePicker(multiple=True))
        super().__init__(*args, **kwargs)

    def set_options(self, units: Iterable[Organization], people: Iterable[User]) -> None:
        units, people = list(units), list(people)
        self.lookup, self.choices = assignee_options(units, people)
        self.widget.nodes = assignee_nodes(units, people)  # type: ignore[attr-defined]

    def to_assignees(self, values: Iterable[str]) -> list[Assignee]:
        return [self.lookup[v] for v in values if v in self.lookup]
