"""The registration surge against the scaled layout's backend: Redis and PostgreSQL, with 1
worker and then with N workers (Reflex's multi-worker mode), each on a fresh demo database;
reports the scaling ratio. Needs a PostgreSQL server (`CHAMPIONS_TEST_DB_URL`, which
`make bench` sets from scripts/pg-cluster) and Debian's redis-server."""

import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.app import REDIS_PORT, SCALE_OUT_PORT
from bench.hash_limit import hashes_per_second
from bench.registration_burst import surge

ROOT = Path(__file__).resolve().parents[1]
BIN = str(Path(sys.executable).parent)


def _fresh_database(admin_url: str, name: str) -> str:
    """An empty PostgreSQL database `name` on the server of `admin_url`; returns its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def _redis(port: int):
    folder = tempfile.mkdtemp(prefix="champions-redis-")
    proc = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            if (
                subprocess.run(
                    ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ):
                break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _backend(port: int, db_url: str, redis_url: str, workers: int):
    folder = Path(tempfile.mkdtemp(prefix="champions-scale-"))
    url = f"http://localhost:{port}"
    env = {
        **os.environ,
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "REFLEX_DB_URL": db_url,
        "REFLEX_REDIS_URL": redis_url,
        "GRANIAN_WORKERS": str(workers),
        "CHAMPIONS_ORIGIN": url,
        "CHAMPIONS_FILES_DIR": str(folder / "files"),
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "CHAMPIONS_REGISTRATIONS_PER_ADDRESS": "1000000",
        "CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS": "1000000",
    }
    for command in (["migrate"], ["seed-demo"]):
        subprocess.run(
            [sys.executable, "-m", "champions", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    log = open(folder / "backend.log", "w")
    proc = subprocess.Popen(
        [os.path.join(BIN, "reflex"), "run", "--env", "prod", "--backend-only", "--backend-port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/ping", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError((folder / "backend.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def _participant_token(db_url: str) -> str:
    from sqlmodel import Session, select

    from champions.infra.db import make_engine
    from champions.models import User
    from champions.services.accounts.accounts import start_session

    engine = make_engine(db_url)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == "participant@champions.example")).one()
        token = start_session(session=session, user=user)
        session.commit()
    engine.dispose()
    return token


def run_scale_out(burst: int, rounds: int = 3, workers: int = 0) -> dict:
    """{"available": False, "why": …} without PostgreSQL or Redis; else the median surge
    throughput with 1 worker and with `workers` (default: one per core, at least 2), and the
    median of the rounds' ratios to the hash-bound limit (measured before and after each round,
    as in benchmark 1)."""
    admin_url = os.environ.get("CHAMPIONS_TEST_DB_URL", "")
    if not admin_url.startswith("postgresql"):
        return {"available": False, "why": "no PostgreSQL (make bench starts one with scripts/pg-cluster)"}
    if not shutil.which("redis-server"):
        return {"available": False, "why": "no redis-server (make scale-tools installs it)"}
    workers = workers or max(2, os.cpu_count() or 2)
    figures = {"available": True, "workers": workers}
    with _redis(REDIS_PORT) as redis_url:
        for count in (1, workers):
            db_url = _fresh_database(admin_url, f"bench_scale_{count}")
            runs, limits = [], []
            with _backend(SCALE_OUT_PORT + count, db_url, redis_url, count) as url:
                token = _participant_token(db_url)
                for _ in range(rounds):
                    before = hashes_per_second(3.0)
                    runs.append(asyncio.run(surge(url, token, burst)))
                    limits.append((before + hashes_per_second(3.0)) / 2)
            figures[count] = {
                "per_second": statistics.median(r["per_second"] for r in runs),
                "rounds": [r["per_second"] for r in runs],
                "errors": sum(r["errors"] for r in runs),
                "limit_ratio": statistics.median(
                    r["per_second"] / limit for r, limit in zip(runs, limits, strict=True)
                ),
                "limits": limits,
            }
            subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "flushall"], capture_output=True)
    figures["ratio"] = figures[workers]["per_second"] / figures[1]["per_second"]
    return figures


if __name__ == "__main__":
    print(run_scale_out(int(os.environ.get("BURST", "40"))))
