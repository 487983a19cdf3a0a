"""Logins, two-factor secrets, API tokens, and roles granted on organization subtrees."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydesk.organizations.models import Organization, Person


class Clearance(models.IntegerChoices):
    """Secrecy clearance; a user sees classified material up to this level."""

    NONE = 0, _("No clearance")
    SECRET = 1, _("Secret (Mật)")
    TOP_SECRET = 2, _("Top secret (Tối mật)")
    ABSOLUTE_SECRET = 3, _("Absolute secret (Tuyệt mật)")


class User(AbstractUser):
    """A login. Linked to the Person it belongs to; acts for one organization at a time."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )
    clearance = models.PositiveSmallIntegerField(
        _("secrecy clearance"), choices=Clearance.choices, default=Clearance.NONE
    )
    acting_organization = models.ForeignKey(
        Organization,
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    failed_login_count = models.PositiveSmallIntegerField(_("failed logins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(_("two-factor enabled at"), null=True, blank=True)
    # The last TOTP time step accepted: a code of that step or an earlier one is a replay.
    totp_last_step = models.BigIntegerField(default=0)
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="user_email_unique"
            )
        ]

    def __str__(self) -> str:
        if self.person_id is not None:
            return f"{self.display_name} ({self.username})"
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name shown for this user: the linked person's full name, else the account's
        first and last name, else the login. Reads `person`: lists select_related it."""
        person = self.person if self.person_id is not None else None
        full_name = person.full_name if person is not None else ""
        return full_name or self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The account's own name in Vietnamese order, family name first ("Nguyễn Thị
        Hoa"): `last_name` holds the family and middle names, `first_name` the given name
        (services.users.account_names). Django's own puts the given name first."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def has_two_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    @property
    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator app (stored hashed)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class ApiToken(models.Model):
    """A bearer token for scripts; acts as its user, scoped exactly as the UI is."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="partydesk_api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The token is "pd_<prefix>_<secret>"; only the prefix (to find the row) and the
    # SHA-256 of the whole token are stored, so a database leak does not leak tokens.
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Role(models.Model):
    """A named bundle of capabilities, e.g. clerk or secretary (data, editable by admins)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    # The apps' default capabilities this role has been given once (see services/roles.py):
    # a default added later reaches the role, one an administrator took away stays away.
    defaults_offered = models.JSONField(default=list, blank=True, editable=False)
    requires_two_factor = models.BooleanField(
        _("requires two-factor login"),
        default=False,
        help_text=_("Set for roles that approve or sign."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class RoleGrant(models.Model):
    """A role held by a user on an organization and everything below it."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user")
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="grants", verbose_name=_("role")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("organization"),
    )
    valid_from = models.DateField(_("valid from"), default=dt.date.today)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["organization__path", "role__name"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="grant_unique_per_scope"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="grant_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} @ {self.organization}"

    def is_current(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
