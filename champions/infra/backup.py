"""Backups: a consistent copy of the database and the submitted files, with a manifest of
SHA-256 sums, and the restore of such a copy into an empty database and files folder.

The app can keep running: an SQLite database is copied with SQLite's online backup API, a
PostgreSQL database with `pg_dump` (custom format) in one snapshot, from which the stored
file names are read too. Files are copied after it; a file that a snapshot row names but that
is gone by then is listed in the manifest as missing (files are only ever added, so this does
not happen in practice). A backup is restored into the same kind of database it came from
(`pg_restore` for PostgreSQL)."""

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.engine import URL

from champions.infra.db import make_engine
from champions.infra.reasons import Reason, RuleViolation

MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
PG_DUMP = "database.pgdump"  # pg_dump's custom format
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


def is_postgresql(url: str) -> bool:
    return url.startswith(("postgresql:", "postgresql+"))


def sqlite_path(url: str) -> Path:
    """The file of a `sqlite:///…` URL. Raises RuleViolation for any other database."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        raise RuleViolation(
            [
                Reason(
                    "not_supported",
                    "Only SQLite and PostgreSQL databases are backed up by this command.",
                    "database",
                )
            ]
        )
    return Path(url.removeprefix("sqlite:///"))


def _kind(url: str) -> str:
    if is_postgresql(url):
        return "postgresql"
    sqlite_path(url)  # refuses every other URL
    return "sqlite"


# --- PostgreSQL: pg_dump and pg_restore -------------------------------------------------------


def _pg_program(name: str) -> str:
    """pg_dump or pg_restore: on PATH (Debian's wrapper picks the newest version), else the
    newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if versions:
        return versions[-1]
    raise RuleViolation(
        [
            Reason(
                "no_pg_tools",
                "{name} was not found: install PostgreSQL's client programs "
                "(Debian: apt-get install postgresql-client).",
                "database",
                values={"name": name},
            )
        ]
    )


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore and their environment: the password
    goes in PGPASSWORD, never on a command line others can read."""
    parsed: URL = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RuleViolation(
            [Reason("pg_failed", f"{what} failed: {detail[-1] if detail else done.returncode}", "database")]
        )


def _pg_dump(url: str, target: Path) -> tuple[str, set[str]]:
    """Dump the database into `target`; (its migration revision, the stored file names it
    names), all read in the one snapshot the dump is made from."""
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        ) as connection:
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            tables = set(
                connection.execute(
                    text(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                        "current_schema()"
                    )
                ).scalars()
            )
            revision = (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
                if "alembic_version" in tables
                else None
            ) or ""
            named = (
                set(connection.execute(text("SELECT stored_name FROM submission_file")).scalars())
                if "submission_file" in tables
                else set()
            )
            dsn, env = _libpq(url)
            # The snapshot lives as long as this transaction: pg_dump runs inside it.
            _run(
                [
                    _pg_program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={dsn}",
                ],
                env,
                "pg_dump",
            )
            connection.rollback()
    except RuleViolation:
        raise
    except Exception as error:  # the server is down, the database is missing…
        raise RuleViolation(
            [Reason("no_database", f"Cannot read the database: {error}".splitlines()[0], "database")]
        ) from None
    finally:
        engine.dispose()
    return revision, named


def _pg_tables(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    text(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                        "current_schema() "
                        "ORDER BY table_name"
                    )
                ).scalars()
            )
    except Exception as error:
        raise RuleViolation(
            [Reason("no_database", f"Cannot reach the database: {error}".splitlines()[0], "database")]
        ) from None
    finally:
        engine.dispose()


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


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
    return sorted(
        p for p in files_dir.rglob("*") if p.is_file() and ".incoming" not in p.relative_to(files_dir).parts
    )


def back_up(*, url: str, files_dir: Path, out: Path, now: datetime | None = None) -> Manifest:
    """Write the database snapshot, copies of the stored files and the manifest into `out`
    (created; it must be empty or absent), readable by their owner only. Raises
    RuleViolation, writing nothing, when it is not or the database is neither SQLite nor
    PostgreSQL."""
    kind = _kind(url)
    if out.exists() and any(out.iterdir()):
        raise RuleViolation([Reason("not_empty", f"{out} is not empty: back up into a new folder.", "out")])
    if kind == "sqlite":
        source_path = sqlite_path(url)
        if not source_path.is_file():
            raise RuleViolation(
                [Reason("no_database", f"There is no database at {source_path}.", "database")]
            )
        out.mkdir(parents=True, exist_ok=True)
        target_path = out / DATABASE
        with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target_path)) as target:
            source.backup(target)  # one consistent snapshot, even while the app writes
            revision = _revision(target)
            named = (
                {row[0] for row in target.execute("SELECT stored_name FROM submission_file")}
                if "submission_file" in _tables(target)
                else set()
            )
    else:
        existed = out.exists()
        out.mkdir(parents=True, exist_ok=True)
        target_path = out / PG_DUMP
        try:
            revision, named = _pg_dump(url, target_path)
        except RuleViolation:
            # Nothing written on a refusal.
            target_path.unlink(missing_ok=True)
            if not existed:
                out.rmdir()
            raise
    manifest = Manifest(
        created_at=(now or datetime.now(UTC)).isoformat(),
        database={
            "file": target_path.name,
            "kind": kind,
            "size": target_path.stat().st_size,
            "sha256": _sha256(target_path),
            "revision": revision,
        },
    )
    copied = out / FILES
    copied.mkdir()
    for path in _stored_files(files_dir):
        relative = path.relative_to(files_dir)
        (copied / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copied / relative)
        manifest.files.append(
            {"path": relative.as_posix(), "size": path.stat().st_size, "sha256": _sha256(copied / relative)}
        )
    present = {Path(f["path"]).name for f in manifest.files}
    manifest.missing = sorted(named - present)
    (out / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=1), encoding="utf-8")
    owner_only(out)
    return manifest


def owner_only(folder: Path) -> None:
    """A backup holds every account's data: its folders 0700 and files 0600, whatever the umask."""
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


# The database file of each kind of backup (backups made before PostgreSQL had no "kind").
_BACKUP_FILE = {"sqlite": DATABASE, "postgresql": PG_DUMP}


def read_manifest(source: Path) -> Manifest:
    """The manifest of a backup folder, every sum checked. Raises RuleViolation naming the
    first file that is missing or changed."""
    try:
        data = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError):
        raise RuleViolation(
            [Reason("no_manifest", f"{source} holds no readable {MANIFEST}: is it a backup?", "source")]
        ) from None
    entries = [(source / manifest.database["file"], manifest.database)] + [
        (source / FILES / f["path"], f) for f in manifest.files
    ]
    # A manifest names files inside the backup only: no absolute paths, no "..".
    if manifest.database["file"] != _BACKUP_FILE.get(manifest.database.get("kind", "sqlite")) or any(
        Path(f["path"]).is_absolute() or ".." in Path(f["path"]).parts for f in manifest.files
    ):
        raise RuleViolation(
            [
                Reason(
                    "corrupt",
                    "The manifest names a file outside the backup: the backup is damaged.",
                    "source",
                )
            ]
        )
    for path, entry in entries:
        if not path.is_file() or path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise RuleViolation(
                [
                    Reason(
                        "corrupt",
                        "{path} is missing or differs from the manifest: the backup is damaged.",
                        "source",
                        values={"path": path.relative_to(source)},
                    )
                ]
            )
    return manifest


def restore(*, source: Path, url: str, files_dir: Path) -> Manifest:
    """Restore a backup into an empty database (absent, or without tables) of the kind it was
    made from, and an empty files folder. Everything is checked first (sums, kind, emptiness);
    on a refusal nothing is written. Raises RuleViolation."""
    manifest = read_manifest(source)
    kind, target_kind = manifest.database.get("kind", "sqlite"), _kind(url)
    if kind != target_kind:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise RuleViolation(
            [
                Reason(
                    "other_kind",
                    f"This is a backup of a {names[kind]} database: restore it into "
                    f"{names[kind]}, not {names[target_kind]}.",
                    "database",
                )
            ]
        )
    if kind == "sqlite":
        target_path = sqlite_path(url)
        if target_path.is_file() and target_path.stat().st_size:
            with closing(sqlite3.connect(target_path)) as existing:
                tables = _tables(existing)
            if tables:
                raise RuleViolation(
                    [
                        Reason(
                            "database_not_empty",
                            f"The database {target_path} already has tables: restore into an empty one.",
                            "database",
                        )
                    ]
                )
    elif _pg_tables(url):
        shown = make_url(url).render_as_string(hide_password=True)
        raise RuleViolation(
            [
                Reason(
                    "database_not_empty",
                    f"The database {shown} already has tables: restore into an empty one.",
                    "database",
                )
            ]
        )
    if files_dir.exists() and _stored_files(files_dir):
        raise RuleViolation(
            [
                Reason(
                    "files_not_empty",
                    f"{files_dir} already holds files: restore into an empty folder.",
                    "files",
                )
            ]
        )
    if kind == "sqlite":
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(source / manifest.database["file"])) as snapshot,
            closing(sqlite3.connect(target_path)) as target,
        ):
            snapshot.backup(target)
    else:
        dsn, env = _libpq(url)
        # One transaction: a failed restore leaves the database as empty as it was.
        _run(
            [
                _pg_program("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={dsn}",
                str(source / manifest.database["file"]),
            ],
            env,
            "pg_restore",
        )
    for entry in manifest.files:
        path = files_dir / entry["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / FILES / entry["path"], path)
    return manifest
