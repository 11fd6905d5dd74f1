"""The app as the generated security tests see it, by introspection: every state class and
its event handlers, every page route, the page each state belongs to and each page's on_load
handlers. A handler or page added later appears here without editing anything."""

from reflex.state import State

import champions.champions as application

APP = application.app


def states(root=State):
    """Every state class of the app (Reflex's own included), parents first."""
    yield root
    for sub in sorted(root.get_substates(), key=lambda s: s.__name__):
        yield from states(sub)


def handlers() -> dict[str, tuple[type, str]]:
    """ "StateClass.handler" for every event handler the app's states register."""
    return {f"{state.__name__}.{name}": (state, name) for state in states() for name in state.event_handlers}


def pages() -> list[str]:
    return sorted(APP._unevaluated_pages)


def path_of(route: str) -> str:
    return "/" if route == "index" else "/" + route.strip("/")


def _load_handlers(route: str) -> list:
    events = APP._load_events.get(route, [])
    return [
        getattr(event, "handler", event)
        for event in (events if isinstance(events, (list, tuple)) else [events])
    ]


def page_of(state) -> str:
    """The path of the page whose on_load calls this state (where a real browser would be)."""
    for route in APP._load_events:
        if any(getattr(h, "state_full_name", None) == state.get_full_name() for h in _load_handlers(route)):
            return path_of(route)
    return "/"


def on_load(route: str) -> list[tuple[type, str]]:
    """(state class, handler name) of each on_load handler of a page, in order."""
    by_name = {state.get_full_name(): state for state in states()}
    return [(by_name[h.state_full_name], h.fn.__name__) for h in _load_handlers(route)]
