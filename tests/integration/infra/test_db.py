"""The database layer: SQLite's pragmas and unicode lower(), the shared engines, commit or
roll back (`committed`, `session_scope`), which commits an event made (`watch_commits`), and
the locks `claim` and `serialize` take, checked from a second connection that does not wait
for them."""

import asyncio
import contextvars
import hashlib
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, text, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from champions.errors import DATABASE_DOWN, SAVED_NOT_SHOWN, SavedButNotShown, message_for
from champions.infra import db
from champions.infra.db import (
    DEFAULT_DB_URL,
    claim,
    committed,
    database_url,
    dispose_engines,
    get_engine,
    make_engine,
    serialize,
    session_scope,
    watch_commits,
)
from champions.models import Cohort, User
from champions.state.guard import _raise_saved_if_committed

from ..conftest import row_count


class Stop(BaseException):
    """Not an Exception: the rollback must happen for these too (KeyboardInterrupt, cancellation)."""


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    yield engine
    engine.dispose()


def user(email: str, full_name: str) -> User:
    return User(email=email, full_name=full_name, password_hash="x")


# --- the URL and the engines ----------------------------------------------------------


def test_the_url_comes_from_reflex_db_url(monkeypatch):
    monkeypatch.setenv("REFLEX_DB_URL", "sqlite:////tmp/elsewhere.db")
    assert database_url() == "sqlite:////tmp/elsewhere.db"
    monkeypatch.setenv("REFLEX_DB_URL", "")
    assert database_url() == DEFAULT_DB_URL == "sqlite:///champions.db"
    monkeypatch.delenv("REFLEX_DB_URL")
    assert database_url() == "sqlite:///champions.db"


def test_one_engine_per_url_until_disposed(tmp_path, monkeypatch):
    first_url, second_url = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    try:
        monkeypatch.setenv("REFLEX_DB_URL", first_url)
        first = get_engine()
        assert get_engine() is first and str(first.url) == first_url
        monkeypatch.setenv("REFLEX_DB_URL", second_url)
        second = get_engine()
        assert second is not first and str(second.url) == second_url
        assert db._engines == {first_url: first, second_url: second}
        dispose_engines()
        assert db._engines == {}
        assert get_engine() is not second
    finally:
        dispose_engines()


# --- SQLite ---------------------------------------------------------------------------


def test_sqlite_connections_get_wal_busy_timeout_foreign_keys_and_normal_sync(sqlite_engine):
    with sqlite_engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 10000
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 1  # NORMAL


def test_sqlite_lower_folds_every_script(sqlite_engine):
    with sqlite_engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT lower('ÉMILE'), lower('АННА'), lower('ΣΩΚΡΆΤΗΣ'), lower('İ'), lower(NULL), lower(42)"
            )
        ).one()
    assert tuple(row) == ("émile", "анна", "σωκράτης", "i̇", None, 42)


def test_sqlite_enforces_foreign_keys(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        connection.exec_driver_sql(
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent)"
        )
    with pytest.raises(Exception, match="FOREIGN KEY constraint failed"), sqlite_engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO child (id, parent_id) VALUES (1, 99)")


def test_a_case_insensitive_search_finds_names_in_any_script(session):
    for email, name in [
        ("e@example.org", "Émile Zola"),
        ("a@example.org", "Анна Каренина"),
        ("b@example.org", "Bo"),
    ]:
        session.add(user(email, name))
    session.commit()

    def search(term: str) -> list[str]:
        pattern = f"%{term.lower()}%"
        query = select(User.full_name).where(func.lower(User.full_name).like(pattern)).order_by(User.id)
        return list(session.exec(query))

    assert search("ÉMILE") == ["Émile Zola"]
    assert search("émile") == ["Émile Zola"]
    assert search("КАРЕНИНА") == ["Анна Каренина"]
    assert search("o") == ["Émile Zola", "Bo"]


# --- committed and session_scope -------------------------------------------------------


def test_committed_commits_when_the_block_ends(engine, session):
    with committed(session) as inside:
        assert inside is session
        session.add(user("ana@example.org", "Ana"))
    assert row_count(engine, "user") == 1


@pytest.mark.parametrize("error", [ValueError("bad"), Stop()])
def test_committed_rolls_back_and_reraises(engine, session, error):
    session.add(user("kept@example.org", "Kept"))
    session.commit()
    with pytest.raises(type(error)), committed(session):
        session.add(user("ana@example.org", "Ana"))
        session.flush()
        raise error
    assert row_count(engine, "user") == 1
    assert session.exec(select(User.email)).all() == ["kept@example.org"]  # the session is usable


def test_session_scope_commits_and_keeps_the_objects_loaded(engine):
    with session_scope(engine) as session:
        ana = user("ana@example.org", "Ana")
        session.add(ana)
    assert row_count(engine, "user") == 1
    assert ana.id is not None and ana.full_name == "Ana"  # not expired, though the session is closed


def test_session_scope_rolls_back_on_error(engine):
    with pytest.raises(RuntimeError, match="boom"), session_scope(engine) as session:
        session.add(user("ana@example.org", "Ana"))
        session.flush()
        raise RuntimeError("boom")
    assert row_count(engine, "user") == 0


def test_session_scope_defaults_to_the_engine_of_reflex_db_url(db_url, engine):
    with session_scope() as session:
        assert session.get_bind() is get_engine()
        assert str(get_engine().url) == db_url
        session.add(user("ana@example.org", "Ana"))
    assert row_count(engine, "user") == 1


# --- claim and serialize ----------------------------------------------------------------


def locked_for_others(engine, db_url: str, *, cohort_id: int | None = None, key: str | None = None) -> bool:
    """Whether another connection, not waiting, is kept from writing: the cohort row (or, on
    PostgreSQL, the advisory lock of `key`); on SQLite, from writing at all."""
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(Path(db_url.removeprefix("sqlite:///")), timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            assert "database is locked" in str(error)
            return True
        finally:
            other.close()
    with engine.connect() as other:
        if key is not None:
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            got = other.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": number}).scalar_one()
            other.rollback()
            return not got
        other.exec_driver_sql("SET LOCAL lock_timeout = '1ms'")
        try:
            other.execute(text("SELECT id FROM cohort WHERE id = :id FOR UPDATE NOWAIT"), {"id": cohort_id})
            return False
        except Exception as error:
            assert "could not obtain lock" in str(error)
            return True
        finally:
            other.rollback()


def test_claim_locks_an_existing_row_until_the_transaction_ends(engine, db_url, session, cohort):
    before = session.exec(select(Cohort.name, Cohort.capacity)).one()
    assert locked_for_others(engine, db_url, cohort_id=cohort.id) is False
    assert claim(session, Cohort, cohort.id) is True
    assert locked_for_others(engine, db_url, cohort_id=cohort.id) is True
    session.commit()
    assert locked_for_others(engine, db_url, cohort_id=cohort.id) is False
    assert session.exec(select(Cohort.id, Cohort.name, Cohort.capacity)).one() == (cohort.id, *before)


def test_claim_of_a_missing_row_is_false_and_changes_nothing(engine, session, cohort):
    assert claim(session, Cohort, cohort.id + 1000) is False
    session.commit()
    assert row_count(engine, "cohort") == 1


def test_claim_after_rollback_releases_the_lock(engine, db_url, session, cohort):
    assert claim(session, Cohort, cohort.id) is True
    session.rollback()
    assert locked_for_others(engine, db_url, cohort_id=cohort.id) is False


@pytest.mark.parametrize("keys", [("login:ana@example.org", "login-from:127.0.0.1"), ()])
def test_serialize_holds_its_lock_until_the_transaction_ends(engine, db_url, session, keys):
    if engine.dialect.name != "sqlite" and not keys:
        pytest.skip("on PostgreSQL, no key takes no lock")
    key = keys[0] if keys else None
    assert locked_for_others(engine, db_url, key=key) is False
    serialize(session, *keys)
    assert locked_for_others(engine, db_url, key=key) is True
    session.commit()
    assert locked_for_others(engine, db_url, key=key) is False
    assert row_count(engine, "cohort") == 0


# --- issue 22, finding 7 ------------------------------------------------------------------------


def test_engines_hide_sql_parameters_and_the_sqlite_file_is_owner_only(tmp_path):
    """SQL errors are logged without their parameters (password hashes, birth dates), and the
    database (with its WAL files) is readable by its owner only, whatever the umask."""
    import os
    import stat

    from champions.infra.db import make_engine

    old = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'owner.db'}")
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
            connection.exec_driver_sql("INSERT INTO t VALUES ('secret')")
        assert engine.hide_parameters is True
        assert make_engine("postgresql+psycopg://u@localhost/db").hide_parameters is True
        made = sorted(p.name for p in tmp_path.iterdir())
        assert "owner.db" in made
        for path in tmp_path.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        engine.dispose()
    finally:
        os.umask(old)


# --- watch_commits: what the role guard asks when the database fails in the middle of a handler


def _in_own_context(body):
    """Run `body` in a copy of the test's context, so its recording ends with it."""
    return contextvars.copy_context().run(body)


def test_watch_commits_records_a_committed_change_only(engine, session, cohort):
    def body():
        commits = watch_commits()
        session.exec(select(Cohort)).all()
        session.commit()  # a read: nothing changed
        claim(session, Cohort, cohort.id)
        serialize(session, "login:ana@example.org")
        session.commit()  # locks only: nothing changed
        cohort.capacity = 9
        session.add(cohort)
        session.flush()
        session.rollback()  # changed, then rolled back: nothing saved
        assert commits == []
        cohort.capacity = 7
        session.add(cohort)
        session.commit()
        return commits

    assert _in_own_context(body) == [True]


def test_watch_commits_records_statements_and_commits_in_the_threads_of_the_event(engine, session, cohort):
    async def event():
        commits = watch_commits()

        def write():
            with Session(engine) as other:
                other.exec(update(Cohort).where(Cohort.id == cohort.id).values(capacity=5))
                other.commit()

        await asyncio.to_thread(write)
        return commits

    # In a thread of its own: the browser tests' Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(_in_own_context, lambda: asyncio.run(event())).result() == [True]
    session.expire_all()
    assert session.get(Cohort, cohort.id).capacity == 5


def test_an_outage_after_a_commit_says_the_change_was_saved():
    outage = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
    with pytest.raises(SavedButNotShown) as raised:
        _raise_saved_if_committed(outage, [True])
    assert message_for(raised.value) == SAVED_NOT_SHOWN
    _raise_saved_if_committed(outage, [])  # nothing committed: the outage's own message stands
    _raise_saved_if_committed(ValueError("a bug"), [True])  # a bug is not an outage
    assert message_for(outage) == DATABASE_DOWN


# --- issue 26: SQLite writers of this process take turns on a lock of its own -------------------


def _sqlite_only(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("the process's turn is SQLite's: PostgreSQL has per-key advisory locks")


def test_the_next_serialized_writer_waits_for_the_process_turn_until_the_first_commits(engine):
    """The second writer waits on the process's lock (held while the first transaction runs),
    not in SQLite's busy handler, which sleeps up to 100 ms between tries; it goes on after
    the first one's commit (how soon after is a figure of `make bench`, not of a test)."""
    import threading
    import time

    _sqlite_only(engine)
    first_has_it, events = threading.Event(), []

    def first():
        with session_scope(engine) as session:
            serialize(session, "registration-from:127.0.0.1")
            first_has_it.set()
            time.sleep(0.3)
            events.append(("turn held while the first runs", db._SQLITE_TURN.locked()))
        events.append(("first committed", time.perf_counter()))

    def second():
        first_has_it.wait()
        with session_scope(engine) as session:
            serialize(session, "registration-from:127.0.0.1")
            events.append(("second has it", time.perf_counter()))

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(first), pool.submit(second)]:
            future.result(timeout=10)
    assert [name for name, _ in events] == [
        "turn held while the first runs",
        "first committed",
        "second has it",
    ]
    assert events[0][1] is True
    assert db._SQLITE_TURN.locked() is False


def test_the_turn_is_given_back_after_a_rollback_and_taken_once_per_transaction(engine):
    _sqlite_only(engine)
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        serialize(session, "a")
        serialize(session, "b")  # the same transaction: no second wait (it would never end)
        raise RuntimeError("refused")
    assert db._SQLITE_TURN.locked() is False
    with Session(engine) as session:
        serialize(session, "a")
        session.commit()
        serialize(session, "a")  # the session's next transaction takes it again
        assert db._SQLITE_TURN.locked() is True
        session.rollback()
    assert db._SQLITE_TURN.locked() is False
