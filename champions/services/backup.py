"""Backups: a consistent copy of the database and the submitted files, with a manifest of
SHA-256 sums, and the restore of such a copy into an empty database and files folder.

The database is copied with SQLite's online backup API, so the app can keep running: the copy
is one consistent snapshot. Files are copied after it; a file that a snapshot row names but
that is gone by then is listed in the manifest as missing (files are only ever added, so this
does not happen in practice). Backups of a PostgreSQL database are refused with a reason for
now: `pg_dump` is the tool for those."""

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Optional

from champions.models._time import utcnow
from champions.services.reasons import Reason, RuleViolation

MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
FILES = "files"
FORMAT = 1


@dataclass
class Manifest:
    created_at: str
    database: dict  # {file, size, sha256, revision}
    files: list[dict] = field(default_factory=list)  # {path, size, sha256}, path relative to the files folder
    missing: list[str] = field(default_factory=list)  # stored names the database names but no file had
    format: int = FORMAT

    @property
    def files_bytes(self) -> int:
        return sum(f["size"] for f in self.files)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sqlite_path(url: str) -> Path:
    """The file of a `sqlite:///…` URL. Raises RuleViolation for any other database."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        raise RuleViolation([Reason("not_sqlite", "Only SQLite databases are backed up by this command; back up "
                                                  "PostgreSQL with pg_dump.", "database")])
    return Path(url.removeprefix("sqlite:///"))


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _revision(connection: sqlite3.Connection) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return ""
    return row[0] if row else ""


def _stored_files(files_dir: Path) -> list[Path]:
    """Every stored file (uploads still being received, under .incoming, are not stored yet)."""
    if not files_dir.is_dir():
        return []
    return sorted(p for p in files_dir.rglob("*")
                  if p.is_file() and ".incoming" not in p.relative_to(files_dir).parts)


def back_up(*, url: str, files_dir: Path, out: Path, now: Optional[datetime] = None) -> Manifest:
    """Write the database snapshot, copies of the stored files and the manifest into `out`
    (created; it must be empty or absent). Raises RuleViolation, writing nothing, when it is
    not or the database is not SQLite."""
    source_path = sqlite_path(url)
    if out.exists() and any(out.iterdir()):
        raise RuleViolation([Reason("not_empty", f"{out} is not empty: back up into a new folder.", "out")])
    if not source_path.is_file():
        raise RuleViolation([Reason("no_database", f"There is no database at {source_path}.", "database")])
    out.mkdir(parents=True, exist_ok=True)
    target_path = out / DATABASE
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target_path)) as target:
        source.backup(target)  # one consistent snapshot, even while the app writes
        revision = _revision(target)
        named = ({row[0] for row in target.execute("SELECT stored_name FROM submission_file")}
                 if "submission_file" in _tables(target) else set())
    manifest = Manifest(created_at=(now or utcnow()).isoformat(), database={
        "file": DATABASE, "size": target_path.stat().st_size, "sha256": _sha256(target_path), "revision": revision})
    copied = out / FILES
    copied.mkdir()
    for path in _stored_files(files_dir):
        relative = path.relative_to(files_dir)
        (copied / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copied / relative)
        manifest.files.append({"path": relative.as_posix(), "size": path.stat().st_size,
                               "sha256": _sha256(copied / relative)})
    present = {Path(f["path"]).name for f in manifest.files}
    manifest.missing = sorted(named - present)
    (out / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=1), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> Manifest:
    """The manifest of a backup folder, every sum checked. Raises RuleViolation naming the
    first file that is missing or changed."""
    try:
        data = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError):
        raise RuleViolation([Reason("no_manifest", f"{source} holds no readable {MANIFEST}: is it a backup?",
                                    "source")]) from None
    entries = [(source / manifest.database["file"], manifest.database)] + [
        (source / FILES / f["path"], f) for f in manifest.files]
    # A manifest names files inside the backup only: no absolute paths, no "..".
    if manifest.database["file"] != DATABASE or any(
            Path(f["path"]).is_absolute() or ".." in Path(f["path"]).parts for f in manifest.files):
        raise RuleViolation([Reason("corrupt", "The manifest names a file outside the backup: the backup is "
                                               "damaged.", "source")])
    for path, entry in entries:
        if not path.is_file() or path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise RuleViolation([Reason("corrupt", f"{path.relative_to(source)} is missing or differs from the "
                                                   f"manifest: the backup is damaged.", "source")])
    return manifest


def restore(*, source: Path, url: str, files_dir: Path) -> Manifest:
    """Restore a backup into an empty database (absent, or without tables) and an empty files
    folder. Everything is checked first (sums, emptiness); on a refusal nothing is written.
    Raises RuleViolation."""
    manifest = read_manifest(source)
    target_path = sqlite_path(url)
    if target_path.is_file() and target_path.stat().st_size:
        with closing(sqlite3.connect(target_path)) as existing:
            tables = _tables(existing)
        if tables:
            raise RuleViolation([Reason("database_not_empty", f"The database {target_path} already has tables: "
                                                              f"restore into an empty one.", "database")])
    if files_dir.exists() and _stored_files(files_dir):
        raise RuleViolation([Reason("files_not_empty", f"{files_dir} already holds files: restore into an empty "
                                                       f"folder.", "files")])
    target_path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source / manifest.database["file"])) as snapshot, \
            closing(sqlite3.connect(target_path)) as target:
        snapshot.backup(target)
    for entry in manifest.files:
        path = files_dir / entry["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / FILES / entry["path"], path)
    return manifest
