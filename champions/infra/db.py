"""The database engine shared by the app, the CLI and the tests.

SQLite (the embedded default) runs in WAL mode with a busy timeout so that readers and a
writer do not block each other; `REFLEX_DB_URL` selects another database.
"""

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

DEFAULT_DB_URL = "sqlite:///champions.db"


def database_url() -> str:
    return os.environ.get("REFLEX_DB_URL") or DEFAULT_DB_URL


def _owner_only(dbapi_connection) -> None:
    """The database file and its WAL files readable by their owner only (0600), whatever the
    umask: they hold password hashes and birth dates."""
    for _, name, path in dbapi_connection.execute("PRAGMA database_list").fetchall():
        if name == "main" and path:
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.chmod(path + suffix, 0o600)
                except FileNotFoundError:
                    pass


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's built-in lower() only folds ASCII; searches must match "Émile" and "Анна" too.
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    _owner_only(dbapi_connection)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get WAL, busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        # hide_parameters: an SQL error is logged without its values (hashes, birth dates).
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pool_pre_ping: a connection the server dropped (a restart) is replaced, not handed out.
    # A request that waits CHAMPIONS_DB_POOL_TIMEOUT seconds for a free connection gets the
    # "try again" message (champions/errors.py) instead of hanging.
    return create_engine(
        url,
        pool_pre_ping=True,
        hide_parameters=True,
        pool_size=int(os.environ.get("CHAMPIONS_DB_POOL_SIZE", "5")),
        max_overflow=int(os.environ.get("CHAMPIONS_DB_MAX_OVERFLOW", "10")),
        pool_timeout=float(os.environ.get("CHAMPIONS_DB_POOL_TIMEOUT", "10")),
    )


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine() -> Engine:
    """The engine of REFLEX_DB_URL, made once per URL and shared."""
    url = database_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = make_engine(url)
        return engine


def dispose_engines() -> None:
    """Close the pooled connections of every engine get_engine() made and forget them: a
    PostgreSQL database cannot be dropped while a pool still holds a connection to it."""
    with _engines_lock:
        engines = list(_engines.values())
        _engines.clear()
    for engine in engines:
        engine.dispose()


@contextmanager
def committed(session: Session) -> Iterator[Session]:
    """Commit `session` when the block ends normally; roll it back on error."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A new session (on REFLEX_DB_URL's engine, or `engine`) that commits when the block ends
    normally and rolls back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session, committed(session):
        yield session


def claim(session: Session, model, row_id: int) -> bool:
    """Serialize a check-then-write on one row between transactions, other processes included
    (a team's size before a member joins, a cohort's capacity before accepting). A no-op
    UPDATE takes the row's lock on PostgreSQL and the database's write lock on SQLite, both
    held until the transaction ends, so whatever is read after it includes what any other
    writer committed first. Side effect: the session's transaction now holds that lock.
    False when the row no longer exists."""
    table = model.__table__
    statement = update(table).where(table.c.id == row_id).values(id=table.c.id)
    result = session.exec(statement.execution_options(champions_lock_only=True))
    return result.rowcount == 1


def serialize(session: Session, *keys: str) -> None:
    """Make transactions that name one of the same keys take turns until they end, on any
    worker, so that a count-then-insert (failed logins per account and per address) cannot be
    outrun by requests in parallel. PostgreSQL: a transaction-scoped advisory lock per key;
    SQLite: the database's write lock (it has one writer at a time anyway). Side effect: the
    session's transaction holds the locks; keep it short."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        for key in sorted(set(keys)):  # one order everywhere: no deadlock between two key sets
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": number})
    else:
        _take_turn_in_process(session)
        connection.execute(text("UPDATE cohort SET id = id WHERE 0 = 1"))  # any write takes the lock


# SQLite has one writer at a time; a writer that finds the database locked waits in SQLite's
# busy handler, which sleeps between tries (1, 2, 5, 10 … up to 100 ms), so the database often
# sits unlocked while the next writer sleeps. In a registration surge that idle time, not the
# password hashing, bounded the throughput (a profile: 748 samples waiting there against 1,041
# hashing). Serialized transactions of this process therefore queue on this lock first: the next
# one starts the moment the previous one ends. Other processes (the CLI) still meet SQLite's.
_SQLITE_TURN = threading.Lock()
_TURN_KEY = "champions_sqlite_turn"


def _take_turn_in_process(session: Session) -> None:
    """Wait for this process's SQLite writer turn (once per transaction; given back when the
    session's transaction ends, committed or not). After 10 s (SQLite's own busy timeout) it
    goes on without it and lets SQLite decide."""
    if session.info.get(_TURN_KEY) or not _SQLITE_TURN.acquire(timeout=10):
        return
    session.info[_TURN_KEY] = True
    if not event.contains(session, "after_transaction_end", _give_turn_back):
        event.listen(session, "after_transaction_end", _give_turn_back)


def _give_turn_back(session: Session, transaction) -> None:
    if transaction.parent is None and session.info.pop(_TURN_KEY, False):
        _SQLITE_TURN.release()


# --- which events saved something: an error after a commit must not say "nothing was saved" --

_commits_of_this_event: ContextVar[list | None] = ContextVar("champions_commits_of_event", default=None)


def watch_commits() -> list:
    """Start recording, for the running event handler, the transactions that commit a change
    (in this task and in the threads it hands work to): the list returned gets one entry per
    such commit. Side effect: replaces the recording of whatever ran before in this context."""
    commits: list = []
    _commits_of_this_event.set(commits)
    return commits


@event.listens_for(Session, "after_flush")
def _note_flushed_change(session, _flush_context) -> None:
    session.info["champions_changed"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_change(orm_execute_state) -> None:
    state = orm_execute_state
    writes = state.is_insert or state.is_update or state.is_delete
    if writes and not state.execution_options.get("champions_lock_only"):
        state.session.info["champions_changed"] = True


@event.listens_for(Session, "after_commit")
def _record_commit(session) -> None:
    if session.info.pop("champions_changed", False):
        commits = _commits_of_this_event.get()
        if commits is not None:
            commits.append(True)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session) -> None:
    session.info.pop("champions_changed", None)
