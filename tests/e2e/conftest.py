"""End-to-end fixtures: the real app started the way `make run` starts it (migrations, demo
cohort, `reflex run --env prod`) on a throwaway SQLite database, or a new database on the
PostgreSQL server that CHAMPIONS_TEST_DB_URL names, and Debian's Chromium."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from champions.infra.db import make_engine
from tests.e2e.helpers import demo_accounts_unchosen

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("CHAMPIONS_E2E_PORT", "3111"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A PostgreSQL server the apps get their databases on (scripts/pg-cluster sets it), or "": SQLite.
POSTGRES_URL = os.environ.get("CHAMPIONS_TEST_DB_URL", "")
_postgres_databases: list[str] = []  # made by this run, dropped when it ends


def _postgres_admin(sql: str) -> None:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")  # CREATE/DROP DATABASE need it
    try:
        with admin.connect() as connection:
            connection.execute(text(sql))
    finally:
        admin.dispose()


def _new_postgres_database(name: str) -> str:
    _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres_admin(f'CREATE DATABASE "{name}"')
    _postgres_databases.append(name)
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_databases():
    yield
    for name in _postgres_databases:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Server:
    url: str
    db_url: str
    files_dir: str = ""
    _engine: Engine | None = field(default=None, repr=False, compare=False)

    def session(self) -> Session:
        # One engine per server: an engine per call would leave its pooled connections open.
        if self._engine is None:
            self._engine = make_engine(self.db_url)
        return Session(self._engine, expire_on_commit=False)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, limit: float = 900) -> None:
    end = time.time() + limit
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-4000:]}")
        try:
            with (
                urllib.request.urlopen(url + "/ping", timeout=2) as r1,
                urllib.request.urlopen(url + "/", timeout=5) as r2,
            ):
                if r1.status == 200 and r2.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the app did not start in {limit}s:\n{log.read_text()[-4000:]}")


class AppProcess:
    """The app as `make run` starts it, on its own database and port; can be restarted. With
    `seed=False` its database is only migrated: empty, as a new installation's."""

    def __init__(self, folder: Path, port: int, seed: bool = True):
        self.folder, self.port = folder, port
        self.url = f"http://localhost:{port}"
        self.db_url = (
            _new_postgres_database(f"champions_e2e_{os.getpid()}_{port}")
            if POSTGRES_URL
            else f"sqlite:///{folder / 'e2e.db'}"
        )
        bin_dir = str(Path(sys.executable).parent)
        self.reflex = os.path.join(bin_dir, "reflex")
        self.env = {
            **os.environ,
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "REFLEX_DB_URL": self.db_url,
            "CHAMPIONS_FILES_DIR": str(folder / "files"),
            "CHAMPIONS_ORIGIN": self.url,
            "CHAMPIONS_KEYS_DIR": str(folder / "keys"),
            "REFLEX_USE_NPM": "1",
            "REFLEX_CHECK_LATEST_VERSION": "false",
            "REFLEX_TELEMETRY_ENABLED": "false",
            # Every browser of the suite comes from 127.0.0.1; the address throttles are tested
            # against the services (tests/integration/services/accounts/test_throttle.py).
            "CHAMPIONS_REGISTRATIONS_PER_ADDRESS": "100000",
            "CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS": "100000",
            # No reminder pass of the app's own: one between a test's two snapshots would be
            # blamed on its call (CI: a fuzzed form "wrote" a reminder). The scheduler and the
            # app's background task are tested in tests/integration/services/messages.
            "CHAMPIONS_SCHEDULER_SECONDS": "0",
            # The pseudo-language of tests/e2e/test_every_language.py (never in the switcher).
            "CHAMPIONS_PSEUDO_LANGUAGE": "1",
        }
        self.proc = None
        commands = (["migrate"], ["seed-demo"]) if seed else (["migrate"],)
        for command in (*commands, ["keys", "generate", "--if-missing"]):
            subprocess.run(
                [sys.executable, "-m", "champions", *command],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        if seed:
            demo_accounts_unchosen(self.db_url)

    def start(self) -> None:
        log = self.folder / "app.log"
        with open(log, "a") as out:
            self.proc = subprocess.Popen(
                [
                    self.reflex,
                    "run",
                    "--env",
                    "prod",
                    "--frontend-port",
                    str(self.port),
                    "--backend-port",
                    str(self.port),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_until_up(self.url, self.proc, log)

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def server(self) -> Server:
        return Server(url=self.url, db_url=self.db_url, files_dir=str(self.folder / "files"))


@contextmanager
def backend_only(folder: Path, port: int, **settings: str) -> Iterator[Server]:
    """The app's backend alone (all a websocket or HTTP client needs) on a fresh demo database:
    starts in seconds and builds no frontend, so it can run beside the suite's app."""
    url = f"http://localhost:{port}"
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "REFLEX_DB_URL": (
            _new_postgres_database(f"champions_backend_{os.getpid()}_{port}")
            if POSTGRES_URL
            else f"sqlite:///{folder / 'backend.db'}"
        ),
        "CHAMPIONS_FILES_DIR": str(folder / "files"),
        "CHAMPIONS_ORIGIN": url,
        "CHAMPIONS_KEYS_DIR": str(folder / "keys"),
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "CHAMPIONS_SCHEDULER_SECONDS": "0",  # as in AppProcess: nothing runs between snapshots
        **settings,
    }
    for command in (["migrate"], ["seed-demo"], ["keys", "generate", "--if-missing"]):
        subprocess.run(
            [sys.executable, "-m", "champions", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    demo_accounts_unchosen(env["REFLEX_DB_URL"])
    log = folder / "backend.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                os.path.join(bin_dir, "reflex"),
                "run",
                "--env",
                "prod",
                "--backend-only",
                "--backend-port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        end = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/ping", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.time() > end:
                    raise RuntimeError(f"the backend did not start:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.5)
        server = Server(url=url, db_url=env["REFLEX_DB_URL"], files_dir=env["CHAMPIONS_FILES_DIR"])
        try:
            yield server
        finally:
            server.dispose()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    if os.environ.get("CHAMPIONS_E2E_REUSE_URL"):  # while developing a test: an app already running
        yield Server(
            url=os.environ["CHAMPIONS_E2E_REUSE_URL"],
            db_url=os.environ["REFLEX_DB_URL"],
            files_dir=os.environ.get("CHAMPIONS_FILES_DIR", ""),
        )
        return
    app = AppProcess(tmp_path_factory.mktemp("e2e"), PORT)
    app.start()
    server = app.server()
    try:
        yield server
    finally:
        server.dispose()
        app.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "America/Sao_Paulo", "locale": "en-GB"}


@pytest.hookimpl(trylast=True)  # after the browser plugin has grouped the tests
def pytest_collection_modifyitems(session, config, items):
    """The restart and new-installation tests start a second app from this same project folder,
    which rebuilds the shared frontend for its own port: tests after them would load pages that
    talk to a stopped backend. They run last but for the scaled layout's tests, which export the
    frontend again for their own origin."""
    order = {
        "test_every_language.py": -1,  # first: on the demo's data alone (its known texts are those)
        "test_restart.py": 1,
        "test_new_installation.py": 1,
        "test_scale_out.py": 2,
    }
    items.sort(key=lambda item: order.get(item.path.name, 0))
