"""The fonts embedded in PDF exports, so names print in any script: Noto Sans (Latin with
diacritics, Vietnamese, Cyrillic, Greek) with fallbacks for Arabic, Hebrew, the scripts of South
and South-East Asia, Georgian, Armenian, Ethiopic, and Chinese, Korean and Japanese (Noto Sans
CJK). They come from Debian's fonts-noto-core and fonts-noto-cjk (`make fonts`);
CHAMPIONS_FONTS_DIR names another folder holding the same files."""

import os
from pathlib import Path

_DEFAULT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto"]
FALLBACK_SCRIPTS = [
    "Arabic",
    "Hebrew",
    "Devanagari",
    "Bengali",
    "Tamil",
    "Sinhala",
    "Thai",
    "Lao",
    "Khmer",
    "Myanmar",
    "Georgian",
    "Armenian",
    "Ethiopic",
]
# The families in the order they are tried for each character. Of the CJK collection, the
# Simplified Chinese face: Han in Chinese forms, with Hangul and kana.
FAMILIES = ["Noto Sans", *(f"Noto Sans {script}" for script in FALLBACK_SCRIPTS), "Noto Sans CJK SC"]
_FILES = (
    ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"]
    + [f"NotoSans{script}-{weight}.ttf" for script in FALLBACK_SCRIPTS for weight in ("Regular", "Bold")]
    + ["NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"]
)


class FontsMissing(Exception):
    """The fonts that PDF exports embed are not installed."""


def font_folders() -> list[Path]:
    """The folders holding every font file of FAMILIES, from CHAMPIONS_FONTS_DIR or Debian's
    folders. Raises FontsMissing with what to install."""
    extra = os.environ.get("CHAMPIONS_FONTS_DIR", "")
    candidates = ([Path(extra)] if extra else []) + [Path(d) for d in _DEFAULT_DIRS]
    folders: list[Path] = []
    for name in _FILES:
        folder = next((folder for folder in candidates if (folder / name).is_file()), None)
        if folder is None:
            raise FontsMissing(
                f"The fonts for PDF exports are not installed ({name} is missing): run `make fonts` "
                f"(Debian packages fonts-noto-core and fonts-noto-cjk)."
            )
        if folder not in folders:
            folders.append(folder)
    return folders


def families_for(language: str) -> list[str]:
    """FAMILIES in the order a document in `language` tries them: for Korean, the Korean face of
    Noto Sans CJK (Han in Korean forms) before the Chinese one; for Arabic, Noto Sans Arabic
    first (the digits and punctuation between Arabic words are then the Arabic font's); else
    FAMILIES."""
    if language == "ko":
        return [*FAMILIES[:-1], "Noto Sans CJK KR", FAMILIES[-1]]
    if language == "ar":
        return ["Noto Sans Arabic", *(f for f in FAMILIES if f != "Noto Sans Arabic")]
    return list(FAMILIES)
