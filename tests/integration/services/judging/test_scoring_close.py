"""A round's scoring close time: set by the secretariat (Seoul time), refused in the past,
before the round opens or once it is closed (reasons next to the field, nothing changed),
audited; the mentors' scoring reminder follows it (a new time, a new reminder; the old one
dropped)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, JudgingRound, Notification
from champions.services.judging.closing import set_scoring_close
from champions.services.judging.rubrics import move_round
from champions.services.judging.views import judging_admin_page
from champions.services.messages.scheduler import schedule_due

from .conftest import AFTER, DEADLINE

CLOSES = datetime(2022, 6, 10, 9, 0, tzinfo=UTC)  # 18:00 Seoul time


def close(session, secretariat, workshop, day, clock, now=AFTER):
    return set_scoring_close(
        session=session, actor=secretariat, workshop_id=workshop.id, day=day, clock=clock, now=now
    )


def test_bad_times_are_refused_next_to_their_field_and_nothing_changes(session, judged, secretariat):
    workshop = judged["workshops"][0]
    cases = [
        (("2022-13-01", "18:00"), {"closes_day": "Enter the date as YYYY-MM-DD."}),
        (("2022-06-10", "25:00"), {"closes_time": "Enter the time as HH:MM."}),
        (("2022-06-10", ""), {"closes_time": "Enter the time as HH:MM."}),
        (("2022-06-03", "23:00"), {"closes_day": "Choose a time in the future."}),  # AFTER: 4 June 00:00 KST
    ]
    for (day, clock), expected in cases:
        with pytest.raises(RuleViolation) as refused:
            close(session, secretariat, workshop, day, clock)
        assert refused.value.by_field() == expected
    with pytest.raises(RuleViolation) as refused:
        close(session, secretariat, workshop, "2022-06-01", "23:30", now=DEADLINE - timedelta(days=1))
    assert refused.value.by_field() == {
        "closes_day": "Choose a time after the workshop's deadline, when the round can open "
        "(Thu 2 Jun 2022, 00:00 KST)."
    }
    session.commit()
    assert session.exec(select(JudgingRound.scoring_closes_at)).all() == [None]
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "scoring_close_set")).all() == []


def test_the_time_is_saved_shown_audited_and_cleared(session, cohort, open_round, secretariat):
    workshop = open_round["workshops"][0]
    with pytest.raises(RuleViolation) as refused:
        close(session, secretariat, workshop, "2022-06-03", "23:59", now=DEADLINE)
    assert refused.value.by_field() == {
        "closes_day": "Choose a time after the round opened (Sat 4 Jun 2022, 00:00 KST)."
    }
    assert close(session, secretariat, workshop, "2022-06-10", "18:00") == CLOSES
    session.commit()
    page = judging_admin_page(session=session, cohort_name="2022", workshop_id=str(workshop.id), today=None)
    assert (page.closes_day, page.closes_time, page.closes_text) == (
        "2022-06-10",
        "18:00",
        "Fri 10 Jun 2022, 18:00 KST",
    )
    assert close(session, secretariat, workshop, "", "") is None
    session.commit()
    entries = session.exec(select(AuditEntry).where(AuditEntry.action == "scoring_close_set")).all()
    assert [json.loads(e.after) for e in entries] == [
        {"scoring_closes_at": "2022-06-10T09:00:00+00:00"},
        {"scoring_closes_at": None},
    ]
    move_round(session=session, actor=secretariat, workshop_id=workshop.id, move="close", now=AFTER)
    with pytest.raises(RuleViolation) as refused:
        close(session, secretariat, workshop, "2022-06-10", "18:00")
    assert refused.value.by_field() == {"closes_day": "Scoring of this round is over: its close time stays."}


def test_the_mentors_reminder_follows_a_new_close_time(session, cohort, open_round, secretariat):
    workshop = open_round["workshops"][0]
    close(session, secretariat, workshop, "2022-06-10", "18:00")
    session.commit()
    schedule_due(session=session, now=AFTER + timedelta(hours=1))  # the assignment digests
    first = schedule_due(session=session, now=CLOSES - timedelta(hours=48))
    reminders = session.exec(select(Notification).where(Notification.kind == "scoring_reminder")).all()
    assert first.sent == len(reminders) > 0
    assert {r.moment for r in reminders} == {CLOSES}
    # Moved later before the new reminder is due: it goes 48 hours before the new time, once.
    close(session, secretariat, workshop, "2022-06-14", "18:00", now=CLOSES - timedelta(hours=47))
    session.commit()
    later = CLOSES + timedelta(days=4)
    assert schedule_due(session=session, now=later - timedelta(hours=49)).sent == 0
    assert schedule_due(session=session, now=later - timedelta(hours=48)).sent == len(reminders)
    assert schedule_due(session=session, now=later - timedelta(hours=47)).sent == 0
    moments = session.exec(
        select(Notification.moment).where(
            Notification.kind == "scoring_reminder", Notification.state == "sent"
        )
    ).all()
    assert sorted(moments) == [CLOSES] * len(reminders) + [later] * len(reminders)
