"""Start the real app in production mode on a throwaway database for a benchmark, and the
Starlette baseline on the same kind of database."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# The ports the benchmark's servers listen on: CHAMPIONS_BENCH_PORT and the next 20 (the app,
# the baseline, the scale-out backends), CHAMPIONS_BENCH_REDIS_PORT for the scale-out's Redis.
# Set them when other servers of this machine use the defaults (another checkout's tests).
PORT_BASE = int(os.environ.get("CHAMPIONS_BENCH_PORT", "3222"))
APP_PORT, BASELINE_PORT, SCALE_OUT_PORT = PORT_BASE, PORT_BASE + 11, PORT_BASE + 18
REDIS_PORT = int(os.environ.get("CHAMPIONS_BENCH_REDIS_PORT", "6399"))


def add_applications(db_url: str, count: int) -> None:
    """`count` submitted applications (with their accounts) to the cohort open for registration
    today, inserted in bulk: the secretariat's list then holds thousands."""
    from sqlalchemy import insert
    from sqlmodel import Session

    from champions.infra.db import make_engine
    from champions.models import Application, Role, User
    from champions.services.registration.cohorts import open_cohort

    engine = make_engine(db_url)
    now = datetime.now(UTC)
    with Session(engine) as session:
        cohort_id = open_cohort(session=session, today=date.today()).id
        first = session.connection().exec_driver_sql("SELECT max(id) FROM user").scalar_one() + 1
        session.execute(
            insert(User),
            [
                {
                    "email": f"applicant.bench{i}@example.org",
                    "full_name": f"Applicant {i}",
                    "role": Role.PARTICIPANT.name,
                    "password_hash": "x",
                    "is_active": True,
                    "created_at": now,
                    "password_changed_at": now,
                }
                for i in range(count)
            ],
        )
        session.execute(
            insert(Application),
            [
                {
                    "cohort_id": cohort_id,
                    "user_id": first + i,
                    "date_of_birth": date(2001, 1, 1),
                    "country": "KR",
                    "city": "Seoul",
                    "affiliation": "",
                    "field_of_study": "",
                    "motivation": "",
                    "consent_version": "1",
                    "consented_at": now,
                    "status": "SUBMITTED",
                    "eligible": True,
                    "eligibility_snapshot": "{}",
                    "submitted_at": now,
                }
                for i in range(count)
            ],
        )
        session.commit()
    engine.dispose()


def _environment(folder: Path, db_url: str, url: str) -> dict:
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "REFLEX_DB_URL": db_url,
        "CHAMPIONS_FILES_DIR": str(folder / "files"),
        "CHAMPIONS_ORIGIN": url,
        "REFLEX_USE_NPM": "1",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        # Every simulated browser comes from this machine's address: no throttling of it here.
        "CHAMPIONS_REGISTRATIONS_PER_ADDRESS": "1000000",
        "CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS": "1000000",
    }


def _database(folder: Path, env: dict, prepare: Callable[[str], None] | None) -> None:
    for command in (["migrate"], ["seed-demo"]):
        subprocess.run(
            [sys.executable, "-m", "champions", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if prepare is not None:
        prepare(env["REFLEX_DB_URL"])


@contextmanager
def _serving(command: list[str], env: dict, folder: Path, url: str, db_url: str | None):
    """Run `command` until the server answers /ping; yields (url, process group id). With
    `db_url`, this process's own database work (session tokens…) goes to that database too."""
    log = open(folder / "app.log", "w")
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    previous = os.environ.get("REFLEX_DB_URL")
    try:
        for _ in range(900):
            try:
                with urllib.request.urlopen(url + "/ping", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError((folder / "app.log").read_text()[-3000:]) from None
                time.sleep(1)
        if db_url is not None:
            os.environ["REFLEX_DB_URL"] = db_url
        yield url, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        if previous is not None:
            os.environ["REFLEX_DB_URL"] = previous


@contextmanager
def running_app(port: int = APP_PORT, prepare: Callable[[str], None] | None = None):
    """The app in production mode on a fresh demo database (then `prepare(db_url)`); yields
    (url, the process group's id)."""
    folder = Path(tempfile.mkdtemp(prefix="champions-bench-"))
    db_url, url = f"sqlite:///{folder / 'bench.db'}", f"http://localhost:{port}"
    env = _environment(folder, db_url, url)
    _database(folder, env, prepare)
    reflex = os.path.join(str(Path(sys.executable).parent), "reflex")
    with _serving(
        [reflex, "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)],
        env,
        folder,
        url,
        db_url,
    ) as running:
        yield running


@contextmanager
def running_baseline(port: int = BASELINE_PORT):
    """The Starlette baseline (`bench/baseline.py`) on its own fresh demo database, served by
    granian with one worker like the app's backend; yields (url, process group id)."""
    folder = Path(tempfile.mkdtemp(prefix="champions-baseline-"))
    db_url, url = f"sqlite:///{folder / 'bench.db'}", f"http://localhost:{port}"
    env = _environment(folder, db_url, url)
    _database(folder, env, None)
    granian = os.path.join(str(Path(sys.executable).parent), "granian")
    with _serving(
        [
            granian,
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "bench.baseline:app",
        ],
        env,
        folder,
        url,
        None,
    ) as running:
        yield running
