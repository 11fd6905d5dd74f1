"""Typesets a Typst template into PDF in a child process of its own.

Typst keeps what it laid out in memory caches that live as long as the process (about 75 KB a
page: a second run of 8,842 certificates left the process at 1.4 GB). A child process returns
all of it to the system when it exits, and keeps the app's memory flat however many exports run.

Run as `python -m champions.infra.typeset`: a JSON request on stdin, the PDF on stdout."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 600


class TypesetFailed(Exception):
    """Typst refused the document (or the child process died); the message says why."""


def typeset(
    template: Path,
    data: dict,
    *,
    font_folders: list[Path],
    tagged: bool,
    files: dict[str, bytes] | None = None,
) -> bytes:
    """The PDF of the Typst file `template` with `data` as its input (read by the template from
    sys.inputs as JSON, so text in it is never markup). `tagged` adds the structure tree that
    screen readers use. `files` ({name: content}) are put beside the template for it to `read`
    (binary data such as images: a JSON array of numbers is slower to turn into bytes). Blocks
    the calling thread until the child finishes: call it off the event loop. Raises
    TypesetFailed."""
    if files:
        with tempfile.TemporaryDirectory(prefix="champions-typeset-") as folder:
            copy = Path(folder) / template.name
            shutil.copyfile(template, copy)
            for name, content in files.items():
                (Path(folder) / name).write_bytes(content)
            return _typeset_in_child(copy, data, font_folders, tagged, root=folder)
    return _typeset_in_child(template, data, font_folders, tagged, root=None)


def _typeset_in_child(
    template: Path, data: dict, font_folders: list[Path], tagged: bool, root: str | None
) -> bytes:
    request = json.dumps(
        {
            "template": str(template),
            "root": root,
            "data": data,
            "font_folders": [str(f) for f in font_folders],
            "tagged": tagged,
        },
        ensure_ascii=False,
    ).encode("utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "champions.infra.typeset"],
            input=request,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            cwd=Path(__file__).parents[2],
        )
    except subprocess.TimeoutExpired:
        raise TypesetFailed(f"Typst did not finish within {TIMEOUT_SECONDS} seconds.") from None
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF-"):
        raise TypesetFailed(
            result.stderr.decode("utf-8", "replace").strip()[-2000:] or "Typst stopped without a PDF."
        )
    return result.stdout


def _main() -> None:
    import typst

    request = json.loads(sys.stdin.buffer.read())
    root = request.get("root")
    pdf = typst.compile(
        request["template"] if root else Path(request["template"]).read_bytes(),
        **({"root": root} if root else {}),
        font_paths=request["font_folders"],
        ignore_system_fonts=True,
        pdf_tags=request["tagged"],
        sys_inputs={"data": json.dumps(request["data"], ensure_ascii=False)},
    )
    sys.stdout.buffer.write(pdf)


if __name__ == "__main__":
    _main()
