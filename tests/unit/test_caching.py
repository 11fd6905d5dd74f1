"""Cache-Control on the app's responses: a year for hashed assets, revalidation for the rest,
and a response's own Cache-Control kept."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from champions.caching import IMMUTABLE, REVALIDATE, cache_control_for, cache_headers


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/assets/root-Dd4J8_xY.js", IMMUTABLE),
        ("/assets/KaTeX_AMS-Regular-BQhdFMY1.woff2", IMMUTABLE),
        ("/assets/chunk-a1B2c3D4.css", IMMUTABLE),
        ("/", REVALIDATE),
        ("/register", REVALIDATE),
        ("/styles.css", REVALIDATE),
        ("/favicon.ico", REVALIDATE),
        ("/assets/unhashed.js", REVALIDATE),
        ("/assets/nested/dir-Dd4J8_xY.js", REVALIDATE),
    ],
)
def test_only_hashed_assets_are_kept_a_year(path, expected):
    assert cache_control_for(path) == expected


def _run(path: str, *, method: str = "GET", status: int = 200, own: str = "") -> dict:
    sent = []

    async def app(scope, receive, send):
        headers = [(b"content-type", b"text/plain")] + ([(b"cache-control", own.encode())] if own else [])
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"x"})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": []}
    # In a thread of its own: the browser tests' Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, cache_headers(app)(scope, None, send)).result()
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


def test_the_middleware_sets_it_on_successful_reads_only():
    assert _run("/assets/root-Dd4J8_xY.js")["cache-control"] == IMMUTABLE
    assert _run("/assets/root-Dd4J8_xY.js", status=304)["cache-control"] == IMMUTABLE
    assert _run("/register")["cache-control"] == REVALIDATE
    assert "cache-control" not in _run("/assets/gone-Dd4J8_xY.js", status=404)
    assert "cache-control" not in _run("/api/workshops/1/versions", method="POST")
    assert _run("/files/abc", own="private, no-store")["cache-control"] == "private, no-store"
