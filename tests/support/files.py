"""Real small files of every accepted kind, and impostors, for upload tests."""

import io
import zipfile

from champions.infra.pdf import simple_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 30
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def office(kind: str) -> bytes:
    part = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def pdf(text: str = "Demo") -> bytes:
    return simple_pdf(text, ["A test file."])


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


GOOD = {
    "deck.pdf": pdf(),
    "photo.png": PNG,
    "photo.jpg": JPEG,
    "photo.JPEG": JPEG,
    "report.docx": office("docx"),
    "slides.pptx": office("pptx"),
    "budget.xlsx": office("xlsx"),
}


def multipart(
    fields: dict[str, str], files: list[tuple[str, bytes]], boundary: str = "champions-test-boundary"
) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends it; returns (body, content type)."""
    out = bytearray()
    for name, value in fields.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n').encode()
        out += value.encode() + b"\r\n"
    for filename, data in files:
        quoted = filename.replace('"', "%22")
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{quoted}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode("utf-8", "surrogateescape")
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"
