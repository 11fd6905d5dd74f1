"""A participant's data rights on the demo cohort: the JSON export holds every table's rows
about them and nothing of anyone else's; deleting the account leaves their name, email and
birth date in no text column of any table but the finalized award list (as the privacy
notice says)."""

import json
from datetime import date

import pytest
from sqlalchemy import String, Text, select
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from champions.demo.seed import DEMO_PASSWORD, PARTICIPANT_EMAIL, seed_demo
from champions.infra.reasons import RuleViolation
from champions.models import Application, AuditEntry, Role, TeamMember, User
from champions.services.accounts.accounts import authenticate
from champions.services.accounts.personal_data import (
    ACTOR_COLUMNS,
    SUBJECT_COLUMNS,
    delete_account,
    personal_data,
)

from ...conftest import scopes


@pytest.fixture
def demo(session, password_hash):
    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23)) is True
    session.commit()
    return session.execute(select(User).where(User.email == PARTICIPANT_EMAIL)).scalar_one()


def test_every_column_pointing_at_a_person_is_classified():
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "user" for fk in column.foreign_keys):
                assert (
                    SUBJECT_COLUMNS.get(table.name) == column.name
                    or (table.name, column.name) in ACTOR_COLUMNS
                ), f"{table.name}.{column.name}: whose data is it? add it to SUBJECT_COLUMNS or ACTOR_COLUMNS"


def test_the_export_holds_their_rows_and_no_one_elses(session, demo):
    data = personal_data(session=session, user_id=demo.id)
    tables = data["tables"]
    assert tables["user"][0]["email"] == PARTICIPANT_EMAIL and "password_hash" not in tables["user"][0]
    application = session.execute(select(Application).where(Application.user_id == demo.id)).scalars().all()
    assert [a["date_of_birth"] for a in tables["application"]] == [
        a.date_of_birth.isoformat() for a in application
    ]
    assert len(tables["attendance"]) > 0 and len(tables["team_member"]) == 1
    assert [t["name"] for t in data["teams"]] == ["SafeSteps"]
    assert {a["award"] for a in data["team_awards"]} == {"Most Inclusive Solution"}
    assert {e["award"] for e in tables["award_entry"]} == {"Certificate of Completion", "Smart City Champion"}
    assert all("token_hash" not in row for row in tables["login_session"])
    for name, rows in tables.items():  # oldest first, whatever order the database keeps rows in
        assert [row["id"] for row in rows] == sorted(row["id"] for row in rows), name
    text = json.dumps(data, ensure_ascii=False)
    others = session.execute(select(User.email, User.full_name).where(User.id != demo.id)).all()
    leaked = [value for email, name in others for value in (email, name) if value in text]
    assert leaked == []


def _texts(session) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text column of every table but the finalized award list
    and its certificates' credentials (which keep the names they printed, so they still verify)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in ("award_entry", "credential"):
            continue
        columns = [c for c in table.columns if isinstance(c.type, (String, Text, AutoString))]
        for row in session.connection().execute(select(*columns)) if columns else []:
            found.extend((table.name, c.name, str(v)) for c, v in zip(columns, row) if v)
    return found


def test_deleting_the_account_leaves_no_personal_data_anywhere(session, demo):
    name, email = demo.full_name, demo.email
    birth = session.execute(
        select(Application.date_of_birth).where(Application.user_id == demo.id)
    ).scalar_one()
    assert any(name in value for _, _, value in _texts(session))  # the scan sees them before
    delete_account(session=session, user_id=demo.id)
    session.commit()
    for table, column, value in _texts(session):
        for secret in (name, email, birth.isoformat()):
            assert secret not in value, f"{table}.{column} still holds {secret!r}"
    assert authenticate(session_factory=scopes(session), email=email, password=DEMO_PASSWORD).user is None
    session.refresh(demo)
    assert (demo.full_name, demo.is_active) == ("Deleted account", False)
    assert session.execute(select(TeamMember).where(TeamMember.user_id == demo.id)).first() is not None
    assert (
        session.execute(
            select(AuditEntry.action).where(AuditEntry.actor_id == demo.id).order_by(AuditEntry.id.desc())
        )
        .scalars()
        .first()
        == "account_deleted"
    )


def test_staff_accounts_are_closed_by_the_secretariat(session, demo):
    mentor = session.execute(select(User).where(User.role == Role.MENTOR)).scalars().first()
    with pytest.raises(RuleViolation) as refused:
        delete_account(session=session, user_id=mentor.id)
    assert (
        refused.value.reasons[0].message == "Mentor and secretariat accounts are closed by the secretariat."
    )
