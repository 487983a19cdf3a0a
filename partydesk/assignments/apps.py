from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.capabilities import Capability


class AssignmentsConfig(AppConfig):
    name = "partydesk.assignments"
    label = "assignments"
    verbose_name = _("Work management")
    capabilities = {
        "assignments.view": Capability(
            _("See the work given in the organization and its units"),
            roles=("admin", "secretary", "department_head", "office_chief"),
        ),
        "assignments.assign": Capability(
            _("Give work and break it down"),
            roles=("secretary", "department_head", "office_chief"),
        ),
        # The advisory body's step of the year's evaluation (Hướng dẫn 43-HD/BTCTW): the
        # office appraises and proposes, the competent body (assignments.assign) decides.
        "assignments.advise": Capability(
            _("Appraise the year's evaluations and propose the class (advisory body)"),
            roles=("office_chief",),
        ),
    }

    def ready(self) -> None:
        from partydesk.assignments import (
            indicators,  # noqa: F401  (transformation figures)
            panels,
        )
        from partydesk.assignments.selectors import handling
        from partydesk.assignments.services import keeper
        from partydesk.assignments.services.common import ASSIGNED, DUE_SOON, OVERDUE, UPDATED
        from partydesk.assignments.services.evaluation_common import EVALUATION
        from partydesk.core import dashboard, navigation
        from partydesk.core.services.notifications import notification_kind_register
        from partydesk.documents import hooks
        from partydesk.documents.keeper import AssignmentKeeper, assignment_keeper_register

        assignment_keeper_register(
            AssignmentKeeper(
                create=keeper.handling_assignment_create,
                change=keeper.handling_assignment_change,
                of_documents=handling.handling_assignments_of,
                get=handling.handling_assignment_get,
                open_for=handling.handling_assignments_open_for,
                document_ids=handling.handling_document_ids,
            )
        )
        hooks.detail_panel_register(panels.document_panels)
        dashboard.register(panels.work_panels)
        dashboard.register_figures(panels.work_figures)
        notification_kind_register(ASSIGNED, _("Work given to you"))
        notification_kind_register(UPDATED, _("Work you follow changed"))
        notification_kind_register(DUE_SOON, _("Work due soon"))
        notification_kind_register(OVERDUE, _("Overdue work"))
        notification_kind_register(EVALUATION, _("Your evaluation and those you decide"))
        navigation.register(
            navigation.MenuEntry(
                _("My assignments"),
                "assignments:mine",
                "work",
                "check",
                order=20,
                current=("assignments:*",),
            ),
            navigation.MenuEntry(
                _("The year's record"),
                "assignments:records",
                "work",
                "chart",
                order=21,
                current=("assignments:records", "assignments:record"),
            ),
            navigation.MenuEntry(
                _("Evaluations"),
                "assignments:evaluations",
                "work",
                "chart",
                order=22,
                current=(
                    "assignments:evaluations",
                    "assignments:evaluation",
                    "assignments:evaluation_self",
                    "assignments:evaluation_advise",
                    "assignments:evaluation_decide",
                    "assignments:evaluation_appeal",
                    "assignments:evaluation_answer",
                    "assignments:evaluation_pdf",
                    "assignments:evaluation_sign",
                ),
            ),
            navigation.MenuEntry(
                pgettext_lazy("assignments", "Timeline"),
                "assignments:timeline",
                "work",
                "calendar",
                order=23,
                current=("assignments:timeline", "assignments:calendar"),
            ),
        )
        _audit_sentences()


def _audit_sentences() -> None:
    from partydesk.core import audit_sentences as say

    for action, sentence in (
        ("created", _("%(actor)s gave the assignment %(target)s")),
        ("started", _("%(actor)s started the assignment %(target)s")),
        ("reopened", _("%(actor)s reopened the assignment %(target)s")),
        ("completed", _("%(actor)s reported the assignment %(target)s done")),
        ("cancelled", _("%(actor)s withdrew the assignment %(target)s")),
        ("accepted", _("%(actor)s accepted the assignment %(target)s with a quality mark")),
        ("returned", _("%(actor)s returned the assignment %(target)s for more work")),
        ("progress", _("%(actor)s reported progress on the assignment %(target)s")),
        ("extension_requested", _("%(actor)s asked for more time on the assignment %(target)s")),
        ("extension_approved", _("%(actor)s granted more time on the assignment %(target)s")),
        ("extension_refused", _("%(actor)s refused more time on the assignment %(target)s")),
        ("reminder_due_soon", _("A reminder went out: the assignment %(target)s is due soon")),
        ("reminder_due_today", _("A reminder went out: the assignment %(target)s is due today")),
        ("reminder_overdue", _("The assignment %(target)s is overdue")),
        ("reminder_escalated", _("The overdue assignment %(target)s was taken up a level")),
    ):
        say.register(f"assignments.assignment.{action}", sentence)
    for action, sentence in (
        ("proposed", _("%(actor)s proposed the evaluation %(target)s from the record")),
        ("reproposed", _("%(actor)s brought the proposed evaluation %(target)s up to date")),
        ("self_assessed", _("%(actor)s self-assessed in the evaluation %(target)s")),
        ("advised", _("%(actor)s proposed a class for the evaluation %(target)s (advisory)")),
        ("decided", _("%(actor)s decided the evaluation %(target)s")),
        ("published", _("%(actor)s published the result of the evaluation %(target)s")),
        ("appealed", _("%(actor)s appealed the evaluation %(target)s")),
        ("answered", _("%(actor)s answered the appeal on the evaluation %(target)s")),
        ("signed", _("%(actor)s signed the form of the evaluation %(target)s")),
    ):
        say.register(f"assignments.evaluation.{action}", sentence)
    say.register(
        "assignments.feed.issued", _("%(actor)s made a private calendar address for their work")
    )
    say.register("assignments.feed.revoked", _("%(actor)s stopped their private calendar address"))
