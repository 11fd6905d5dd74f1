"""The baseline peer of the registration surge: the same registration (the app's own validation,
argon2id hash in the same per-core pool, SQLite insert and session) as a plain Starlette form
POST, served by the same ASGI server (granian) that serves the app's backend.

Run by `bench`: `granian --interface asgi bench.baseline:app`."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from champions.infra.reasons import RuleViolation
from champions.services.accounts.passwords import hash_password
from champions.services.registration.applications import REGISTRATION_FIELDS
from champions.services.registration.register import (
    check_registration_form,
    complete_registration,
    registration_form,
)
from champions.state.identity import off_loop, off_loop_cpu


async def register(request: Request) -> Response:
    form = await request.form()
    registration = registration_form({name: form.get(name, "") for name in REGISTRATION_FIELDS})
    client = request.client.host if request.client else ""
    try:
        checked = await off_loop(check_registration_form, registration, client)
        password_hash = await off_loop_cpu(hash_password, registration.password)
        answer = await off_loop(complete_registration, checked, password_hash, client)
    except RuleViolation as violation:
        return PlainTextResponse(str(violation), status_code=422)
    return PlainTextResponse(answer)  # the account waits for its emailed link, as in the app


async def ping(request: Request) -> Response:
    return PlainTextResponse("pong")


app = Starlette(routes=[Route("/register", register, methods=["POST"]), Route("/ping", ping)])
