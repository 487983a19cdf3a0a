"""The tree picker: organizations (and people) as an indented, searchable list of checkboxes
or radio buttons, each organization named with its parent. Server-rendered; a small script
filters it as one types (diacritics ignored) and works without it. Other apps reuse it:
`OrganizationPickerField` for organizations, or `TreePicker` with their own `PickerNode`s."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language

from partydesk.organizations.models import Organization, RecipientGroup
from partydesk.organizations.selectors.pickers import (
    PickerNode,
    organization_picker_nodes,
    recipient_group_members,
)


class TreePicker(forms.Widget):
    """Checkboxes (multiple) or radio buttons (single) over a list of PickerNode."""

    template_name = "organizations/widgets/tree_picker.html"
    use_fieldset = True

    def __init__(self, *, multiple: bool = True, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs)
        self.multiple = multiple
        self.nodes: list[PickerNode] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if value is None or value == "":
            chosen: set[str] = set()
        elif isinstance(value, list | tuple | set):
            chosen = {str(v) for v in value}
        else:
            chosen = {str(value)}
        context["widget"]["multiple"] = self.multiple
        context["widget"]["nodes"] = [
            {"node": node, "checked": node.value in chosen} for node in self.nodes
        ]
        return context

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        if self.multiple:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        # An unticked checkbox list sends nothing: that is a choice, not an omission.
        return False if self.multiple else name not in data

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-q" if id_ else id_


class OrganizationPickerField(forms.ModelMultipleChoiceField):
    """Several organizations, chosen from the tree picker; `offer()` sets what may be chosen."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Organization.objects.none())
        kwargs.setdefault("widget", TreePicker(multiple=True))
        super().__init__(**kwargs)

    def offer(self, organizations: QuerySet[Organization]) -> None:
        self.queryset = organizations
        self.widget.nodes = organization_picker_nodes(organizations)  # type: ignore[attr-defined]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Iterable) and not isinstance(value, str | bytes):
            return [v.pk if isinstance(v, Organization) else v for v in value]
        return value.pk if isinstance(value, Organization) else value


class RecipientGroupField(forms.ModelMultipleChoiceField):
    """Recipient groups as checkboxes, named in the reader's language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", RecipientGroup.objects.none())
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label(get_language() or "vi"))


def recipients_with_groups(
    organizations: Iterable[Organization],
    groups: Iterable[RecipientGroup],
    *,
    issuer: Organization,
    allowed: QuerySet[Organization],
) -> list[Organization]:
    """The organizations ticked one by one plus the members of the groups ticked, each once,
    in tree order; a group never reaches past what the picker itself offers (`allowed`)."""
    chosen = {org.pk: org for org in organizations}
    for group in groups:
        members = recipient_group_members(group=group, issuer=issuer).filter(
            pk__in=allowed.values("pk")
        )
        for org in members:
            chosen.setdefault(org.pk, org)
    return sorted(chosen.values(), key=lambda o: o.path)
