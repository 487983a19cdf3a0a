"""Importing and exporting the bank: preview, all-or-nothing, duplicates, commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.learning.models import Category, Question, QuestionVersion
from partydesk.learning.selectors.bank import bank_items
from partydesk.learning.services.bank_import import bank_export, bank_import, bank_preview
from partydesk.learning.tests.test_formats import GIFT

pytestmark = pytest.mark.django_db
GOOD = GIFT.encode()


def nothing_written() -> bool:
    return not (Category.objects.exists() or Question.objects.exists())


def test_the_preview_lists_every_question_and_writes_nothing(tree):
    preview = bank_preview(actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift")
    assert (len(preview.found), len(preview.ready), len(preview.skipped)) == (8, 6, 2)
    assert preview.errors == [] and preview.existing == set()
    assert nothing_written()


def test_import_files_questions_under_their_categories_and_skips_unsupported_types(tree):
    result = bank_import(actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift")
    assert (result.created, result.skipped, result.categories) == (6, 2, 2)
    top = Category.objects.get(parent=None)
    assert (top.name, top.children.get().name) == ("Lịch sử Đảng", "Thành lập")
    assert QuestionVersion.objects.filter(number=1).count() == 6
    assert AuditEvent.objects.filter(action="learning.bank.imported").count() == 1


def test_importing_the_same_file_twice_offers_to_skip_what_is_there(tree):
    bank_import(actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift")
    preview = bank_preview(actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift")
    assert len(preview.existing) == 6
    again = bank_import(actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift")
    assert (again.created, again.already_there) == (0, 6)
    forced = bank_import(
        actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift", skip_existing=False
    )
    assert forced.created == 6 and Question.objects.count() == 12
    other = bank_preview(actor=SYSTEM, organization=tree.committee_b, data=GOOD, fmt="gift")
    assert other.existing == set()  # another organization's bank is not "already there"


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (GOOD + b"\n\nSai {~a ~b}\n", "gift", "Line 27: No answer is marked correct."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "gift", "This is not a text file."),
        (b"\xc3\x28 {=a ~b}", "gift", "not UTF-8"),
        (b"   \n\n// only a comment\n", "gift", "holds no question"),
        (b"Question\nA. x\nB. y\n", "aiken", "No ANSWER line"),
        (GOOD, "docx", "Unknown format"),
    ],
)
def test_a_bad_import_says_why_and_writes_nothing(tree, data, fmt, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        bank_import(actor=SYSTEM, organization=tree.committee_a, data=data, fmt=fmt)
    assert nothing_written()


def test_someone_who_does_not_manage_the_bank_cannot_preview_or_export(tree, alice):
    from partydesk.accounts.selectors import actor_for

    with pytest.raises(NotAllowed):
        bank_preview(actor=actor_for(alice), organization=tree.committee_a, data=GOOD, fmt="gift")
    with pytest.raises(NotAllowed):
        bank_export(actor=actor_for(alice), organization=tree.committee_a, fmt="gift")


def test_export_then_import_gives_the_same_questions(tree):
    bank_import(actor=SYSTEM, organization=tree.committee_a, data=GOOD, fmt="gift")
    text = bank_export(actor=SYSTEM, organization=tree.committee_a, fmt="gift")
    bank_import(actor=SYSTEM, organization=tree.committee_b, data=text, fmt="gift")
    assert bank_items(tree.committee_b) == bank_items(tree.committee_a)
    assert len(bank_items(tree.committee_b)) == 6


def test_the_commands_report_import_and_export(tree, tmp_path: Path, capsys):
    source = tmp_path / "bank.gift"
    source.write_bytes(GOOD)
    call_command("bank_import", str(source), "--org", tree.committee_a.code, "--dry-run")
    out = capsys.readouterr().out
    assert (
        "line 20: Bao nhiêu năm? {#95:1} -- skipped: Question type not supported: numerical." in out
    )
    assert "found 8: 6 readable, 0 already in the bank, 2 skipped, 0 with errors" in out
    assert nothing_written()
    call_command("bank_import", str(source), "--org", tree.committee_a.code)
    assert "imported 6 question(s)" in capsys.readouterr().out
    target = tmp_path / "out.gift"
    call_command("bank_export", str(target), "--org", tree.committee_a.code, "--format", "gift")
    assert target.read_text("utf-8").count("$CATEGORY:") == 1
    call_command("bank_import", str(target), "--org", tree.committee_a.code, "--dry-run")
    assert "6 already in the bank" in capsys.readouterr().out


def test_the_import_command_refuses_a_broken_file_and_an_unknown_organization(tree, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"Sai {~a ~b}\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("bank_import", str(broken), "--org", tree.committee_a.code)
    with pytest.raises(CommandError, match="no organization"):
        call_command("bank_import", str(broken), "--org", "nowhere")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("bank_import", str(tmp_path / "missing"), "--org", tree.committee_a.code)
    assert nothing_written()
