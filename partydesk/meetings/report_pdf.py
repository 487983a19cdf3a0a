"""The vote-counting board's report (biên bản kiểm phiếu) as a PDF in the Party layout,
through the documents app's renderer (documents sits below meetings). Always in Vietnamese:
it is the official paper the board signs; the HTML page follows the reader's language."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partydesk.documents.services.render import Layout, place_date_line, render_pdf
from partydesk.meetings.models import Election
from partydesk.meetings.selectors.elections import candidate_rows


def election_report_pdf(election: Election) -> bytes:
    result = election.result or {}
    meeting = election.meeting
    with translation.override("vi"):
        figures = [
            (_("Number to elect"), election.seats),
            (_("Candidates"), election.candidates.count()),
            (_("Voters present"), result.get("present", "")),
            (_("Ballots issued"), election.issued if election.issued is not None else "—"),
            (_("Ballots collected"), result.get("collected", "")),
            (_("Valid ballots"), result.get("valid", "")),
            (_("Invalid ballots"), result.get("invalid", "")),
            (_("More than half"), f"{election.get_base_display()}: {result.get('base', '')}"),
        ]
        heading = _("round %(round)s") % {"round": election.round}
        paragraphs = [f"{meeting.title}. {election.title}, {heading}."]
        paragraphs += [f"{label}: {value}." for label, value in figures]
        paragraphs.append(_("Votes per candidate, in the list's order") + ":")
        for row in candidate_rows(election):
            mark = _("Elected") if row.elected else _("Another round") if row.runoff else ""
            line = f"{row.candidate.position}. {row.candidate.name}: {row.votes or 0}"
            line += f" ({row.percent}%)" if row.percent else ""
            paragraphs.append(line + (f" — {mark}" if mark else "") + ".")
        numbers = {k: result.get(k, "") for k in ("valid", "invalid", "base", "needed")}
        summary = _(
            "Valid ballots: %(valid)s, invalid: %(invalid)s. More than half of %(base)s is "
            "%(needed)s votes."
        )
        paragraphs.append(summary % numbers)
        if election.belenios_uuid:
            engine = _(
                "Electronic secret ballot, Belenios election %(uuid)s; the published record "
                "is checked with “belenios-tool election verify”."
            )
            paragraphs.append(engine % {"uuid": election.belenios_uuid})
        counted = timezone.localdate(election.counted_at) if election.counted_at else None
        layout = Layout(
            system="party",
            superior=meeting.organization.name.upper(),
            issuer=_("THE VOTE-COUNTING BOARD"),
            number_line="",
            place_date=place_date_line(meeting.organization.place_name, counted),
            type_name=_("VOTE-COUNTING REPORT"),
            subject=election.title,
            paragraphs=paragraphs,
            signing_form="T/M",
            signing_collective=_("THE VOTE-COUNTING BOARD"),
            signer_position=_("HEAD OF THE BOARD"),
            signer_name="",
            # The report goes to the meeting's file ("Nơi nhận" is never left with a bare dash).
            archive_line=_("Filed with the meeting's records."),
        )
        return render_pdf(layout)
