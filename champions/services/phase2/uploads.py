"""Receiving submitted files safely: a streaming multipart reader that stops as soon as a
file is too large (whatever the browser claimed), and checks of each file's name, size
and real type (from its content, not its name)."""

import hashlib
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

from champions.infra.reasons import Reason

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 5
MAX_FIELD_BYTES = 64 * 1024
MAX_TEXT_FIELDS = 8  # the form has 4 (title, summary, link, keep_previous)
MAX_NAME_LENGTH = 255
# The whole request: every file at its largest, plus the text fields and multipart overhead.
MAX_REQUEST_BYTES = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024

# extension -> (kind, content type)
ALLOWED = {
    ".pdf": ("pdf", "application/pdf"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ALLOWED_TEXT = "PDF, PowerPoint (pptx), Word (docx), Excel (xlsx), PNG or JPG"
_OFFICE_PART = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadRefused(Exception):
    """The request breaks a limit while it is being received; reading stops at once."""

    def __init__(self, reason: Reason, status: int = 413):
        super().__init__(reason.message)
        self.reason, self.status = reason, status


@dataclass
class ReceivedFile:
    """A file as received: its name as the browser sent it, and its bytes in a temporary file."""

    original_name: str
    temp_path: str
    size: int = 0
    sha256: str = ""


@dataclass
class ReceivedForm:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[ReceivedFile] = field(default_factory=list)

    def discard(self) -> None:
        """Delete the temporary files (after storing them, or on refusal)."""
        for received in self.files:
            try:
                os.unlink(received.temp_path)
            except FileNotFoundError:
                pass


class StreamingFormReader:
    """Feed the request body chunk by chunk (`write`); raises UploadRefused the moment a file
    passes MAX_FILE_BYTES, a sixth file starts, a text field grows past MAX_FIELD_BYTES or
    there are more than MAX_TEXT_FIELDS of them.
    Files go to temporary files in `incoming_dir` (never a public folder)."""

    def __init__(self, boundary: bytes, incoming_dir: str, file_field: str = "files"):
        self.form = ReceivedForm()
        self._incoming, self._file_field = incoming_dir, file_field
        self._header_field, self._header_value = b"", b""
        self._headers: dict[bytes, bytes] = {}
        self._name, self._file, self._buffer, self._hash = "", None, bytearray(), None
        self._current: ReceivedFile | None = None
        self._fields = 0  # text parts so far (each is held in memory until the form is read)
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._part_begin,
                "on_header_field": self._header_field_data,
                "on_header_value": self._header_value_data,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
            },
        )

    def write(self, chunk: bytes) -> None:
        try:
            self._parser.write(chunk)
        except UploadRefused:
            self._close_file()
            raise

    def finish(self) -> ReceivedForm:
        self._parser.finalize()
        self._close_file()
        return self.form

    def abort(self) -> None:
        self._close_file()
        self.form.discard()

    # --- parser callbacks ---
    def _part_begin(self) -> None:
        self._headers, self._header_field, self._header_value = {}, b"", b""

    def _header_field_data(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if self._name == self._file_field and filename is not None:
            if filename == b"":  # an empty file input sends a nameless, empty part
                self._current = None
                self._name = ""
                return
            if len(self.form.files) >= MAX_FILES:
                raise UploadRefused(
                    Reason(
                        "too_many_files", "Attach at most {max} files.", "files", values={"max": MAX_FILES}
                    )
                )
            handle, path = tempfile.mkstemp(dir=self._incoming, prefix="in-")
            self._file = os.fdopen(handle, "wb")
            self._hash = hashlib.sha256()
            self._current = ReceivedFile(original_name=filename.decode("utf-8", "replace"), temp_path=path)
            self.form.files.append(self._current)
        else:
            self._fields += 1
            if self._fields > MAX_TEXT_FIELDS:
                raise UploadRefused(Reason("too_many_fields", "The form has too many fields.", ""))
            self._current, self._buffer = None, bytearray()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        piece = data[start:end]
        if self._current is not None:
            self._current.size += len(piece)
            if self._current.size > MAX_FILE_BYTES:
                raise UploadRefused(
                    Reason(
                        "too_large",
                        "'{name}' is larger than 20 MB.",
                        "files",
                        values={"name": display_name(self._current.original_name)},
                    )
                )
            self._hash.update(piece)
            self._file.write(piece)
        elif self._name:
            self._buffer += piece
            if len(self._buffer) > MAX_FIELD_BYTES:
                raise UploadRefused(Reason("field_too_large", "A text field is too long.", self._name))

    def _part_end(self) -> None:
        if self._current is not None:
            self._current.sha256 = self._hash.hexdigest()
            self._close_file()
        elif self._name:
            self.form.fields[self._name] = bytes(self._buffer).decode("utf-8", "replace")
        self._current, self._name, self._buffer = None, "", bytearray()

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def display_name(name: str) -> str:
    """A received name made safe to show in a message (controls removed, shortened)."""
    cleaned = _CONTROL.sub("", name)
    return cleaned if len(cleaned) <= 60 else cleaned[:57] + "…"


def filename_problem(name: str) -> str | None:
    """Why this original file name is refused (None: it is fine)."""
    refusal = filename_refusal(name)
    return refusal.message if refusal else None


def filename_refusal(name: str) -> Reason | None:
    """Why this original file name is refused, as a reason of the files field (None: it is fine)."""
    if not name or not name.strip():
        return Reason("bad_name", "A file has no name.", "files")
    if _CONTROL.search(name):
        return Reason("bad_name", "A file name contains control characters.", "files")
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        return Reason(
            "bad_name", "'{name}' is not a plain file name.", "files", values={"name": display_name(name)}
        )
    if len(name) > MAX_NAME_LENGTH:
        return Reason(
            "bad_name",
            "A file name is longer than {max} characters; rename the file.",
            "files",
            values={"max": MAX_NAME_LENGTH},
        )
    return None


def sniff_kind(path: str) -> str | None:
    """The file's real kind from its content: pdf, png, jpeg, docx, pptx, xlsx, or None."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for kind, part in _OFFICE_PART.items():
                if part in names:
                    return kind
    return None


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    temp_path: str
    size: int
    sha256: str
    content_type: str


def check_received_file(received: ReceivedFile) -> tuple[CheckedFile | None, Reason | None]:
    """Check one received file's name, size and real type against its extension."""
    problem = filename_refusal(received.original_name)
    if problem:
        return None, problem
    shown = display_name(received.original_name)
    if received.size == 0:
        return None, Reason("empty", "'{name}' is empty.", "files", values={"name": shown})
    if received.size > MAX_FILE_BYTES:
        return None, Reason("too_large", "'{name}' is larger than 20 MB.", "files", values={"name": shown})
    extension = os.path.splitext(received.original_name)[1].lower()
    if extension not in ALLOWED:
        return None, Reason(
            "bad_type",
            "'{name}': only {allowed} files are accepted.",
            "files",
            values={"name": shown, "allowed": ALLOWED_TEXT},
        )
    kind, content_type = ALLOWED[extension]
    if sniff_kind(received.temp_path) != kind:
        return None, Reason(
            "content_mismatch",
            "'{name}' is not really a {kind} file; export it again and retry.",
            "files",
            values={"name": shown, "kind": extension[1:].upper()},
        )
    return CheckedFile(
        received.original_name, received.temp_path, received.size, received.sha256, content_type
    ), None
