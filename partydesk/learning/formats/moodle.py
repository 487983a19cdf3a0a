"""Moodle XML: categories, embedded images, weights, the shuffle flag, feedback and tags.

Parsed with a parser that fetches nothing, loads no DTD and expands no entity (exchange's
`hardened_parser`); a file that declares a DTD is refused before parsing."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext as _
from lxml import etree

from partydesk.exchange.edxml.schema import hardened_parser
from partydesk.learning.formats import (
    ESSAY,
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    Answer,
    FormatError,
    Found,
    Item,
)
from partydesk.learning.formats.checks import clean_item, from_plain, problems_of
from partydesk.learning.formats.text import MAX_QUESTIONS, category_path, percent, weight_text

MAX_XML_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 1024 * 1024
IMAGES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}
PLUGINFILE = "@@PLUGINFILE@@/"
_PROLOG_DTD = re.compile(rb"^\s*(?:<\?.*?\?>|<!--.*?-->|\s)*<!DOCTYPE", re.DOTALL)
_TYPES = {"multichoice", "truefalse", "shortanswer", "essay"}
_YES = {"1", "true"}


def _parse(data: bytes) -> Any:
    if len(data) > MAX_XML_BYTES:
        raise FormatError(_("The file is larger than %(n)s MB.") % {"n": MAX_XML_BYTES // 1024**2})
    refused = _("The file declares a DTD or entities; Moodle XML never does, so it is refused.")
    if _PROLOG_DTD.match(data):
        raise FormatError(refused)
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as error:
        raise FormatError(
            _("The file is not well-formed XML (%(error)s).") % {"error": str(error)[:300]}
        ) from error
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise FormatError(refused)
    if root.tag != "quiz":
        raise FormatError(_("The file is XML but not Moodle XML (its root is not <quiz>)."))
    return root


def _text(element: Any, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _images(element: Any, html: str) -> str:
    """The text with its embedded files (@@PLUGINFILE@@/name) as data: URIs."""
    for file in element.findall("file"):
        name = file.get("name", "")
        mime = IMAGES.get(name.rsplit(".", 1)[-1].lower())
        if mime is None:
            raise FormatError(_("The embedded file “%(f)s” is not an image.") % {"f": name})
        try:
            raw = base64.b64decode(file.text or "", validate=True)
        except binascii.Error as error:
            raise FormatError(_("The embedded file “%(f)s” is damaged.") % {"f": name}) from error
        if len(raw) > MAX_IMAGE_BYTES:
            raise FormatError(_("The embedded image “%(f)s” is larger than 1 MB.") % {"f": name})
        uri = f"data:{mime};base64,{base64.b64encode(raw).decode()}"
        html = html.replace(PLUGINFILE + quote(name), uri).replace(PLUGINFILE + name, uri)
    if PLUGINFILE in html:
        raise FormatError(_("The text refers to a file the question does not carry."))
    return html


def _rich(element: Any) -> str:
    """The HTML of a text element (questiontext, feedback, answer)."""
    if element is None:
        return ""
    text = _images(element, _text(element, "text"))
    if element.get("format", "html") in ("plain_text", "markdown"):
        return from_plain(text)
    return text.strip()


def _answers(question: Any) -> tuple[Answer, ...]:
    return tuple(
        Answer(
            _rich(answer),
            percent(answer.get("fraction", "0")),
            _rich(answer.find("feedback")),
        )
        for answer in question.findall("answer")
    )


def _item(question: Any, kind: str, category: tuple[str, ...]) -> Item:
    answers = _answers(question)
    if kind == "multichoice":
        single = _text(question, "single").strip().lower() in _YES
        kind = SINGLE if single else MULTIPLE
    elif kind == "truefalse":
        kind = TRUE_FALSE
        answers = tuple(Answer(from_plain(a.text).lower(), a.weight, a.feedback) for a in answers)
    else:
        kind = SHORT if kind == "shortanswer" else ESSAY
    return Item(
        kind,
        _rich(question.find("questiontext")),
        answers,
        _text(question, "name/text").strip(),
        _rich(question.find("generalfeedback")),
        category,
        shuffle=_text(question, "shuffleanswers").strip().lower() in _YES | {""},
        tags=tuple(t.text.strip() for t in question.findall("tags/tag/text") if t.text),
    )


def read(data: bytes) -> list[Found]:
    """Every question of a Moodle XML file, each with its item or its problems."""
    root = _parse(data)
    found: list[Found] = []
    category: tuple[str, ...] = ()
    for question in root.iterchildren("question"):
        kind = question.get("type", "")
        if kind == "category":
            category = category_path(_text(question, "category/text"))
            continue
        if len(found) >= MAX_QUESTIONS:
            raise FormatError(_("A file holds at most %(n)s questions.") % {"n": MAX_QUESTIONS})
        entry = Found(question.sourceline or 0, _text(question, "name/text").strip()[:80])
        if kind not in _TYPES:
            entry.skipped = True
            entry.problems = [_("Question type not supported: %(type)s.") % {"type": kind}]
        else:
            try:
                entry.item = clean_item(_item(question, kind, category))
                entry.problems = problems_of(entry.item)
            except FormatError as error:
                entry.problems = [str(error)]
        found.append(entry)
    return found


def _rich_out(parent: Any, tag: str, html: str, **attributes: str) -> Any:
    element = etree.SubElement(parent, tag, format="html", **attributes)
    etree.SubElement(element, "text").text = html
    return element


def _question_out(root: Any, item: Item) -> None:
    kinds = {SINGLE: "multichoice", MULTIPLE: "multichoice", TRUE_FALSE: "truefalse"}
    question = etree.SubElement(root, "question", type=kinds.get(item.kind, item.kind))
    if item.kind == SHORT:
        question.set("type", "shortanswer")
    etree.SubElement(etree.SubElement(question, "name"), "text").text = item.name
    _rich_out(question, "questiontext", item.text)
    _rich_out(question, "generalfeedback", item.feedback)
    etree.SubElement(question, "defaultgrade").text = "1"
    if item.kind in (SINGLE, MULTIPLE):
        etree.SubElement(question, "single").text = "true" if item.kind == SINGLE else "false"
        etree.SubElement(question, "shuffleanswers").text = "true" if item.shuffle else "false"
    for answer in item.answers:
        out = _rich_out(question, "answer", answer.text, fraction=weight_text(answer.weight))
        if item.kind == TRUE_FALSE:
            out.set("format", "moodle_auto_format")
        _rich_out(out, "feedback", answer.feedback)
    if item.tags:
        tags = etree.SubElement(question, "tags")
        for name in item.tags:
            etree.SubElement(etree.SubElement(tags, "tag"), "text").text = name


def write(items: list[Item]) -> bytes:
    """Moodle XML for the items, each category announced by a category question."""
    root = etree.Element("quiz")
    category: tuple[str, ...] | None = None
    for item in items:
        if item.category != category:
            category = item.category
            marker = etree.SubElement(root, "question", type="category")
            path = "$course$/top/" + "/".join(category)
            etree.SubElement(etree.SubElement(marker, "category"), "text").text = path
        _question_out(root, item)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result
