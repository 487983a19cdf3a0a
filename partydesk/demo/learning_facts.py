"""The demo bank's material: facts of the two official courses' topics, written for the demo
(public, well-known facts of Party history, the Charter, the Platform and current policy) in
`data/learning_facts.txt`, one a line: topic key, a question, the same as a statement with
`{}` for the answer, the answer and three wrong answers, separated by `|`.
`partydesk.demo.learning_bank` makes of each a single-choice question, a true statement and
a false one (the first wrong answer)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "learning_facts.txt"
CANDIDATES = "Bồi dưỡng nhận thức về Đảng"
NEW_MEMBERS = "Bồi dưỡng lý luận chính trị dành cho đảng viên mới"
# Topic keys -> (course title as in learning/data/official_courses.json, topic position).
TOPICS: dict[str, tuple[str, int]] = {
    "history": (CANDIDATES, 0),
    "platform": (CANDIDATES, 1),
    "charter": (CANDIDATES, 2),
    "hcm": (CANDIDATES, 3),
    "becoming": (CANDIDATES, 4),
    "ideology": (NEW_MEMBERS, 0),
    "socialism": (NEW_MEMBERS, 1),
    "economy": (NEW_MEMBERS, 2),
    "culture": (NEW_MEMBERS, 3),
    "defence": (NEW_MEMBERS, 4),
    "foreign": (NEW_MEMBERS, 5),
    "democracy": (NEW_MEMBERS, 6),
    "state": (NEW_MEMBERS, 7),
    "party": (NEW_MEMBERS, 8),
    "member": (NEW_MEMBERS, 9),
}

Fact = tuple[str, str, str, str, tuple[str, str, str]]


@cache
def facts() -> list[Fact]:
    """The facts as shipped (read once)."""
    rows: list[Fact] = []
    for line in DATA.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, question, statement, right, *wrong = line.split("|")
        assert topic in TOPICS and len(wrong) == 3 and "{}" in statement, line
        rows.append((topic, question, statement, right, (wrong[0], wrong[1], wrong[2])))
    return rows
