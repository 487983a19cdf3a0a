"""The attempt's question sheet, rendered once per question version and language rather
than per page (issue 12, the opening spike; ADR 0026, Scale): learning's sheet
(`partydesk.learning.sheet`, shared with its exams; the same card), a typed answer saved
on change only: the contests' pages save choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.safestring import SafeString

from partydesk.learning import sheet


def sheet_html(
    draw: Sequence[Sequence[Any]],
    chosen: Mapping[int, Sequence[int]],
    *,
    answer_url: str,
    csrf_token: str,
) -> SafeString:
    """The attempt's question cards in its draw's order with its saved choices marked;
    `answer_url` holds `{slot}` where the slot goes."""
    return sheet.sheet_html(draw, chosen, answer_url=answer_url, csrf_token=csrf_token, typing="")
