"""What the account pages show, against a migrated database: the mentors' list and the file
of a person's own data."""

import json

import pytest

from champions.infra.reasons import RuleViolation
from champions.models import Role
from champions.services.accounts.personal_data import SUBJECT_COLUMNS
from champions.services.accounts.views import MentorLine, mentor_accounts, personal_data_json


def test_no_mentor_accounts(session, secretariat, ana):
    assert mentor_accounts(session=session) == []


def test_mentor_accounts_by_name_and_only_mentors(session, make_user, secretariat, ana):
    make_user(email="rahul@example.org", full_name="Prof. Rahul Mehta", role=Role.MENTOR)
    make_user(email="carlos@example.org", full_name="Prof. Carlos Mendes", role=Role.MENTOR)
    make_user(email="ji@example.org", full_name="Dr. 박지우", role=Role.MENTOR)
    assert mentor_accounts(session=session) == [
        MentorLine("Dr. 박지우", "ji@example.org"),
        MentorLine("Prof. Carlos Mendes", "carlos@example.org"),
        MentorLine("Prof. Rahul Mehta", "rahul@example.org"),
    ]


def test_personal_data_json_is_their_own_data_readable_as_written(session, cohort, register):
    user, application = register(full_name="김민준", email="minjun@example.org", city="서울")
    register(full_name="Someone Else", email="else@example.org", city="Busan")
    text = personal_data_json(session=session, user_id=user.id)
    # Names in their own script, not \u escapes; one space of indentation.
    assert "김민준" in text and "서울" in text and "\\u" not in text
    assert text.startswith('{\n "exported_at": ')
    data = json.loads(text)
    assert set(data) == {"exported_at", "tables", "teams", "team_awards"}
    assert set(data["tables"]) == set(SUBJECT_COLUMNS) | {"login_attempt", "outbox"}
    [row] = data["tables"]["user"]
    assert (row["id"], row["email"], row["full_name"], row["role"]) == (
        user.id,
        "minjun@example.org",
        "김민준",
        "participant",
    )
    assert "password_hash" not in row
    [applied] = data["tables"]["application"]
    assert (applied["id"], applied["cohort_id"], applied["city"], applied["date_of_birth"]) == (
        application.id,
        cohort.id,
        "서울",
        "2000-05-05",
    )
    assert "else@example.org" not in text and "Someone Else" not in text and "Busan" not in text
    assert (data["teams"], data["team_awards"]) == ([], [])


def test_personal_data_json_of_an_account_without_an_application(session, secretariat, ana):
    data = json.loads(personal_data_json(session=session, user_id=ana.id))
    assert [row["email"] for row in data["tables"]["user"]] == ["ana@example.org"]
    assert data["tables"]["application"] == []
    assert "secretariat@example.org" not in json.dumps(data)


def test_personal_data_json_of_no_account(session, ana):
    with pytest.raises(RuleViolation) as raised:
        personal_data_json(session=session, user_id=ana.id + 1)
    assert [r.message for r in raised.value.reasons] == ["There is no such account."]


def test_personal_data_json_says_what_each_part_holds_in_the_persons_language(session, cohort, register):
    user, _ = register(full_name="김민준", email="minjun@example.org", city="서울")
    english = json.loads(personal_data_json(session=session, user_id=user.id))
    korean = json.loads(personal_data_json(session=session, user_id=user.id, language="ko"))
    arabic = json.loads(personal_data_json(session=session, user_id=user.id, language="ar"))
    assert "headings" not in english and "about" not in english
    # The keys stay the same in every language (a program reads any file alike).
    for data in (korean, arabic):
        assert list(data) == ["exported_at", "about", "headings", "tables", "teams", "team_awards"]
        assert data["tables"] == english["tables"]
        assert set(data["headings"]) == {"exported_at", "tables", "teams", "team_awards", *data["tables"]}
    assert (korean["headings"]["user"], korean["headings"]["application"], korean["headings"]["outbox"]) == (
        "회원님의 계정",
        "회원님의 지원서",
        "회원님께 보낸 이메일",
    )
    assert korean["about"].startswith("Champions에 있는 회원님의 데이터입니다.")
    assert (arabic["headings"]["user"], arabic["headings"]["team_awards"]) == ("حسابك", "جوائز فرقك")
