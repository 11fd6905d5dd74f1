"""Fixtures for the integration tests: a real database per test, built by the committed
Alembic migrations, and the services called with `session=`.

The database is a fresh SQLite file, or, when CHAMPIONS_TEST_DB_URL names a PostgreSQL database
(`scripts/pg-cluster run` sets it), a fresh PostgreSQL database on that server: the migrations
run once into a template database, and every test gets its own copy of it."""

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from alembic import command
from champions.demo.seed import cohort_2022
from champions.infra.db import committed, dispose_engines, make_engine
from champions.infra.migrations import alembic_config
from champions.models import Cohort, OutboxMessage, Role, User
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password
from champions.services.registration.applications import (
    RegistrationForm,
    check_registration,
    register_applicant,
)

# The day the tests run "on": inside the registration window of the test cohort.
TODAY = date(2022, 2, 1)
# An instant on that day, for the `now=` parameters.
T0 = datetime(2022, 2, 1, 12, 0, tzinfo=UTC)

PASSWORD = "correct horse battery"
OTHER_PASSWORD = "another good passphrase"
# The site address in the password reset links.
ORIGIN = "https://champions.example"

TABLES = (
    "user",
    "login_session",
    "login_attempt",
    "client_event",
    "password_reset",
    "outbox",
    "cohort",
    "application",
    "audit_entry",
    "lecture",
    "attendance",
    "checkin_attempt",
    "reflection",
    "workshop",
    "team",
    "team_member",
    "extension",
    "submission_version",
    "submission_file",
    "review_assignment",
    "criterion",
    "judging_round",
    "conflict",
    "score",
    "score_value",
    "award_category",
    "award_list",
    "award_decision",
    "award_entry",
    "award_export",
    "workshop_attendance",
    "workshop_checkin_attempt",
    "program_settings",
    "recommendation_version",
    "invitation",
    "calendar_feed",
    "notification",
    "notification_settings",
    "message_switch",
    "message_template",
    "message_settings",
)


def motivation(words: int = 60) -> str:
    return " ".join(f"word{i}" for i in range(words))


def valid_form(**overrides) -> RegistrationForm:
    """A registration form that passes every check for the test cohort on TODAY."""
    values = dict(
        full_name="Ana Lima",
        email="ana@example.org",
        password=PASSWORD,
        date_of_birth="2000-05-05",
        country="KR",
        city="Seoul",
        affiliation="Seoul National University",
        field_of_study="Urban planning",
        motivation=motivation(60),
        consent=True,
    )
    values.update(overrides)
    return RegistrationForm(**values)


def link_token(session) -> str:
    body = session.exec(select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
    return body.split(f"{ORIGIN}/reset-password?token=")[1].split()[0]


def row_count(engine: Engine, table: str) -> int:
    """Rows committed in a table, read on a fresh connection (not through the test's session)."""
    with engine.connect() as connection:
        return connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()


def scopes(session: Session) -> Callable:
    """A `session_factory` for services that commit between their steps (`authenticate`), as
    the app's `session_scope` does: each step runs in the test's session and is committed."""
    return lambda: committed(session)


def race(
    engine: Engine, first: Callable[[Session], object], second: Callable[[Session], object], wait: float = 1.0
) -> dict:
    """Two workers at once: `first` runs in a transaction left open; `second` then runs in its
    own session and connection (committing if it returns) while the first waits `wait` seconds
    before committing. Returns {"waited": whether the second was still running when the first
    committed, "value" or "error": what the second returned or raised}."""
    outcome: dict = {}
    with Session(engine, expire_on_commit=False) as one:
        first(one)

        def run() -> None:
            with Session(engine, expire_on_commit=False) as two:
                try:
                    outcome["value"] = second(two)
                    two.commit()
                except Exception as error:  # reported to the test
                    outcome["error"] = error

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(wait)
        outcome["waited"] = thread.is_alive()
        one.commit()
    thread.join(30)
    assert not thread.is_alive(), "the second worker never finished"
    return outcome


# --- password hashes: argon2 costs ~100 ms, so each is computed once per run --------------


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture(scope="session")
def other_password_hash() -> str:
    return hash_password(OTHER_PASSWORD)


# --- database ---------------------------------------------------------------------------


# A PostgreSQL database to work beside (`postgresql+psycopg://user@host:port/db`), or "" for SQLite.
POSTGRES_URL = os.environ.get("CHAMPIONS_TEST_DB_URL", "")
if POSTGRES_URL and not POSTGRES_URL.startswith("postgresql"):
    raise pytest.UsageError(f"CHAMPIONS_TEST_DB_URL must name a PostgreSQL database, not {POSTGRES_URL!r}")


def postgres_url(database: str) -> str:
    """The URL of another database on the CHAMPIONS_TEST_DB_URL server."""
    return make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)


class PostgresDatabase:
    """The database of this test run on the PostgreSQL server: migrated to head once, then
    emptied before every test, ids restarted, as if freshly migrated. (Emptying it takes
    about 10 ms; a new database per test, even copied from a migrated template, 200 to 600 ms.)"""

    def __init__(self):
        # Per process, so that two runs against one server do not meet.
        self.name = f"champions_test_{os.getpid()}"
        self.url = postgres_url(self.name)
        # CREATE/DROP DATABASE cannot run inside a transaction.
        self.admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')
        self.engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        self._migrate()

    def _admin(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    def _migrate(self) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("REFLEX_DB_URL", self.url)
            command.upgrade(alembic_config(), "head")
        dispose_engines()
        with self.engine.connect() as connection:
            tables = set(
                connection.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
                        "'alembic_version'"
                    )
                ).scalars()
            )
            sequences = (
                connection.execute(
                    text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")
                )
                .scalars()
                .all()
            )
        # Referencing tables before the tables they reference. DELETE, not TRUNCATE: for a few
        # rows it is ~10x faster (TRUNCATE makes new files for every table and index).
        order = [table.name for table in reversed(SQLModel.metadata.sorted_tables)]
        assert set(order) == tables, f"the migrated tables are not the models' tables: {tables ^ set(order)}"
        self.empty = "; ".join(
            [f'DELETE FROM "{table}"' for table in order]
            + [f'ALTER SEQUENCE "{sequence}" RESTART' for sequence in sequences]
        )

    def reset(self) -> None:
        """Empty every table and restart every id; migrate again if a test left the schema
        elsewhere than at head (the migration tests go down and up)."""
        with self.engine.connect() as connection:
            # Whatever a test left connected (a session inside a transaction holds locks that
            # would block the deletes) is ended first.
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            at_head = connection.execute(
                text(
                    "SELECT to_regclass('alembic_version') IS NOT NULL AND "
                    "(SELECT array_agg(version_num) FROM alembic_version) = ARRAY[:head]::varchar[]"
                ),
                {"head": self.head},
            ).scalar_one()
            if at_head:
                connection.exec_driver_sql(self.empty)  # one round trip
                return
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        self._migrate()

    def create(self, name: str) -> None:
        """Another, empty database beside this one (restore tests)."""
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}"')

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.engine.dispose()
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresDatabase | None]:
    if not POSTGRES_URL:
        yield None
        return
    database = PostgresDatabase()
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="session")
def sqlite_at_head(tmp_path_factory) -> str:
    """An SQLite file migrated to head by the real Alembic migrations, once per run: each
    test gets a copy (a copy takes about a millisecond; running the migrations again took
    0.6 to 2.4 s per test, most of the integration tests' time)."""
    path = tmp_path_factory.mktemp("sqlite-at-head") / "champions-test.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFLEX_DB_URL", f"sqlite:///{path}")
        command.upgrade(alembic_config(), "head")
    dispose_engines()
    return str(path)


@pytest.fixture
def db_url(tmp_path, monkeypatch, postgres_database, request) -> Iterator[str]:
    """An empty database at the head of the real Alembic migrations: a fresh SQLite file (a
    copy of one migrated once per run), or, when CHAMPIONS_TEST_DB_URL is set, the run's
    PostgreSQL database, emptied."""
    monkeypatch.setenv("CHAMPIONS_FILES_DIR", str(tmp_path / "files"))
    if postgres_database is None:
        path = tmp_path / "champions-test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_at_head"), path)
        url = f"sqlite:///{path}"
        monkeypatch.setenv("REFLEX_DB_URL", url)
    else:
        postgres_database.reset()
        url = postgres_database.url
        monkeypatch.setenv("REFLEX_DB_URL", url)
    yield url
    dispose_engines()  # the engines the CLI and services made through get_engine()


@pytest.fixture
def new_database(tmp_path, postgres_database) -> Iterator[Callable[[str], str]]:
    """Makes the URL of another database, absent or empty, beside the test's own (of the same
    kind): an SQLite file not yet created, or an empty PostgreSQL database, dropped afterwards."""
    made: list[str] = []

    def make(name: str) -> str:
        if postgres_database is None:
            return f"sqlite:///{tmp_path / name / 'champions.db'}"
        database = f"{postgres_database.name}_{name}"
        postgres_database.create(database)
        made.append(database)
        return postgres_url(database)

    yield make
    dispose_engines()
    for database in made:
        postgres_database.drop(database)


@pytest.fixture
def engine(db_url) -> Engine:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def cohort(session) -> Cohort:
    """The 2022 cohort (Phase 1 from 2022-03-04) with room for 3 accepted applicants, its
    registration opened on 2022-01-10 (the demo's opens at the 23 February launch) so that
    TODAY falls in it: 2022-01-10 .. 2022-03-03."""
    cohort = cohort_2022()
    assert cohort.registration_opens == date(2022, 2, 23)
    cohort.capacity, cohort.registration_opens = 3, date(2022, 1, 10)
    assert cohort.registration_closes == date(2022, 3, 3)
    assert cohort.reference_date == date(2022, 3, 4)
    session.add(cohort)
    session.commit()
    return cohort


@pytest.fixture
def cohort_a_year_earlier(session, cohort) -> Cohort:
    """Another edition, "2021": the test cohort with every date a year earlier (so 2022 stays
    the current one), for checks that nothing of one cohort shows in another."""
    dates = ("registration_opens", "registration_closes", "phase1_start", "phase1_end")
    dates += ("phase2_start", "phase2_end", "ceremony_date")
    earlier = Cohort(
        **{
            **cohort.model_dump(exclude={"id", "created_at"}),
            **{name: getattr(cohort, name).replace(year=getattr(cohort, name).year - 1) for name in dates},
            "name": "2021",
            "title": "Smart City Champions 2021",
        }
    )
    session.add(earlier)
    session.flush()
    return earlier


# --- factories --------------------------------------------------------------------------


@pytest.fixture
def make_user(session, password_hash) -> Callable[..., User]:
    """Create and commit a user whose password is PASSWORD."""

    def make(
        email: str = "ana@example.org", full_name: str = "Ana Lima", role: Role = Role.PARTICIPANT
    ) -> User:
        user = create_user(
            session=session, email=email, full_name=full_name, role=role, password_hash=password_hash
        )
        session.commit()
        return user

    return make


@pytest.fixture
def secretariat(make_user) -> User:
    return make_user(email="secretariat@example.org", full_name="WeGO Secretariat", role=Role.SECRETARIAT)


@pytest.fixture
def ana(make_user):
    return make_user(email="ana@example.org", full_name="Ana Lima")


@pytest.fixture
def register(session, cohort, password_hash):
    """Check and register an applicant to `cohort` (or another) on TODAY, committed."""

    def do(form: RegistrationForm = None, *, to: Cohort = None, today: date = TODAY, **overrides):
        form = form or valid_form(**overrides)
        target = to or cohort
        checked = check_registration(session=session, cohort=target, form=form, today=today)
        user, application = register_applicant(
            session=session, cohort=target, checked=checked, password_hash=password_hash
        )
        session.commit()
        return user, application

    return do
