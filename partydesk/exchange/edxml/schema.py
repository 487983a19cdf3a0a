"""The hardened XML parser and the schema every package is validated against."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMA_FILE = Path(__file__).with_name("edxml.xsd")
# libxml2's ceiling on one text node without XML_PARSE_HUGE: one base64 attachment.
MAX_TEXT_NODE = 10_000_000
MAX_ATTACHMENT_BYTES = MAX_TEXT_NODE // 4 * 3 - 1024


def hardened_parser() -> Any:
    """A parser that fetches nothing, loads no DTD, expands no entity and keeps libxml2's
    size limits (defusedxml's rules; a DTD is refused outright by the reader)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
    )


@cache
def edxml_schema() -> Any:
    """The XML Schema of the packages we write and accept, loaded once per process."""
    document = etree.parse(str(SCHEMA_FILE), hardened_parser())
    return etree.XMLSchema(document)


def schema_problems(root: Any, limit: int = 10) -> list[str]:
    """What the schema says is wrong with a parsed package (at most `limit` lines)."""
    schema = edxml_schema()
    if schema.validate(root):
        return []
    return [f"{error.line}: {error.message}" for error in list(schema.error_log)[:limit]]
