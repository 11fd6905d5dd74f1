"""Where submitted files live: under CHAMPIONS_FILES_DIR (default ./data/files), outside
every folder the web server publishes, under generated names."""

import os
import secrets
import uuid
from pathlib import Path

DEFAULT_FILES_DIR = "data/files"


def files_dir() -> Path:
    folder = Path(os.environ.get("CHAMPIONS_FILES_DIR") or DEFAULT_FILES_DIR).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def incoming_dir() -> Path:
    """Temporary files of uploads being received (same file system, so storing is a rename)."""
    folder = files_dir() / ".incoming"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_stored_name() -> str:
    return uuid.uuid4().hex


def new_public_id() -> str:
    return secrets.token_urlsafe(18)


def stored_path(stored_name: str) -> Path:
    """The path of a stored file; the name is ours (hex), never a user's."""
    if not stored_name.isalnum():
        raise ValueError("not a stored name")
    return files_dir() / stored_name[:2] / stored_name


def store(temp_path: str) -> str:
    """Move a received temporary file into storage; returns its generated stored name."""
    name = new_stored_name()
    target = stored_path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp_path, target)
    return name


def store_bytes(data: bytes) -> str:
    name = new_stored_name()
    target = stored_path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return name


def remove(stored_name: str) -> None:
    try:
        stored_path(stored_name).unlink()
    except FileNotFoundError:
        pass
