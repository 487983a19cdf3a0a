from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class LearningConfig(AppConfig):
    name = "partydesk.learning"
    label = "learning"
    verbose_name = _("Learning and exams")
    capabilities = {
        "learning.bank.view": Capability(
            _("Read the question bank"),
            roles=("admin", "secretary", "department_head", "member_officer"),
        ),
        "learning.bank.manage": Capability(
            _("Edit, import and export the question bank"), roles=("admin", "department_head")
        ),
        "learning.courses.manage": Capability(
            _("Run courses and classes and enrol learners"),
            roles=("admin", "secretary", "department_head", "member_officer"),
        ),
        "learning.exams.manage": Capability(
            _("Set exams, mark essays and read results"),
            roles=("admin", "secretary", "department_head", "member_officer"),
        ),
    }

    def ready(self) -> None:
        from partydesk.core import audit_sentences as say
        from partydesk.core import dashboard, lean, navigation
        from partydesk.learning import (
            indicators,  # noqa: F401  (transformation figures)
            live,
            panels,
        )
        from partydesk.learning.services import certificates  # noqa: F401  (outbox handler)

        dashboard.register(panels.open_exam_panels)
        lean.register(live.ROUTE)  # the synchronized start (ADR 0021, 0029)

        navigation.register(
            navigation.MenuEntry(
                _("Question bank"),
                "learning:bank",
                "work",
                "check",
                order=60,
                capabilities=("learning.bank.view",),
                current=(
                    "learning:bank",
                    "learning:question",
                    "learning:question_edit",
                    "learning:category_new",
                    "learning:bank_import",
                    "learning:bank_import_confirm",
                    "learning:bank_export",
                    "learning:analysis",
                ),
            ),
            navigation.MenuEntry(
                _("Courses and classes"),
                "learning:courses",
                "work",
                "users",
                order=61,
                capabilities=("learning.courses.manage",),
                current=(
                    "learning:courses",
                    "learning:course_new",
                    "learning:course",
                    "learning:class_new",
                    "learning:class",
                ),
            ),
            navigation.MenuEntry(
                _("Exams"),
                "learning:exams",
                "work",
                "task",
                order=62,
                capabilities=("learning.exams.manage",),
                current=(
                    "learning:exams",
                    "learning:exam_new",
                    "learning:exam",
                    "learning:exam_export",
                    "learning:marking",
                    "learning:answer_mark",
                    "learning:invigilate",
                    "learning:force_submit",
                ),
            ),
            navigation.MenuEntry(
                _("My courses"),
                "learning:my_courses",
                "work",
                "star",
                order=63,
                scoped=False,
                current=(
                    "learning:my_courses",
                    "learning:exam_take",
                    "learning:attempt",
                    "learning:attempt_result",
                ),
            ),
        )

        say.register("learning.course.created", _("%(actor)s created the course %(target)s"))
        say.register("learning.course.changed", _("%(actor)s changed the course %(target)s"))
        say.register("learning.class.created", _("%(actor)s opened the class %(target)s"))
        say.register("learning.class.enrolled", _("%(actor)s enrolled learners in %(target)s"))
        say.register("learning.class.unenrolled", _("%(actor)s took a learner off %(target)s"))
        say.register("learning.exam.created", _("%(actor)s set the exam %(target)s"))
        say.register("learning.attempt.started", _("%(actor)s started an attempt at an exam"))
        say.register("learning.attempt.submitted", _("%(actor)s handed in an attempt at an exam"))
        say.register("learning.answer.marked", _("%(actor)s marked an essay answer"))
        say.register("learning.category.created", _("%(actor)s created the category %(target)s"))
        say.register(
            "learning.category.shared", _("%(actor)s changed the sharing of category %(target)s")
        )
        say.register("learning.question.created", _("%(actor)s added the question %(target)s"))
        say.register("learning.question.edited", _("%(actor)s edited the question %(target)s"))
        say.register("learning.bank.imported", _("%(actor)s imported questions into the bank"))
        say.register("learning.bank.exported", _("%(actor)s exported the question bank"))
        say.register(
            "learning.certificate.issued", _("%(actor)s issued the certificate %(target)s")
        )
        say.register(
            "learning.certificate.signed", _("%(actor)s sealed the certificate %(target)s")
        )
        say.register(
            "learning.certificate.sign_retried",
            _("%(actor)s asked again to seal the certificate %(target)s"),
        )
        say.register(
            "learning.certificate.revoked", _("%(actor)s revoked the certificate %(target)s")
        )
