"""The secretariat's audit log: filters by cohort, action, actor and period, newest first, with
the total; bad periods and dates are refused with a message for the field."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from champions.demo.seed import cohort_2022
from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, Role
from champions.services.audit import (
    AuditFilters,
    audit_actions,
    audit_export,
    audit_log,
    parse_day,
    record_audit,
)


@pytest.fixture
def trail(session, cohort, make_user):
    other = cohort_2022()
    other.name, other.title = "2023", "Smart City Champions 2023"
    session.add(other)
    session.flush()
    amina = make_user(email="amina.mentor@example.org", full_name="Амина Юсуф", role=Role.MENTOR)
    secretariat = make_user(email="office@example.org", full_name="Office", role=Role.SECRETARIAT)
    made = []
    for day, actor, cohort_id, action in [
        (1, amina, cohort.id, "score_submitted"),
        (2, secretariat, cohort.id, "extension_granted"),
        (3, secretariat, other.id, "extension_granted"),
        (4, None, cohort.id, "awards_exported"),
        (5, amina, other.id, "score_submitted"),
    ]:
        entry = record_audit(
            session=session,
            actor_id=actor.id if actor else None,
            cohort_id=cohort_id,
            action=action,
            entity="team",
            entity_id=day,
            before={"deadline": f"2022-05-0{day}"},
            after={"deadline": f"2022-05-1{day}"},
            reason=f"Reason {day}",
        )
        entry.at = datetime(2022, 5, day, 23, 30, tzinfo=UTC)
        made.append(entry)
    session.commit()
    return {"cohort": cohort, "other": other}


def ids(rows) -> list[str]:
    return [r.entity_id for r in rows]


def test_newest_first_with_every_filter(session, trail):
    rows, total = audit_log(session=session)
    assert ids(rows) == ["5", "4", "3", "2", "1"] and total == 5
    assert (rows[0].actor, rows[0].actor_email, rows[0].cohort) == (
        "Амина Юсуф",
        "amina.mentor@example.org",
        "2023",
    )
    assert (rows[1].actor, rows[1].actor_email) == ("system", "")
    assert ids(audit_log(session=session, filters=AuditFilters(cohort_id=trail["cohort"].id))[0]) == [
        "4",
        "2",
        "1",
    ]
    assert ids(audit_log(session=session, filters=AuditFilters(action="extension_granted"))[0]) == ["3", "2"]
    assert ids(audit_log(session=session, filters=AuditFilters(actor="амина"))[0]) == ["5", "1"]
    assert ids(audit_log(session=session, filters=AuditFilters(actor="OFFICE@"))[0]) == ["3", "2"]
    # Days are UTC and both ends count: entries at 23:30 on 2 and 4 May.
    period = AuditFilters(since=date(2022, 5, 2), until=date(2022, 5, 4))
    assert ids(audit_log(session=session, filters=period)[0]) == ["4", "3", "2"]
    page, total = audit_log(session=session, offset=2, limit=2)
    assert ids(page) == ["3", "2"] and total == 5
    assert audit_actions(session=session) == ["awards_exported", "extension_granted", "score_submitted"]
    fields, exported = audit_export(rows[:1])
    assert audit_export(rows[:1], "ko") == (
        [
            "시각 (UTC)",
            "수행자",
            "수행자 이메일",
            "회차",
            "작업",
            "대상",
            "대상 ID",
            "변경 전",
            "변경 후",
            "사유",
        ],
        exported,
    )
    assert audit_export(rows[:1], "ar")[0][:3] == ["الوقت (UTC)", "المنفِّذ", "البريد الإلكتروني للمنفِّذ"]
    assert fields[:5] == ["at (UTC)", "actor", "actor email", "cohort", "action"]
    assert exported == [
        [
            "2022-05-05 23:30:00",
            "Амина Юсуф",
            "amina.mentor@example.org",
            "2023",
            "score_submitted",
            "team",
            "5",
            '{"deadline": "2022-05-05"}',
            '{"deadline": "2022-05-15"}',
            "Reason 5",
        ]
    ]


def test_bad_periods_and_dates_are_refused_for_their_field(session, trail):
    with pytest.raises(RuleViolation) as refused:
        audit_log(session=session, filters=AuditFilters(since=date(2022, 5, 4), until=date(2022, 5, 2)))
    assert refused.value.by_field() == {"until": "The end of the period is before its start."}
    with pytest.raises(RuleViolation) as refused:
        parse_day("4 May", "since")
    assert refused.value.by_field() == {"since": "Enter a date as YYYY-MM-DD."}
    assert parse_day("", "since") is None and parse_day("2022-05-04", "since") == date(2022, 5, 4)
    assert session.exec(select(func.count()).select_from(AuditEntry)).one() == 5  # nothing written
