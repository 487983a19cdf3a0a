"""The organization tree (dated): organizations, their past revisions, restructurings and
committee terms."""

from __future__ import annotations

import datetime as dt

from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.models import TimeStampedModel
from partydesk.core.text import fold

PATH_STEP = 6  # each level of Organization.path is a zero-padded 6-digit id segment + "."


def path_prefix_q(prefix: str, lookup: str = "path") -> Q:
    """Rows whose materialized path (`lookup`) starts with `prefix`: a subtree.

    PostgreSQL serves LIKE 'prefix%' from the varchar_pattern_ops index. SQLite's LIKE is
    case-insensitive and cannot use an index, so there the same set is also given as a binary
    range: every extension of "...000042." sorts below "...000042/" ('.' < '/')."""
    q = Q(**{f"{lookup}__startswith": prefix})
    if connection.vendor == "sqlite" and prefix.endswith("."):
        q &= Q(**{f"{lookup}__gte": prefix, f"{lookup}__lt": prefix[:-1] + "/"})
    return q


class OrganizationKind(models.TextChoices):
    UPPER_COMMITTEE = "upper_committee", _("Upper Party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")
    PARTIAL_COMMITTEE = "partial_committee", _("Partial Party committee")
    SUBORDINATE_CELL = "subordinate_cell", _("Subordinate Party cell")
    DEPARTMENT = "department", _("Department of the committee")


# Kinds whose names repeat from one committee to the next ("Chi bộ Văn phòng" under a dozen
# grassroots committees, "Văn phòng Đảng ủy" in each): wherever one is offered as a choice or
# listed among others, it is named with its parent (Organization.label).
NAMED_WITH_PARENT = frozenset(
    {
        OrganizationKind.SUBORDINATE_CELL,
        OrganizationKind.PARTIAL_COMMITTEE,
        OrganizationKind.DEPARTMENT,
    }
)


class Organization(TimeStampedModel):
    """A Party organization or a department of a committee, as it stands today.

    `path` is the materialized path of ids from the root ("000001.000042."), so a subtree
    is one indexed prefix query. Past structure is kept in OrganizationRevision.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    # fold(name + " " + short_name): diacritic-insensitive search, kept in sync by the services.
    search_name = models.CharField(max_length=360, editable=False, default="", db_index=True)
    # vn_sort_key(name): Vietnamese alphabetical order on both databases, kept by the services.
    sort_key = models.CharField(max_length=1024, editable=False, default="", db_index=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    abbreviation = models.CharField(
        _("issuer abbreviation"),
        max_length=30,
        help_text=_("Used in document symbols, e.g. ĐUK, ĐU, CB."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    place_name = models.CharField(
        _("place name"), max_length=100, blank=True, help_text=_("For the place/date line.")
    )
    valid_from = models.DateField(_("valid from"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            models.Index(fields=["path"], name="org_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "name"], name="org_parent_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="org_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name to show among others: "Chi bộ Phòng Pháp chế (ĐB Sở Y tế)". Lists load
        `parent` with the organization (select_related) so that this costs no query."""
        return self._with_parent(self.name)

    @property
    def short_label(self) -> str:
        """The short name, with the parent where names repeat: "CB Phòng Pháp chế (ĐB Sở Y tế)"."""
        return self._with_parent(self.short_name or self.name)

    @property
    def label_with_parent(self) -> str:
        """The name with its parent whatever the kind, for lists that gather units of
        several committees, where any name may repeat ("Chi bộ 1 (Đảng bộ Sở Y tế)")."""
        return self._with_parent(self.name, always=True)

    def _with_parent(self, name: str, *, always: bool = False) -> str:
        if (self.kind not in NAMED_WITH_PARENT and not always) or self.parent_id is None:
            return name
        parent = self.parent
        assert parent is not None
        return f"{name} ({parent.short_name or parent.name})"

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= dt.date.today()

    @staticmethod
    def fold_names(name: str, short_name: str) -> str:
        """The value of search_name for these names."""
        return fold(f"{name} {short_name}")

    def is_within(self, other: Organization) -> bool:
        """True if this organization is `other` or below it."""
        return self.path.startswith(other.path)


class OrganizationRevision(models.Model):
    """What an organization was called and where it hung over one stretch of time."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="revisions"
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    abbreviation = models.CharField(_("issuer abbreviation"), max_length=30)
    parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"], name="orgrev_valid_idx"),
            # Children of one node on a date: the lazy tree browser for past structure.
            models.Index(fields=["parent", "valid_from"], name="orgrev_parent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(valid_to__isnull=True),
                name="orgrev_one_open_per_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to or ''})"


class RestructuringKind(models.TextChoices):
    CREATE = "create", pgettext_lazy("restructuring", "Created")
    RENAME = "rename", _("Renamed")
    MOVE = "move", _("Moved")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolved")


class Restructuring(models.Model):
    """One restructuring decision: which organizations it ended and which it started."""

    kind = models.CharField(_("kind"), max_length=16, choices=RestructuringKind.choices)
    effective_on = models.DateField(_("effective on"))
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    sources = models.ManyToManyField(Organization, related_name="restructurings_out", blank=True)
    targets = models.ManyToManyField(Organization, related_name="restructurings_in", blank=True)
    details = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("restructuring")
        verbose_name_plural = _("restructurings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"


class CommitteeTerm(models.Model):
    """A committee term (nhiệm kỳ); Party document numbering runs per term."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="terms", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. 2025–2030"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "-starts_on"]
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        constraints = [
            models.UniqueConstraint(fields=["organization", "starts_on"], name="term_unique_start"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
