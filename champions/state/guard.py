"""The one role guard of event handlers and page loads.

Any connected browser can call any public handler with any payload, so every handler that
reads or changes private data starts by resolving its caller from the session cookie against
the database (never from client state) and refusing the wrong role. `for_role` does that in
one place:

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def decide_one(self, caller: Caller, application_id: str, decision: str):
        ...

The handler's body runs only for a logged-in caller in one of the roles (any role when none
are named) and receives that caller after `self`; anyone else is sent to the login page and
nothing else happens. When the database fails after the handler committed a change (while
it reads the page's new contents), the error says the change was saved (champions/errors.py).
Reflex sees the handler's own parameters without `caller`, so the
events a page wires to it are unchanged.
"""

import functools
import inspect

import reflex as rx

from champions.errors import SavedButNotShown, is_database_outage
from champions.infra.db import watch_commits
from champions.models import Role
from champions.state.identity import Caller, forget_the_tab

LOGIN_PAGE = "/login"


def refuse() -> rx.event.EventSpec:
    """What a refused caller gets: the login page (the same for nobody and the wrong role, so
    the answer tells nothing about the account)."""
    return rx.redirect(LOGIN_PAGE)


async def caller_in_role(state: rx.State, *roles: Role) -> Caller | None:
    """The caller of a handler on any state, or None when nobody is logged in or (when roles
    are given) the caller has none of them."""
    from champions.state.auth import AuthState  # AuthState's own handlers use this module

    auth = await state.get_state(AuthState)
    caller = await auth._caller()
    if caller is None and auth.session_token:
        # The session ended elsewhere (logged out everywhere, expired, revoked): what this tab
        # loaded while it was valid is forgotten too, as at a logout.
        await forget_the_tab(state)
    if caller is None or (roles and caller.role not in roles):
        return None
    return caller


def _raise_saved_if_committed(error: Exception, commits: list) -> None:
    if commits and is_database_outage(error):
        raise SavedButNotShown(str(error)) from error


def for_role(*roles: Role):
    """Decorator of an event handler (async function or async generator): see the module."""

    def decorate(handler):
        signature = inspect.signature(handler)
        self_param, _caller_param, *params = signature.parameters.values()
        public_signature = signature.replace(parameters=[self_param, *params])

        if inspect.isasyncgenfunction(handler):

            @functools.wraps(handler)
            async def guarded(self, *args, **kwargs):
                caller = await caller_in_role(self, *roles)
                if caller is None:
                    yield refuse()
                    return
                commits = watch_commits()  # after the caller: resolving it may touch the session
                try:
                    async for event in handler(self, caller, *args, **kwargs):
                        yield event
                except Exception as error:
                    _raise_saved_if_committed(error, commits)
                    raise

        else:

            @functools.wraps(handler)
            async def guarded(self, *args, **kwargs):
                caller = await caller_in_role(self, *roles)
                if caller is None:
                    return refuse()
                commits = watch_commits()  # after the caller: resolving it may touch the session
                try:
                    return await handler(self, caller, *args, **kwargs)
                except Exception as error:
                    _raise_saved_if_committed(error, commits)
                    raise

        guarded.__signature__ = public_signature
        guarded.__annotations__ = {
            k: v for k, v in handler.__annotations__.items() if k != _caller_param.name
        }
        return guarded

    return decorate
