"""Unit tests for champions.services.phase2.uploads: the streaming reader's limits and the checks
of each file's name, size and real type."""

import os

import pytest

from champions.services.phase2.uploads import (
    MAX_FILE_BYTES,
    MAX_TEXT_FIELDS,
    ReceivedFile,
    StreamingFormReader,
    UploadRefused,
    check_received_file,
    filename_problem,
    sniff_kind,
)
from tests.support.files import ELF, EXE, GOOD, JPEG, PNG, multipart, office, pdf, plain_zip


def read(body: bytes, content_type: str, folder, chunk: int = 65536):
    boundary = content_type.split("boundary=")[1].encode()
    reader = StreamingFormReader(boundary, str(folder))
    try:
        for start in range(0, len(body), chunk):
            reader.write(body[start : start + chunk])
        return reader.finish()
    except UploadRefused:
        reader.abort()
        raise


def test_fields_and_files_are_read_with_size_and_hash(tmp_path):
    body, content_type = multipart(
        {"title": "Safe streets — 안전", "summary": "Short."}, [("deck.pdf", pdf()), ("photo.png", PNG)]
    )
    form = read(body, content_type, tmp_path, chunk=7)
    assert form.fields == {"title": "Safe streets — 안전", "summary": "Short."}
    assert [(f.original_name, f.size) for f in form.files] == [
        ("deck.pdf", len(pdf())),
        ("photo.png", len(PNG)),
    ]
    with open(form.files[1].temp_path, "rb") as handle:
        assert handle.read() == PNG
    import hashlib

    assert form.files[1].sha256 == hashlib.sha256(PNG).hexdigest()


def test_reading_stops_as_soon_as_a_file_passes_20_mb(tmp_path):
    big = b"%PDF-" + b"x" * MAX_FILE_BYTES
    body, content_type = multipart({}, [("big.pdf", big)])
    boundary = content_type.split("boundary=")[1].encode()
    reader = StreamingFormReader(boundary, str(tmp_path))
    fed = 0
    with pytest.raises(UploadRefused) as refused:
        for start in range(0, len(body), 65536):
            reader.write(body[start : start + 65536])
            fed += 65536
    reader.abort()
    assert refused.value.reason.message == "'big.pdf' is larger than 20 MB."
    assert fed <= MAX_FILE_BYTES + 2 * 65536  # it did not wait for the rest
    assert os.listdir(tmp_path) == []


def test_a_sixth_file_is_refused_while_receiving(tmp_path):
    body, content_type = multipart({}, [(f"f{i}.png", PNG) for i in range(6)])
    with pytest.raises(UploadRefused) as refused:
        read(body, content_type, tmp_path)
    assert refused.value.reason.message == "Attach at most 5 files."
    assert os.listdir(tmp_path) == []


def test_a_huge_text_field_is_refused(tmp_path):
    body, content_type = multipart({"summary": "word " * 20000}, [])
    with pytest.raises(UploadRefused) as refused:
        read(body, content_type, tmp_path)
    assert refused.value.reason.field == "summary"


def test_an_empty_file_input_sends_no_file(tmp_path):
    body, content_type = multipart({"title": "t"}, [("", b"")])
    assert read(body, content_type, tmp_path).files == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("deck.pdf", None),
        ("발표 자료 (최종).pdf", None),
        ("../../etc/passwd.pdf", "'../../etc/passwd.pdf' is not a plain file name."),
        ("..\\boot.pdf", "'..\\boot.pdf' is not a plain file name."),
        ("deck\x00.exe.pdf", "A file name contains control characters."),
        (".hidden.pdf", "'.hidden.pdf' is not a plain file name."),
        ("a" * 296 + ".pdf", "A file name is longer than 255 characters; rename the file."),
        ("   ", "A file has no name."),
    ],
)
def test_filename_problems(name, problem):
    assert filename_problem(name) == problem


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf(), "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (office("docx"), "docx"),
        (office("pptx"), "pptx"),
        (office("xlsx"), "xlsx"),
        (EXE, None),
        (ELF, None),
        (plain_zip(), None),
        (b"PK\x03\x04broken", None),
        (b"hello", None),
    ],
)
def test_sniff_kind_reads_the_content(tmp_path, data, kind):
    path = tmp_path / "file"
    path.write_bytes(data)
    assert sniff_kind(str(path)) == kind


def received(tmp_path, name: str, data: bytes) -> ReceivedFile:
    path = tmp_path / "upload"
    path.write_bytes(data)
    return ReceivedFile(original_name=name, temp_path=str(path), size=len(data), sha256="x")


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_accepted_kind_passes(tmp_path, name):
    checked, problem = check_received_file(received(tmp_path, name, GOOD[name]))
    assert problem is None and checked.original_name == name


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.pdf", EXE, "'setup.pdf' is not really a PDF file; export it again and retry."),
        ("photo.png", JPEG, "'photo.png' is not really a PNG file; export it again and retry."),
        (
            "report.docx",
            office("xlsx"),
            "'report.docx' is not really a DOCX file; export it again and retry.",
        ),
        ("slides.pptx", plain_zip(), "'slides.pptx' is not really a PPTX file; export it again and retry."),
        (
            "virus.exe",
            EXE,
            "'virus.exe': only PDF, PowerPoint (pptx), Word (docx), Excel (xlsx), PNG or JPG files "
            "are accepted.",
        ),
        ("empty.pdf", b"", "'empty.pdf' is empty."),
    ],
)
def test_wrong_content_empty_and_unknown_kinds_are_refused(tmp_path, name, data, message):
    checked, problem = check_received_file(received(tmp_path, name, data))
    assert checked is None and problem.message == message and problem.field == "files"


def test_more_text_fields_than_the_form_has_are_refused_while_receiving(tmp_path):
    """Issue 22, finding 5: the number of text fields is bounded (each is kept in memory)."""
    body, content_type = multipart({f"field{i}": "x" for i in range(MAX_TEXT_FIELDS + 1)}, [])
    with pytest.raises(UploadRefused) as refused:
        read(body, content_type, tmp_path)
    assert refused.value.reason.message == "The form has too many fields."
    body, content_type = multipart({f"field{i}": "x" for i in range(MAX_TEXT_FIELDS)}, [])
    assert len(read(body, content_type, tmp_path).fields) == MAX_TEXT_FIELDS
