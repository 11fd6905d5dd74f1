"""The scaled layout of docs/deploy.md, started for the tests: Redis (Debian's redis-server),
the backend with two workers sharing it, the frontend exported for the proxy's origin, and
nginx running deploy/nginx.conf in front of them. Each part can be stopped and started again."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.helpers import demo_accounts_unchosen

ROOT = Path(__file__).resolve().parents[2]
BIN = str(Path(sys.executable).parent)


def _wait_for(url: str, proc: subprocess.Popen, log: Path, limit: float = 120) -> None:
    end = time.time() + limit
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {limit}s:\n{log.read_text()[-3000:]}")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found + [grandchild for child in found for grandchild in _children(child)]


def _established_to(port: int) -> set[str]:
    """Socket inodes of ESTABLISHED TCP connections whose local port is `port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if int(parts[1].split(":")[1], 16) == port and parts[3] == "01":
                inodes.add(parts[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


@dataclass
class ScaledApp:
    folder: Path
    port: int  # nginx: the public origin
    backend_ports: tuple[int, ...]  # one app process (with its workers) per port
    redis_port: int
    workers: int = 2
    env: dict = field(default_factory=dict)
    procs: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def backend_url(self, index: int = 0) -> str:
        return f"http://localhost:{self.backend_ports[index]}"

    @property
    def db_url(self) -> str:
        return self.env["REFLEX_DB_URL"]

    def session(self):
        from sqlmodel import Session

        from champions.infra.db import make_engine

        return Session(make_engine(self.db_url), expire_on_commit=False)

    def prepare(self, limits: dict, db_url: str = "") -> None:
        self.env = {
            **os.environ,
            "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
            "REFLEX_DB_URL": db_url or f"sqlite:///{self.folder / 'scaled.db'}",
            "CHAMPIONS_FILES_DIR": str(self.folder / "files"),
            "REFLEX_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}",
            "GRANIAN_WORKERS": str(self.workers),
            "REFLEX_API_URL": self.url,
            "CHAMPIONS_ORIGIN": self.url,
            "REFLEX_TRUSTED_PROXY_HOPS": "1",
            "REFLEX_USE_NPM": "1",
            "REFLEX_CHECK_LATEST_VERSION": "false",
            "REFLEX_TELEMETRY_ENABLED": "false",
            **limits,
        }
        for command in (["migrate"], ["seed-demo"]):
            subprocess.run(
                [sys.executable, "-m", "champions", *command],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        demo_accounts_unchosen(self.env["REFLEX_DB_URL"])
        # The frontend, built for the proxy's origin, as `reflex export` gives it to a deployment.
        subprocess.run(
            [
                os.path.join(BIN, "reflex"),
                "export",
                "--frontend-only",
                "--env",
                "prod",
                "--zip-dest-dir",
                str(self.folder),
            ],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with zipfile.ZipFile(self.folder / "frontend.zip") as bundle:
            bundle.extractall(self.folder / "frontend")
        config = (ROOT / "deploy" / "nginx.conf").read_text()
        for old, new in (
            ("listen 80;", f"listen 127.0.0.1:{self.port};"),
            ("/srv/champions/frontend", str(self.folder / "frontend")),
            ("server 127.0.0.1:8000;", " ".join(f"server 127.0.0.1:{p};" for p in self.backend_ports)),
        ):
            assert old in config, old
            config = config.replace(old, new)
        temp = self.folder / "nginx"
        temp.mkdir(exist_ok=True)
        # As root, nginx's workers would run as `nobody`, who cannot read pytest's private folders.
        user = "user root;" if os.geteuid() == 0 else ""
        (self.folder / "nginx-main.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {temp}/nginx.pid;
error_log {temp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {temp}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    {config}
}}
""")

    def _start(self, name: str, command: list[str], ready: str) -> None:
        log = self.folder / f"{name}.log"
        with open(log, "a") as out:
            self.procs[name] = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        if ready.startswith("http"):
            _wait_for(ready, self.procs[name], log)
        else:
            end = time.time() + 30
            while (
                subprocess.run(
                    ["redis-cli", "-p", str(self.redis_port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                != "PONG"
            ):
                assert time.time() < end and self.procs[name].poll() is None, log.read_text()[-2000:]
                time.sleep(0.2)

    def start_redis(self) -> None:
        self._start(
            "redis",
            [
                shutil.which("redis-server"),
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            "redis",
        )

    def start_backend(self, index: int) -> None:
        """App process `index`: `reflex run --backend-only`, its workers sharing Redis (a
        supervisor such as systemd restarts it in production: docs/deploy.md)."""
        self._start(
            f"backend{index}",
            [
                os.path.join(BIN, "reflex"),
                "run",
                "--env",
                "prod",
                "--backend-only",
                "--backend-port",
                str(self.backend_ports[index]),
            ],
            self.backend_url(index) + "/ping",
        )

    def backend_running(self, index: int) -> bool:
        proc = self.procs.get(f"backend{index}")
        return proc is not None and proc.poll() is None

    def start_nginx(self) -> None:
        self._start(
            "nginx",
            [
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-c",
                str(self.folder / "nginx-main.conf"),
                "-p",
                str(self.folder / "nginx"),
            ],
            self.url + "/ping",
        )

    def start(self) -> None:
        self.start_redis()
        for index in range(len(self.backend_ports)):
            self.start_backend(index)
        self.start_nginx()

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)

    def stop_all(self) -> None:
        for name in ["nginx", *(f"backend{i}" for i in range(len(self.backend_ports))), "redis"]:
            self.stop(name)

    def worker_pids(self, index: int) -> list[int]:
        """The worker processes of app process `index`."""
        proc = self.procs.get(f"backend{index}")
        if proc is None or proc.poll() is not None:
            return []
        return sorted(pid for pid in _children(proc.pid) if Path(f"/proc/{pid}").exists())

    def connections_by_worker(self) -> dict[int, int]:
        """How many established connections to its app process's port each worker holds."""
        counts = {}
        for index, port in enumerate(self.backend_ports):
            established = _established_to(port)
            counts.update({pid: len(_socket_inodes(pid) & established) for pid in self.worker_pids(index)})
        return counts


# --- the PostgreSQL server of `scripts/pg-cluster run` (CHAMPIONS_PG_DIR), stopped and started ---


def _pg_bin() -> str:
    if os.environ.get("PG_BIN"):
        return os.environ["PG_BIN"]
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")]
    )
    return str(found[-1])


def _as_owner(command: list[str]) -> list[str]:
    # As root, the cluster belongs to the system user scripts/pg-cluster made.
    return ["runuser", "-u", "champions-pg", "--", *command] if os.geteuid() == 0 else command


def pg_stop(pg_dir: str) -> None:
    """Stop the cluster now ("fast": open connections are cut, open transactions rolled back)."""
    subprocess.run(
        _as_owner([f"{_pg_bin()}/pg_ctl", f"--pgdata={pg_dir}/data", "--mode=fast", "--wait", "stop"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def pg_start(pg_dir: str) -> None:
    """Start the cluster again with the settings scripts/pg-cluster gave it."""
    port = Path(pg_dir, "port").read_text().strip()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={pg_dir} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_owner(
            [
                f"{_pg_bin()}/pg_ctl",
                f"--pgdata={pg_dir}/data",
                f"--log={pg_dir}/server.log",
                "--wait",
                "start",
                "-o",
                options,
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
