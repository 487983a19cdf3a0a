from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability


class ContestsConfig(AppConfig):
    name = "partydesk.contests"
    label = "contests"
    verbose_name = _("Online contests")
    capabilities = {
        "contests.view": Capability(
            _("See the organization's contests and their results"),
            roles=("admin", "secretary", "department_head", "member_officer"),
        ),
        "contests.manage": Capability(
            _("Organize contests: rules, rounds, units and prizes"),
            roles=("admin", "department_head"),
        ),
    }

    def ready(self) -> None:
        from partydesk.contests import (
            indicators,  # noqa: F401  (transformation figures)
            live,
            live_start,
        )
        from partydesk.contests.services import certificates  # noqa: F401  (outbox handler)
        from partydesk.core import audit_sentences as say
        from partydesk.core import lean, navigation
        from partydesk.core.services.notifications import notification_kind_register

        lean.register(live.ROUTE)
        lean.register(live_start.ROUTE)
        navigation.register(
            navigation.MenuEntry(
                _("Contests"),
                "contests:list",
                "work",
                "star",
                order=65,
                capabilities=("contests.view",),
                current=(
                    "contests:list",
                    "contests:new",
                    "contests:detail",
                    "contests:edit",
                    "contests:round_new",
                    "contests:round_edit",
                    "contests:results",
                ),
            ),
        )
        say.register("contests.contest.created", _("%(actor)s created the contest %(target)s"))
        say.register("contests.contest.changed", _("%(actor)s changed the contest %(target)s"))
        say.register("contests.unit.added", _("%(actor)s added a unit to the contest %(target)s"))
        say.register("contests.round.created", _("%(actor)s added the round %(target)s"))
        say.register("contests.round.changed", _("%(actor)s changed the round %(target)s"))
        say.register(
            "contests.registration.created", _("%(actor)s registered %(target)s for a contest")
        )
        say.register("contests.registration.disqualified", _("%(actor)s disqualified %(target)s"))
        say.register("contests.results.exported", _("%(actor)s exported the results of %(target)s"))
        say.register("contests.round.ranked", _("%(actor)s ranked %(target)s"))
        say.register(
            "contests.certificate.issued", _("%(actor)s issued the prize certificate %(target)s")
        )
        say.register(
            "contests.certificate.signed", _("%(actor)s sealed the prize certificate %(target)s")
        )
        say.register(
            "contests.certificate.revoked", _("%(actor)s revoked the prize certificate %(target)s")
        )
        notification_kind_register("contests.certificate.revoked", _("Prize certificate revoked"))
        say.register(
            "contests.prizes.changed", _("%(actor)s changed the prizes of the contest %(target)s")
        )
