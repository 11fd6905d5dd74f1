"""Accounts, login sessions and login throttling against a migrated database.
Time is controlled with the services' `now=` parameters (no sleeping)."""

import hashlib
from datetime import timedelta, timezone

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, LoginAttempt, LoginSession, Role, User
from champions.services.accounts.accounts import (
    DUPLICATE_EMAIL,
    LOCKOUT_FAILURES,
    LOCKOUT_WINDOW,
    LOGIN_FAILED,
    SESSION_ABSOLUTE,
    SESSION_IDLE,
    LoginResult,
    authenticate,
    change_password,
    change_role,
    create_user,
    end_all_sessions,
    end_session,
    find_user_by_email,
    locked_message,
    lockout_remaining,
    session_user,
    start_session,
)

from ...conftest import OTHER_PASSWORD, PASSWORD, T0, scopes

SECOND = timedelta(seconds=1)
LOCKED_15 = "Too many failed logins for this account. Try again in 15 minutes."


# --- users ------------------------------------------------------------------------------


def test_create_user_stores_normalized_email(session, make_user):
    user = make_user(email="  Ana@X.org ")
    assert user.id is not None
    assert user.email == "ana@x.org"
    assert user.role == Role.PARTICIPANT
    assert find_user_by_email(session=session, email="ANA@x.ORG").id == user.id


def test_duplicate_email_is_case_insensitive(session, make_user, password_hash):
    make_user(email="Ana@X.org")
    with pytest.raises(RuleViolation) as error:
        create_user(
            session=session,
            email="ana@x.org ",
            full_name="Ana Again",
            role=Role.PARTICIPANT,
            password_hash=password_hash,
        )
    assert [(r.code, r.field) for r in error.value.reasons] == [("duplicate", "email")]
    assert error.value.by_field()["email"] == DUPLICATE_EMAIL
    session.rollback()
    assert session.exec(text('SELECT COUNT(*) FROM "user"')).scalar_one() == 1


def test_create_user_refuses_bad_email_and_empty_name(session, password_hash):
    with pytest.raises(RuleViolation) as error:
        create_user(
            session=session,
            email="not an email",
            full_name="  ",
            role=Role.MENTOR,
            password_hash=password_hash,
        )
    assert {r.field for r in error.value.reasons} == {"email", "full_name"}


# --- sessions ---------------------------------------------------------------------------


def test_session_round_trip(session, engine, make_user):
    user = make_user()
    token = start_session(session=session, user=user, now=T0)
    session.commit()
    assert session_user(session=session, token=token, now=T0 + SECOND).id == user.id
    # A later request, with its own database session, reads the stored session back.
    with Session(engine) as request:
        assert session_user(session=request, token=token, now=T0 + timedelta(hours=1)).id == user.id
        request.commit()
    with Session(engine) as request:
        stored = request.exec(select(LoginSession)).one()
        assert stored.last_seen_at == T0 + timedelta(hours=1)
        assert stored.expires_at == T0 + SESSION_ABSOLUTE
        assert session_user(session=request, token=token, now=T0 + timedelta(hours=1) + SESSION_IDLE) is None


@pytest.mark.parametrize("token", ["", "unknown-token", "x" * 200])
def test_unknown_or_malformed_token_gives_no_user(session, make_user, token):
    start_session(session=session, user=make_user(), now=T0)
    session.commit()
    assert session_user(session=session, token=token, now=T0) is None


def test_token_is_stored_only_as_its_hash(session, engine, make_user):
    token = start_session(session=session, user=make_user(), now=T0)
    session.commit()
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM login_session")).all()
    assert len(rows) == 1
    assert all(token not in str(value) for value in rows[0])
    assert rows[0]._mapping["token_hash"] == hashlib.sha256(token.encode()).hexdigest()


def test_idle_expiry(session, make_user):
    user = make_user()
    idle_token = start_session(session=session, user=user, now=T0)
    fresh_token = start_session(session=session, user=user, now=T0)
    session.commit()
    assert session_user(session=session, token=idle_token, now=T0 + SESSION_IDLE) is None
    assert session_user(session=session, token=fresh_token, now=T0 + SESSION_IDLE - SECOND).id == user.id


def test_use_refreshes_the_idle_clock(session, make_user):
    user = make_user()
    token = start_session(session=session, user=user, now=T0)
    session.commit()
    seen = T0 + SESSION_IDLE - timedelta(hours=1)
    assert session_user(session=session, token=token, now=seen).id == user.id
    session.commit()
    # Counted from the last use, not from the login.
    assert (
        session_user(session=session, token=token, now=T0 + SESSION_IDLE + timedelta(hours=1)).id == user.id
    )
    session.commit()
    last = session.exec(select(LoginSession)).one().last_seen_at
    assert last == T0 + SESSION_IDLE + timedelta(hours=1)


def test_absolute_expiry_even_when_used_recently(session, make_user):
    user = make_user()
    token = start_session(session=session, user=user, now=T0)
    session.commit()
    step = SESSION_IDLE - timedelta(hours=1)
    when = T0 + step
    while when < T0 + SESSION_ABSOLUTE:
        assert session_user(session=session, token=token, now=when) is not None, when
        session.commit()
        when += step
    recent = T0 + SESSION_ABSOLUTE - timedelta(minutes=5)
    assert session_user(session=session, token=token, now=recent).id == user.id
    session.commit()
    assert session_user(session=session, token=token, now=T0 + SESSION_ABSOLUTE) is None


def test_end_session_revokes_only_that_token(session, make_user):
    user = make_user()
    first = start_session(session=session, user=user, now=T0)
    second = start_session(session=session, user=user, now=T0)
    session.commit()
    end_session(session=session, token=first, now=T0 + SECOND)
    session.commit()
    assert session_user(session=session, token=first, now=T0 + 2 * SECOND) is None
    assert session_user(session=session, token=second, now=T0 + 2 * SECOND).id == user.id
    revoked = session.exec(select(LoginSession).where(LoginSession.revoked_at.is_not(None))).all()
    assert len(revoked) == 1


def test_end_all_sessions_revokes_every_session_of_the_user_only(session, make_user):
    ana = make_user(email="ana@example.org")
    bo = make_user(email="bo@example.org", full_name="Bo Kim")
    ana_tokens = [start_session(session=session, user=ana, now=T0) for _ in range(3)]
    bo_token = start_session(session=session, user=bo, now=T0)
    session.commit()
    end_all_sessions(session=session, user_id=ana.id, now=T0 + SECOND)
    session.commit()
    for token in ana_tokens:
        assert session_user(session=session, token=token, now=T0 + 2 * SECOND) is None
    assert session_user(session=session, token=bo_token, now=T0 + 2 * SECOND).id == bo.id


def test_change_password_revokes_every_session_and_changes_the_password(
    session, make_user, other_password_hash
):
    ana = make_user(email="ana@example.org")
    bo = make_user(email="bo@example.org", full_name="Bo Kim")
    ana_tokens = [start_session(session=session, user=ana, now=T0) for _ in range(2)]
    bo_token = start_session(session=session, user=bo, now=T0)
    session.commit()
    change_password(session=session, user=ana, new_hash=other_password_hash, now=T0 + SECOND)
    session.commit()
    later = T0 + 2 * SECOND
    assert all(session_user(session=session, token=t, now=later) is None for t in ana_tokens)
    assert session_user(session=session, token=bo_token, now=later).id == bo.id
    stored = session.exec(
        text('SELECT password_hash, password_changed_at FROM "user" WHERE id = :id'), params={"id": ana.id}
    ).one()
    assert stored.password_hash == other_password_hash
    assert ana.password_changed_at == T0 + SECOND
    assert (
        authenticate(
            session_factory=scopes(session), email=ana.email, password=OTHER_PASSWORD, now=later
        ).user.id
        == ana.id
    )


def test_role_change_ends_every_session_and_is_audited(session, make_user):
    ana = make_user(email="ana@example.org")
    bo = make_user(email="bo@example.org", full_name="Bo Kim")
    ana_tokens = [start_session(session=session, user=ana, now=T0) for _ in range(2)]
    bo_token = start_session(session=session, user=bo, now=T0)
    session.commit()
    change_role(session=session, email="ANA@example.org ", role=Role.MENTOR, now=T0 + SECOND)
    session.commit()
    later = T0 + 2 * SECOND
    assert all(session_user(session=session, token=t, now=later) is None for t in ana_tokens)
    assert session_user(session=session, token=bo_token, now=later).id == bo.id
    assert session.get(User, ana.id).role == Role.MENTOR
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "role_changed")).one()
    assert (entry.entity_id, entry.before, entry.after) == (
        str(ana.id),
        '{"role": "participant"}',
        '{"role": "mentor"}',
    )


def test_role_change_refusals_change_nothing(session, make_user):
    only = make_user(email="s@example.org", role=Role.SECRETARIAT)
    token = start_session(session=session, user=only, now=T0)
    session.commit()
    with pytest.raises(RuleViolation) as error:
        change_role(session=session, email="s@example.org", role=Role.MENTOR, now=T0)
    assert error.value.by_field() == {"role": "This is the last secretariat account; it keeps its role."}
    with pytest.raises(RuleViolation) as error:
        change_role(session=session, email="nobody@example.org", role=Role.MENTOR, now=T0)
    assert error.value.by_field() == {"email": "There is no account with this email."}
    change_role(
        session=session, email="s@example.org", role=Role.SECRETARIAT, now=T0
    )  # already: nothing happens
    session.commit()
    assert session_user(session=session, token=token, now=T0 + SECOND).role == Role.SECRETARIAT
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "role_changed")).all() == []


def test_inactive_user_has_no_session(session, make_user):
    user = make_user()
    token = start_session(session=session, user=user, now=T0)
    user.is_active = False
    session.add(user)
    session.commit()
    assert session_user(session=session, token=token, now=T0 + SECOND) is None


# --- login ------------------------------------------------------------------------------
# argon2 verification is slow (every authenticate() call verifies once, even when locked),
# so failed attempts are mostly recorded directly, as authenticate() records them.


def _record_failures(session, email, when, times=1):
    for _ in range(times):
        session.add(LoginAttempt(email=email, client="test", succeeded=False, at=when))
    session.commit()


def _login(session, email, when, password=PASSWORD):
    result = authenticate(session_factory=scopes(session), email=email, password=password, now=when)
    session.commit()
    return result


def test_authenticate_right_password(session, make_user):
    user = make_user(email="ana@example.org")
    result = authenticate(
        session_factory=scopes(session),
        email=" ANA@example.org",
        password=PASSWORD,
        client="203.0.113.9",
        now=T0,
    )
    session.commit()
    assert result.user.id == user.id
    assert result.message == ""
    attempt = session.exec(select(LoginAttempt)).one()
    assert (attempt.email, attempt.client, attempt.succeeded, attempt.at) == (
        "ana@example.org",
        "203.0.113.9",
        True,
        T0,
    )


def test_authenticate_wrong_password_and_unknown_email_look_the_same(session, make_user):
    make_user(email="ana@example.org")
    wrong = _login(session, "Ana@Example.org ", T0, password="not the password")
    unknown = _login(session, "nobody@example.org", T0, password=PASSWORD)
    assert wrong.user is None and unknown.user is None
    assert wrong.message == unknown.message == LOGIN_FAILED == "Wrong email or password."
    attempts = session.exec(select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(a.email, a.succeeded, a.at) for a in attempts] == [
        ("ana@example.org", False, T0),
        ("nobody@example.org", False, T0),
    ]


def test_inactive_user_cannot_log_in(session, make_user):
    user = make_user()
    user.is_active = False
    session.add(user)
    session.commit()
    assert _login(session, user.email, T0) == LoginResult(None, LOGIN_FAILED)


def test_locked_message_text():
    assert locked_message(LOCKOUT_WINDOW) == LOCKED_15
    assert locked_message(timedelta(seconds=61)) == (
        "Too many failed logins for this account. Try again in 2 minutes."
    )
    assert locked_message(timedelta(seconds=30)) == (
        "Too many failed logins for this account. Try again in 1 minute."
    )


def test_lockout_after_five_failures_refuses_even_the_right_password(session, make_user):
    assert (5, timedelta(minutes=15)) == (LOCKOUT_FAILURES, LOCKOUT_WINDOW)
    user = make_user(email="ana@example.org")
    _record_failures(session, "ana@example.org", T0, times=5)
    result = _login(session, "ana@example.org", T0)
    assert result.user is None
    assert result.message == LOCKED_15
    # The refused attempt is not recorded (it does not extend the lock).
    assert len(session.exec(select(LoginAttempt)).all()) == 5
    # Still locked a second before the window ends; free once it has passed.
    assert (
        lockout_remaining(session=session, email="ana@example.org", now=T0 + LOCKOUT_WINDOW - SECOND)
        == SECOND
    )
    result = _login(session, "ana@example.org", T0 + LOCKOUT_WINDOW)
    assert result.user.id == user.id


def test_lockout_is_per_normalized_email(session, make_user):
    make_user(email="ana@example.org")
    _record_failures(session, "ana@example.org", T0, times=5)
    for spelling in ("ANA@example.org", " ana@EXAMPLE.org ", "Ana@Example.Org"):
        assert lockout_remaining(session=session, email=spelling, now=T0 + SECOND) == (
            LOCKOUT_WINDOW - SECOND
        )


def test_lock_message_tells_when_the_lock_really_ends(session, make_user):
    """Failures spread over four minutes: the wait in the message is the real unlock time."""
    user = make_user(email="ana@example.org")
    for minute in range(5):
        _record_failures(session, "ana@example.org", T0 + timedelta(minutes=minute))
    now = T0 + timedelta(minutes=4, seconds=1)
    remaining = lockout_remaining(session=session, email="ana@example.org", now=now)
    assert remaining is not None
    unlock = now + remaining
    assert lockout_remaining(session=session, email="ana@example.org", now=unlock - SECOND)
    assert lockout_remaining(session=session, email="ana@example.org", now=unlock) is None
    locked = _login(session, "ana@example.org", now)
    assert locked.message == locked_message(remaining)
    assert _login(session, "ana@example.org", unlock).user.id == user.id


def test_failures_older_than_the_window_do_not_count(session, make_user):
    user = make_user(email="ana@example.org")
    _record_failures(session, "ana@example.org", T0, times=4)
    _record_failures(session, "ana@example.org", T0 + LOCKOUT_WINDOW + SECOND, times=1)
    later = T0 + LOCKOUT_WINDOW + 2 * SECOND
    assert lockout_remaining(session=session, email="ana@example.org", now=later) is None
    assert _login(session, "ana@example.org", later).user.id == user.id


def test_four_failures_do_not_lock(session, make_user):
    user = make_user(email="ana@example.org")
    _record_failures(session, "ana@example.org", T0, times=4)
    assert lockout_remaining(session=session, email="ana@example.org", now=T0 + SECOND) is None
    assert _login(session, "ana@example.org", T0 + SECOND).user.id == user.id


def test_a_successful_login_resets_the_failure_count(session, make_user):
    user = make_user(email="ana@example.org")
    _record_failures(session, "ana@example.org", T0, times=4)
    assert _login(session, "ana@example.org", T0 + SECOND).user.id == user.id
    _record_failures(session, "ana@example.org", T0 + 2 * SECOND, times=4)
    assert lockout_remaining(session=session, email="ana@example.org", now=T0 + 3 * SECOND) is None
    _record_failures(session, "ana@example.org", T0 + 3 * SECOND, times=1)
    assert lockout_remaining(session=session, email="ana@example.org", now=T0 + 4 * SECOND)


def test_lockout_of_one_account_does_not_affect_another(session, make_user):
    make_user(email="ana@example.org")
    bo = make_user(email="bo@example.org", full_name="Bo Kim")
    _record_failures(session, "ana@example.org", T0, times=5)
    assert lockout_remaining(session=session, email="ana@example.org", now=T0 + SECOND)
    assert lockout_remaining(session=session, email="bo@example.org", now=T0 + SECOND) is None
    assert _login(session, "bo@example.org", T0 + SECOND).user.id == bo.id


def test_lockout_works_with_a_non_utc_clock(session, make_user):
    """Instants given in another time zone are the same instants (stored as UTC)."""
    make_user(email="ana@example.org")
    seoul = timezone(timedelta(hours=9))
    _record_failures(session, "ana@example.org", T0.astimezone(seoul), times=5)
    assert (
        lockout_remaining(session=session, email="ana@example.org", now=(T0 + SECOND).astimezone(seoul))
        == LOCKOUT_WINDOW - SECOND
    )
    assert (
        lockout_remaining(
            session=session, email="ana@example.org", now=(T0 + LOCKOUT_WINDOW).astimezone(seoul)
        )
        is None
    )
