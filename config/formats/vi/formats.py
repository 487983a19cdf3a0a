"""Vietnamese short dates with slashes (05/11/2026), as registers and forms write them, and
day-first typed dates; everything else falls back to Django's Vietnamese formats."""

from config.formats.common import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = [
    "DATETIME_INPUT_FORMATS",
    "DATE_INPUT_FORMATS",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
]

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
