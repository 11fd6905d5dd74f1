"""A minimal client for Reflex's Socket.IO event protocol, used to call event handlers
directly (as any browser could, with any payload) in security tests and benchmarks.

Event names are computed from the state classes, never hard-coded."""

import asyncio
import json
import re
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import socketio

# Imported here, not in the methods: importing a state registers it, which Reflex allows only
# where its registration context is set (not in run_async's worker threads).
from champions.state.auth import AuthState
from champions.state.registration import RegistrationState

NAMESPACE = "/_event"
BUILT_CONTEXT = Path(__file__).resolve().parents[2] / ".web" / "utils" / "context.jsx"


@lru_cache(maxsize=4)
def built_state_hashes(context: Path = BUILT_CONTEXT) -> list[str]:
    """The hashes of the default state compiled into the app's frontend build (Reflex writes
    them as `initialStateHashes` in .web/utils/context.jsx). A browser sends them with its
    first hydration, and the server then answers only the values that differ from the
    defaults the page already holds; without them it sends every state in full."""
    found = re.search(r"^export const initialStateHashes = (\[.*\])$", context.read_text(), re.MULTILINE)
    if found is None:
        raise ValueError(f"no initialStateHashes in {context}")
    return json.loads(found.group(1))


def browser_tab(base_url: str, path: str = "/", session_token: str = "") -> "ReflexClient":
    """A simulated tab that hydrates as a browser of the app's current build does."""
    return ReflexClient(base_url, path, session_token=session_token, state_hashes=built_state_hashes())


def handler_name(state_cls, handler: str) -> str:
    """The wire name of `state_cls.handler`, e.g. 'reflex___state____state.champions___…'."""
    return f"{state_cls.get_full_name()}.{handler}"


def var_name(state_cls, var: str) -> str:
    return f"{state_cls.get_full_name()}.{var}_rx_state_"


class ReflexClient:
    """One simulated browser tab: connects, hydrates (optionally with a session cookie), sends
    events and collects every delta the server sends back. With `state_hashes` (from
    `built_state_hashes()`), its first hydration is a browser's: it names the defaults it holds."""

    def __init__(
        self,
        base_url: str,
        path: str = "/",
        session_token: str = "",
        headers: dict | None = None,
        state_hashes: list[str] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.headers = headers or {}
        self.path = path
        self.session_token = session_token
        self.state_hashes = state_hashes
        self.token = str(uuid.uuid4())
        self._marks = 100  # see call()
        self.deltas: list[dict] = []
        self.events: list[dict] = []
        self._updates = asyncio.Queue()
        self.sio = self._socket()

    def _socket(self) -> socketio.AsyncClient:
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("event", self._on_event, namespace=NAMESPACE)
        return sio

    async def _on_event(self, data: dict) -> None:
        if "delta" in data:
            self.deltas.append(data["delta"])
        self.events.extend(data.get("events", []))
        await self._updates.put(data)

    def _router(self) -> dict:
        return {"pathname": self.path, "asPath": self.path}

    async def connect(self, quiet: float | None = 0.5) -> None:
        """Connect and hydrate; then wait `quiet` seconds of silence, or (None) exactly until
        the hydration has been answered."""
        from reflex.state import State

        payload: dict[str, Any] = {}
        if self.session_token:
            payload["vars"] = {var_name(AuthState, "session_token"): self.session_token}
        if self.state_hashes:
            payload["hashes"] = self.state_hashes
        boot = {
            "name": f"{State.get_full_name()}.hydrate_and_load",
            "payload": payload,
            "router_data": self._router(),
        }
        # A browser's Socket.IO client retries a connection the server did not take in time (a
        # loaded machine); so does this one, with a fresh socket, up to three times.
        for attempt in range(3):
            try:
                await self.sio.connect(
                    f"{self.base_url}?token={self.token}",
                    socketio_path="/_event",
                    transports=["websocket"],
                    namespaces=[NAMESPACE],
                    auth={"event": boot},
                    headers={"Origin": self.base_url, **self.headers},
                    wait_timeout=30,
                )
                break
            except socketio.exceptions.ConnectionError:
                if attempt == 2:
                    raise
                await self.sio.disconnect()
                self.sio = self._socket()
                await asyncio.sleep(1 + attempt)
        if quiet is None:
            await self.call(None, "")
        else:
            await self.settle(quiet)

    async def emit(self, state_cls, handler: str, payload: dict | None = None, settle: float = 0.5) -> None:
        await self.sio.emit(
            "event",
            {
                "name": handler_name(state_cls, handler),
                "payload": payload or {},
                "router_data": self._router(),
            },
            namespace=NAMESPACE,
        )
        await self.settle(settle)

    async def request(
        self, state_cls, handler: str, payload: dict | None = None, until=None, timeout: float = 60.0
    ) -> float:
        """Send an event and wait until `until(update)` holds for an update from the server
        (default: the first update). Returns the seconds it took."""
        loop = asyncio.get_running_loop()
        while not self._updates.empty():
            self._updates.get_nowait()
        start = loop.time()
        await self.sio.emit(
            "event",
            {
                "name": handler_name(state_cls, handler),
                "payload": payload or {},
                "router_data": self._router(),
            },
            namespace=NAMESPACE,
        )
        end = start + timeout
        while True:
            update = await asyncio.wait_for(self._updates.get(), max(0.01, end - loop.time()))
            if until is None or until(update):
                return loop.time() - start

    async def settle(self, quiet: float = 0.5, limit: float = 15.0) -> None:
        """Wait until the server has been quiet for `quiet` seconds."""
        loop = asyncio.get_running_loop()
        end = loop.time() + limit
        while loop.time() < end:
            try:
                await asyncio.wait_for(self._updates.get(), quiet)
            except TimeoutError:
                return

    async def call(
        self, state_cls, handler: str, payload: dict | None = None, timeout: float = 30.0
    ) -> list[dict]:
        """Send one event and return the deltas it caused, once it has finished.

        Reflex processes a client's events one after another, so a marker event sent right
        behind it (the registration form's word counter, set to a number no other handler
        produces) arrives back only after the event and everything it yielded."""
        self._marks += 1
        mark, first = self._marks, len(self.deltas)
        marker_key = RegistrationState.get_full_name()
        loop = asyncio.get_running_loop()
        while not self._updates.empty():
            self._updates.get_nowait()
        events = [(handler_name(state_cls, handler), payload or {})] if state_cls is not None else []
        for name, data in events + [
            (handler_name(RegistrationState, "count_motivation"), {"text": "w " * mark})
        ]:
            await self.sio.emit(
                "event", {"name": name, "payload": data, "router_data": self._router()}, namespace=NAMESPACE
            )
        end = loop.time() + timeout
        while True:
            update = await asyncio.wait_for(self._updates.get(), max(0.01, end - loop.time()))
            words = update.get("delta", {}).get(marker_key, {}).get("motivation_words_rx_state_")
            if words == mark:
                break
        caused = self.deltas[first:-1]
        last = {key: value for key, value in self.deltas[-1].items() if key != marker_key}
        return caused + ([last] if last else [])

    def received_text(self) -> str:
        import json

        return json.dumps({"deltas": self.deltas, "events": self.events}, ensure_ascii=False)

    async def close(self) -> None:
        await self.sio.disconnect()
