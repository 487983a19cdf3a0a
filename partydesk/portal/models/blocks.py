"""The blocks an article's body is made of (StreamField), each with a template of its own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from partydesk.documents.selectors.published import published_documents_by_id

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    alt = blocks.CharBlock(
        label=_("Text for screen readers"),
        required=False,
        max_length=300,
        help_text=_("What the image shows, for readers who cannot see it."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "portal/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "portal/blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    """A video file kept in the portal's own documents (no outside player or host)."""

    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"))
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "portal/blocks/video.html"


class OfficeDocumentValue(blocks.StructValue):
    """The block's value and the document it names, read through the documents app's
    selector: None once the document is withdrawn (or was never published), so a reader sees
    only what the documents section would show."""

    @cached_property
    def document(self) -> Any | None:
        return published_documents_by_id([self.get("document_id") or 0]).get(
            self.get("document_id") or 0
        )


class OfficeDocumentBlock(blocks.StructBlock):
    """A document the office published: number, date, type, issuer, subject and its signed
    PDF while it stays published; a "withdrawn" line, and nothing of it, afterwards."""

    document_id = blocks.IntegerBlock(
        label=_("Published document number in the portal"),
        min_value=1,
        help_text=_("The number shown in the portal's documents section."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Published office document")
        template = "portal/blocks/office_document.html"
        value_class = OfficeDocumentValue

    def bulk_to_python(self, values: Iterable[Any]) -> list[OfficeDocumentValue]:
        """A page's blocks of this kind read their documents in one query together."""
        converted: list[OfficeDocumentValue] = super().bulk_to_python(values)
        found = published_documents_by_id(value.get("document_id") or 0 for value in converted)
        for value in converted:
            value.__dict__["document"] = found.get(value.get("document_id") or 0)
        return converted


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    document = DocumentChooserBlock(
        label=_("File to download"), template="portal/blocks/document.html"
    )
    table = TableBlock(label=_("Table"))
    quote = QuoteBlock()
    video = VideoBlock()
    office_document = OfficeDocumentBlock()
