"""Shared by the awards tests: the demo cohort of 2022, whose award list is finalized, and the
same list finalized again with recipients' names a spreadsheet would run."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL, seed_demo
from champions.models import Cohort, Team, TeamMember, User
from champions.services.awards.decisions import finalize_awards, unlock_awards

NOW = datetime(2022, 12, 1, 9, 0, tzinfo=UTC)
FORMULA = "=cmd|' /C calc'!A0"
# One demo name per script the ceremony must print.
SCRIPTS = {
    "Korean": "김민준",
    "Chinese": "陈伟",
    "Arabic": "فاطمة الزهراء",
    "Cyrillic": "Анна Иванова",
    "Vietnamese": "Nguyễn Thị Hương",
    "Latin": "Ahmet Yılmaz",
    "Devanagari": "नेहा शर्मा",
}


@pytest.fixture
def demo(session, password_hash):
    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23))
    # The demo's participant reads Korean and a mentor Arabic: these tests read the documents in
    # English, and test_documents_languages.py gives its readers their languages itself.
    for user in session.exec(select(User).where(User.language != "")):
        user.language = ""
        session.add(user)
    session.commit()
    cohort = session.exec(select(Cohort).where(Cohort.name == "2022")).one()
    secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
    return cohort, secretariat


def team_named(session, name: str) -> Team:
    return session.exec(select(Team).where(Team.name == name)).one()


def reasons(error) -> list[str]:
    return [r.message for r in error.value.reasons]


def finalize_with_formula_names(session, cohort, secretariat, *, second_name=None):
    """Unlock, give a recipient a name a spreadsheet would run (and the next member `second_name`),
    and finalize again."""
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Names corrected.")
    champion = team_named(session, "Green Shade")
    members = session.exec(
        select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == champion.id)
        .order_by(User.id)
    ).all()
    member = members[0]
    member.full_name = FORMULA
    if second_name is not None:
        members[1].full_name = second_name
        session.add(members[1])
    champion.city = '=HYPERLINK("http://evil.example")'
    session.add_all([member, champion])
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    session.commit()
    return champion
