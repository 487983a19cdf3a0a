"""Forms for the organization tree: create, restructure, terms and positions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.organizations import selectors
from partydesk.organizations.forms.fields import (
    OrganizationCodeField,
    date_field,
    not_future,
)
from partydesk.organizations.models import (
    CommitteeTerm,
    Organization,
    OrganizationKind,
    Person,
    PositionTitle,
)
from partydesk.organizations.services import NewOrganization, SplitPart
from partydesk.organizations.services.history import ENDED_STATUSES, active_people

SPLIT_PARTS = 3


class ScopedForm(forms.Form):
    """A form whose organization-code fields resolve inside the user's scope."""

    def __init__(self, *args: Any, scope: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        for field in self.fields.values():
            if isinstance(field, OrganizationCodeField):
                if field.widget.installation_wide:  # type: ignore[attr-defined]
                    field.resolver = selectors.organization_transfer_target
                else:
                    field.resolver = self._in_scope

    def _in_scope(self, code: str) -> Organization | None:
        return selectors.organization_get_by_code_for(self.scope, code)


def _effective_on() -> forms.DateField:
    return date_field(
        _("Effective on"),
        today=True,
        validators=[not_future],
        help_text=_(
            "The day the decision takes effect. The old structure stays visible before it."
        ),
    )


def _decision() -> forms.CharField:
    return forms.CharField(
        label=_("Decision"),
        max_length=200,
        required=False,
        help_text=_("Number and date of the decision, e.g. 125-QĐ/ĐUK, 02/03/2026."),
    )


class OrganizationCreateForm(ScopedForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    abbreviation = forms.CharField(
        label=_("Issuer abbreviation"),
        max_length=30,
        help_text=_("Used in document symbols, e.g. ĐUK, ĐU, CB."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    code = forms.SlugField(
        label=_("Code"),
        max_length=64,
        help_text=_("A short unique code (letters, digits, hyphens), used in imports."),
    )
    place_name = forms.CharField(
        label=_("Place name"),
        max_length=100,
        required=False,
        help_text=_("For the place/date line; empty: the same as the organization above."),
    )
    valid_from = date_field(_("Valid from"), today=True)


class RenameForm(ScopedForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    abbreviation = forms.CharField(label=_("Issuer abbreviation"), max_length=30)
    effective_on = _effective_on()
    decision = _decision()


class MoveForm(ScopedForm):
    new_parent = OrganizationCodeField(label=_("New parent organization"))
    effective_on = _effective_on()
    decision = _decision()


class MergeForm(ScopedForm):
    MODE_INTO = "into"
    MODE_NEW = "new"

    partners = forms.ModelMultipleChoiceField(
        label=_("Merge together with"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other units at the same level that take part in the merger."),
    )
    mode = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (MODE_NEW, _("A new organization")),
            (MODE_INTO, _("An existing organization absorbs them")),
        ],
        initial=MODE_NEW,
        widget=forms.RadioSelect,
    )
    into = OrganizationCodeField(label=_("Existing organization"), required=False)
    new_name = forms.CharField(
        label=_("Name of the new organization"), max_length=255, required=False
    )
    new_short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    new_abbreviation = forms.CharField(
        label=_("Issuer abbreviation"), max_length=30, required=False
    )
    new_kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *OrganizationKind.choices], required=False
    )
    new_code = forms.SlugField(label=_("Code"), max_length=64, required=False)
    carry_members = forms.BooleanField(
        label=_("Move the members to the result"), required=False, initial=True
    )
    carry_open_work = forms.BooleanField(
        label=_("Hand open work (documents, assignments) to the result"),
        required=False,
        initial=True,
    )
    numbering_from = forms.ChoiceField(
        label=_("Document numbering"),
        required=False,
        help_text=_("The result can continue the numbering of one merged organization."),
    )
    effective_on = _effective_on()
    decision = _decision()

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        siblings: QuerySet[Organization] = selectors.organization_list_for(
            self.scope, parent_id=organization.parent_id
        ).exclude(pk=organization.pk)
        self.fields["partners"].queryset = siblings  # type: ignore[attr-defined]
        self.fields["numbering_from"].choices = [  # type: ignore[attr-defined]
            ("", _("Start new numbering")),
            (str(organization.pk), organization.name),
            *((str(o.pk), o.name) for o in siblings),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == self.MODE_INTO:
            target = data.get("into")
            if target is None:
                self.add_error("into", _("Choose the organization that absorbs them."))
            elif target.pk == self.organization.pk or target in data.get("partners", []):
                self.add_error("into", _("Choose an organization that is not being merged."))
        else:
            for name in ("new_name", "new_abbreviation", "new_kind", "new_code"):
                if not data.get(name):
                    self.add_error(name, _("Needed for the new organization."))
            if not data.get("partners"):
                self.add_error("partners", _("Choose at least one other unit to merge with."))
        numbering = data.get("numbering_from")
        members = {str(self.organization.pk), *(str(o.pk) for o in data.get("partners", []))}
        if numbering and numbering not in members:
            self.add_error("numbering_from", _("Choose one of the merged organizations."))
        return data

    def sources(self) -> list[Organization]:
        return [self.organization, *self.cleaned_data.get("partners", [])]

    def new_organization(self) -> NewOrganization | None:
        data = self.cleaned_data
        if data["mode"] != self.MODE_NEW:
            return None
        return NewOrganization(
            code=data["new_code"],
            name=data["new_name"],
            short_name=data["new_short_name"],
            abbreviation=data["new_abbreviation"],
            kind=data["new_kind"],
        )

    def numbering_source(self) -> Organization | None:
        chosen = self.cleaned_data.get("numbering_from")
        return next((o for o in self.sources() if str(o.pk) == chosen), None)


class SplitForm(ScopedForm):
    keep_source = forms.BooleanField(
        label=_("The original organization continues"),
        required=False,
        help_text=_("Tick for a partial split: whoever is not assigned stays in it."),
    )
    numbering_part = forms.ChoiceField(label=_("Continues the document numbering"), required=False)
    open_work_part = forms.ChoiceField(label=_("Takes over the open work"), required=False)
    effective_on = _effective_on()
    decision = _decision()

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        part_choices: list[tuple[str, Any]] = [
            (str(i), _("Part %(n)s") % {"n": i}) for i in range(1, SPLIT_PARTS + 1)
        ]
        for i in range(1, SPLIT_PARTS + 1):
            required = i <= 1
            self.fields[f"part{i}_name"] = forms.CharField(
                label=_("Name"), max_length=255, required=required
            )
            self.fields[f"part{i}_short_name"] = forms.CharField(
                label=_("Short name"), max_length=100, required=False
            )
            self.fields[f"part{i}_abbreviation"] = forms.CharField(
                label=_("Issuer abbreviation"), max_length=30, required=False
            )
            self.fields[f"part{i}_kind"] = forms.ChoiceField(
                label=_("Kind"),
                choices=[("", "—"), *OrganizationKind.choices],
                required=False,
                initial=organization.kind,
            )
            self.fields[f"part{i}_code"] = forms.SlugField(
                label=_("Code"), max_length=64, required=False
            )
        none: list[tuple[str, Any]] = [("", _("None"))]
        self.fields["numbering_part"].choices = none + part_choices  # type: ignore[attr-defined]
        self.fields["open_work_part"].choices = none + part_choices  # type: ignore[attr-defined]
        stay: list[tuple[str, Any]] = [("", _("Stays / not assigned"))]
        self.people = list(active_people(organization).order_by("sort_key", "id"))
        self.units = list(selectors.organization_list_for(self.scope, parent_id=organization.pk))
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=stay + part_choices, required=False
            )
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.ChoiceField(
                label=unit.name, choices=stay + part_choices, required=False
            )

    def part_fields(self) -> list[list[forms.BoundField]]:
        names = ("name", "short_name", "abbreviation", "kind", "code")
        return [[self[f"part{i}_{n}"] for n in names] for i in range(1, SPLIT_PARTS + 1)]

    def person_fields(self) -> list[forms.BoundField]:
        return [self[f"person_{p.pk}"] for p in self.people]

    def unit_fields(self) -> list[forms.BoundField]:
        return [self[f"unit_{u.pk}"] for u in self.units]

    def _filled(self) -> list[int]:
        return [i for i in range(1, SPLIT_PARTS + 1) if self.cleaned_data.get(f"part{i}_name")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = self._filled()
        for i in filled:
            for name in ("abbreviation", "kind", "code"):
                if not data.get(f"part{i}_{name}"):
                    self.add_error(f"part{i}_{name}", _("Needed for this part."))
        if len(filled) < (1 if data.get("keep_source") else 2):
            self.add_error(
                None,
                _("Describe at least two new organizations (one if the original continues)."),
            )
        for key in ("numbering_part", "open_work_part"):
            if data.get(key) and int(data[key]) not in filled:
                self.add_error(key, _("This part is not described."))
        for name, value in data.items():
            if name.startswith(("person_", "unit_")) and value and int(value) not in filled:
                self.add_error(name, _("This part is not described."))
        return data

    def parts(self) -> list[SplitPart]:
        data = self.cleaned_data
        result = []
        for i in self._filled():
            result.append(
                SplitPart(
                    new=NewOrganization(
                        code=data[f"part{i}_code"],
                        name=data[f"part{i}_name"],
                        short_name=data[f"part{i}_short_name"],
                        abbreviation=data[f"part{i}_abbreviation"],
                        kind=data[f"part{i}_kind"],
                    ),
                    people=[p.pk for p in self.people if data.get(f"person_{p.pk}") == str(i)],
                    children=[u.pk for u in self.units if data.get(f"unit_{u.pk}") == str(i)],
                    carry_open_work=data.get("open_work_part") == str(i),
                    carry_numbering=data.get("numbering_part") == str(i),
                )
            )
        return result


class DissolveForm(ScopedForm):
    members_to = OrganizationCodeField(
        label=_("Move its remaining people to"),
        required=False,
        help_text=_("Leave empty if nobody is active there any more."),
    )
    effective_on = _effective_on()
    decision = _decision()


class TermForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. 2025–2030"))
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"), required=False)


class TermEndForm(forms.Form):
    ends_on = date_field(_("Ends on"), today=True)


class PositionForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    title = forms.ChoiceField(label=_("Position"), choices=PositionTitle.choices)
    title_other = forms.CharField(
        label=_("Other position"),
        max_length=100,
        required=False,
        help_text=_("Only when the position is “Other”."),
    )
    term = forms.ModelChoiceField(
        label=_("Committee term"), queryset=CommitteeTerm.objects.none(), required=False
    )
    starts_on = date_field(_("Starts on"), today=True)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.person_list_for(  # type: ignore[attr-defined]
            organization
        ).exclude(membership__status__in=ENDED_STATUSES)
        self.fields["term"].queryset = selectors.term_list(organization)  # type: ignore[attr-defined]
        current = selectors.term_on(organization, self.fields["starts_on"].initial())  # type: ignore[operator]
        if current is not None:
            self.fields["term"].initial = current.pk


class PositionEndForm(forms.Form):
    ends_on = date_field(_("Ends on"), today=True)
