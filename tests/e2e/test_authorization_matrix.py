"""The authorization matrix, generated: every event handler of every state class, every page
route and every API route of the running app, called over the real websocket (or HTTP) as
nobody, the participant whose team is the target, a participant of another team, the
mentor assigned to the target submission, an unassigned mentor, a conflicted mentor and the
secretariat.

For each call it asserts, from the written policy (tests/e2e/authorization_policy.py):
- a role that may not write changed nothing: every row of every table is as it was;
- no state delta sent to the caller holds a private value that role may not read (emails,
  birth dates, private notes, unpublished comments, reflections, submission titles, file ids,
  check-in codes, password and session hashes: tests/e2e/authorization_world.py);
- where the policy says so, the permitted role's same call does change the database (so a
  refusal above is a refusal, not a payload that missed).

A handler, page or route added later is enumerated here automatically and fails until the
policy says who may use it."""

import asyncio
import os
import re
import urllib.error
import urllib.request

import pytest

from champions.routes import api
from champions.state.auth import AuthState
from tests.e2e.app_map import handlers, on_load, page_of, pages, path_of
from tests.e2e.authorization_policy import OWNER_DEFAULT, OWNERS, POLICY, Rule
from tests.e2e.authorization_world import (
    EVERYONE,
    MENTOR_ASSIGNED,
    NOBODY,
    PARTICIPANT,
    ROLES,
    SECRETARIAT,
    World,
    build_world,
    difference,
    snapshot,
    token_for,
)
from tests.e2e.conftest import Server, backend_only
from tests.e2e.helpers import run_async
from tests.support.files import multipart, pdf
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e


HANDLERS = handlers()


def _owner(state) -> str:
    return OWNERS.get(state.__name__, OWNER_DEFAULT)


MATRIX_PORT = int(os.environ.get("CHAMPIONS_E2E_MATRIX_PORT", "3145"))
VERIFICATIONS_PER_ADDRESS = 25


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """A backend of its own on a fresh demo cohort: the matrix's world does not depend on what
    the suite's other tests did, and its permitted calls change nothing they rely on."""
    if os.environ.get("CHAMPIONS_E2E_REUSE_URL"):
        yield Server(url=os.environ["CHAMPIONS_E2E_REUSE_URL"], db_url=os.environ["REFLEX_DB_URL"])
        return
    with backend_only(
        tmp_path_factory.mktemp("matrix"),
        MATRIX_PORT,
        CHAMPIONS_LOGIN_FAILURES_PER_ADDRESS="100000",
        CHAMPIONS_REGISTRATIONS_PER_ADDRESS="100000",
        CHAMPIONS_RESET_REQUESTS_PER_ADDRESS="100000",
        CHAMPIONS_VERIFICATIONS_PER_ADDRESS=str(VERIFICATIONS_PER_ADDRESS),
    ) as app:
        yield app


@pytest.fixture(scope="module")
def world(backend) -> World:
    return build_world(backend)


def _leaks(world: World, role: str, deltas: list[dict]) -> list[str]:
    import json

    text = json.dumps(deltas, ensure_ascii=False, default=str)
    return [secret for secret in world.forbidden_for(role) if secret and secret in text]


async def _prepared(server, world: World, tokens: dict, state, rule: Rule, role: str) -> ReflexClient:
    """A browser on the state's page, set up by its owner (the prelude), with `role` swapped in."""
    client = ReflexClient(server.url, page_of(state), session_token=tokens[_owner(state)])
    await client.connect(quiet=None)
    for step, payload in rule.prelude:
        await client.call(state, step, payload(world))
    await client.call(AuthState, "start", {"token": tokens[role]})
    return client


async def _fire(client: ReflexClient, world: World, state, name: str, rule: Rule) -> list[dict]:
    try:
        return await client.call(state, name, rule.payload(world))
    finally:
        await client.close()


def _call(server, world: World, tokens: dict, state, name: str, rule: Rule, roles) -> tuple[dict, dict]:
    """Set up one page per role, then (after a snapshot) make the call from all of them at
    once. Returns ({role: deltas}, the tables the calls changed)."""

    async def run():
        clients = await asyncio.gather(
            *[_prepared(server, world, tokens, state, rule, role) for role in roles]
        )
        before = await asyncio.to_thread(snapshot, server)
        answers = await asyncio.gather(*[_fire(client, world, state, name, rule) for client in clients])
        after = await asyncio.to_thread(snapshot, server)
        return dict(zip(roles, answers)), difference(before, after)

    return run_async(run())


def _fresh_tokens(server, world: World, roles) -> dict[str, str]:
    return {role: token_for(server, world, role) for role in roles}


def _rule(handler: str):
    return POLICY.get(handler) or (POLICY["*.setvar"] if handler.endswith(".setvar") else None)


def test_every_handler_is_in_the_policy():
    missing = sorted(h for h in HANDLERS if _rule(h) is None)
    stale = sorted(set(POLICY) - set(HANDLERS) - {"*.setvar"})
    assert not missing, f"Handlers without a rule in tests/e2e/authorization_policy.py: {missing}"
    assert not stale, f"Rules for handlers that no longer exist: {stale}"


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_refused_roles_change_nothing_and_read_nothing(backend, world, handler):
    rule = _rule(handler)
    assert rule is not None, f"{handler} has no rule in tests/e2e/authorization_policy.py"
    state, name = HANDLERS[handler]
    refused = [role for role in ROLES if role not in rule.writers]
    tokens = _fresh_tokens(backend, world, set(refused) | {_owner(state)})
    answers, changed = _call(backend, world, tokens, state, name, rule, refused)
    if changed:  # find who did it, one role at a time
        culprits = {}
        for role in refused:
            tokens = _fresh_tokens(backend, world, {role, _owner(state)})
            if step := _call(backend, world, tokens, state, name, rule, [role])[1]:
                culprits[role] = step
        pytest.fail(f"{handler} changed the database for refused roles: {culprits or changed}")
    leaks = {role: found for role, deltas in answers.items() if (found := _leaks(world, role, deltas))}
    assert not leaks, f"{handler} sent private data: {leaks}"


async def _own_tab_then_reload(server, world: World, token: str, state, name: str, rule: Rule) -> list[dict]:
    """Everything a tab of the caller's own receives: the page set up by the caller itself (its
    prelude), the call, then a reload of the same tab (a new connection with the tab's token
    hydrates every state the server keeps for it)."""
    client = ReflexClient(server.url, page_of(state), session_token=token)
    await client.connect(quiet=None)
    for step, payload in rule.prelude:
        await client.call(state, step, payload(world))
    await client.call(state, name, rule.payload(world))
    await client.close()
    reload = ReflexClient(server.url, page_of(state))
    reload.token = client.token
    await reload.connect(quiet=None)
    await reload.close()
    return client.deltas + reload.deltas


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_refused_roles_hold_nothing_private_after_a_reload(backend, world, handler):
    """Issue 22: what a refused role's own tab holds after its calls, and what a reload of that
    tab resends, carries nothing the role may not read."""
    rule = _rule(handler)
    state, name = HANDLERS[handler]
    refused = [role for role in ROLES if role not in rule.writers]
    tokens = _fresh_tokens(backend, world, refused)

    async def everyone():
        return await asyncio.gather(
            *[_own_tab_then_reload(backend, world, tokens[role], state, name, rule) for role in refused]
        )

    answers = dict(zip(refused, run_async(everyone())))
    leaks = {role: found for role, deltas in answers.items() if (found := _leaks(world, role, deltas))}
    assert not leaks, f"{handler}: a reload of the caller's own tab sent private data: {leaks}"


# The permitted calls change the world, so they run in one test, in the policy's order
# (e.g. the award list is unlocked before it is decided, finalized and published).
def _control_order() -> list[str]:
    return [h for h, rule in POLICY.items() if rule.writers and rule.control is True]


def test_permitted_calls_do_change_the_database_and_leak_nothing(backend, world):
    """The control of the matrix: the same payloads, sent by the first permitted role, do
    reach the rules (otherwise a refusal above would prove nothing)."""
    unchanged, leaks = [], {}
    for handler in _control_order():
        rule = POLICY[handler]
        state, name = HANDLERS[handler]
        role = next(r for r in ROLES if r in rule.writers)
        tokens = _fresh_tokens(backend, world, {role, _owner(state)})
        answers, changed = _call(backend, world, tokens, state, name, rule, [role])
        if not changed:
            unchanged.append(f"{handler} as {role}")
        if found := _leaks(world, role, answers[role]):
            leaks[handler] = found
    assert not unchanged, (
        f"These permitted calls changed nothing, so the matrix proves nothing for them: {unchanged}"
    )
    assert not leaks, f"Permitted callers were sent data they may not read: {leaks}"


def test_every_rule_names_a_control_or_why_not():
    for handler, rule in POLICY.items():
        assert rule.control is True or (isinstance(rule.control, str) and rule.control), handler
        assert rule.control is not True or rule.writers, f"{handler}: a control needs a role that may write"


# --- page routes --------------------------------------------------------------------------


PAGES = pages()


@pytest.mark.parametrize("route", PAGES)
def test_every_page_gives_each_role_only_its_own_data(server, backend, world, route):
    """Each page's HTML is the same static shell for everyone (served by the suite's app), and
    its on_load handlers, run as each role on that page, change nothing and send nothing private."""
    path = path_of(route)
    with urllib.request.urlopen(server.url + path, timeout=30) as response:
        html = response.read().decode("utf-8")
    assert [s for s in world.secrets if len(s) >= 6 and s in html] == []
    tokens = _fresh_tokens(backend, world, ROLES)
    calls = on_load(route)
    before = snapshot(backend)

    async def visit(role: str) -> list[dict]:
        client = ReflexClient(backend.url, path, session_token=tokens[role])
        await client.connect(quiet=None)
        deltas = []
        try:
            for state, name in calls:
                deltas += await client.call(state, name, {})
        finally:
            await client.close()
        return deltas

    async def everyone():
        return await asyncio.gather(*[visit(role) for role in ROLES])

    answers = dict(zip(ROLES, run_async(everyone())))
    assert difference(before, snapshot(backend)) == {}
    leaks = {role: found for role, deltas in answers.items() if (found := _leaks(world, role, deltas))}
    assert not leaks, f"{path} sent private data: {leaks}"


# --- API routes ---------------------------------------------------------------------------

# Who gets a 200 from each API route of the app, for the target team's file and the 2022 awards.
ROUTE_POLICY = {
    "/files/{public_id:str}": frozenset({PARTICIPANT, MENTOR_ASSIGNED, SECRETARIAT}),
    "/exports/awards/{cohort_id:int}/{fmt:str}": frozenset({SECRETARIAT}),
    "/api/workshops/{workshop_id:int}/versions": frozenset(),  # 2022 is over: nobody can submit
    # Issue 25: public pages and documents, and the holder's own Open Badge.
    "/verify/{code:str}": EVERYONE,
    "/winners/{edition:str}": EVERYONE,  # the 2022 ceremony is over
    "/.well-known/jwks.json": EVERYONE,
    "/credentials/issuer": EVERYONE,
    "/credentials/status/1": EVERYONE,
    "/credentials/open-badge/{code:str}": frozenset({PARTICIPANT}),  # the holder only
}


def _holders_credential(backend, world: World):
    """A valid credential of the matrix's participant (the target team's member)."""
    from sqlmodel import select

    from champions.models import Credential

    with backend.session() as session:
        return session.exec(
            select(Credential)
            .where(Credential.holder_user_id == world.victim_id, Credential.revoked_at.is_(None))
            .order_by(Credential.id)
        ).first()


def _holders_code(backend, world: World) -> str:
    return _holders_credential(backend, world).code


def _not_printed(backend, world: World, role: str, text: str) -> list[str]:
    """The secrets of the world the role may not read that a public page shows, but for what is
    public by design: what the participant's certificates print (the verify page shows it to
    whoever has a code: its holder gave it), and the team and city of an awarded team (the
    winners page, after the ceremony). A member's name on the winners page needs their consent,
    which the matrix's participant has not given."""
    from sqlmodel import select

    from champions.models import AwardEntry, Credential

    with backend.session() as session:
        printed = [
            value
            for c in session.exec(select(Credential).where(Credential.holder_user_id == world.victim_id))
            for value in (c.holder_name, c.team_name, c.code)
        ] + [
            value
            for e in session.exec(select(AwardEntry).where(AwardEntry.team_id == world.team_id))
            for value in (e.team_name, e.city)
        ]
    return [s for s in world.forbidden_for(role) if s in text and not any(s in value for value in printed)]


def test_every_api_route_is_in_the_policy():
    assert sorted(route.path for route in api.routes) == sorted(ROUTE_POLICY)


@pytest.mark.parametrize("role", ROLES)
def test_api_routes_answer_only_permitted_roles(backend, world, role):
    tokens = _fresh_tokens(backend, world, [role])
    with backend.session() as session:
        from sqlmodel import select

        from champions.models import Cohort, SubmissionFile

        public_id = next(s for s in world.secrets if s in set(session.exec(select(SubmissionFile.public_id))))
        cohort_id = session.exec(select(Cohort.id).where(Cohort.name == world.cohort)).one()
    urls = {
        "/files/{public_id:str}": ("GET", f"/files/{public_id}"),
        "/exports/awards/{cohort_id:int}/{fmt:str}": ("GET", f"/exports/awards/{cohort_id}/csv"),
        "/api/workshops/{workshop_id:int}/versions": ("POST", f"/api/workshops/{world.workshop_id}/versions"),
        "/verify/{code:str}": ("GET", f"/verify/{_holders_code(backend, world)}"),
        "/winners/{edition:str}": ("GET", f"/winners/{world.cohort}"),
        "/.well-known/jwks.json": ("GET", "/.well-known/jwks.json"),
        "/credentials/issuer": ("GET", "/credentials/issuer"),
        "/credentials/status/1": ("GET", "/credentials/status/1"),
        "/credentials/open-badge/{code:str}": (
            "GET",
            f"/credentials/open-badge/{_holders_code(backend, world)}",
        ),
    }
    # A real submission (issue 22): a form with a PDF, as the team page sends it.
    body, content_type = multipart(
        {"title": "Matrix upload", "summary": "Matrix summary", "link": ""}, [("matrix.pdf", pdf())]
    )
    for route, (method, path) in urls.items():
        request = urllib.request.Request(
            backend.url + path,
            method=method,
            data=body if method == "POST" else None,
            headers={
                "Cookie": f"champions_session={tokens[role]}",
                "Origin": backend.url,
                **({"Content-Type": content_type} if method == "POST" else {}),
            },
        )
        before = snapshot(backend)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as refused:
            status, body = refused.code, refused.read()
        assert (status == 200) == (role in ROUTE_POLICY[route]), f"{role} {method} {path}: {status}"
        if status != 200:  # (a permitted export is audited)
            assert difference(before, snapshot(backend)) == {}, f"{role} {method} {path}"
            text = body.decode("utf-8", "replace")
            assert [s for s in world.forbidden_for(role) if s in text] == []
        elif ROUTE_POLICY[route] == EVERYONE:  # public: what it shows is for anyone
            assert _not_printed(backend, world, NOBODY, body.decode("utf-8", "replace")) == [], path
    _forget_verifications(backend)


def _forget_verifications(backend) -> None:
    """The verify page's throttle counts every look-up from 127.0.0.1: clear it between tests."""
    from sqlmodel import delete

    from champions.models import ClientEvent

    with backend.session() as session:
        session.exec(delete(ClientEvent).where(ClientEvent.kind == "verification"))
        session.commit()


def test_verify_leaks_nothing_and_codes_cannot_be_enumerated(backend, world):
    """Issue 25: the verify page shows the certificate and nothing else about its holder; every
    code that is not one gets the same answer; look-ups from one address stop at the limit
    (a found code then too), so codes cannot be enumerated."""
    import secrets as random_codes

    _forget_verifications(backend)

    def get(code: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"{backend.url}/verify/{code}", timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    code = _holders_code(backend, world)
    status, page = get(code)
    assert status == 200 and "Valid: this certificate was issued by" in page
    assert _not_printed(backend, world, NOBODY, page) == []
    assert re.search(r"[\w.+-]+@[\w-]+\.\w", page) is None  # no email address of anyone
    made_up = [random_codes.token_hex(8).upper()[:16] for _ in range(8)]
    made_up += ["A" * 16, code[:-1], code + "A", code.lower()[:-1] + "1", "%27%20OR%201%3D1%20--", "x" * 64]
    answers = {get(c) for c in made_up}
    assert len(answers) == 1 and next(iter(answers))[0] == 404
    looked_up = 1 + len(made_up)
    for _ in range(VERIFICATIONS_PER_ADDRESS - looked_up):
        assert get(random_codes.token_hex(8).upper())[0] == 404
    status, page = get(code)  # the limit holds for a real code too
    assert status == 429 and "Too many verifications from your network." in page
    _forget_verifications(backend)
