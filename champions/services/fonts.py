"""The fonts embedded in PDF exports, so names print in any script: Noto Sans (Latin with
diacritics, Vietnamese, Cyrillic, Greek) with fallbacks for Chinese, Korean and Japanese (Noto
Sans CJK), Arabic, Hebrew, the scripts of South and South-East Asia, Georgian, Armenian and
Ethiopic. They come from Debian's fonts-noto-core and fonts-noto-cjk (`make fonts`);
CHAMPIONS_FONTS_DIR names another folder holding the same files."""

import os
from dataclasses import dataclass
from pathlib import Path

_DEFAULT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto"]
FALLBACK_SCRIPTS = ["Arabic", "Hebrew", "Devanagari", "Bengali", "Tamil", "Sinhala", "Thai", "Lao", "Khmer",
                    "Myanmar", "Georgian", "Armenian", "Ethiopic"]
CJK_SIMPLIFIED_CHINESE = 2  # the font of the collection used: Han in Chinese forms; Hangul and kana included


class FontsMissing(Exception):
    """The fonts that PDF exports embed are not installed."""


@dataclass(frozen=True)
class FontFace:
    family: str
    regular: Path
    bold: Path
    collection_index: int = 0


@dataclass(frozen=True)
class ExportFonts:
    main: FontFace
    fallbacks: list[FontFace]  # in the order they are tried for a character the main font lacks


def _find(name: str, folders: list[Path]) -> Path:
    path = next((folder / name for folder in folders if (folder / name).is_file()), None)
    if path is None:
        raise FontsMissing(f"The fonts for PDF exports are not installed ({name} is missing): run `make fonts` "
                           f"(Debian packages fonts-noto-core and fonts-noto-cjk).")
    return path


def export_fonts() -> ExportFonts:
    """The font files, found in CHAMPIONS_FONTS_DIR or Debian's folders. Raises FontsMissing
    with what to install."""
    extra = os.environ.get("CHAMPIONS_FONTS_DIR", "")
    folders = ([Path(extra)] if extra else []) + [Path(d) for d in _DEFAULT_DIRS]
    main = FontFace("Sans", _find("NotoSans-Regular.ttf", folders), _find("NotoSans-Bold.ttf", folders))
    fallbacks = [FontFace(script, _find(f"NotoSans{script}-Regular.ttf", folders),
                          _find(f"NotoSans{script}-Bold.ttf", folders)) for script in FALLBACK_SCRIPTS]
    fallbacks.append(FontFace("CJK", _find("NotoSansCJK-Regular.ttc", folders), _find("NotoSansCJK-Bold.ttc", folders),
                              CJK_SIMPLIFIED_CHINESE))
    return ExportFonts(main, fallbacks)
