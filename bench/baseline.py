"""The baseline peer of the registration surge: the same registration (the app's own validation,
argon2id hash in the same per-core pool, SQLite insert and session) as a plain Starlette form
POST, served by the same ASGI server (granian) that serves the app's backend.

Run by `bench`: `granian --interface asgi bench.baseline:app`."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from champions.infra.reasons import RuleViolation
from champions.services.accounts.passwords import hash_password
from champions.services.registration.applications import RegistrationForm
from champions.state.identity import off_loop, off_loop_cpu
from champions.state.registration import _FIELDS, _check, _country_code, _register


async def register(request: Request) -> Response:
    form = await request.form()
    data = {name: form.get(name, "") for name in _FIELDS}
    data["country"] = _country_code(data["country"])
    registration = RegistrationForm.from_form_data(data)
    client = request.client.host if request.client else ""
    try:
        checked = await off_loop(_check, registration, client)
        password_hash = await off_loop_cpu(hash_password, registration.password)
        token = await off_loop(_register, checked, password_hash, client)
    except RuleViolation as violation:
        return PlainTextResponse(str(violation), status_code=422)
    response = RedirectResponse("/my-application", status_code=303)
    response.set_cookie("champions_session", token, httponly=True, samesite="strict")
    return response


async def ping(request: Request) -> Response:
    return PlainTextResponse("pong")


app = Starlette(routes=[Route("/register", register, methods=["POST"]), Route("/ping", ping)])
