"""Start the real app in production mode on a throwaway database for a benchmark."""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def running_app(port: int = 3222):
    folder = Path(tempfile.mkdtemp(prefix="champions-bench-"))
    db_url = f"sqlite:///{folder / 'bench.db'}"
    url = f"http://localhost:{port}"
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "REFLEX_DB_URL": db_url,
           "CHAMPIONS_FILES_DIR": str(folder / "files"),
           "CHAMPIONS_ORIGIN": url, "REFLEX_USE_NPM": "1", "REFLEX_CHECK_LATEST_VERSION": "false"}
    for command in (["migrate"], ["seed-demo"]):
        subprocess.run([sys.executable, "-m", "champions", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    log = open(folder / "app.log", "w")
    proc = subprocess.Popen([os.path.join(bin_dir, "reflex"), "run", "--env", "prod", "--frontend-port", str(port),
                             "--backend-port", str(port)], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(900):
            try:
                with urllib.request.urlopen(url + "/ping", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError((folder / "app.log").read_text()[-3000:])
                time.sleep(1)
        os.environ["REFLEX_DB_URL"] = db_url
        yield url, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
