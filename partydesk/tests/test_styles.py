"""Every description list a template marks with a class is laid out by a stylesheet: a
`<dl class="details">` that no stylesheet knew showed its labels and values as the browser's
bare list (each value indented under its label) on the class, course, exam, question and
certificate pages, where the rest of the office uses `dl.facts` (a two-column grid)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DL_CLASSES = re.compile(r"<dl\b[^>]*\bclass=\"([^\"{]+)\"")


def _templates() -> list[Path]:
    return [*ROOT.glob("partydesk/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]


def _styled_classes() -> set[str]:
    sheets = [*ROOT.glob("partydesk/*/static/**/*.css"), *ROOT.glob("static/**/*.css")]
    text = "\n".join(sheet.read_text("utf-8") for sheet in sheets)
    return set(re.findall(r"\.([A-Za-z][\w-]*)", text))


def test_every_description_list_class_has_a_style():
    styled = _styled_classes()
    unstyled = {
        f"{template.relative_to(ROOT)}: {name}"
        for template in _templates()
        for classes in DL_CLASSES.findall(template.read_text("utf-8"))
        for name in classes.split()
        if name not in styled
    }
    assert sorted(unstyled) == []
