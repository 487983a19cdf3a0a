"""Forms of the signature pages; services do the checking that needs the database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.models import User
from partydesk.core.errors import DomainError
from partydesk.organizations.models import Organization
from partydesk.signatures.models import CertificateKind, RevocationReason

IMAGE_ACCEPT = "image/png,image/jpeg"


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refused action next to the field it concerns, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _read(upload: Any, limit_mb: int) -> bytes:
    if upload.size > limit_mb * 1024 * 1024:
        raise forms.ValidationError(
            _("The file is larger than %(mb)d MB."), params={"mb": limit_mb}, code="too_large"
        )
    return bytes(upload.read())


class PdfUploadForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Signed PDF to check; it is not stored."),
    )

    def clean_file(self) -> bytes:
        data = _read(self.cleaned_data["file"], settings.PARTYDESK_MAX_UPLOAD_MB)
        if not data.lstrip()[:5].startswith(b"%PDF-"):
            raise forms.ValidationError(_("The file is not a PDF."), code="not_pdf")
        return data


class SignatureImageForm(forms.Form):
    image = forms.FileField(
        label=_("Signature image"),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_(
            "PNG (transparent background) or JPEG scan of your handwritten signature in blue "
            "ink, at most 2 MB. A white background is made transparent."
        ),
    )

    def clean_image(self) -> bytes:
        return _read(self.cleaned_data["image"], 2)


class SealImageForm(forms.Form):
    image = forms.FileField(
        label=_("Seal image"),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text=_("PNG or JPEG of the unit's red seal, at most 2 MB."),
    )
    width_mm = forms.DecimalField(
        label=_("Real diameter (mm)"),
        min_value=Decimal("20"),
        max_value=Decimal("60"),
        decimal_places=1,
        initial=Decimal("36"),
        help_text=_("The seal is printed at its real size (Decree 30)."),
    )

    def clean_image(self) -> bytes:
        return _read(self.cleaned_data["image"], 2)


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Certificate for"),
        choices=[
            (CertificateKind.PERSONAL, _("A person (personal signature)")),
            (CertificateKind.ORGANIZATION, _("An organization (its seal)")),
        ],
        widget=forms.RadioSelect,
        initial=CertificateKind.PERSONAL,
    )
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    csr = forms.FileField(
        label=_("Certificate request (optional)"),
        required=False,
        help_text=_(
            "A PKCS#10 request (.csr) made on the signer's USB token: the key then never "
            "leaves the token. Without it, the server makes and keeps the key encrypted."
        ),
    )

    def __init__(
        self,
        *args: Any,
        users: QuerySet[User],
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]

    def clean_csr(self) -> bytes | None:
        upload = self.cleaned_data.get("csr")
        return _read(upload, 1) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == CertificateKind.PERSONAL and not data.get("user"):
            self.add_error("user", _("Choose the person."))
        if data.get("kind") == CertificateKind.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", _("Choose the organization."))
        return data


class ImportForm(IssueForm):
    """A PKCS#12 from an external CA, or a token certificate (key stays on the token)."""

    file = forms.FileField(
        label=_("Certificate file"),
        help_text=_(
            "A .p12/.pfx file with the key, or a .cer/.pem certificate whose key is on a USB token."
        ),
    )
    passphrase = forms.CharField(
        label=_("Passphrase of the .p12 file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["csr"]

    def clean_file(self) -> bytes:
        return _read(self.cleaned_data["file"], 1)


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RevocationReason.choices)


class RenewForm(forms.Form):
    csr = forms.FileField(
        label=_("New certificate request (tokens only)"),
        required=False,
        help_text=_("Needed when the key is on a USB token."),
    )

    def clean_csr(self) -> bytes | None:
        upload = self.cleaned_data.get("csr")
        return _read(upload, 1) if upload else None
