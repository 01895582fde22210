"""Unicode fonts for PDFs drawn with fpdf2, so every name prints as entered (Arabic, Polish, Vietnamese, Chinese...).

DejaVu Sans (Debian ``fonts-dejavu-core``) covers Latin, Greek, Cyrillic, Arabic and Hebrew; WenQuanYi Micro Hei
(``fonts-wqy-microhei``) fills in Chinese, Japanese and Korean. ``./dev`` installs both. Text shaping (uharfbuzz)
joins Arabic letters and sets right-to-left text in its order. The fonts are embedded (subset) in each PDF.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from fpdf import FPDF

logger = logging.getLogger(__name__)

FONT_DIR = Path(os.environ.get("CASEBOARD_FONT_DIR", "/usr/share/fonts/truetype"))
FAMILY = "DejaVu"
FONTS = {"": FONT_DIR / "dejavu" / "DejaVuSans.ttf", "B": FONT_DIR / "dejavu" / "DejaVuSans-Bold.ttf"}
FALLBACK_FAMILY = "WenQuanYi"
FALLBACK = FONT_DIR / "wqy" / "wqy-microhei.ttc"
# Without the fonts (a machine set up by hand), PDFs still print, in a Latin-1 core font.
CORE_FAMILY = "Helvetica"

LEFT_TO_RIGHT_MARK = "\u200e"
# Replacements for the core font only (Latin-1): the typographic characters people type and the app writes.
LATIN1_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "*",
}


def unicode_pdf(**kwargs: object) -> tuple[FPDF, str]:
    """A new FPDF document with the Unicode fonts added and text shaping on; returns it and the family to use.
    Falls back to the core font (and says so in the log) when the font files are missing."""
    pdf = FPDF(**kwargs)  # type: ignore[arg-type]
    if not all(path.exists() for path in FONTS.values()):
        logger.warning("PDF fonts not found under %s: names outside Latin-1 will not print", FONT_DIR)
        return pdf, CORE_FAMILY
    for style, path in FONTS.items():
        pdf.add_font(FAMILY, style, str(path))
    if FALLBACK.exists():
        for style in FONTS:
            pdf.add_font(FALLBACK_FAMILY, style, str(FALLBACK), collection_font_number=0)
        pdf.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
    pdf.set_text_shaping(True)
    return pdf, FAMILY


def pdf_text(value: object, family: str) -> str:
    """Text as it can be printed in ``family``: as entered with the Unicode fonts, else Latin-1 with replacements."""
    text = str(value or "")
    if family != CORE_FAMILY:
        # The document is English, left to right: a left-to-right mark keeps a line that starts with an Arabic name
        # in that direction, with the name itself still set right to left.
        return LEFT_TO_RIGHT_MARK + text if text else text
    for old, new in LATIN1_REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")
