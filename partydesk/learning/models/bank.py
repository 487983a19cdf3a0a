"""The shared question bank: categories (a tree per organization), questions, and their
immutable versions with choices. An attempt will point at a version, never at a question."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partydesk.learning import formats
from partydesk.learning.formats import checks
from partydesk.organizations.models import Organization


class Kind(models.TextChoices):
    SINGLE = formats.SINGLE, _("Single choice")
    MULTIPLE = formats.MULTIPLE, _("Multiple choice")
    TRUE_FALSE = formats.TRUE_FALSE, _("True/false")
    SHORT = formats.SHORT, _("Short answer")
    ESSAY = formats.ESSAY, _("Essay")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Category(models.Model):
    """A folder of questions owned by an organization; when `shared`, the organizations
    below it see it (read only). Children inherit sharing when they are created."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=255)
    sort_key = models.CharField(max_length=1024, editable=False, default="")
    shared = models.BooleanField(_("shared with the organizations below"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"], name="learning_category_unique_name"
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=Q(parent__isnull=True),
                name="learning_category_unique_top_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label an organization puts on questions (a blueprint draws by category and tag)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=64)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="learning_tag_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question of the bank: where it is filed and how hard it is. What it asks lives in
    its versions; `current` is the newest, copied here (text, hash) for search and dedup."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    current = models.ForeignKey(
        "QuestionVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=1024, editable=False, default="", db_index=True)
    content_hash = models.CharField(max_length=64, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_key", "pk"]

    def __str__(self) -> str:
        return self.current.title if self.current is not None else f"#{self.pk}"


class QuestionVersion(models.Model):
    """What a question asked at one time. Never changed once written: editing a question
    writes a new version, so an attempt keeps the question it was given."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    feedback = models.TextField(_("general feedback"), blank=True)
    shuffle = models.BooleanField(_("shuffle the answers"), default=True)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["question_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="learning_version_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.name or checks.plain(self.text)[:80]


class Choice(models.Model):
    """An option of a version (or an accepted short answer), weighted in percent."""

    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("text"))
    weight = models.DecimalField(_("weight (%)"), max_digits=8, decimal_places=5)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="learning_choice_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=-100) & Q(weight__lte=100), name="learning_choice_weight"
            ),
        ]

    def __str__(self) -> str:
        return self.text
