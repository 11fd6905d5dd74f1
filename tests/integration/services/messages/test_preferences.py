"""People's control: the choices on /account, the unsubscribe link that works without logging
in (GET shows a button and changes nothing; POST, also RFC 8058's one-click, turns the kind
off), and opening the notification list (marked read, zone kept)."""

from datetime import UTC, datetime

import pytest
from starlette.testclient import TestClient

from champions.models import NotificationSettings
from champions.routes import api
from champions.services.messages.notify import (
    open_notifications,
    preferences_of,
    save_preferences,
    settings_of,
    unread_count,
    unsubscribe_token,
)

OPTIONAL = [
    ("feedback_published", "Feedback published"),
    ("awards_announced", "Awards announced"),
    ("team_changed", "Team membership changes"),
    ("lecture_reminder", "Lecture reminders (24 hours before)"),
    ("reflection_due", "Reflection reminders (48 hours before the window closes)"),
    ("workshop_deadline", "Workshop deadline reminders (72 and 24 hours before)"),
    ("scoring_reminder", "Scoring reminders (48 hours before a round closes)"),
    ("at_risk", "At risk of not completing Phase 1"),
    ("phase2_opened", "Phase 2 opened"),
    ("certificate_available", "Certificate available"),
]


def test_choices_list_the_optional_kinds_and_keep_exactly_the_ticked_ones(session, ana):
    assert [(c.name, c.label, c.on) for c in preferences_of(session=session, user_id=ana.id)] == [
        (name, label, True) for name, label in OPTIONAL
    ]
    chosen = {"lecture_reminder": "on", "team_changed": "on", "decision_accepted": "", "x": "on"}
    saved = save_preferences(session=session, user_id=ana.id, chosen=chosen)
    assert [c.name for c in saved if c.on] == ["team_changed", "lecture_reminder"]
    settings = session.get(NotificationSettings, settings_of(session=session, user_id=ana.id).id)
    assert settings.muted_kinds == (
        "at_risk,awards_announced,certificate_available,feedback_published,phase2_opened,"
        "reflection_due,scoring_reminder,workshop_deadline"
    )
    # A payload that is not a form turns every optional kind off, nothing else.
    assert [c.on for c in save_preferences(session=session, user_id=ana.id, chosen="junk")] == [False] * 10


@pytest.fixture
def client(session):
    return TestClient(api)


def test_an_unsubscribe_link_asks_first_then_stops_that_kind_without_login(session, ana, make_user, client):
    settings = settings_of(session=session, user_id=ana.id)
    session.commit()
    token = unsubscribe_token(settings, "lecture_reminder")
    page = client.get(f"/api/unsubscribe?token={token}")
    assert page.status_code == 200
    assert "Stop: Lecture reminders (24 hours before)." in page.text
    assert f'<form method="post" action="/api/unsubscribe?token={token}">' in page.text
    session.expire_all()
    assert [c.on for c in preferences_of(session=session, user_id=ana.id)] == [
        True
    ] * 10  # GET changed nothing
    done = client.post(f"/api/unsubscribe?token={token}", content="List-Unsubscribe=One-Click")
    assert done.status_code == 200
    assert "You will no longer get these emails: Lecture reminders (24 hours before)." in done.text
    session.expire_all()
    assert [c.name for c in preferences_of(session=session, user_id=ana.id) if not c.on] == [
        "lecture_reminder"
    ]
    # Forged, altered or other people's tokens do nothing.
    bea = make_user(email="bea@example.org", full_name="Bea")
    forged = f"{bea.id}.lecture_reminder.{token.split('.')[2]}"
    for bad in (
        forged,
        token[:-1] + ("1" if token.endswith("0") else "0"),  # (never the token itself)
        f"{ana.id}.decision_rejected.{token.split('.')[2]}",
        "",
        "<script>",
    ):
        answer = client.post(f"/api/unsubscribe?token={bad}")
        assert answer.status_code == 400 and "This link is not valid" in answer.text, bad
        assert "<script>" not in answer.text
    session.expire_all()
    assert [c.on for c in preferences_of(session=session, user_id=bea.id)] == [True] * 10


def test_a_new_key_voids_old_links(session, ana, client):
    settings = settings_of(session=session, user_id=ana.id)
    token = unsubscribe_token(settings, "team_changed")
    settings.unsubscribe_key = "0" * 64
    session.add(settings)
    session.commit()
    assert client.post(f"/api/unsubscribe?token={token}").status_code == 400


def test_opening_the_list_marks_it_read_and_keeps_the_zone(session, cohort, register, secretariat):
    from champions.models import ApplicationStatus
    from champions.services.registration.applications import decide_applications

    user, application = register()
    decide_applications(
        session=session,
        actor=secretariat,
        cohort_id=cohort.id,
        application_ids=[application.id],
        decision=ApplicationStatus.ACCEPTED,
        now=datetime(2022, 2, 20, 3, 0, tzinfo=UTC),
    )
    session.commit()
    assert unread_count(session=session, user_id=user.id) == 1
    [line] = open_notifications(session=session, user_id=user.id, zone="Africa/Nairobi")
    assert (line.subject, line.sent, line.unread) == (
        "You are accepted to Smart City Champions 2022",
        "Sun 20 Feb 2022, 06:00 EAT",
        True,
    )
    assert unread_count(session=session, user_id=user.id) == 0
    assert settings_of(session=session, user_id=user.id).time_zone == "Africa/Nairobi"
    # A zone that is not one is not kept: Seoul.
    [line] = open_notifications(session=session, user_id=user.id, zone="../../etc/passwd")
    assert (line.sent, line.unread) == ("Sun 20 Feb 2022, 12:00 KST", False)
    assert settings_of(session=session, user_id=user.id).time_zone == "Asia/Seoul"
