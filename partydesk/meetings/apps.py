from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partydesk.core.capabilities import Capability

ELECTION_SENTENCES = {
    "meetings.election.created": _("%(actor)s set up an election at %(target)s"),
    "meetings.election.counts": _("%(actor)s recorded an election's figures at %(target)s"),
    "meetings.election.opened": _("%(actor)s opened an election at %(target)s"),
    "meetings.election.closed": _("%(actor)s closed an election at %(target)s"),
    "meetings.election.counted": _("%(actor)s counted an election at %(target)s"),
    "meetings.election.count_requested": _(
        "%(actor)s asked for the count of an electronic election at %(target)s"
    ),
    "meetings.election.tallied": _("%(actor)s tallied an electronic election at %(target)s"),
    "meetings.election.credentials": _(
        "%(actor)s generated the voters' credentials of an election at %(target)s"
    ),
    "meetings.election.trustee_added": _("%(actor)s named a trustee of an election at %(target)s"),
    "meetings.election.trustee_removed": _(
        "%(actor)s removed a trustee of an election at %(target)s"
    ),
    "meetings.election.trustee_key": _(
        "%(actor)s made their trustee key for an election at %(target)s"
    ),
    "meetings.election.tally_encrypted": _(
        "%(actor)s published the encrypted tally of an election at %(target)s"
    ),
    "meetings.election.trustee_decrypted": _(
        "%(actor)s gave their partial decryption of an election at %(target)s"
    ),
    "meetings.election.trustee_decrypt_requested": _(
        "%(actor)s gave their key to decrypt their share of an election at %(target)s"
    ),
    "meetings.election.trustee_decrypt_failed": _(
        "The decryption of %(actor)s's share of an election at %(target)s failed"
    ),
    "meetings.election.partial_refused": _(
        "A trustee's partial decryption of an election at %(target)s did not verify"
    ),
    "meetings.ballot.entered": _("%(actor)s entered a paper ballot at %(target)s"),
    "meetings.ballot.resolved": _("%(actor)s resolved a paper ballot's entries at %(target)s"),
    "meetings.ballot.cast": _("A secret ballot was cast in %(target)s"),
}


class MeetingsConfig(AppConfig):
    name = "partydesk.meetings"
    label = "meetings"
    verbose_name = _("Meetings and conferences")
    capabilities = {
        "meetings.view": Capability(
            _("See the organization's meetings"),
            roles=(
                "admin",
                "secretary",
                "office_chief",
                "department_head",
                "committee_member",
                "specialist",
                "clerk",
                "member_officer",
            ),
        ),
        "meetings.organize": Capability(
            _("Schedule meetings and send invitations"),
            roles=("admin", "secretary", "office_chief"),
        ),
    }

    def ready(self) -> None:
        from partydesk.assignments.sources import MEETING_CONCLUSION, source_link_register
        from partydesk.core import audit_sentences as say
        from partydesk.core import dashboard, lean, navigation
        from partydesk.core.services.notifications import notification_kind_register
        from partydesk.documents import hooks as document_hooks
        from partydesk.documents.congresses import CongressBook, congress_book_register
        from partydesk.meetings import live, panels
        from partydesk.meetings.selectors import congresses
        from partydesk.meetings.selectors.conclusions import conclusion_url
        from partydesk.meetings.services import (
            electronic,  # (outbox handler, and the trustees' notification kind)
            invitations,
        )

        lean.register(live.ROUTE)  # the sites' hosts' counts (ADR 0024, ADR 0029)
        navigation.register(
            navigation.MenuEntry(
                _("Meetings"),
                "meetings:list",
                "work",
                "calendar",
                order=25,
                current=(
                    "meetings:list",
                    "meetings:new",
                    "meetings:detail",
                    "meetings:attendance",
                    "meetings:congresses",
                    "meetings:congress_new",
                    "meetings:congress_edit",
                ),
            ),
        )
        dashboard.register(panels.upcoming_panels)
        # Congresses are kept here; documents offers them and numbers their documents through
        # the book it reads (ADR 0011 "Owners", ADR 0024).
        congress_book_register(
            CongressBook(open_for=congresses.congress_refs_open, get=congresses.congress_ref)
        )
        # Filed minutes show on the document's page where they came from (ADR 0024).
        document_hooks.detail_panel_register(panels.document_panels)
        # An assignment made from a conclusion links back to the meeting (ADR 0024).
        source_link_register(MEETING_CONCLUSION, conclusion_url)
        notification_kind_register(invitations.INVITATION, _("Meeting invitation"))
        notification_kind_register(invitations.REMINDER, _("Meeting reminder"))
        notification_kind_register(
            electronic.TRUSTEE_DECRYPT, _("An election waits for a trustee's decryption")
        )
        say.register(
            "meetings.attendance.checked_in", _("%(actor)s recorded a check-in at %(target)s")
        )
        say.register(
            "meetings.attendance.site_reported",
            _("%(actor)s reported a site's count at %(target)s"),
        )
        say.register(
            "meetings.attendance.exempted", _("%(actor)s changed an exemption at %(target)s")
        )
        say.register(
            "meetings.agenda.item_added", _("%(actor)s added an agenda item to %(target)s")
        )
        say.register(
            "meetings.agenda.document_attached", _("%(actor)s attached a document to %(target)s")
        )
        say.register(
            "meetings.agenda.material_uploaded", _("%(actor)s uploaded material to %(target)s")
        )
        say.register("meetings.draft.commented", _("%(actor)s commented on a draft of %(target)s"))
        say.register("meetings.vote.opened", _("%(actor)s opened a vote at %(target)s"))
        say.register("meetings.vote.cast", _("%(actor)s voted at %(target)s"))
        say.register(
            "meetings.vote.hands_recorded", _("%(actor)s recorded a show of hands at %(target)s")
        )
        say.register("meetings.vote.closed", _("%(actor)s closed a vote at %(target)s"))
        say.register(
            "meetings.conclusion.recorded", _("%(actor)s recorded a conclusion of %(target)s")
        )
        say.register(
            "meetings.conclusion.edited", _("%(actor)s corrected a conclusion of %(target)s")
        )
        say.register(
            "meetings.conclusion.assigned",
            _("%(actor)s made a conclusion of %(target)s an assignment"),
        )
        for action, sentence in ELECTION_SENTENCES.items():
            say.register(action, sentence)
        say.register("meetings.meeting.created", _("%(actor)s scheduled the meeting %(target)s"))
        say.register("meetings.congress.created", _("%(actor)s recorded the congress %(target)s"))
        say.register("meetings.congress.changed", _("%(actor)s corrected the congress %(target)s"))
        say.register("meetings.meeting.closed", _("%(actor)s closed the meeting %(target)s"))
        say.register("meetings.minutes.edited", _("%(actor)s edited the minutes of %(target)s"))
        say.register(
            "meetings.minutes.filed", _("%(actor)s filed the minutes of %(target)s in the register")
        )
        say.register("meetings.meeting.invited", _("%(actor)s sent the invitations to %(target)s"))
        say.register(
            "meetings.meeting.reminded", _("%(actor)s reminded the invitees of %(target)s")
        )
        say.register("meetings.invitation.accepted", _("%(actor)s will attend %(target)s"))
        say.register(
            "meetings.invitation.apologized", _("%(actor)s sent an apology for %(target)s")
        )
