"""The benchmarks' simulated browsers hydrate as a browser of the current build does
(`browser_tab`): they name the defaults compiled into the frontend, and the server answers with
only the values that differ. Were the hashes they read stale or misread, the server would send
every state in full, and `make bench` would measure work that no browser causes."""

import os

import pytest

from champions.state.applications_admin import ApplicationsAdminState
from champions.state.auth import AuthState
from tests.e2e.helpers import run_async
from tests.support.reflex_client import ReflexClient, browser_tab

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("CHAMPIONS_TEST_DB_URL", "").startswith("postgresql"),
        reason="the hydration protocol does not depend on the database: the SQLite pass checks it",
    ),
]


async def _first_hydration(client: ReflexClient) -> dict:
    await client.connect(quiet=None)
    await client.close()
    return client.deltas[0]


def test_a_simulated_browser_gets_only_what_differs_from_its_build(server):
    full = run_async(_first_hydration(ReflexClient(server.url, "/register")))
    browser = run_async(_first_hydration(browser_tab(server.url, "/register")))
    admin, auth = ApplicationsAdminState.get_full_name(), AuthState.get_full_name()
    # Without the hashes: every state, defaults included.
    assert admin in full and auth in full
    # With them: a state still at its built defaults is not sent at all, and the snapshot is
    # a fraction of the full one.
    assert admin not in browser
    assert auth not in browser
    assert len(str(browser)) * 4 < len(str(full))
