"""Security headers on every HTTP response of the app (pages, static files, API routes, files,
exports): a Content-Security-Policy that the app works under, no MIME sniffing, no referrer
beyond the origin, and no framing by other sites.

The policy allows inline and eval'd scripts because Reflex needs them: the compiled pages
carry inline hydration scripts and `rx.call_script` runs through `eval`. Everything else is
restricted to the app's own origin: no plugins, no foreign scripts, styles, images, fonts or
connections, no <base> tricks, forms post only to the app, and no page may frame it."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def security_headers(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that every HTTP response carries SECURITY_HEADERS (a header the
    response already sets is kept)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
