"""Backup and restore of the demo cohort through the command line, on SQLite or, with
CHAMPIONS_TEST_DB_URL, on PostgreSQL (pg_dump, pg_restore): every table's rows and every
stored file come back identical and new rows get new ids; damaged backups, non-empty targets,
another kind of database and other databases are refused with a reason and change nothing."""

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlmodel import Session

from champions.cli import main
from champions.demo.seed import seed_demo
from champions.infra.backup import MANIFEST, back_up
from champions.infra.db import make_engine
from champions.infra.reasons import RuleViolation
from champions.models import Role, User
from champions.services.accounts.accounts import create_user

OTHER_KIND = {
    "sqlite": "postgresql+psycopg://champions@localhost/champions",
    "postgresql": "sqlite:///other.db",
}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@pytest.fixture
def demo(session, password_hash, db_url, tmp_path):
    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23)) is True
    session.commit()
    return db_url, tmp_path / "files"


def kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, by primary key."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            schema = inspect(connection)
            return {
                table: [
                    tuple(row)
                    for row in connection.execute(
                        text(
                            f'SELECT * FROM "{table}" ORDER BY '
                            + ", ".join(
                                f'"{c}"' for c in schema.get_pk_constraint(table)["constrained_columns"]
                            )
                        )
                    )
                ]
                for table in sorted(schema.get_table_names())
            }
    finally:
        engine.dispose()


def untouched(url: str) -> bool:
    """Nothing was written: the SQLite file was not made, the PostgreSQL database has no tables."""
    if kind(url) == "sqlite":
        return not Path(url.removeprefix("sqlite:///")).exists()
    return rows(url) == {}


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".incoming" not in p.parts
    }


def test_a_demo_cohort_round_trips_table_by_table_and_file_by_file(
    demo, tmp_path, monkeypatch, capsys, new_database, password_hash
):
    database, stored = demo
    (stored / ".incoming").mkdir(exist_ok=True)
    (stored / ".incoming" / "half-received").write_bytes(b"partial upload")  # not a stored file yet
    assert main(["backup", "--out", str(tmp_path / "backup")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Backed up the database (") and f"{tmp_path / 'backup' / MANIFEST}" in printed
    original_rows, original_files = rows(database), files(stored)
    assert len(original_files) >= 8 and sum(len(r) for r in original_rows.values()) > 1000

    restored = new_database("restored")
    monkeypatch.setenv("REFLEX_DB_URL", restored)
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "restored" / "files"))
    assert main(["restore", str(tmp_path / "backup")]) == 0
    assert "Restored the backup of" in capsys.readouterr().out
    assert rows(restored) == original_rows
    assert files(tmp_path / "restored" / "files") == original_files

    # Restoring again would overwrite: refused, nothing changes.
    assert main(["restore", str(tmp_path / "backup")]) == 1
    assert "already has tables: restore into an empty one." in capsys.readouterr().err
    assert rows(restored) == original_rows

    # New rows get new ids (PostgreSQL's sequences come back with the rows).
    engine = make_engine(restored)
    with Session(engine) as session:
        user = create_user(
            session=session,
            email="new@example.org",
            full_name="New",
            role=Role.MENTOR,
            password_hash=password_hash,
        )
        session.commit()
        assert user.id > max(session.execute(select(User.id).where(User.id != user.id)).scalars())
    engine.dispose()


def test_a_damaged_backup_or_a_non_empty_target_is_refused(demo, tmp_path, monkeypatch, capsys, new_database):
    database, stored = demo
    manifest = back_up(url=database, files_dir=stored, out=tmp_path / "backup")
    assert manifest.missing == [] and len(manifest.files) == len(files(stored))
    assert manifest.database["kind"] == kind(database)
    with pytest.raises(RuleViolation) as refused:
        back_up(url=database, files_dir=stored, out=tmp_path / "backup")
    assert (
        refused.value.reasons[0].message == f"{tmp_path / 'backup'} is not empty: back up into a new folder."
    )

    damaged = tmp_path / "backup" / "files" / manifest.files[0]["path"]
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"!")
    target = new_database("new")
    monkeypatch.setenv("REFLEX_DB_URL", target)
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "new-files"))
    assert main(["restore", str(tmp_path / "backup")]) == 1
    assert capsys.readouterr().err == (
        f"error: files/{manifest.files[0]['path']} is missing or differs from the "
        f"manifest: the backup is damaged.\n"
    )
    assert untouched(target) and not (tmp_path / "new-files").exists()

    assert main(["restore", str(tmp_path)]) == 1
    assert f"{tmp_path} holds no readable manifest.json" in capsys.readouterr().err

    # A backup goes back into the kind of database it came from.
    back_up(url=database, files_dir=stored, out=tmp_path / "intact")
    monkeypatch.setenv("REFLEX_DB_URL", OTHER_KIND[kind(database)])
    assert main(["restore", str(tmp_path / "intact")]) == 1
    assert capsys.readouterr().err == (
        f"error: This is a backup of a {NAMES[kind(database)]} database: restore it "
        f"into {NAMES[kind(database)]}, not {NAMES[kind(OTHER_KIND[kind(database)])]}.\n"
    )
    assert not (tmp_path / "new-files").exists()

    monkeypatch.setenv("REFLEX_DB_URL", "postgresql+psycopg://champions@127.0.0.1:1/nowhere")
    assert main(["backup", "--out", str(tmp_path / "unreachable")]) == 1
    assert capsys.readouterr().err.startswith("error: Cannot read the database: ")
    assert not (tmp_path / "unreachable").exists()

    monkeypatch.setenv("REFLEX_DB_URL", "mysql://champions@localhost/champions")
    assert main(["backup", "--out", str(tmp_path / "other")]) == 1
    assert (
        capsys.readouterr().err
        == "error: Only SQLite and PostgreSQL databases are backed up by this command.\n"
    )
    assert not (tmp_path / "other").exists()


def test_a_manifest_naming_files_outside_the_backup_is_refused(
    demo, tmp_path, monkeypatch, capsys, new_database
):
    database, stored = demo
    back_up(url=database, files_dir=stored, out=tmp_path / "backup")
    manifest_path = tmp_path / "backup" / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][0]["path"] = "../../escaped"
    manifest_path.write_text(json.dumps(manifest))
    target = new_database("new")
    monkeypatch.setenv("REFLEX_DB_URL", target)
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "new-files"))
    assert main(["restore", str(tmp_path / "backup")]) == 1
    assert (
        capsys.readouterr().err
        == "error: The manifest names a file outside the backup: the backup is damaged.\n"
    )
    assert untouched(target)


def test_backups_and_exports_are_owner_only(demo, tmp_path, capsys):
    """Issue 22, finding 7: backup folders 0700 and their files 0600, exported files 0600,
    whatever the umask."""
    import os
    import stat

    url, files_dir = demo
    old = os.umask(0o022)
    try:
        back_up(url=url, files_dir=files_dir, out=tmp_path / "backup")
        for path in [tmp_path / "backup", *(tmp_path / "backup").rglob("*")]:
            expected = 0o700 if path.is_dir() else 0o600
            assert stat.S_IMODE(path.stat().st_mode) == expected, path
        from champions.cli import _write

        assert _write(str(tmp_path / "ranking.csv"), "a,b\r\n", "a test") == 0
        assert stat.S_IMODE((tmp_path / "ranking.csv").stat().st_mode) == 0o600
    finally:
        os.umask(old)
