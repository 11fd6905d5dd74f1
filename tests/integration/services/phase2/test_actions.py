"""The workshop buttons of the secretariat's Phase 2 pages against a migrated database: an
extension for a team, a workshop's details; the sentence, the change, and the refusals for a
team or workshop of another cohort than the one shown."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, Extension, Team, Workshop
from champions.services.phase2.actions import extend_team_deadline, save_cohort_workshop
from champions.services.phase2.workshops import WorkshopForm, check_workshop

from ...conftest import TODAY
from .conftest import DEADLINE, OPENS


def reason_of(error) -> str:
    return error.value.reasons[0].message


@pytest.fixture
def elsewhere(session, cohort_a_year_earlier) -> dict:
    """Another cohort (2021, a year earlier) with a team and a workshop of its own."""
    other = cohort_a_year_earlier
    team = Team(cohort_id=other.id, name="Elsewhere", name_key="elsewhere", invite_code="ELSEWHRE")
    workshop = Workshop(
        cohort_id=other.id,
        position=1,
        title="Old framing",
        brief="",
        opens_at=OPENS - timedelta(days=365),
        deadline=DEADLINE - timedelta(days=365),
    )
    session.add_all([team, workshop])
    session.commit()
    return {"cohort": other, "team": team, "workshop": workshop}


def audit_count(session) -> int:
    return len(session.exec(select(AuditEntry.id)).all())


# --- extensions -----------------------------------------------------------------------------


def test_extend_team_deadline_answers_with_the_new_deadline_in_seoul(session, team, workshop, secretariat):
    later = DEADLINE + timedelta(days=1)  # 2022-05-12 09:00 UTC
    said = extend_team_deadline(
        session=session,
        actor=secretariat,
        cohort_name="",
        today=TODAY,
        team_id=team.id,
        workshop_id=workshop.id,
        deadline=later,
        reason="  Power outage ",
    )
    session.commit()
    assert said == "Extension granted until Thu 12 May 2022, 18:00 KST."
    extension = session.exec(select(Extension)).one()
    assert (extension.team_id, extension.workshop_id, extension.reason, extension.granted_by) == (
        team.id,
        workshop.id,
        "Power outage",
        secretariat.id,
    )
    assert extension.deadline.replace(tzinfo=UTC) == later
    # A second one replaces it.
    said = extend_team_deadline(
        session=session,
        actor=secretariat,
        cohort_name="2022",
        today=TODAY,
        team_id=team.id,
        workshop_id=workshop.id,
        deadline=datetime(2022, 5, 13, 0, 30, tzinfo=UTC),
        reason="Still no power",
    )
    session.commit()
    assert said == "Extension granted until Fri 13 May 2022, 09:30 KST."
    assert [(e.reason,) for e in session.exec(select(Extension))] == [("Still no power",)]


def test_extend_team_deadline_checks_the_reason_and_the_date(session, team, workshop, secretariat):
    with pytest.raises(RuleViolation) as error:
        extend_team_deadline(
            session=session,
            actor=secretariat,
            cohort_name="",
            today=TODAY,
            team_id=team.id,
            workshop_id=workshop.id,
            deadline=DEADLINE,
            reason=" ",
        )
    assert error.value.by_field() == {
        "reason": "Say why the team gets more time.",
        "deadline_day": "An extension must end after the workshop's deadline.",
    }
    assert session.exec(select(Extension)).all() == []


@pytest.mark.parametrize(
    "team_of, workshop_of, cohort_name, message",
    [
        ("other", "mine", "", "There is no such team in this cohort."),
        ("other", "other", "", "There is no such team in this cohort."),
        ("missing", "mine", "2022", "There is no such team in this cohort."),
        ("mine", "other", "", "Choose a workshop."),
        ("mine", "missing", "2022", "Choose a workshop."),
        # The other cohort shown: this cohort's team is not one of its teams.
        ("mine", "mine", "2021", "There is no such team in this cohort."),
        ("other", "mine", "2021", "Choose a workshop."),
        ("mine", "mine", "1999", "There is no such cohort."),
    ],
)
def test_an_extension_naming_a_team_or_workshop_of_another_cohort_is_refused(
    session, team, workshop, secretariat, elsewhere, team_of, workshop_of, cohort_name, message
):
    teams = {"mine": team.id, "other": elsewhere["team"].id, "missing": 9999}
    workshops = {"mine": workshop.id, "other": elsewhere["workshop"].id, "missing": 9999}
    audited = audit_count(session)
    with pytest.raises(RuleViolation) as error:
        extend_team_deadline(
            session=session,
            actor=secretariat,
            cohort_name=cohort_name,
            today=TODAY,
            team_id=teams[team_of],
            workshop_id=workshops[workshop_of],
            deadline=DEADLINE + timedelta(days=400),
            reason="Power outage",
        )
    assert reason_of(error) == message
    if message == "Choose a workshop.":
        assert error.value.by_field() == {"workshop": message}
    session.commit()
    assert session.exec(select(Extension)).all() == []
    assert audit_count(session) == audited


# --- a workshop's details -------------------------------------------------------------------


def details(**overrides) -> WorkshopForm:
    values = dict(
        title="  Problem framing, revised ",
        brief="Frame <b>one</b> problem.",
        opens_day="2022-05-02",
        opens_time="09:00",
        deadline_day="2022-05-12",
        deadline_time="18:00",
        zone="Asia/Seoul",
        judged="yes",
        weight="2",
    )
    values.update(overrides)
    return WorkshopForm(**values)


def test_save_cohort_workshop_answers_with_its_title_and_saves_it(session, cohort, workshop, secretariat):
    said = save_cohort_workshop(
        session=session,
        actor=secretariat,
        cohort_name="",
        today=TODAY,
        workshop_id=workshop.id,
        checked=check_workshop(details()),
    )
    session.commit()
    session.refresh(workshop)
    assert said == "Problem framing, revised"
    assert (workshop.title, workshop.brief, workshop.judged, workshop.weight) == (
        "Problem framing, revised",
        "Frame <b>one</b> problem.",
        True,
        2.0,
    )
    assert workshop.opens_at.replace(tzinfo=UTC) == datetime(2022, 5, 2, 0, 0, tzinfo=UTC)
    assert workshop.deadline.replace(tzinfo=UTC) == datetime(2022, 5, 12, 9, 0, tzinfo=UTC)
    entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.entity, entry.cohort_id) == ("workshop_updated", "workshop", cohort.id)


@pytest.mark.parametrize(
    "workshop_of, cohort_name",
    [("other", ""), ("other", "2022"), ("missing", ""), ("mine", "2021"), ("mine", "1999")],
)
def test_a_workshop_of_another_cohort_is_not_saved(
    session, workshop, secretariat, elsewhere, workshop_of, cohort_name
):
    workshops = {"mine": workshop, "other": elsewhere["workshop"]}
    audited = audit_count(session)
    with pytest.raises(RuleViolation) as error:
        save_cohort_workshop(
            session=session,
            actor=secretariat,
            cohort_name=cohort_name,
            today=TODAY,
            workshop_id=workshops[workshop_of].id if workshop_of in workshops else 9999,
            checked=check_workshop(details()),
        )
    assert reason_of(error) == "There is no such workshop in this cohort."
    session.commit()
    for w in workshops.values():
        session.refresh(w)
    assert (workshop.title, elsewhere["workshop"].title) == ("Problem framing", "Old framing")
    assert audit_count(session) == audited
