"""Reading a text file of questions: size, encoding and the GIFT escapes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from partydesk.learning.formats import FormatError

MAX_BYTES = 2 * 1024 * 1024
MAX_QUESTIONS = 5_000
GIFT_SPECIAL = "~=#{}:"


def decode(data: bytes) -> str:
    """The file as text with \\n line ends; refused when too large, binary or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise FormatError(_("The file is larger than %(n)s MB.") % {"n": MAX_BYTES // 1024**2})
    if b"\x00" in data:
        raise FormatError(_("This is not a text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            _("The file is not UTF-8 text (byte %(at)s).") % {"at": error.start}
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def category_path(text: str) -> tuple[str, ...]:
    """A Moodle category path ("$course$/top/A/B") as names: ("A", "B")."""
    path = [part.strip() for part in text.split("/") if part.strip()]
    if path and path[0].startswith("$") and path[0].endswith("$"):
        path = path[1:]
    if path and path[0] == "top":
        path = path[1:]
    return tuple(path)


def split_unescaped(text: str, separator: str) -> list[str]:
    """`text` cut at every `separator` not preceded by a backslash (escapes kept)."""
    parts, start, at = [], 0, 0
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text.startswith(separator, at):
            parts.append(text[start:at])
            at += len(separator)
            start = at
            continue
        at += 1
    parts.append(text[start:])
    return parts


def find_unescaped(text: str, char: str, start: int = 0) -> int:
    """Index of the first `char` at or after `start` not escaped by a backslash, or -1."""
    at = start
    while at < len(text):
        if text[at] == "\\":
            at += 2
        elif text[at] == char:
            return at
        else:
            at += 1
    return -1


def unescape(text: str) -> str:
    """GIFT escapes resolved: \\~ \\= \\# \\{ \\} \\: \\\\ give the character, \\n a line break."""
    out, at = [], 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text):
            following = text[at + 1]
            out.append("\n" if following == "n" else following)
            at += 2
            continue
        out.append(char)
        at += 1
    return "".join(out)


def escape(text: str) -> str:
    """Text safe inside GIFT: its special characters and backslashes escaped, one line."""
    out = []
    for char in text:
        if char == "\\" or char in GIFT_SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def percent(text: str) -> Decimal:
    """'50' or '-33.33333' as a Decimal; FormatError when it is not a number."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation as error:
        raise FormatError(_("“%(w)s” is not a weight in percent.") % {"w": text}) from error
    if not value.is_finite():
        raise FormatError(_("“%(w)s” is not a weight in percent.") % {"w": text})
    return value


def weight_text(weight: Decimal) -> str:
    """A weight as the formats write it: 50, -33.33333 (no exponent, no trailing zeros)."""
    text = format(weight.normalize(), "f")
    return "0" if text in ("-0", "0") else text
