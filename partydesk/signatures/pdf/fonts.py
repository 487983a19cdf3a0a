"""The serif font of visible signatures: Times New Roman when installed, else Liberation
Serif 2 (metric-compatible, with Vietnamese), embedded as a subset once per process.

Decree 30 asks for Times New Roman; Debian does not ship it, so a standard installation
draws with Liberation Serif 2 (`fonts-liberation2`), whose glyph widths match it.
"""

from __future__ import annotations

import functools
import io
import logging
import subprocess
import unicodedata
import zlib
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.writer import BasePdfFileWriter

logging.getLogger("fontTools").setLevel(logging.ERROR)  # the subsetter logs every glyph
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

_REPERTOIRE = "".join(
    chr(c)
    for lo, hi in (
        (0x20, 0x7E),
        (0xA0, 0x17F),
        (0x1A0, 0x1B0),
        (0x1EA0, 0x1EF9),
        (0x2010, 0x2026),
    )
    for c in range(lo, hi + 1)
)
_SERIF_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos")
_FALLBACK_PATHS = (
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)
# Liberation 1.x (Debian fonts-liberation) has no Vietnamese letters; 2.x (fonts-liberation2) has.
VIETNAMESE_PROBE = "ĐđƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))


class FontMissing(RuntimeError):
    """No Times New Roman or metric-compatible serif with Vietnamese letters is installed."""


def covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        cmap = TTFont(str(path), lazy=True).getBestCmap()
    except (OSError, TTLibError):
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE_PROBE)


def _fc_match() -> list[Path]:
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{family}", "Times New Roman:style=Regular"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return []
    if len(found) >= 2 and any(f in found[1] for f in _SERIF_FAMILIES):
        return [Path(found[0])]
    return []


def find_serif_font(configured: str = "") -> Path:
    """Times New Roman if installed, else a metric-compatible serif (Liberation Serif 2,
    Tinos), provided it has the Vietnamese letters."""
    candidates = [Path(configured)] if configured else []
    candidates += _fc_match() + [Path(p) for p in _FALLBACK_PATHS]
    for candidate in candidates:
        if candidate.is_file() and covers_vietnamese(candidate):
            return candidate
    raise FontMissing(
        "install Times New Roman or fonts-liberation2 (Liberation Serif 2 has Vietnamese)"
    )


class EmbeddedFont:
    """A TrueType font subset to Vietnamese (glyph ids kept), written as Type0/Identity-H."""

    def __init__(self, path: Path) -> None:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        tt = TTFont(str(path))
        cmap = tt.getBestCmap()
        upem = tt["head"].unitsPerEm
        scale = 1000 / upem
        chars = [c for c in _REPERTOIRE if ord(c) in cmap]
        self.gids = {c: tt.getGlyphID(cmap[ord(c)]) for c in chars}
        hmtx = tt["hmtx"]
        self.widths = {
            gid: round(hmtx[tt.getGlyphName(gid)][0] * scale) for gid in self.gids.values()
        }
        head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
        self.bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.ascent = round(hhea.ascent * scale)
        self.descent = round(hhea.descent * scale)
        self.cap_height = round(getattr(os2, "sCapHeight", hhea.ascent) * scale)
        family = tt["name"].getDebugName(6) or "Serif"
        self.base_font = "PDSERF+" + "".join(ch for ch in family if ch.isalnum() or ch == "-")

        options = subset.Options()
        options.retain_gids = True
        options.hinting = False
        options.layout_features = []
        options.name_IDs = [1, 2, 6]
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in chars])
        subsetter.subset(tt)
        buffer = io.BytesIO()
        tt.save(buffer)
        raw = buffer.getvalue()
        self.font_file = zlib.compress(raw, 9)
        self.font_file_length = len(raw)
        self.to_unicode = zlib.compress(self._to_unicode_cmap(), 9)

    def _to_unicode_cmap(self) -> bytes:
        # several characters can share a glyph (hyphen, soft hyphen): map it back to the first
        first: dict[int, str] = {}
        for ch, gid in sorted(self.gids.items(), key=lambda item: ord(item[0])):
            first.setdefault(gid, ch)
        pairs = sorted(first.items())
        blocks = []
        for start in range(0, len(pairs), 100):
            chunk = pairs[start : start + 100]
            lines = "\n".join(f"<{gid:04X}> <{ord(ch):04X}>" for gid, ch in chunk)
            blocks.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
        return (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
        ).encode("ascii")

    def encode(self, text: str) -> bytes:
        text = unicodedata.normalize("NFC", text)
        return b"<" + b"".join(b"%04X" % self.gids.get(ch, 0) for ch in text) + b">"

    def width(self, text: str, size: float) -> float:
        text = unicodedata.normalize("NFC", text)
        return sum(self.widths.get(self.gids.get(ch, 0), 500) for ch in text) * size / 1000

    def add_to(self, writer: BasePdfFileWriter) -> generic.IndirectObject:
        font_file = writer.add_object(
            generic.StreamObject(
                {
                    pdf_name("/Length1"): generic.NumberObject(self.font_file_length),
                    pdf_name("/Filter"): pdf_name("/FlateDecode"),
                },
                encoded_data=self.font_file,
            )
        )
        descriptor = writer.add_object(
            generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/FontDescriptor"),
                    pdf_name("/FontName"): pdf_name("/" + self.base_font),
                    pdf_name("/Flags"): generic.NumberObject(34),  # serif, non-symbolic
                    pdf_name("/FontBBox"): generic.ArrayObject(
                        generic.NumberObject(v) for v in self.bbox
                    ),
                    pdf_name("/ItalicAngle"): generic.NumberObject(0),
                    pdf_name("/Ascent"): generic.NumberObject(self.ascent),
                    pdf_name("/Descent"): generic.NumberObject(self.descent),
                    pdf_name("/CapHeight"): generic.NumberObject(self.cap_height),
                    pdf_name("/StemV"): generic.NumberObject(80),
                    pdf_name("/FontFile2"): font_file,
                }
            )
        )
        widths = generic.ArrayObject()
        for gid in sorted(self.widths):
            widths.append(generic.NumberObject(gid))
            widths.append(generic.ArrayObject([generic.NumberObject(self.widths[gid])]))
        cid_font = writer.add_object(
            generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/Font"),
                    pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                    pdf_name("/BaseFont"): pdf_name("/" + self.base_font),
                    pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                        {
                            pdf_name("/Registry"): generic.TextStringObject("Adobe"),
                            pdf_name("/Ordering"): generic.TextStringObject("Identity"),
                            pdf_name("/Supplement"): generic.NumberObject(0),
                        }
                    ),
                    pdf_name("/FontDescriptor"): descriptor,
                    pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
                    pdf_name("/W"): widths,
                }
            )
        )
        to_unicode = writer.add_object(
            generic.StreamObject(
                {pdf_name("/Filter"): pdf_name("/FlateDecode")}, encoded_data=self.to_unicode
            )
        )
        return writer.add_object(
            generic.DictionaryObject(
                {
                    pdf_name("/Type"): pdf_name("/Font"),
                    pdf_name("/Subtype"): pdf_name("/Type0"),
                    pdf_name("/BaseFont"): pdf_name("/" + self.base_font),
                    pdf_name("/Encoding"): pdf_name("/Identity-H"),
                    pdf_name("/DescendantFonts"): generic.ArrayObject([cid_font]),
                    pdf_name("/ToUnicode"): to_unicode,
                }
            )
        )


@functools.cache
def serif_font(configured: str = "") -> EmbeddedFont:
    return EmbeddedFont(find_serif_font(configured))
