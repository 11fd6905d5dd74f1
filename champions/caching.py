"""Cache-Control on the app's own HTTP responses (`reflex run --env prod` serves the compiled
frontend from the backend, through Starlette).

The build names every script, stylesheet and font under /assets/ by a hash of its content: a
new build gives new names, so a browser may keep them for a year without asking again (a
returning visitor on a slow network then downloads only the page). Everything else the app
serves without a Cache-Control of its own (pages, /styles.css, the favicon) is revalidated
on each visit, so a new build is seen at once. Responses that set their own (files, exports:
private, no-store) keep it. deploy/nginx.conf says the same for the exported frontend."""

import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Vite's output: /assets/<name>-<8 characters of hash>.<extension>
HASHED_ASSET = re.compile(r"^/assets/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$")


def cache_control_for(path: str) -> str:
    return IMMUTABLE if HASHED_ASSET.match(path) else REVALIDATE


def cache_headers(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that successful GET/HEAD responses without a Cache-Control get
    the one `cache_control_for` their path."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    headers["Cache-Control"] = cache_control_for(scope["path"])
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
