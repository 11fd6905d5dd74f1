"""Where the PDF fonts are found: CHAMPIONS_FONTS_DIR first, then Debian's folders, file by
file; each folder named once, in the order first needed. (The message for a missing first file
is tested in test_typeset.py.)"""

import re

import pytest

from champions.infra import fonts
from champions.infra.fonts import FALLBACK_SCRIPTS, FAMILIES, FontsMissing, font_folders

FILES = fonts._FILES


def fill(folder, names) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")


@pytest.fixture
def debian(tmp_path, monkeypatch):
    """Two empty stand-ins for Debian's truetype and opentype folders, and no CHAMPIONS_FONTS_DIR."""
    truetype, opentype = tmp_path / "truetype", tmp_path / "opentype"
    truetype.mkdir()
    opentype.mkdir()
    monkeypatch.setattr(fonts, "_DEFAULT_DIRS", [str(truetype), str(opentype)])
    monkeypatch.delenv("CHAMPIONS_FONTS_DIR", raising=False)
    return truetype, opentype


def test_the_families_and_files():
    assert FAMILIES[0] == "Noto Sans" and FAMILIES[-1] == "Noto Sans CJK SC"
    assert FAMILIES[1:-1] == [f"Noto Sans {script}" for script in FALLBACK_SCRIPTS]
    assert len(FAMILIES) == 15 and len(set(FAMILIES)) == 15
    assert len(FILES) == 30 and len(set(FILES)) == 30
    assert FILES[:2] == ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"]
    assert FILES[2:4] == ["NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"]
    assert FILES[-2:] == ["NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"]


def test_debian_layout_truetype_then_opentype(debian):
    truetype, opentype = debian
    fill(truetype, FILES[:-2])
    fill(opentype, FILES[-2:])
    assert font_folders() == [truetype, opentype]


def test_every_file_in_one_folder_gives_that_folder_once(debian):
    _, opentype = debian
    fill(opentype, FILES)
    assert font_folders() == [opentype]


def test_the_folder_of_the_environment_comes_first(debian, tmp_path, monkeypatch):
    truetype, _ = debian
    fill(truetype, FILES)
    extra = tmp_path / "bundled"
    fill(extra, FILES)
    monkeypatch.setenv("CHAMPIONS_FONTS_DIR", str(extra))
    assert font_folders() == [extra]


def test_files_missing_from_the_environment_folder_come_from_debian(debian, tmp_path, monkeypatch):
    truetype, opentype = debian
    fill(truetype, FILES)
    fill(opentype, FILES)
    extra = tmp_path / "bundled"
    fill(extra, FILES[2:])  # all but Noto Sans itself
    monkeypatch.setenv("CHAMPIONS_FONTS_DIR", str(extra))
    assert font_folders() == [truetype, extra]


def test_an_empty_environment_variable_is_ignored(debian, monkeypatch):
    truetype, _ = debian
    fill(truetype, FILES)
    monkeypatch.setenv("CHAMPIONS_FONTS_DIR", "")
    assert font_folders() == [truetype]


@pytest.mark.parametrize("missing", ["NotoSansKhmer-Bold.ttf", "NotoSansCJK-Bold.ttc", "NotoSans-Bold.ttf"])
def test_the_missing_file_is_named(debian, missing):
    truetype, _ = debian
    fill(truetype, [name for name in FILES if name != missing])
    with pytest.raises(FontsMissing, match=rf"\({re.escape(missing)} is missing\)"):
        font_folders()


def test_a_folder_with_a_font_name_is_not_a_font(debian):
    truetype, opentype = debian
    fill(truetype, FILES[1:])
    (truetype / FILES[0]).mkdir()
    with pytest.raises(FontsMissing, match=r"\(NotoSans-Regular\.ttf is missing\)"):
        font_folders()
    fill(opentype, FILES[:1])
    assert font_folders() == [opentype, truetype]


def test_korean_takes_the_korean_face_and_arabic_its_own_font_first():
    assert fonts.families_for("en") == FAMILIES == fonts.families_for("fr")
    korean = fonts.families_for("ko")
    assert korean.index("Noto Sans CJK KR") == korean.index("Noto Sans CJK SC") - 1 == len(FAMILIES) - 1
    arabic = fonts.families_for("ar")
    assert arabic[0] == "Noto Sans Arabic" and sorted(arabic) == sorted(FAMILIES)
