"""The websocket benchmarks, spoken in Reflex's own Socket.IO event protocol
(`tests/support/reflex_client.py`, event names computed from the state classes):

1. registration surge: N simulated browsers each load the registration page and submit it;
2. responsiveness: a logged-in participant's client fires a cheap page event during the surge;
3. framework floor: typical page events against a no-op event of the same app, idle;
4. many connected users: idle clients held open plus a few active ones;
5. the same surge as plain form POSTs to the Starlette baseline (`bench/baseline.py`)."""

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from champions.state.applications_admin import ApplicationsAdminState
from champions.state.auth import AuthState
from champions.state.my_application import MyApplicationState
from champions.state.registration import RegistrationState
from tests.support.reflex_client import ReflexClient, browser_tab

MOTIVATION = " ".join(["Cities must be safe and inclusive for every young person who lives in them."] * 5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _redirected(update: dict) -> bool:
    return any(e.get("name") == "_redirect" for e in update.get("events", []))


def _answered_registration(update: dict) -> bool:
    delta = update.get("delta", {}).get(RegistrationState.get_full_name(), {})
    return _redirected(update) or ("busy_rx_state_" in delta and delta["busy_rx_state_"] is False)


def _answered(update: dict) -> bool:
    """The registration's answer arrived ("check your email"; no login until the link)."""
    delta = update.get("delta", {}).get(RegistrationState.get_full_name(), {})
    return bool(delta.get("answer_rx_state_"))


def registration_form(index: int, run_id: str) -> dict:
    return {
        "full_name": f"Bench Applicant {index}",
        "email": f"bench{run_id}.{index}@example.org",
        "password": "benchmark password",
        "date_of_birth": "2000-02-29",
        "country": "KR · South Korea",
        "city": "Seoul",
        "affiliation": "Bench University",
        "field_of_study": "Urban planning",
        "motivation": MOTIVATION,
        "consent": "on",
    }


async def _register(url: str, index: int, run_id: str) -> float:
    """One simulated browser: open the registration page (connect and hydrate, which runs its
    on_load) and submit at once; seconds from the page load to the answer."""
    started = time.perf_counter()
    client = browser_tab(url, "/register")
    # Submits once the page has hydrated: waiting for half a second of silence first (the
    # client's default) left the server idle while every simulated browser waited.
    await client.connect(quiet=None)
    await client.request(
        RegistrationState,
        "submit",
        {"form_data": registration_form(index, run_id)},
        until=_answered,
        timeout=180,
    )
    await client.close()
    return time.perf_counter() - started


async def _probe(client: ReflexClient, stop: asyncio.Event, samples: list[float]) -> None:
    while not stop.is_set():
        samples.append(await client.request(AuthState, "refresh_identity"))
        await asyncio.sleep(0.05)


async def surge(url: str, token: str, burst: int) -> dict:
    """Benchmarks 1 and 2."""
    probe = browser_tab(url, "/my-application", token)
    await probe.connect()
    idle: list[float] = []
    for _ in range(40):
        idle.append(await probe.request(AuthState, "refresh_identity"))
    loaded: list[float] = []
    stop = asyncio.Event()
    probing = asyncio.create_task(_probe(probe, stop, loaded))
    run_id = str(int(time.time()))
    start = time.perf_counter()
    results = await asyncio.gather(*[_register(url, i, run_id) for i in range(burst)], return_exceptions=True)
    elapsed = time.perf_counter() - start
    stop.set()
    await probing
    await probe.close()
    latencies = [r for r in results if isinstance(r, float)]
    return {
        "cores": os.cpu_count(),
        "registrations": burst,
        "errors": burst - len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "reg_p50": percentile(latencies, 0.5),
        "reg_p95": percentile(latencies, 0.95),
        "reg_p99": percentile(latencies, 0.99),
        "reg_max": max(latencies) if latencies else float("nan"),
        "idle_p50": percentile(idle, 0.5),
        "idle_p95": percentile(idle, 0.95),
        "loaded_p50": percentile(loaded, 0.5),
        "loaded_p95": percentile(loaded, 0.95),
        "loaded_max": max(loaded),
        "loaded_samples": len(loaded),
    }


async def _latencies(client: ReflexClient, state_cls, handler: str, payload: dict, n: int) -> list[float]:
    for _ in range(3):  # warm up
        await client.request(state_cls, handler, payload)
    return [await client.request(state_cls, handler, payload) for _ in range(n)]


async def framework_floor(url: str, participant_token: str, secretariat_token: str, n: int = 60) -> dict:
    """Benchmark 3: p50/p95 of opening "My application" and of filtering the secretariat's
    application list (10,000 applications), against a no-op event (a state update that reads
    nothing: counting the words of a short text), all on an idle server."""
    participant = browser_tab(url, "/my-application", participant_token)
    await participant.connect()
    mine = await _latencies(participant, MyApplicationState, "load", {}, n)
    noop = await _latencies(participant, RegistrationState, "count_motivation", {"text": "a few words"}, n)
    await participant.close()
    secretariat = browser_tab(url, "/secretariat/applications", secretariat_token)
    await secretariat.connect()
    filtered = []
    for i in range(n + 3):
        seconds = await secretariat.request(
            ApplicationsAdminState, "set_filter", {"key": "search", "value": f"Applicant {i * 37 % 10000}"}
        )
        filtered.append(seconds)
    await secretariat.close()
    filtered = filtered[3:]
    return {
        "mine_p50": percentile(mine, 0.5),
        "mine_p95": percentile(mine, 0.95),
        "filter_p50": percentile(filtered, 0.5),
        "filter_p95": percentile(filtered, 0.95),
        "noop_p50": percentile(noop, 0.5),
        "noop_p95": percentile(noop, 0.95),
    }


def _resident_mb(root_pid: int) -> float:
    """Resident memory of the app's backend: every process of its process group, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != root_pid:
                continue
            status = (entry / "status").read_text()
            if "node" in (entry / "comm").read_text():
                continue  # the frontend's static server is not the backend
        except (OSError, ProcessLookupError):
            continue
        total += int(status.split("VmRSS:")[1].split()[0])
    return total / 1024


async def many_users(
    url: str,
    root_pid: int,
    token: str,
    idle: int = 500,
    active: int = 20,
    rounds: int = 15,
    during: Callable[[], Awaitable] | None = None,
) -> dict:
    """Benchmark 4: `idle` connected clients (hydrated, Socket.IO heartbeats answered by the
    client library) plus `active` logged-in clients each firing a page event `rounds` times.
    Memory per idle client = growth of the backend's resident memory / idle. `during()` runs
    while the idle clients are connected; its result is under "during"."""
    before = _resident_mb(root_pid)
    held = []
    refused = 0

    async def connected(client: ReflexClient) -> bool:
        # On a loaded machine a handshake can time out: such a client tries again, twice.
        nonlocal refused
        for attempt in range(3):
            try:
                await client.connect()
                return True
            except Exception:  # socketio's ConnectionError and timeouts alike
                refused += 1
                await asyncio.sleep(1 + attempt)
        return False

    for start in range(0, idle, 50):
        batch = [browser_tab(url, "/") for _ in range(start, min(idle, start + 50))]
        results = await asyncio.gather(*[connected(c) for c in batch])
        held.extend(c for c, ok in zip(batch, results, strict=True) if ok)
    await asyncio.sleep(2)
    after = _resident_mb(root_pid)
    during_result = await during() if during is not None else None
    clients = [browser_tab(url, "/my-application", token) for _ in range(active)]
    await asyncio.gather(*[c.connect() for c in clients])

    async def fire(client: ReflexClient) -> list[float]:
        return [await client.request(AuthState, "refresh_identity") for _ in range(rounds)]

    samples = [s for batch in await asyncio.gather(*[fire(c) for c in clients]) for s in batch]
    for client in clients + held:
        await client.close()
    return {
        "idle": len(held),
        "refused_handshakes": refused,
        "active": active,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "mb_per_client": (after - before) / max(1, len(held)),
        "active_p50": percentile(samples, 0.5),
        "active_p95": percentile(samples, 0.95),
        "during": during_result,
    }


async def baseline_surge(url: str, burst: int) -> dict:
    """Benchmark 5: the same burst of registrations as form POSTs to the Starlette baseline."""
    import aiohttp

    run_id = f"base{int(time.time())}"

    async def one(session: aiohttp.ClientSession, index: int) -> float:
        started = time.perf_counter()
        async with session.post(
            url + "/register", data=registration_form(index, run_id), allow_redirects=False
        ) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"baseline answered {response.status}")
        return time.perf_counter() - started

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=180)) as session:
        start = time.perf_counter()
        results = await asyncio.gather(*[one(session, i) for i in range(burst)], return_exceptions=True)
        elapsed = time.perf_counter() - start
    latencies = [r for r in results if isinstance(r, float)]
    return {
        "registrations": burst,
        "errors": burst - len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
    }
