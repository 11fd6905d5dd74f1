"""A reload never resends what a tab held for a session that has ended elsewhere.

Reflex answers every (re)connection of a tab with `hydrate_and_load`, which sends the whole
state the server keeps for that tab before any of the app's handlers runs. The role guard
forgets a tab when one of its handlers finds the session ended (champions/state/guard.py),
and logout forgets it at once; but a session can also end without this tab calling anything:
it expires, "log out everywhere" is pressed on another device, the secretariat deactivates
the account. A plain reload of that tab would then hydrate the applications, check-in codes
or review it had loaded, for whoever uses the browser next.

So the app's hydration first checks the session the tab's state belongs to: if it no longer
resolves to a caller, every state of the tab is reset (as at a logout) before Reflex takes
its snapshot. One session look-up per page load of a logged-in tab; anonymous tabs cost
nothing. Reflex has no hook before the snapshot, so the check wraps Reflex's own handler.
"""

import functools

from reflex.state import State

from champions.state.auth import AuthState
from champions.state.identity import caller_from_token, forget_the_tab

_HYDRATE_AND_LOAD = "hydrate_and_load"


async def forget_a_tab_whose_session_ended(state) -> bool:
    """Reset every app state of the tab when the session it was loaded under has ended.
    True when it did. Reads the database (the session) only for a tab that holds one."""
    auth = await state.get_state(AuthState)
    held = auth.session_token
    if not held or await caller_from_token(held) is not None:
        return False
    await forget_the_tab(state)
    return True


def check_sessions_on_hydration() -> None:
    """Wrap Reflex's `State.hydrate_and_load` so that it first forgets a tab whose session
    ended. Idempotent. The wrapper keeps the handler's name and signature (the event name the
    frontend sends and the payload Reflex binds are unchanged)."""
    handler = State.event_handlers[_HYDRATE_AND_LOAD]
    original = handler.fn
    if getattr(original, "champions_checks_sessions", False):
        return

    @functools.wraps(original)
    async def hydrate_and_load(self, vars=None, hashes=None):
        await forget_a_tab_whose_session_ended(self)
        return await original(self, vars, hashes)

    hydrate_and_load.champions_checks_sessions = True
    # EventHandler is a frozen dataclass shared by every registration of the event.
    object.__setattr__(handler, "fn", hydrate_and_load)
