"""Each page answered at its own address: `/register` is served the prerendered
`register.html` at once, as deploy/nginx.conf does (`try_files $uri $uri.html …`).

Why: when the app serves its own build (`reflex run --env prod`), Starlette's StaticFiles
answers a page's address without a trailing slash with a redirect to `/register/`, one more
round trip before anything can show, on the first visit of every page but `/`: 150–600 ms on
a mobile network (Lighthouse's slow-4G preset estimates 610–640 ms). The file served is the
same page (the build writes each route as `name.html` and `name/index.html`)."""

import re
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

# A page's address: letters, digits, "-" and "_" in segments, no extension, no trailing slash.
PAGE_ADDRESS = re.compile(r"^(?:/[A-Za-z0-9_-]+)+$")


def page_file(path: str, static_dir: Path) -> str | None:
    """The prerendered file's path to serve for the page at `path` ("/register" →
    "/register.html"), or None when `path` is not such a page (the request goes on as it came)."""
    if not PAGE_ADDRESS.match(path):
        return None
    candidate = path + ".html"
    return candidate if (static_dir / candidate[1:]).is_file() else None


def _build_dir() -> Path:
    from reflex import constants
    from reflex.utils import prerequisites

    return prerequisites.get_web_dir() / constants.Dirs.STATIC


def pages_at_their_address(app: ASGIApp, static_dir: Path | None = None) -> ASGIApp:
    """Wrap an ASGI app so that a GET or HEAD of a prerendered page's address is served that
    page's file instead of a redirect. Other requests are unchanged."""
    folder = static_dir or _build_dir()

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            file = page_file(scope["path"], folder)
            if file is not None:
                scope = {**scope, "path": file, "raw_path": file.encode()}
        await app(scope, receive, send)

    return wrapped
