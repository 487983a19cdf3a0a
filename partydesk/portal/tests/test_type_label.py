"""Our "Type" (of a document) carries the context "document": without it, its Vietnamese
"Loại văn bản" took over Wagtail's own "Type", and the CMS's page-type column read
"Loại văn bản"."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import translation

from partydesk.documents.forms.search import SearchForm

APPS = ("documents", "exchange", "portal")


def test_the_plain_type_is_wagtails_and_ours_still_reads_loai_van_ban() -> None:
    with translation.override("vi"):
        assert translation.gettext("Type") != "Loại văn bản"
        assert translation.pgettext("document", "Type") == "Loại văn bản"
        assert str(SearchForm().fields["document_type"].label) == "Loại văn bản"


def test_no_template_of_ours_asks_for_the_plain_type() -> None:
    root = Path(settings.BASE_DIR) / "partydesk"
    plain = [
        str(path.relative_to(root))
        for app in APPS
        for path in (root / app / "templates").rglob("*.html")
        if '{% translate "Type" %}' in path.read_text()
    ]
    assert plain == []
