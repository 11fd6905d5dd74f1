"""Backup and restore of the demo cohort through the command line: every table's rows and every
stored file come back identical; damaged backups, non-empty targets and PostgreSQL are refused
with a reason and change nothing."""

import json
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from champions.cli import main
from champions.services.backup import MANIFEST, back_up
from champions.services.demo import seed_demo
from champions.services.reasons import RuleViolation


@pytest.fixture
def demo(session, password_hash, db_url, tmp_path):
    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23)) is True
    session.commit()
    return Path(db_url.removeprefix("sqlite:///")), tmp_path / "files"


def rows(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: db.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and ".incoming" not in p.parts}


def test_a_demo_cohort_round_trips_table_by_table_and_file_by_file(demo, tmp_path, monkeypatch, capsys):
    database, stored = demo
    (stored / ".incoming").mkdir(exist_ok=True)
    (stored / ".incoming" / "half-received").write_bytes(b"partial upload")  # not a stored file yet
    assert main(["backup", "--out", str(tmp_path / "backup")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Backed up the database (") and f"{tmp_path / 'backup' / MANIFEST}" in printed
    original_rows, original_files = rows(database), files(stored)
    assert len(original_files) >= 8 and sum(len(r) for r in original_rows.values()) > 1000

    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / 'restored' / 'champions.db'}")
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "restored" / "files"))
    assert main(["restore", str(tmp_path / "backup")]) == 0
    assert "Restored the backup of" in capsys.readouterr().out
    assert rows(tmp_path / "restored" / "champions.db") == original_rows
    assert files(tmp_path / "restored" / "files") == original_files

    # Restoring again would overwrite: refused, nothing changes.
    assert main(["restore", str(tmp_path / "backup")]) == 1
    assert "already has tables: restore into an empty one." in capsys.readouterr().err
    assert rows(tmp_path / "restored" / "champions.db") == original_rows


def test_a_damaged_backup_or_a_non_empty_target_is_refused(demo, tmp_path, monkeypatch, capsys):
    database, stored = demo
    manifest = back_up(url=f"sqlite:///{database}", files_dir=stored, out=tmp_path / "backup")
    assert manifest.missing == [] and len(manifest.files) == len(files(stored))
    with pytest.raises(RuleViolation) as refused:
        back_up(url=f"sqlite:///{database}", files_dir=stored, out=tmp_path / "backup")
    assert refused.value.reasons[0].message == f"{tmp_path / 'backup'} is not empty: back up into a new folder."

    damaged = tmp_path / "backup" / "files" / manifest.files[0]["path"]
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / 'new.db'}")
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "new-files"))
    assert main(["restore", str(tmp_path / "backup")]) == 1
    assert capsys.readouterr().err == (f"error: files/{manifest.files[0]['path']} is missing or differs from the "
                                       f"manifest: the backup is damaged.\n")
    assert not (tmp_path / "new.db").exists() and not (tmp_path / "new-files").exists()

    assert main(["restore", str(tmp_path)]) == 1
    assert f"{tmp_path} holds no readable manifest.json" in capsys.readouterr().err

    monkeypatch.setenv("REFLEX_DB_URL", "postgresql+psycopg://champions@localhost/champions")
    assert main(["backup", "--out", str(tmp_path / "pg")]) == 1
    assert capsys.readouterr().err == ("error: Only SQLite databases are backed up by this command; back up "
                                       "PostgreSQL with pg_dump.\n")
    assert not (tmp_path / "pg").exists()


def test_a_manifest_naming_files_outside_the_backup_is_refused(demo, tmp_path, monkeypatch, capsys):
    database, stored = demo
    back_up(url=f"sqlite:///{database}", files_dir=stored, out=tmp_path / "backup")
    manifest_path = tmp_path / "backup" / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][0]["path"] = "../../escaped"
    manifest_path.write_text(json.dumps(manifest))
    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / 'new.db'}")
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "new-files"))
    assert main(["restore", str(tmp_path / "backup")]) == 1
    assert capsys.readouterr().err == "error: The manifest names a file outside the backup: the backup is damaged.\n"
    assert not (tmp_path / "new.db").exists()
