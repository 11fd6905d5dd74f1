"""Benchmark: the first visit on a slow phone, measured by Lighthouse (the npm package pinned in
bench/lighthouse/package.json, `make lighthouse-tools` installs it) with its default mobile
preset: a Moto G Power screen, simulated slow 4G (150 ms round trips, 1.6 Mbps down) and a 4x
CPU slowdown. Each page gets a fresh Chromium profile (Debian's /usr/bin/chromium), so nothing
is cached; a logged-in page gets the cookies a participant's browser has after logging in set
in that profile first (the session, and the language the account chose, which the app keeps in
the browser from the first page after login).

Then the second visit: the same page again in the same browser context (Playwright), bytes
transferred by the network only (cached hashed assets cost nothing)."""

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

CLI = Path(__file__).parent / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]


def available() -> str:
    """Why Lighthouse cannot run here ("" when it can)."""
    if not CLI.is_file():
        return "Lighthouse is not installed (make lighthouse-tools)"
    if not shutil.which("node"):
        return "no node on PATH"
    if not shutil.which("chromium"):
        return "no chromium (make chromium)"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _set_cookies(port: int, url: str, cookies: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        browser.contexts[0].add_cookies([{"name": n, "value": v, "url": url} for n, v in cookies.items()])


def run_lighthouse(url: str, path: str, cookies: dict[str, str] | None = None) -> dict:
    """One Lighthouse run of `url + path`: performance and accessibility scores (0-100),
    largest contentful paint and total blocking time (ms), bytes transferred."""
    port = _free_port()
    profile = Path(tempfile.mkdtemp(prefix="champions-lighthouse-"))
    chromium = subprocess.Popen(
        [
            shutil.which("chromium"),
            *CHROME_FLAGS,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        if cookies:
            _set_cookies(port, url, cookies)
        result = subprocess.run(
            [
                shutil.which("node"),
                str(CLI),
                url + path,
                f"--port={port}",
                "--output=json",
                "--output-path=stdout",
                "--only-categories=performance,accessibility",
                "--disable-storage-reset",  # the profile is new: nothing cached, the cookie kept
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-2000:])
        report = json.loads(result.stdout)
    finally:
        chromium.terminate()
        chromium.wait(timeout=30)
        shutil.rmtree(profile, ignore_errors=True)
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "interactive_ms": audits["interactive"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
    }


def second_visit_bytes(url: str, path: str = "/") -> dict:
    """Bytes over the network on the first and on a second visit of `path` in one browser
    context (a returning visitor), by the pages' own resource timings."""
    from playwright.sync_api import sync_playwright

    measure = """() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const resources = performance.getEntriesByType('resource');
        return {bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
                requests: 1 + resources.length,
                from_network: 1 + resources.filter(r => r.transferSize > 0).length};
    }"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + path, wait_until="networkidle")
        first = page.evaluate(measure)
        page.close()
        page = context.new_page()
        page.goto(url + path, wait_until="networkidle")
        second = page.evaluate(measure)
        browser.close()
    return {"first": first, "second": second}
