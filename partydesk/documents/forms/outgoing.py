"""Forms of outgoing documents: the draft, new versions, review, signing, issue, release."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.accounts.models import User
from partydesk.documents.congresses import CongressRef, congresses_open_for
from partydesk.documents.forms.fields import MultipleFileField, TypeChoiceField
from partydesk.documents.forms.incoming import DATE, PersonMultipleField
from partydesk.documents.models import (
    Document,
    DocumentSystem,
    DocumentType,
    Secrecy,
    SigningForm,
    Urgency,
)
from partydesk.documents.services.outgoing import DraftFields
from partydesk.organizations.forms.picker import (
    OrganizationPickerField,
    RecipientGroupField,
    recipients_with_groups,
)
from partydesk.organizations.models import Organization
from partydesk.organizations.selectors import recipient_group_list_for

BODY_HELP = _(
    "Plain text. Leave an empty line between paragraphs. It is laid out in the Party format "
    "(header, number, place and date, signature block, recipients) when saved."
)


class DraftForm(forms.Form):
    """A new outgoing document: its metadata and either text or an uploaded file."""

    document_type = TypeChoiceField(
        label=pgettext_lazy("document", "Type"),
        queryset=DocumentType.objects.none(),
        empty_label=_("Choose…"),
    )
    subject = forms.CharField(
        label=_("Subject (trích yếu)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=BODY_HELP,
    )
    upload = MultipleFileField(label=_("Or upload the draft (DOCX or PDF)"), required=False)
    secrecy = forms.TypedChoiceField(
        label=_("Secrecy"), choices=Secrecy.choices, coerce=int, initial=Secrecy.NONE
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    signer = forms.ModelChoiceField(label=_("Signer"), queryset=User.objects.none())
    signing_form = forms.ModelChoiceField(
        label=_("Signing form"),
        queryset=SigningForm.objects.none(),
        required=False,
        empty_label=_("Signs directly"),
    )
    signing_collective = forms.CharField(
        label=_("On behalf of"),
        max_length=100,
        required=False,
        help_text=_("After T/M, K/T or T/L, e.g. BAN THƯỜNG VỤ."),
    )
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100, required=False)
    recipients_text = forms.CharField(
        label=_("Recipients (Nơi nhận)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, as printed. “Lưu Văn phòng” is added."),
    )
    release_to = OrganizationPickerField(
        label=_("Release to organizations in partydesk"),
        required=False,
        help_text=_("They receive it in their incoming queue when it is released."),
    )
    release_groups = RecipientGroupField(label=_("…and whole groups"))
    in_reply_to = forms.ModelChoiceField(
        label=_("In reply to"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("None (not a reply)"),
        help_text=_("An incoming document it answers: its handling is completed on release."),
    )
    due_date = forms.DateField(label=_("Reply due"), required=False, widget=DATE)
    place_name = forms.CharField(label=_("Place"), max_length=100, required=False)
    joint_with = forms.CharField(label=_("Joint issuers"), max_length=300, required=False)
    drafting_unit_code = forms.CharField(
        label=_("Drafting unit code"), max_length=20, required=False
    )
    congress = forms.TypedChoiceField(
        label=_("Congress document"), coerce=int, empty_value=None, required=False
    )
    description = forms.CharField(label=_("Note"), max_length=500, required=False)
    readers = PersonMultipleField(
        label=_("People named on it"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a classified document, only the people named here can see it."),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        system: str,
        signers: dict[User, str],
        people: Any,
        targets: Any,
        types: Any,
        max_secrecy: int = 0,
        answerable: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        reply_field = self.fields["in_reply_to"]
        if answerable is not None:
            reply_field.queryset = answerable  # type: ignore[attr-defined]
        reply_field.label_from_instance = document_label  # type: ignore[attr-defined]
        self.fields["upload"].widget.attrs["accept"] = ".pdf,.docx"
        self.fields["document_type"].queryset = types  # type: ignore[attr-defined]
        signer_field = self.fields["signer"]
        signable = User.objects.filter(pk__in=[u.pk for u in signers]).select_related("person")
        signer_field.queryset = signable  # type: ignore[attr-defined]
        roles = {u.pk: role for u, role in signers.items()}
        signer_field.label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.display_name} — {roles[u.pk]}" if roles.get(u.pk) else u.display_name
        )
        self.fields["signing_form"].queryset = SigningForm.objects.filter(system=system)  # type: ignore[attr-defined]
        self.organization = organization
        self.targets = targets
        self.fields["release_to"].offer(targets)  # type: ignore[attr-defined]
        self.fields["release_groups"].queryset = recipient_group_list_for(organization)  # type: ignore[attr-defined]
        self.fields["readers"].queryset = people  # type: ignore[attr-defined]
        # The congresses are the meetings app's (ADR 0024), read through documents' book.
        self.congresses: dict[int, CongressRef] = {
            c.pk: c for c in congresses_open_for(organization.pk, timezone.localdate())
        }
        self.fields["congress"].choices = [  # type: ignore[attr-defined]
            ("", _("No")),
            *((c.pk, c.name) for c in self.congresses.values()),
        ]
        self.fields["secrecy"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Secrecy.choices if value <= max_secrecy
        ]
        self.fields["place_name"].initial = organization.place_name
        if system == DocumentSystem.PARTY:
            del self.fields["drafting_unit_code"]

    def to_fields(self) -> DraftFields:
        data = self.cleaned_data
        return DraftFields(
            document_type=data["document_type"],
            subject=data["subject"],
            secrecy=data["secrecy"],
            urgency=data["urgency"],
            signer=data["signer"],
            signing_form=data.get("signing_form"),
            signing_collective=data.get("signing_collective") or "",
            signer_position=data.get("signer_position") or "",
            recipients_text=data.get("recipients_text") or "",
            release_to=recipients_with_groups(
                data.get("release_to") or [],
                data.get("release_groups") or [],
                issuer=self.organization,
                allowed=self.targets,
            ),
            due_date=data.get("due_date"),
            place_name=data.get("place_name") or "",
            joint_with=data.get("joint_with") or "",
            drafting_unit_code=data.get("drafting_unit_code") or "",
            congress=self.congresses.get(data["congress"]) if data.get("congress") else None,
            description=data.get("description") or "",
            readers=list(data.get("readers") or []),
            in_reply_to=data.get("in_reply_to"),
        )


def document_label(document: Document) -> str:
    """“77-CV/TU — Về công tác tổ chức” (arrival number when it has no symbol)."""
    head = document.symbol or f"#{document.register_number or document.pk}"
    return f"{head} — {document.subject}"


def reply_opening(document: Document) -> str:
    """The first words of a reply as the Party writes them: “Thực hiện Công văn số 77-CV/TU
    ngày 03/4/2026 của Tỉnh ủy về …,”."""
    parts = [f"Thực hiện {document.document_type.name} số {document.symbol}"]
    if document.issued_date:
        parts.append(f"ngày {document.issued_date:%d/%m/%Y}")
    if document.organ_name:
        parts.append(f"của {document.organ_name}")
    subject = document.subject.strip().rstrip(".")
    if subject:
        parts.append(subject[0].lower() + subject[1:] if subject[:2] == "Về" else subject)
    return " ".join(parts) + ","


class VersionForm(forms.Form):
    """A revised draft: new text, or a new file."""

    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=BODY_HELP,
    )
    upload = MultipleFileField(label=_("Or upload a file (DOCX or PDF)"), required=False)
    note = forms.CharField(label=_("What changed"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["upload"].widget.attrs["accept"] = ".pdf,.docx"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("return", _("Return for revision")),
            ("comment", _("Comment only")),
        ],
        widget=forms.RadioSelect,
        # No decision is pre-selected: a reviewer who sends the form chose one.
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the draft: say what to change."),
    )


class ConfirmForm(forms.Form):
    """A step confirmed by its button alone (submit, withdraw, archive)."""


class PublishForm(forms.Form):
    """Publish on the portal (the button sends published=1) or withdraw (published empty)."""

    published = forms.BooleanField(required=False)


class SignForm(forms.Form):
    """The signer proves it is them again with a second-factor code (step-up): a session
    left open on a desk must not be enough to sign."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=32,
        help_text=_("The 6-digit code your app shows now, or one of your recovery codes."),
        error_messages={
            "required": _("Enter the code your authenticator app shows now: signing asks for it.")
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class IssueForm(forms.Form):
    issued_date = forms.DateField(label=_("Date of the document"), widget=DATE)


class ReleaseForm(forms.Form):
    organizations = OrganizationPickerField(label=_("Release to"), required=False)
    groups = RecipientGroupField(label=_("…and whole groups"))

    def __init__(self, *args: Any, issuer: Organization, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.issuer, self.targets = issuer, targets
        self.fields["organizations"].offer(targets)  # type: ignore[attr-defined]
        self.fields["groups"].queryset = recipient_group_list_for(issuer)  # type: ignore[attr-defined]

    def recipients(self) -> list[Organization]:
        """The organizations ticked and the members of the groups ticked, each once."""
        data = self.cleaned_data
        return recipients_with_groups(
            data.get("organizations") or [],
            data.get("groups") or [],
            issuer=self.issuer,
            allowed=self.targets,
        )


class ReadersForm(forms.Form):
    users = PersonMultipleField(
        label=_("Name more people"),
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["users"].queryset = people  # type: ignore[attr-defined]
