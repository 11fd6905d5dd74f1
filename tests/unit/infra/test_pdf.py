"""The tiny PDF writer: the file's structure (header, objects at the offsets the cross-reference
table gives, one page, stream length), and the text poppler reads back from it."""

import re
import shutil
import subprocess

import pytest

from champions.infra.pdf import simple_pdf


def xref_offsets(pdf: bytes) -> list[int]:
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))
    assert pdf[start:].startswith(b"xref\n0 6\n0000000000 65535 f \n")
    entries = pdf[start:].split(b"\n")[3:8]
    assert all(re.fullmatch(rb"\d{10} 00000 n ", entry) for entry in entries)
    return [int(entry[:10]) for entry in entries]


def test_header_trailer_and_objects_at_their_offsets():
    pdf = simple_pdf("Title", ["One", "Two"])
    assert pdf.startswith(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert pdf.endswith(b"%%EOF\n")
    assert b"trailer\n<< /Size 6 /Root 1 0 R >>\n" in pdf
    offsets = xref_offsets(pdf)
    for number, offset in enumerate(offsets, 1):
        assert pdf[offset:].startswith(f"{number} 0 obj\n".encode())
    assert offsets == sorted(offsets)
    assert pdf.count(b" 0 obj\n") == 5 and pdf.count(b"\nendobj\n") == 5


def test_one_a4_page_in_helvetica():
    pdf = simple_pdf("Title", [f"line {i}" for i in range(30)])
    assert pdf.count(b"/Type /Page ") == 1
    assert b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>" in pdf
    assert b"/MediaBox [0 0 595 842]" in pdf
    assert b"/BaseFont /Helvetica /Encoding /WinAnsiEncoding" in pdf


def test_the_stream_length_is_exact_and_holds_the_text_operators():
    pdf = simple_pdf("Report", ["alpha", "beta"])
    match = re.search(rb"<< /Length (\d+) >>\nstream\n(.*?)\nendstream", pdf, re.DOTALL)
    length, stream = int(match.group(1)), match.group(2)
    assert len(stream) == length
    assert stream == (
        b"BT\n/F1 18 Tf\n56 780 Td\n(Report) Tj\n/F1 11 Tf\n0 -18 Td\n() Tj\n"
        b"0 -18 Td\n(alpha) Tj\n0 -18 Td\n(beta) Tj\nET"
    )


def test_parentheses_and_backslashes_are_escaped_and_other_scripts_replaced():
    pdf = simple_pdf("a (b) \\ c", ["Émile", "Анна 東京"])
    assert b"(a \\(b\\) \\\\ c) Tj" in pdf
    assert b"(\xc9mile) Tj" in pdf  # Latin-1, which WinAnsi matches for letters
    assert b"(???? ??) Tj" in pdf  # one "?" per character outside Latin-1
    assert b"(\\(\\)) Tj" in simple_pdf("()", [])


def test_no_lines_is_a_title_and_a_blank_line():
    pdf = simple_pdf("", [])
    assert b"56 780 Td\n() Tj\n/F1 11 Tf\n0 -18 Td\n() Tj\nET" in pdf
    assert len(xref_offsets(pdf)) == 5


def test_the_same_input_makes_the_same_bytes():
    assert simple_pdf("Same", ["x", "y"]) == simple_pdf("Same", ["x", "y"])
    assert simple_pdf("Same", ["x", "y"]) != simple_pdf("Same", ["x", "z"])


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"poppler's {tool} is not installed")
    result = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60, check=True)
    return result.stdout


def test_poppler_reads_one_a4_page_without_complaint(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(simple_pdf("Title", ["One"]))
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler's pdfinfo is not installed")
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    info = dict(re.findall(r"^([^:]+):\s+(.*)$", result.stdout, re.MULTILINE))
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("595 x 842 pts (A4)")
    assert info["PDF version"] == "1.4"


def test_the_lines_are_found_by_pdftotext(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(simple_pdf("Submission (demo)", ["Team: Émile & Ana", "Back\\slash", "Анна"]))
    text = poppler("pdftotext", "-layout", str(path), "-")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == ["Submission (demo)", "Team: Émile & Ana", "Back\\slash", "????"]
