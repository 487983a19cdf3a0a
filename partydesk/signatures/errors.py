"""Errors of the signatures app, declared once; each message says what to do next."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partydesk.core.errors import DomainError, InvalidInput


class SigningError(DomainError):
    """A PDF could not be signed (no certificate, no second factor, bad key, bad PDF)."""

    default_message = _("The document could not be signed.")


class CertificateError(DomainError):
    """A certificate could not be issued, imported, renewed or revoked."""

    default_message = _("The certificate operation could not be completed.")


class AuthorityNotReady(CertificateError):
    """The installation's certification authority is missing or its key cannot be opened."""

    default_message = _(
        "The certification authority is not set up yet: an operator must run "
        "`python manage.py ca_init` first."
    )


class PdfInputError(InvalidInput):
    """The uploaded file is not a PDF we can read (wrong type, too large, broken, encrypted)."""

    default_message = _("The file is not a readable PDF.")


class ImageInputError(InvalidInput):
    """An uploaded signature or seal image is not usable."""

    default_message = _("The image cannot be used.")
