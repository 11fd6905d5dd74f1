"""HTTP routes beside Reflex's websocket: receiving a submission with its files (streamed,
size-checked while it arrives), serving a stored file to whom may see it, the private
calendar feeds, and the unsubscribe links of emails (no login: the signed token says who and
what)."""

import asyncio
import html
import os
from urllib.parse import quote

from reflex.config import get_config
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from champions.infra import files as storage
from champions.infra.db import session_scope
from champions.infra.fonts import FontsMissing
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.signing_keys import SigningKeyMissing, public_jwks
from champions.infra.translations import N_, direction, gettext, is_language, negotiate
from champions.infra.typeset import TypesetFailed
from champions.models import Cohort, Role, User, Workshop
from champions.models._time import utcnow
from champions.public_html import verification_page, winners_html
from champions.services.awards.credentials import Verification, verify_for_client
from champions.services.awards.exports import FORMATS, ExportFile, export_awards
from champions.services.awards.open_badges import (
    ISSUER_PATH,
    JWKS_PATH,
    STATUS_LIST_PATH,
    BadgeFile,
    issuer_profile,
    open_badge_for,
    status_list_jwt,
)
from champions.services.awards.sharing import winners_page
from champions.services.messages.notify import token_target, unsubscribe
from champions.services.messages.templates import KINDS
from champions.services.phase1.calendar_feed import feed_calendar
from champions.services.phase2.submissions import (
    can_download_file,
    download_name,
    file_by_public_id,
    submit_refusal,
    submit_workshop,
)
from champions.services.phase2.uploads import MAX_REQUEST_BYTES, StreamingFormReader, UploadRefused
from champions.state.identity import SESSION_COOKIE, Caller, caller_from_token
from champions.state.language import LANGUAGE_COOKIE

NOT_FOUND = Response("Not found", status_code=404, media_type="text/plain")


def _refusal(reason: Reason, status: int, language: str = "en") -> JSONResponse:
    return JSONResponse({"ok": False, "errors": {reason.field: reason.text(language)}}, status_code=status)


async def _caller(request: Request) -> Caller | None:
    return await caller_from_token(request.cookies.get(SESSION_COOKIE, ""))


async def _refusal_after_reading(
    request: Request, reason: Reason, status: int, language: str = "en"
) -> JSONResponse:
    """Refuse an upload once its body is read (and dropped): a proxy still sending it would
    otherwise hit a closed connection, answer 502 instead of this reason, and count the app
    process as failed."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > MAX_REQUEST_BYTES:
            break
    return _refusal(reason, status, language)


def _submit_refusal(caller: Caller, workshop_id: int) -> Reason | None:
    """Why the caller may not submit to this workshop now (membership, role, dates), checked
    again with the files when the version is written."""
    with session_scope() as session:
        _, refusal = submit_refusal(
            session=session, user_id=caller.id, workshop=session.get(Workshop, workshop_id), now=utcnow()
        )
        return refusal


async def receive_submission(request: Request) -> Response:
    """POST /api/workshops/{id}/versions (multipart: title, summary, link, keep_previous, files)."""
    origin = request.headers.get("origin")
    if origin is not None and origin not in get_config().cors_allowed_origins:
        return await _refusal_after_reading(
            request, Reason("origin", "This request did not come from the Champions site."), 403
        )
    caller = await _caller(request)
    if caller is None:
        return await _refusal_after_reading(
            request, Reason("login", "Your session has ended; log in again."), 401
        )
    workshop_id = request.path_params["workshop_id"]
    refusal = await asyncio.to_thread(_submit_refusal, caller, workshop_id)
    if refusal is not None:  # before a byte of the body is written anywhere
        return await _refusal_after_reading(request, refusal, 403, caller.language)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
        return _refusal(
            Reason("too_large", "The files together are too large (at most 5 files of 20 MB).", "files"),
            413,
            caller.language,
        )
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data") or "boundary=" not in content_type:
        return await _refusal_after_reading(
            request, Reason("bad_request", "Send the submission form."), 400, caller.language
        )
    boundary = content_type.split("boundary=", 1)[1].split(";")[0].strip().strip('"').encode("latin-1")
    reader = StreamingFormReader(boundary, str(storage.incoming_dir()))
    received_bytes = 0
    try:
        async for chunk in request.stream():
            received_bytes += len(chunk)
            if received_bytes > MAX_REQUEST_BYTES:
                raise UploadRefused(Reason("too_large", "The files together are too large.", "files"))
            await asyncio.to_thread(reader.write, chunk)
        form = await asyncio.to_thread(reader.finish)
    except UploadRefused as refused:
        reader.abort()
        return _refusal(refused.reason, refused.status, caller.language)
    except Exception:  # a malformed body: nothing is kept
        reader.abort()
        return _refusal(
            Reason("bad_request", "The upload was cut off or malformed; try again."), 400, caller.language
        )
    try:
        version = await asyncio.to_thread(
            submit_workshop,
            session_factory=session_scope,
            user_id=caller.id,
            workshop_id=workshop_id,
            received=form,
        )
    except RuleViolation as violation:
        return JSONResponse({"ok": False, "errors": violation.by_field(caller.language)}, status_code=400)
    finally:
        form.discard()
    return JSONResponse(
        {"ok": True, "version": version.number, "message": f"Version {version.number} submitted."}
    )


def _page(
    title: str, paragraphs: list[str], status: int = 200, form_action: str = "", language: str = "en"
) -> HTMLResponse:
    """A small page of its own (no login, no script) in `language` (the texts given are
    already in it): the texts are escaped."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if form_action:
        button = gettext(language, "Stop these emails")
        body += (
            f'<form method="post" action="{html.escape(form_action)}">'
            f'<button type="submit">{html.escape(button)}</button></form>'
        )
    return HTMLResponse(
        f'<!doctype html><html lang="{language}" dir="{direction(language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · Smart City Champions</title></head>"
        '<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; '
        'padding: 0 1rem">'
        f"<h1>{html.escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )


_BAD_LINK = N_(
    "This link is not valid: it may be incomplete, or replaced by a newer one. "
    "Choose your notifications on your account page."
)


def _token_user_language(session, token: str) -> str:
    """The language of the person an unsubscribe token names ("" when it names nobody)."""
    head = (token or "").split(".")[0]
    user = session.get(User, int(head)) if head.isdigit() and len(head) <= 12 else None
    return user.language if user is not None and is_language(user.language) else ""


def _unsubscribe_target(token: str) -> tuple[str | None, str]:
    with session_scope() as session:
        target = token_target(session=session, token=token)
        return (KINDS[target[1]].label if target else None), _token_user_language(
            session, token
        ) if target else ""


def _unsubscribe(token: str) -> tuple[str | None, str]:
    with session_scope() as session:
        label = unsubscribe(session=session, token=token)
        return label, _token_user_language(session, token) if label else ""


def _visitor_language(request: Request, known: str) -> str:
    """The person's own language when known, else this browser's choice, else its
    Accept-Language."""
    if is_language(known):
        return known
    cookie = request.cookies.get(LANGUAGE_COOKIE, "")
    return cookie if is_language(cookie) else negotiate(request.headers.get("accept-language", ""))


async def unsubscribe_route(request: Request) -> Response:
    """GET /api/unsubscribe?token=…: a page with a button (a link scanner following the link
    changes nothing); POST: stop that kind of email for the token's person, without logging in
    (also the one-click POST of RFC 8058 that mail providers send). The page speaks the
    person's language when the token names them, else the browser's."""
    token = request.query_params.get("token", "")[:200]
    if request.method == "POST":
        label, known = await asyncio.to_thread(_unsubscribe, token)
        language = _visitor_language(request, known)
        if label is None:
            return _page(
                gettext(language, "Link not valid"), [gettext(language, _BAD_LINK)], 400, language=language
            )
        return _page(
            gettext(language, "Unsubscribed"),
            [
                gettext(
                    language, "You will no longer get these emails: {label}.", label=gettext(language, label)
                ),
                gettext(language, "Other messages still come. Turn them on again on your account page."),
            ],
            language=language,
        )
    label, known = await asyncio.to_thread(_unsubscribe_target, token)
    language = _visitor_language(request, known)
    if label is None:
        return _page(
            gettext(language, "Link not valid"), [gettext(language, _BAD_LINK)], 400, language=language
        )
    return _page(
        gettext(language, "Stop these emails?"),
        [
            gettext(
                language,
                "Stop: {label}. Decisions on your application and security messages always come.",
                label=gettext(language, label),
            )
        ],
        form_action=f"/api/unsubscribe?token={token}",
        language=language,
    )


def _file_for(caller: Caller | None, public_id: str) -> tuple[str, str, str] | None:
    """(path, download name, content type) when the caller may have the file; else None."""
    with session_scope() as session:
        file = file_by_public_id(session=session, public_id=public_id)
        user = session.get(User, caller.id) if caller else None
        if not can_download_file(session=session, user=user, file=file):
            return None
        return (
            str(storage.stored_path(file.stored_name)),
            download_name(session=session, user=user, file=file),
            file.content_type,
        )


async def serve_file(request: Request) -> Response:
    """GET /files/{public_id}: the same 404 for a missing file and a forbidden one."""
    public_id = request.path_params["public_id"]
    if not public_id.replace("-", "").replace("_", "").isalnum() or len(public_id) > 40:
        return NOT_FOUND
    found = await asyncio.to_thread(_file_for, await _caller(request), public_id)
    if found is None or not os.path.exists(found[0]):
        return NOT_FOUND
    path, name, content_type = found
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return FileResponse(
        path,
        media_type=content_type,
        headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def _export(caller: Caller, cohort_id: int, fmt: str) -> ExportFile:
    with session_scope() as session:
        cohort = session.get(Cohort, cohort_id)
        if cohort is None:
            raise RuleViolation([Reason("not_found", "There is no such cohort.")])
        return export_awards(
            session=session, cohort=cohort, fmt=fmt, actor_id=caller.id, language=caller.language
        )


async def export_awards_route(request: Request) -> Response:
    """GET /exports/awards/{cohort_id}/{format}: the finalized award list, for the secretariat only.
    Made in a thread: certificates for thousands of people take seconds."""
    caller = await _caller(request)
    if caller is None or caller.role != Role.SECRETARIAT:
        return Response(
            "Only the secretariat can export the award list.", status_code=403, media_type="text/plain"
        )
    fmt = request.path_params["fmt"]
    if fmt not in FORMATS:
        return NOT_FOUND
    try:
        export = await asyncio.to_thread(_export, caller, request.path_params["cohort_id"], fmt)
    except RuleViolation as violation:
        return Response(violation.first(caller.language), status_code=409, media_type="text/plain")
    except (FontsMissing, TypesetFailed) as missing:
        return Response(str(missing), status_code=503, media_type="text/plain")
    return Response(
        export.content,
        media_type=export.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def _feed(token: str) -> str | None:
    with session_scope() as session:
        return feed_calendar(session=session, token=token)


async def serve_calendar_feed(request: Request) -> Response:
    """GET /calendar/{token}.ics: a person's private calendar subscription, made from the
    current data at each fetch. The token is the only key (no cookie: calendar apps have none);
    an unknown or stopped one gets the same 404 as a malformed one."""
    token = request.path_params["token"]
    if len(token) > 128 or not token.replace("-", "").replace("_", "").isalnum():
        return NOT_FOUND
    text = await asyncio.to_thread(_feed, token)
    if text is None:
        return NOT_FOUND
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="champions.ics"',
            "X-Content-Type-Options": "nosniff",
            # Fetched again on every refresh of the calendar app; no shared cache keeps it.
            "Cache-Control": "private, no-cache",
            "Referrer-Policy": "no-referrer",
        },
    )


def client_address(request: Request) -> str:
    """The client's address as Reflex's events see it (X-Forwarded-For only through the
    configured number of trusted proxies: otherwise the client could choose it)."""
    address = request.client.host if request.client else ""
    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address


def _verify(code: str, client: str, language: str) -> tuple[Verification | None, str]:
    with session_scope() as session:
        verification, refusal = verify_for_client(session=session, code=code, client=client)
        return verification, refusal.text(language) if refusal else ""


PUBLIC_PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


async def verify_route(request: Request) -> Response:
    """GET /verify/{code}: a certificate's verification, for anyone, throttled per address.
    Unknown codes get one plain answer (404); never cached, so a revocation shows at once. In
    the browser's language (its language cookie, else Accept-Language)."""
    language = _visitor_language(request, "")
    verification, refusal = await asyncio.to_thread(
        _verify, request.path_params["code"], client_address(request), language
    )
    status = 429 if refusal else 404 if verification is None else 200
    return HTMLResponse(
        verification_page(verification, refusal, language), status_code=status, headers=PUBLIC_PAGE_HEADERS
    )


def _winners(edition: str, language: str) -> tuple[str, bool]:
    with session_scope() as session:
        winners = winners_page(session=session, edition=edition)
        return winners_html(winners, language), winners is not None


async def winners_route(request: Request) -> Response:
    """GET /winners/{edition}: the public winners page once the ceremony has begun; the same
    404 for an edition that does not exist and one whose ceremony is still to come. Revalidated
    on every visit: a withdrawn consent removes a name at once. In the browser's language (its
    language cookie, else Accept-Language)."""
    edition = request.path_params["edition"]
    html, found = await asyncio.to_thread(_winners, edition, _visitor_language(request, ""))
    return HTMLResponse(
        html,
        status_code=200 if found else 404,
        headers={"Cache-Control": "no-cache", "Vary": "Accept-Language, Cookie"},
    )


# Public keys and lists that any verifier, from any site, must be able to read.
OPEN_TO_EVERY_SITE = {"Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff"}


async def jwks_route(_request: Request) -> Response:
    """GET /.well-known/jwks.json: the issuer's public keys, current and rotated."""
    keys = await asyncio.to_thread(public_jwks)
    return JSONResponse(keys, headers={**OPEN_TO_EVERY_SITE, "Cache-Control": "public, max-age=300"})


async def issuer_route(_request: Request) -> Response:
    """GET /credentials/issuer: the issuer's Open Badges profile."""
    return JSONResponse(
        issuer_profile(), headers={**OPEN_TO_EVERY_SITE, "Cache-Control": "public, max-age=3600"}
    )


def _status_list() -> str:
    with session_scope() as session:
        return status_list_jwt(session=session, now=utcnow())


async def status_list_route(_request: Request) -> Response:
    """GET /credentials/status/1: the Bitstring Status List of revoked credentials (VC-JWT)."""
    try:
        token = await asyncio.to_thread(_status_list)
    except SigningKeyMissing as missing:
        return Response(str(missing), status_code=503, media_type="text/plain")
    return Response(
        token, media_type="application/vc+jwt", headers={**OPEN_TO_EVERY_SITE, "Cache-Control": "no-cache"}
    )


def _open_badge(caller: Caller, code: str) -> BadgeFile:
    with session_scope() as session:
        return open_badge_for(session=session, user_id=caller.id, code=code)


async def open_badge_route(request: Request) -> Response:
    """GET /credentials/open-badge/{code}: the holder's own credential as a signed Open Badges
    3.0 VC-JWT; the same 404 for someone else's code and one that does not exist."""
    caller = await _caller(request)
    if caller is None:
        return Response("Log in to download your credentials.", status_code=401, media_type="text/plain")
    try:
        badge = await asyncio.to_thread(_open_badge, caller, request.path_params["code"])
    except RuleViolation as violation:
        reason = violation.reasons[0]
        return Response(
            reason.text(caller.language),
            status_code=404 if reason.code == "not_found" else 409,
            media_type="text/plain",
        )
    except SigningKeyMissing as missing:
        return Response(str(missing), status_code=503, media_type="text/plain")
    return Response(
        badge.token,
        media_type="application/vc+jwt",
        headers={
            "Content-Disposition": f'attachment; filename="{badge.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


api = Starlette(
    routes=[
        Route("/api/workshops/{workshop_id:int}/versions", receive_submission, methods=["POST"]),
        Route("/files/{public_id:str}", serve_file, methods=["GET"]),
        Route("/api/unsubscribe", unsubscribe_route, methods=["GET", "POST"]),
        Route("/exports/awards/{cohort_id:int}/{fmt:str}", export_awards_route, methods=["GET"]),
        Route("/calendar/{token:str}.ics", serve_calendar_feed, methods=["GET"]),
        Route("/verify/{code:str}", verify_route, methods=["GET"]),
        Route("/winners/{edition:str}", winners_route, methods=["GET"]),
        Route(JWKS_PATH, jwks_route, methods=["GET"]),
        Route(ISSUER_PATH, issuer_route, methods=["GET"]),
        Route(STATUS_LIST_PATH, status_list_route, methods=["GET"]),
        Route("/credentials/open-badge/{code:str}", open_badge_route, methods=["GET"]),
    ]
)
