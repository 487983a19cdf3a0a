"""The rule book for proposing a year's classification from the task record (Quy định
366-QĐ/TW, Hướng dẫn 43-HD/BTCTW; domain-rules §4): dated data, so that a new regulation
is a new row, not a release (ARCHITECTURE rule 15)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.models import StoredFile
from partydesk.organizations.models import Organization


class EvaluationRule(models.Model):
    """Bands, extra conditions and the weights of the proposed score, in force from
    `valid_from` (the rule applied is the one in force at the end of the period)."""

    valid_from = models.DateField(_("in force from"), unique=True)
    excellent_min = models.DecimalField(
        _("excellent from (points)"), max_digits=5, decimal_places=2, default=90
    )
    good_min = models.DecimalField(
        _("good from (points)"), max_digits=5, decimal_places=2, default=70
    )
    completed_min = models.DecimalField(
        _("completed from (points)"), max_digits=5, decimal_places=2, default=50
    )
    excellent_exceeding_min = models.PositiveSmallIntegerField(
        _("excellent: at least this share exceeding requirements (%)"), default=30
    )
    collective_late_max = models.PositiveSmallIntegerField(
        _("completed (collective): at most this share behind schedule (%)"), default=20
    )
    completion_points = models.PositiveSmallIntegerField(
        _("points for completing the work due"), default=50
    )
    timeliness_points = models.PositiveSmallIntegerField(
        _("points for completing it on time"), default=30
    )
    quality_points = models.PositiveSmallIntegerField(
        _("points for work exceeding requirements"), default=20
    )
    excellent_quota = models.PositiveSmallIntegerField(
        _("excellent: at most this share of those rated good in the group (%)"), default=20
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("appeals: working days after the results are published"), default=10
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("evaluation rule")
        verbose_name_plural = _("evaluation rules")

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y} {self.source}"


DEFAULT_VALID_FROM = dt.date(2025, 8, 30)
DEFAULT_SOURCE = "Quy định 366-QĐ/TW (30/8/2025), Hướng dẫn 43-HD/BTCTW (31/10/2025)"


class Klass(models.TextChoices):
    """The four classes of domain-rules §4 (the scoring module's keys)."""

    EXCELLENT = "excellent", _("Excellent (hoàn thành xuất sắc nhiệm vụ)")
    GOOD = "good", _("Good (hoàn thành tốt nhiệm vụ)")
    COMPLETED = "completed", _("Completed (hoàn thành nhiệm vụ)")
    NOT_COMPLETED = "not_completed", _("Not completed (không hoàn thành nhiệm vụ)")


class FormKind(models.TextChoices):
    """The self-assessment form by kind of person (Hướng dẫn 43-HD/BTCTW); also the group
    of similar positions within which the "excellent" quota is counted."""

    LEADER = "2A", _("Form 2A: holds a leading or managing post")
    STAFF = "2B", _("Form 2B: cadre or civil servant without a leading post")
    MEMBER = "2C", _("Form 2C: party member (other)")
    COLLECTIVE = "01", _("Form 01: collective (department, grassroots organization)")


# The individual forms, by kind of person; a collective reports on form 01.
PERSON_FORMS = (FormKind.LEADER, FormKind.STAFF, FormKind.MEMBER)


class EvaluationState(models.TextChoices):
    """The steps of the procedure (transitions.EVALUATION_TRANSITIONS)."""

    PROPOSED = "proposed", _("Proposed from the record")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    ADVISED = "advised", _("Proposed by the advisory body")
    DECIDED = "decided", _("Decided")
    PUBLISHED = "published", _("Published")
    APPEALED = "appealed", _("Appealed")
    ANSWERED = "answered", _("Appeal answered")


# A class is decided in these states: the quota counts them, the results show them.
DECIDED_STATES = frozenset(
    {
        EvaluationState.DECIDED,
        EvaluationState.PUBLISHED,
        EvaluationState.APPEALED,
        EvaluationState.ANSWERED,
    }
)
PUBLISHED_STATES = DECIDED_STATES - {EvaluationState.DECIDED}


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("The decision stands")
    CHANGED = "changed", _("The decision is changed")


class Evaluation(models.Model):
    """One person's, or one collective's (a unit of the agency: `unit`), evaluation for a
    year in an agency: the system's proposal from the record (kept as it was when
    proposed), the self-assessment (a collective's by its head: `self_by`) and the
    decision."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    form_kind = models.CharField(
        pgettext_lazy("evaluation", "form"),
        max_length=2,
        choices=FormKind.choices,
        default=FormKind.STAFF,
    )
    state = models.CharField(
        _("state"),
        max_length=14,
        choices=EvaluationState.choices,
        default=EvaluationState.PROPOSED,
    )
    proposed_score = models.DecimalField(_("proposed score"), max_digits=5, decimal_places=2)
    proposed_class = models.CharField(_("proposed class"), max_length=14, choices=Klass.choices)
    # The counts behind the proposal (on_time, late, overdue, exceeding, below, not_yet_due).
    record = models.JSONField(default=dict, blank=True)
    self_class = models.CharField(
        _("self-assessed class"), max_length=14, choices=Klass.choices, blank=True
    )
    self_text = models.TextField(_("self-assessment"), blank=True)
    self_at = models.DateTimeField(null=True, blank=True)
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Step 3: the advisory body's appraisal and proposal (Hướng dẫn 43-HD/BTCTW).
    advised_score = models.DecimalField(
        _("score proposed by the advisory body"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    advised_class = models.CharField(
        _("class proposed by the advisory body"), max_length=14, choices=Klass.choices, blank=True
    )
    advised_reason = models.TextField(_("appraisal"), blank=True)
    advised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    advised_at = models.DateTimeField(null=True, blank=True)
    decided_score = models.DecimalField(
        _("decided score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    decided_class = models.CharField(
        _("decided class"), max_length=14, choices=Klass.choices, blank=True
    )
    decided_reason = models.TextField(_("reason for the change"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Published to the people concerned; an appeal is possible until `appeal_until`.
    published_at = models.DateTimeField(null=True, blank=True)
    appeal_until = models.DateField(_("appeal until"), null=True, blank=True)
    appeal_reason = models.TextField(_("reason for the appeal"), blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_outcome = models.CharField(
        _("outcome of the appeal"), max_length=8, choices=AppealOutcome.choices, blank=True
    )
    appeal_answer = models.TextField(_("answer to the appeal"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # The form as PDF with its signatures (the person's, the deciding body's), and the step
    # it was signed at: a later step lays the form out anew.
    signed_pdf = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_state = models.CharField(max_length=14, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "year"],
                condition=Q(person__isnull=False),
                name="assignments_evaluation_once",
            ),
            models.UniqueConstraint(
                fields=["organization", "unit", "year"],
                condition=Q(unit__isnull=False),
                name="assignments_evaluation_unit_once",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="assignments_evaluation_person_or_unit",
            ),
            models.CheckConstraint(
                condition=Q(proposed_score__gte=0) & Q(proposed_score__lte=100),
                name="assignments_evaluation_score_range",
            ),
            models.CheckConstraint(
                condition=Q(advised_score__isnull=True)
                | (Q(advised_score__gte=0) & Q(advised_score__lte=100)),
                name="assignments_evaluation_advised_range",
            ),
            models.CheckConstraint(
                condition=Q(decided_score__isnull=True)
                | (Q(decided_score__gte=0) & Q(decided_score__lte=100)),
                name="assignments_evaluation_decided_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "year", "state"], name="assignments_eval_year"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.year}"

    @property
    def is_collective(self) -> bool:
        return self.unit_id is not None

    @property
    def subject(self) -> str:
        """Who is evaluated, in words: the person's full name, or the collective's name with
        its parent's (two cells named "Chi bộ 1" under two committees are told apart)."""
        if self.unit is not None:
            return self.unit.label_with_parent
        return self.person.display_name if self.person is not None else ""
