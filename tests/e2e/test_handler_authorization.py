"""Any browser can call any event handler with any payload: the secretariat's handlers,
called directly over the real websocket protocol, give a participant (or nobody) nothing."""

import pytest

from champions.state.applications_admin import ApplicationsAdminState
from champions.state.mentors_admin import MentorsAdminState
from tests.e2e.helpers import (
    add_applicant,
    application_status,
    audited_statuses,
    count_invitations,
    run_async,
    session_token_for,
)
from tests.support.reflex_client import ReflexClient

pytestmark = pytest.mark.e2e

PRIVATE = ["applicant01@champions.example", "cassandra.private@example.org", "2001-06-15"]


async def _attack(url: str, token: str, application_id: int, name: str) -> ReflexClient:
    client = ReflexClient(url, "/secretariat/applications", session_token=token)
    await client.connect()
    for handler, payload in [
        ("load", {}),
        ("set_filter", {"key": "status", "value": "submitted"}),
        ("set_filter", {"key": "search", "value": name}),
        ("open_detail", {"application_id": str(application_id)}),
        ("select_all", {"checked": True}),
        ("decide_selected", {"decision": "waitlisted"}),
        ("decide_one", {"application_id": str(application_id), "decision": "accepted"}),
        ("export_csv", {}),
    ]:
        await client.emit(ApplicationsAdminState, handler, payload, settle=0.4)
    await client.emit(
        MentorsAdminState,
        "invite",
        {"form_data": {"full_name": "Intruder", "email": "intruder@example.org", "role": "secretariat"}},
        settle=0.8,
    )
    await client.close()
    return client


@pytest.mark.parametrize("who", ["participant", "nobody"])
def test_secretariat_handlers_refuse_non_secretariat_callers(server, who):
    application_id = add_applicant(server, f"cassandra.private.{who}@example.org", "Cassandra Private")
    token = session_token_for(server, "participant@champions.example") if who == "participant" else ""
    client = run_async(_attack(server.url, token, application_id, "Cassandra Private"))
    received = client.received_text()
    assert application_status(server, application_id) == "submitted"
    assert count_invitations(server, "intruder@example.org") == 0
    for secret in PRIVATE:
        assert secret not in received
    assert not any(event.get("name") == "_download" for event in client.events)


def test_the_same_calls_work_for_the_secretariat(server):
    """The control: the attack above really reaches the handlers (so the test can fail)."""
    application_id = add_applicant(server, "control.case@example.org", "Control Case")
    token = session_token_for(server, "secretariat@champions.example")
    client = run_async(_attack(server.url, token, application_id, "Control Case"))
    assert application_status(server, application_id) == "accepted"
    assert audited_statuses(server, application_id) == [
        ("submitted", "waitlisted"),
        ("waitlisted", "accepted"),
    ]
    assert count_invitations(server, "intruder@example.org") == 1
    assert "control.case@example.org" in client.received_text()
    assert any(event.get("name") == "_download" for event in client.events)
