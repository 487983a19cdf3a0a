"""Forms of exchange: an identifier to assign, a package to upload, a refusal."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydesk.exchange.models import ORGAN_ID_MAX_LENGTH


class OrganIdAssignForm(forms.Form):
    """A new exchange identifier and the day it starts."""

    code = forms.CharField(
        label=_("Exchange identifier (OrganId)"),
        max_length=ORGAN_ID_MAX_LENGTH + 4,
        help_text=_("13 characters, for example 000.00.01.H40."),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["valid_from"].initial = timezone.localdate()


class PackageUploadForm(forms.Form):
    """An .edxml file received by other means (email, a disk, the State axis's web page)."""

    package = forms.FileField(
        label=_("edXML package"),
        help_text=_("An .edxml file (QCVN 102:2016)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".edxml,.xml"}),
    )

    def clean_package(self) -> bytes:
        upload = self.cleaned_data["package"]
        limit = settings.PARTYDESK_EXCHANGE_MAX_PACKAGE_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The package is larger than %(mb)d MB."), params={"mb": limit}, code="too_large"
            )
        return bytes(upload.read())


class RefuseForm(forms.Form):
    """Why an arrival is refused: the sender reads it with status 02."""

    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sender sees it next to the status “Refused”."),
    )


class PeerForm(forms.Form):
    """A peer installation: where it receives, what it serves, the CA it signs under."""

    name = forms.CharField(label=_("Name"), max_length=200)
    base_url = forms.URLField(
        label=_("Base URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_("The peer's address; packages go to its /exchange/inbox/."),
    )
    organ_ids = forms.CharField(
        label=_("Exchange identifiers it serves"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One OrganId per line or separated by commas, for example 000.00.01.H40."),
    )
    ca_certificate = forms.FileField(
        label=_("Trusted CA certificate (PEM)"),
        required=False,
        help_text=_("The peer's root or issuing CA. Leave empty to keep the current one."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pem,.crt,.cer"}),
    )

    def clean_organ_ids(self) -> list[str]:
        text = self.cleaned_data["organ_ids"].replace(",", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def clean_ca_certificate(self) -> bytes | None:
        upload = self.cleaned_data.get("ca_certificate")
        if not upload:
            return None
        if upload.size > 64 * 1024:
            raise forms.ValidationError(_("A CA certificate is a few kilobytes; this file is not."))
        return bytes(upload.read())


class BusinessRequestForm(forms.Form):
    """A recall, update or replacement: the reason every recipient reads, the new version
    (not for a recall) and the clerk's confirmation."""

    replacement = forms.TypedChoiceField(label=_("New version"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Every recipient reads it in the document's history."),
    )
    confirm = forms.BooleanField(label=_("I confirm"), required=True)

    def __init__(
        self,
        *args: object,
        recall: bool,
        candidates: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if recall:
            del self.fields["replacement"]
            self.fields["confirm"].label = _(
                "I confirm: the document is withdrawn from every recipient's register."
            )
        else:
            field = self.fields["replacement"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", _("Choose the released document")), *candidates]
            field.help_text = _("It must have been released to the same recipients.")
            self.fields["confirm"].label = _(
                "I confirm: every recipient is pointed to the new version."
            )
