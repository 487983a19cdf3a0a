"""An index helper for the stories: documents of committee A, its cell and committee B."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from partydesk.search.selectors import SearchPage, search_query
from partydesk.search.services import search_index_upsert

Index = Callable[..., int]
Search = Callable[..., SearchPage]


@pytest.fixture
def index(tree: Any) -> Index:
    """Index a document; defaults describe an ordinary, open document of committee A."""

    def _index(object_id: int, title: str, body: str = "", **fields: Any) -> int:
        values: dict[str, Any] = {
            "kind": "document",
            "organization_path": tree.committee_a.path,
            "year": 2025,
            "type_code": "NQ",
            "status": "issued",
            "secrecy": 0,
            "reader_user_ids": None,
            "date": dt.date(2025, 3, 1),
        }
        values.update(fields)
        search_index_upsert(object_id=object_id, title=title, body=body, **values)
        return object_id

    return _index


@pytest.fixture
def search(tree: Any) -> Search:
    """Search as a user of committee A with no clearance, unless told otherwise."""

    def _search(text: str, **kwargs: Any) -> SearchPage:
        values: dict[str, Any] = {
            "kind": "document",
            "scope_path": tree.committee_a.path,
            "user_id": 0,
            "max_secrecy": 0,
            "filters": {},
            "limit": 20,
            "offset": 0,
        }
        values.update(kwargs)
        return search_query(text=text, **values)

    return _search
