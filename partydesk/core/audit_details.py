"""Readable details for audit events: a label per detail key, and values as people write them.

An event's details are stored as JSON (`{"reason": "password", "failures_in_a_row": 2}`);
the audit viewer shows them as labelled rows ("Lý do: sai mật khẩu", "Số lần sai liên
tiếp: 2"). The core imports no domain app, so each app registers the keys it writes (and,
for coded values, their readings) in its AppConfig.ready(), as it does for sentences. A key
nobody registered shows humanised ("Old parent"), and no value ever shows as a Python repr.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DetailLabel:
    """How one detail key reads: its label and, for coded values, each code's reading."""

    label: str | Promise
    values: Mapping[str, str | Promise] = field(default_factory=dict)


_labels: dict[str, DetailLabel] = {}


def register(
    key: str, label: str | Promise, values: Mapping[str, str | Promise] | None = None
) -> None:
    """`label` (and each of `values`) is a lazily translated text. Apps sharing a key (a
    login's and a revocation's "reason") add their codes to the same entry."""
    known = _labels.get(key)
    merged = {**(known.values if known else {}), **(values or {})}
    _labels[key] = DetailLabel(label, merged)


def register_labels(labels: Mapping[str, str | Promise]) -> None:
    """Many keys at once, for those whose values read as they are."""
    for key, label in labels.items():
        register(key, label)


def label_for(key: str) -> str:
    known = _labels.get(key)
    if known is not None:
        return str(known.label)
    words = key.replace("_", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:] if words else "—"


def _date_text(value: str) -> str | None:
    """ISO dates and times as the page shows other dates (d/m/Y, local time)."""
    if len(value) < 10 or value[4:5] != "-" or value[7:8] != "-":
        return None
    try:
        moment = parse_datetime(value) if len(value) > 10 else None
        day = parse_date(value) if len(value) == 10 else None
    except ValueError:
        return None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "d/m/Y H:i")
    if day is not None:
        return formats.date_format(day, "d/m/Y")
    return None


def value_text(value: Any, key: str = "") -> str:
    """A detail's value for people: yes/no, dates, lists joined, nested details labelled."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return formats.number_format(value)
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value.isoformat()) or str(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(value_text(item, key) for item in value) or "—"
    if isinstance(value, Mapping):
        return "; ".join(f"{label_for(str(k))}: {value_text(v, str(k))}" for k, v in value.items())
    text = str(value)
    known = _labels.get(key)
    if known is not None and text in known.values:
        return str(known.values[text])
    return _date_text(text) or text


def detail_rows(details: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(label, value) per detail, in the order they were recorded, in the current language."""
    if not details:
        return []
    return [(label_for(str(key)), value_text(value, str(key))) for key, value in details.items()]
