"""Signature and seal images: checking uploads, normalizing them, and drawing defaults.

Everything ends as a transparent PNG: signatures on a 2:1 canvas (the slot of the visible
signature), seals on a square one. Pure Pillow, no database.
"""

from __future__ import annotations

import functools
import io
import math
import subprocess
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 60
MAX_SIDE = 4000
SIGNATURE_RATIO = 2.0
BLUE = (13, 51, 166)
RED = (204, 20, 28)


class ImageRejected(ValueError):
    """`code` says why: too_large, not_image, wrong_type, too_small, too_big, empty."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Normalized:
    png: bytes
    width: int
    height: int


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_BYTES:
        raise ImageRejected("too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            probe.verify()
            img = Image.open(io.BytesIO(data))
            img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected("not_image") from exc
    if img.format not in ("PNG", "JPEG"):
        raise ImageRejected("wrong_type")
    if min(img.size) < MIN_SIDE:
        raise ImageRejected("too_small")
    if max(img.size) > MAX_SIDE:
        raise ImageRejected("too_big")
    return img


def _transparent(img: Image.Image) -> Image.Image:
    """RGBA; scans without transparency lose their near-white paper."""
    rgba = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA") and min_alpha(rgba) < 250:
        return rgba
    gray = rgba.convert("L")
    alpha = gray.point(lambda v: 0 if v > 235 else min(255, (235 - v) * 4))
    rgba.putalpha(alpha)
    return rgba


def min_alpha(img: Image.Image) -> int:
    low = img.getchannel("A").getextrema()[0]
    return int(low) if isinstance(low, int | float) else 0


def _on_canvas(img: Image.Image, ratio: float) -> Image.Image:
    box = img.getchannel("A").getbbox()
    if box is None:
        raise ImageRejected("empty")
    img = img.crop(box)
    w, h = img.size
    margin = int(max(w, h) * 0.04)
    w, h = w + 2 * margin, h + 2 * margin
    cw, ch = (w, round(w / ratio)) if w / h >= ratio else (round(h * ratio), h)
    canvas = Image.new("RGBA", (cw, ch), (0, 0, 0, 0))
    canvas.paste(img, ((cw - img.width) // 2, (ch - img.height) // 2))
    return canvas


def _png(img: Image.Image) -> Normalized:
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return Normalized(out.getvalue(), img.width, img.height)


def normalize_signature(data: bytes) -> Normalized:
    return _png(_on_canvas(_transparent(_open(data)), SIGNATURE_RATIO))


def normalize_seal(data: bytes) -> Normalized:
    return _png(_on_canvas(_transparent(_open(data)), 1.0))


@functools.cache
def _font_path(pattern: str) -> str:
    try:
        return subprocess.run(
            ["fc-match", "-f", "%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _font(pattern: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(pattern)
    try:
        return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)
    except OSError:
        return ImageFont.load_default(size)


@functools.lru_cache(maxsize=512)
def default_signature(name: str) -> bytes:
    """The signer's name in blue italic with a flourish, until they upload their own."""
    width, height = 800, 400
    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    size = 120
    font = _font("Liberation Serif:italic", size)
    while size > 30 and draw.textlength(name, font=font) > width * 0.9:
        size -= 6
        font = _font("Liberation Serif:italic", size)
    text_w = draw.textlength(name, font=font)
    draw.text(((width - text_w) / 2, height * 0.3), name, font=font, fill=(*BLUE, 255))
    y = int(height * 0.3 + size * 1.2)
    draw.line(
        [(width * 0.15, y), (width * 0.5, y + 12), (width * 0.85, y - 6)],
        fill=(*BLUE, 255),
        width=6,
        joint="curve",
    )
    return _png(img).png


@functools.lru_cache(maxsize=256)
def default_seal(name: str, label: str) -> bytes:
    """A round red seal: two rings, the unit's name along the rim, a star and its label."""
    size = 800
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (*RED, 255)
    c = size / 2
    draw.ellipse([8, 8, size - 8, size - 8], outline=red, width=16)
    draw.ellipse([150, 150, size - 150, size - 150], outline=red, width=8)
    _arc_text(
        img,
        unicodedata.normalize("NFC", name.upper()),
        radius=size / 2 - 75,
        font_size=54,
        colour=red,
    )
    _star(draw, c, c - 40, 80, red)
    font = _font("Liberation Sans:bold", 60)
    text_w = draw.textlength(label, font=font)
    draw.text((c - text_w / 2, c + 70), label, font=font, fill=red)
    return _png(img).png


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: tuple) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(points, fill=colour)


def _arc_text(img: Image.Image, text: str, *, radius: float, font_size: int, colour: tuple) -> None:
    """Letters along the rim, clockwise from the left, each turned to face the centre."""
    font = _font("Liberation Sans:bold", font_size)
    size = img.width
    c = size / 2
    widths = [font.getlength(ch) for ch in text]
    circumference_used = sum(widths) + 6 * len(text)
    span = min(math.radians(300), circumference_used / radius)
    angle = math.pi / 2 + span / 2  # start left of the top
    scale = span / circumference_used
    for ch, w in zip(text, widths, strict=True):
        step = (w + 6) * scale
        mid = angle - step / 2
        glyph = Image.new("RGBA", (font_size * 2, font_size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font_size - w / 2, font_size / 2), ch, font=font, fill=colour)
        rotated = glyph.rotate(math.degrees(mid - math.pi / 2), resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(mid) - rotated.width / 2
        y = c - radius * math.sin(mid) - rotated.height / 2
        img.alpha_composite(rotated, (int(x), int(y)))
        angle -= step
