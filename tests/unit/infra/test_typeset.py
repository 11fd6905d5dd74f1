"""PDF typesetting in a child process: the fonts it needs, and what a failure says."""

import subprocess

import pytest

from champions.infra import fonts
from champions.infra.fonts import FAMILIES, FontsMissing, font_folders
from champions.infra.typeset import TypesetFailed, typeset
from champions.services.awards.documents import TEMPLATES


def test_missing_fonts_name_the_file_and_the_packages(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_DEFAULT_DIRS", [])
    monkeypatch.setenv("CHAMPIONS_FONTS_DIR", str(tmp_path))
    with pytest.raises(
        FontsMissing,
        match=r"NotoSans-Regular\.ttf is missing\): run `make fonts` \(Debian packages "
        r"fonts-noto-core and fonts-noto-cjk\)",
    ):
        font_folders()


def test_a_template_error_comes_back_as_typeset_failed_with_typsts_message():
    data = {"title": "t", "cohort": "2030", "date": "1 December 2030", "fonts": FAMILIES}  # no "certificates"
    with pytest.raises(TypesetFailed, match="certificates"):
        typeset(TEMPLATES / "certificates.typ", data, font_folders=font_folders(), tagged=False)


def test_a_document_comes_back_as_one_pdf_page_per_certificate(tmp_path):
    words = {
        "rtl": False,
        "fonts": FAMILIES,
        "heading": "Certificate",
        "certifies": "This certifies that",
        "edition": "Smart City Champions 2030",
        "issuer": "WeGO · Seoul, 1 December 2030",
        "signatory": "Secretary General, WeGO",
    }
    data = {
        "title": "t",
        "lang": "en",
        "rtl": False,
        "fonts": FAMILIES,
        "languages": {"en": words},
        "certificates": [
            {
                "lang": "en",
                "name": "Ана",
                "name_rtl": False,
                "award": "Smart City Champion",
                "award_rtl": False,
                "intro": "is recognized as",
                "team": None,
            }
        ],
    }
    (tmp_path / "one.pdf").write_bytes(
        typeset(TEMPLATES / "certificates.typ", data, font_folders=font_folders(), tagged=False)
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "one.pdf"), "-"], check=True, capture_output=True
    ).stdout
    pages = text.decode("utf-8").split("\f")[:-1]
    assert len(pages) == 1 and "Ана" in pages[0] and "Smart City Champion" in pages[0]
