"""Visible signatures as Decree 30 (annex I) draws them, and the images they use (the font
is in `fonts`).

* Personal signature: the handwritten image (blue, transparent PNG) centred in a 2:1 slot,
  with name, position and signing time under it.
* Organization seal: the seal image (red, real size) whose right part covers the left third of
  the personal signature image.
* Attachments and copies: no image; "number/symbol, ISO 8601 time" in Times New Roman 10,
  black, top right of page 1 (Liberation Serif 2, metric-compatible, when TNR is absent).

Fonts and images are encoded once per process and then written into each PDF as pre-compressed
streams, so a visible signature costs little more than an invisible one.
"""

from __future__ import annotations

import functools
import io
import zlib
from dataclasses import dataclass

from PIL import Image
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import BaseStampStyle
from pyhanko.stamp.base import BaseStamp

from partydesk.signatures.pdf.fonts import EmbeddedFont

MM = 72 / 25.4
Rect = tuple[float, float, float, float]

# Personal widget: a 150x75 pt (2:1) image slot over three 8 pt text lines.
PERSONAL_SIZE = (170.0, 112.0)
PERSONAL_SLOT = (10.0, 35.0, 160.0, 110.0)
PERSONAL_TEXT_SIZE = 8.0
PERSONAL_LINES_Y = (24.0, 14.0, 4.0)
# Attachments/copies: TNR 10 at 20 mm from the right edge and 10 mm from the top.
NOTE_SIZE = 10.0
NOTE_MARGIN_RIGHT = 20 * MM
NOTE_MARGIN_TOP = 10 * MM
SIGNATURE_BLUE = (0.05, 0.2, 0.65)

# --- images -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EncodedImage:
    """A PNG decoded once: Flate-compressed RGB samples and alpha mask."""

    width: int
    height: int
    rgb: bytes
    alpha: bytes | None

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def add_to(self, writer: BasePdfFileWriter) -> generic.IndirectObject:
        def _image(data: bytes, colour_space: str, extra: dict) -> generic.IndirectObject:
            return writer.add_object(
                generic.StreamObject(
                    {
                        pdf_name("/Type"): pdf_name("/XObject"),
                        pdf_name("/Subtype"): pdf_name("/Image"),
                        pdf_name("/Width"): generic.NumberObject(self.width),
                        pdf_name("/Height"): generic.NumberObject(self.height),
                        pdf_name("/ColorSpace"): pdf_name(colour_space),
                        pdf_name("/BitsPerComponent"): generic.NumberObject(8),
                        pdf_name("/Filter"): pdf_name("/FlateDecode"),
                        **extra,
                    },
                    encoded_data=data,
                )
            )

        extra = {}
        if self.alpha is not None:
            extra[pdf_name("/SMask")] = _image(self.alpha, "/DeviceGray", {})
        return _image(self.rgb, "/DeviceRGB", extra)


@functools.lru_cache(maxsize=256)
def encode_png(png: bytes) -> EncodedImage:
    with Image.open(io.BytesIO(png)) as img:
        rgba = img.convert("RGBA")
    alpha = rgba.getchannel("A")
    low = alpha.getextrema()[0]
    has_alpha = isinstance(low, int | float) and low < 255
    return EncodedImage(
        width=rgba.width,
        height=rgba.height,
        rgb=zlib.compress(rgba.convert("RGB").tobytes(), 6),
        alpha=zlib.compress(alpha.tobytes(), 6) if has_alpha else None,
    )


# --- the appearance stream ----------------------------------------------------------------


@dataclass(frozen=True)
class ImageItem:
    png: bytes
    rect: Rect  # inside the widget, lower-left origin


@dataclass(frozen=True)
class TextItem:
    text: str
    x: float
    y: float
    size: float
    rgb: tuple[float, float, float] = (0.0, 0.0, 0.0)


class DrawnAppearance(BaseStamp):
    """Images and text at fixed positions inside the widget box."""

    def __init__(
        self,
        writer: BasePdfFileWriter,
        style: BaseStampStyle,
        box: layout.BoxConstraints,
        items: tuple[ImageItem | TextItem, ...],
        font: EmbeddedFont | None,
    ) -> None:
        super().__init__(writer=writer, style=style, box=box)
        self.items = items
        self.font = font

    def render(self) -> bytes:
        writer = self._ensure_writer
        ops: list[bytes] = []
        font_name = pdf_name("/F1")
        font_added = False
        for n, item in enumerate(self.items):
            if isinstance(item, ImageItem):
                image = encode_png(item.png)
                name = pdf_name(f"/Im{n}")
                self.set_resource(ResourceType.XOBJECT, name, image.add_to(writer))
                x0, y0, x1, y1 = _fit(item.rect, image.aspect)
                ops.append(
                    b"q %.2f 0 0 %.2f %.2f %.2f cm /Im%d Do Q" % (x1 - x0, y1 - y0, x0, y0, n)
                )
            else:
                assert self.font is not None
                if not font_added:
                    self.set_resource(ResourceType.FONT, font_name, self.font.add_to(writer))
                    font_added = True
                ops.append(
                    b"BT /F1 %.1f Tf %.3f %.3f %.3f rg %.2f %.2f Td %s Tj ET"
                    % (item.size, *item.rgb, item.x, item.y, self.font.encode(item.text))
                )
        return b"\n".join(ops)


def _fit(rect: Rect, aspect: float) -> Rect:
    """The largest rectangle of `aspect` centred in `rect`."""
    x0, y0, x1, y1 = rect
    w, h = x1 - x0, y1 - y0
    if w / h > aspect:
        nw = h * aspect
        return (x0 + (w - nw) / 2, y0, x0 + (w + nw) / 2, y1)
    nh = w / aspect
    return (x0, y0 + (h - nh) / 2, x1, y0 + (h + nh) / 2)


@dataclass(frozen=True)
class DrawnStampStyle(BaseStampStyle):
    """pyHanko stamp style that draws our items and nothing else (no border, no text box)."""

    border_width: int = 0
    items: tuple[ImageItem | TextItem, ...] = ()
    font: EmbeddedFont | None = None

    def create_stamp(
        self, writer: BasePdfFileWriter, box: layout.BoxConstraints, text_params: dict
    ) -> BaseStamp:
        return DrawnAppearance(writer, self, box, self.items, self.font)


# --- Decree 30 layouts --------------------------------------------------------------------


def personal_box_default(page: Rect) -> Rect:
    """Bottom right of the page, above a 25 mm margin, 20 mm from the right edge."""
    x1 = page[2] - 20 * MM
    y0 = page[1] + 25 * MM
    return (x1 - PERSONAL_SIZE[0], y0, x1, y0 + PERSONAL_SIZE[1])


def personal_image_rect(widget: Rect) -> Rect:
    """Where the handwritten image sits in a personal widget, in page coordinates."""
    sx = (widget[2] - widget[0]) / PERSONAL_SIZE[0]
    sy = (widget[3] - widget[1]) / PERSONAL_SIZE[1]
    x0, y0, x1, y1 = PERSONAL_SLOT
    return (widget[0] + x0 * sx, widget[1] + y0 * sy, widget[0] + x1 * sx, widget[1] + y1 * sy)


def personal_style(
    *, widget: Rect, signature_png: bytes, lines: list[str], font: EmbeddedFont
) -> DrawnStampStyle:
    width = widget[2] - widget[0]
    image = personal_image_rect(widget)
    items: list[ImageItem | TextItem] = [
        ImageItem(
            signature_png,
            (
                image[0] - widget[0],
                image[1] - widget[1],
                image[2] - widget[0],
                image[3] - widget[1],
            ),
        )
    ]
    for y, line in zip(PERSONAL_LINES_Y, [ln for ln in lines if ln], strict=False):
        size = PERSONAL_TEXT_SIZE
        while font.width(line, size) > width - 4 and size > 5:
            size -= 0.5
        items.append(TextItem(line, (width - font.width(line, size)) / 2, y, size))
    return DrawnStampStyle(items=tuple(items), font=font)


def seal_box(personal_image: Rect, seal_width_pt: float, seal_aspect: float) -> Rect:
    """The seal at real size, its right edge on the first third of the signature image,
    vertically centred on it (Decree 30, annex I, box 8)."""
    x1 = personal_image[0] + (personal_image[2] - personal_image[0]) / 3
    height = seal_width_pt / seal_aspect
    cy = (personal_image[1] + personal_image[3]) / 2
    return (x1 - seal_width_pt, cy - height / 2, x1, cy + height / 2)


def seal_style(*, widget: Rect, seal_png: bytes) -> DrawnStampStyle:
    w, h = widget[2] - widget[0], widget[3] - widget[1]
    return DrawnStampStyle(items=(ImageItem(seal_png, (0, 0, w, h)),))


def note_box(page: Rect, text: str, font: EmbeddedFont) -> Rect:
    width = font.width(text, NOTE_SIZE) + 2
    x1 = page[2] - NOTE_MARGIN_RIGHT
    y1 = page[3] - NOTE_MARGIN_TOP
    return (x1 - width, y1 - NOTE_SIZE * 1.4, x1, y1)


def note_style(*, text: str, font: EmbeddedFont) -> DrawnStampStyle:
    return DrawnStampStyle(items=(TextItem(text, 1, NOTE_SIZE * 0.35, NOTE_SIZE),), font=font)
