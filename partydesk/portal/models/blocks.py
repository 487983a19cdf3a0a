"""The blocks an article's body is made of (StreamField), each with a template of its own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

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


class OfficeDocumentBlock(blocks.StructBlock):
    """A document the office published; shown only while it stays published."""

    document_id = blocks.IntegerBlock(
        label=_("Published document number in the portal"),
        min_value=1,
        help_text=_("The number shown in the portal's documents section."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Published office document")
        template = "portal/blocks/office_document.html"


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
