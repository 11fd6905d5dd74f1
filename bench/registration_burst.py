"""Registration burst: N registrations submitted at once over the real websocket protocol,
while a logged-in participant's client keeps firing a cheap page event. Reports throughput,
registration latency, and the probe's latency under load against an idle server."""

import asyncio
import os
import statistics
import time

from champions.state.auth import AuthState
from champions.state.registration import RegistrationState
from tests.support.reflex_client import ReflexClient

MOTIVATION = " ".join(["Cities must be safe and inclusive for every young person who lives in them."] * 5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _redirected(update: dict) -> bool:
    return any(e.get("name") == "_redirect" for e in update.get("events", []))


def _answered_registration(update: dict) -> bool:
    delta = update.get("delta", {}).get(RegistrationState.get_full_name(), {})
    return _redirected(update) or ("busy_rx_state_" in delta and delta["busy_rx_state_"] is False)


async def _register(url: str, index: int, run_id: str) -> float:
    client = ReflexClient(url, "/register")
    await client.connect()
    form = {
        "full_name": f"Bench Applicant {index}", "email": f"bench{run_id}.{index}@example.org",
        "password": "benchmark password", "date_of_birth": "2000-02-29", "country": "KR · South Korea",
        "city": "Seoul", "affiliation": "Bench University", "field_of_study": "Urban planning",
        "motivation": MOTIVATION, "consent": "on",
    }
    seconds = await client.request(RegistrationState, "submit", {"form_data": form}, until=_redirected, timeout=120)
    await client.close()
    return seconds


async def _probe(client: ReflexClient, stop: asyncio.Event, samples: list[float]) -> None:
    while not stop.is_set():
        samples.append(await client.request(AuthState, "refresh_identity"))
        await asyncio.sleep(0.05)


async def run(url: str, token: str, burst: int = 20) -> dict:
    probe = ReflexClient(url, "/my-application", session_token=token)
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
        "reg_p50": percentile(latencies, 0.5), "reg_p95": percentile(latencies, 0.95),
        "reg_max": max(latencies) if latencies else float("nan"),
        "idle_p50": percentile(idle, 0.5), "idle_p95": percentile(idle, 0.95),
        "loaded_p50": percentile(loaded, 0.5), "loaded_p95": percentile(loaded, 0.95),
        "loaded_max": max(loaded), "loaded_samples": len(loaded),
    }
