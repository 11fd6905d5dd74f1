"""Who is calling: resolved from the session cookie against the database in every
private handler (never trusted from client state)."""

import asyncio
import contextvars
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from champions.infra.db import session_scope
from champions.models import Role
from champions.services.accounts.accounts import session_user

T = TypeVar("T")

SESSION_COOKIE = "champions_session"
# States that hold nothing of the account and stay as the browser had them after a logout.
KEPT_AT_LOGOUT = frozenset({"LanguageState"})


@dataclass(frozen=True)
class Caller:
    """A detached snapshot of the logged-in user for one handler call."""

    id: int
    email: str
    full_name: str
    role: Role
    language: str = ""  # the account's chosen language ("" when none)

    def is_(self, *roles: Role) -> bool:
        return self.role in roles


def _resolve(token: str) -> Caller | None:
    with session_scope() as session:
        user = session_user(session=session, token=token)
        if user is None:
            return None
        return Caller(
            id=user.id, email=user.email, full_name=user.full_name, role=user.role, language=user.language
        )


# Password hashing gets its own pool, one thread per core: a registration surge then
# queues hashes here instead of filling the default pool that page events' queries use.
_cpu_pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="argon2")


async def off_loop(func: Callable[..., T], *args, **kwargs) -> T:
    """Run blocking I/O work (database queries, exports) in a thread, off the event loop."""
    return await asyncio.to_thread(func, *args, **kwargs)


async def off_loop_cpu(func: Callable[..., T], *args) -> T:
    """Run CPU-heavy work (argon2 hashing and verifying) in the per-core pool."""
    # In a copy of this context, as asyncio.to_thread does (the event's commit recording).
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(_cpu_pool, context.run, func, *args)


# A form whose hidden fields (the lecture, team or reflection it is about) are missing or
# malformed was not sent by this app's current page.
STALE_FORM = "This form is out of date. Reload the page and try again."


def form_values(form_data, *keys: str) -> list[str]:
    """The named fields of a submitted form as text; anything else a client sends (wrong
    types, a missing field, a non-dict payload) becomes "" so the services' checks answer it."""
    data = form_data if isinstance(form_data, dict) else {}
    return [data[key] if isinstance(data.get(key), str) else "" for key in keys]


def _in_session(service: Callable[..., T], kwargs: dict) -> T:
    with session_scope() as session:
        return service(session=session, **kwargs)


async def call_service(service: Callable[..., T], **kwargs) -> T:
    """`service(session=…, **kwargs)` in a new database session, off the event loop: what it
    changed is committed when it returns and rolled back when it raises."""
    return await off_loop(_in_session, service, kwargs)


async def call_service_cpu(service: Callable[..., T], **kwargs) -> T:
    """`call_service` in the per-core pool, for services that hash or verify passwords."""
    return await off_loop_cpu(_in_session, service, kwargs)


async def caller_from_token(token: str) -> Caller | None:
    if not token:
        return None
    return await off_loop(_resolve, token)


def _app_states() -> list[type]:
    """Every state class of the app (champions.state), found by walking rx.State's subclasses."""
    import reflex as rx

    found, todo = [], list(rx.State.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("champions.state."):
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


async def forget_the_tab(state) -> None:
    """Reset every state of the app in this tab to its defaults (the session cookie included),
    so that nothing loaded while logged in (applications with emails and birth dates, check-in
    codes, a review) is sent again by a reload to whoever uses the tab next. Each state is
    fetched first: with Redis only the states an event touched are loaded, and `reset()` on
    the root would miss the others."""
    for cls in _app_states():
        if cls.__name__ not in KEPT_AT_LOGOUT:
            (await state.get_state(cls)).reset()
