"""The ceremony PDF and the certificates of the demo cohort of 2022, read back by poppler's
pdftotext: names in every script, and markup printed as it is typed."""

import shutil
import subprocess

from champions.services.awards.decisions import finalized_entries
from champions.services.awards.documents import certificate_recipients
from champions.services.awards.exports import export_awards

from .conftest import FORMULA, SCRIPTS, finalize_with_formula_names, team_named

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def pdf_text(path) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is installed by make test"
    result = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, timeout=120)
    # Embedding marks around right-to-left runs and no-break spaces are layout, not text.
    text = result.stdout.decode("utf-8").translate(BIDI_CONTROLS).replace("\u00a0", " ")
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def printed(name: str, page: str) -> bool:
    """Whether every word of the name is on the page. Poppler reverses the letters inside an Arabic
    ligature (لا, لى) when it reorders right-to-left text, so words are compared by their letters;
    a glyph missing from the fonts would still fail."""
    words = {"".join(sorted(word)) for word in page.split()}
    return all("".join(sorted(word)) in words for word in name.split())


# Typst markup (code, strong text, math, a label, a reference) that must print as it is typed.
MARKUP = '#eval("1+1") *not bold* $x^2$ <label> @ref'


def test_ceremony_pdf_and_certificates_print_names_in_every_script(session, demo, tmp_path):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat, second_name=MARKUP)
    ceremony = export_awards(session=session, cohort=cohort, fmt="pdf", actor_id=secretariat.id)
    assert ceremony.content.startswith(b"%PDF-")
    (tmp_path / "ceremony.pdf").write_bytes(ceremony.content)
    pages = pdf_text(tmp_path / "ceremony.pdf")
    text = "\n".join(pages)
    for script, name in SCRIPTS.items():
        assert name in text, script
    assert pages[0] == "Smart City Champions 2022 · Award ceremony Seoul, 8 December 2022"
    assert "Champion Team" in pages[-1] and "Green Shade" in pages[-1]
    assert "Rank 1 · final score 75.31" in pages[-1]
    assert f"{MARKUP} (" in pages[-1] and f"{FORMULA} (" in pages[-1]
    team = team_named(session, "Green Shade")
    assert team.challenge in pages[-1]
    certificates = export_awards(session=session, cohort=cohort, fmt="certificates", actor_id=secretariat.id)
    (tmp_path / "certificates.pdf").write_bytes(certificates.content)
    pages = pdf_text(tmp_path / "certificates.pdf")
    recipients = certificate_recipients(finalized_entries(session=session, cohort_id=cohort.id))
    assert len(pages) == len(recipients)
    for page, (name, entry) in zip(pages, recipients):
        assert printed(name, page) and entry.award in page and "Smart City Champions 2022" in page
        assert "Seoul, 8 December 2022" in page  # the ceremony's day, not the finalization's
    for script, name in SCRIPTS.items():
        assert any(name in page for page in pages), script
    for name in (MARKUP, FORMULA):
        assert sum(name in page for page in pages) == sum(n == name for n, _ in recipients) > 0
