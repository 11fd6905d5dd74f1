"""Teams against a migrated database: team rules (also when two join at once), auto-forming,
and moves by the secretariat."""

import json

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, Team, TeamMember, User
from champions.services.teams.teams import (
    Candidate,
    auto_form_teams,
    country_spread,
    create_team,
    join_team,
    leave_team,
    move_member,
    set_team_locked,
    update_team,
)

from ...conftest import race, row_count
from .conftest import COUNTRIES, OPENS, SECOND, submit


def reason_of(error) -> str:
    return error.value.reasons[0].message


# --- team rules ---------------------------------------------------------------------------


def test_create_and_join_by_invite_code_until_full(session, cohort, completers):
    team = create_team(
        session=session,
        user=completers[0],
        cohort=cohort,
        name="  Safe   Steps ",
        challenge="Night safety",
        city="Seoul",
    )
    assert team.name == "Safe Steps" and len(team.invite_code) == 8
    for person in completers[1:5]:
        join_team(session=session, user=person, code=team.invite_code.lower())
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[5], code=team.invite_code)
    assert reason_of(error) == "This team is full (5 members)."
    session.commit()
    assert row_count(session.get_bind(), "team_member") == 5


def test_two_people_taking_the_last_place_of_a_team_at_once_on_two_workers(
    session, engine, cohort, completers
):
    """The second joiner waits for the first to commit and is told the team is full."""
    team = create_team(
        session=session, user=completers[0], cohort=cohort, name="Safe Steps", challenge="", city=""
    )
    for person in completers[1:4]:
        join_team(session=session, user=person, code=team.invite_code)
    session.commit()
    fifth, sixth = completers[4].id, completers[5].id
    outcome = race(
        engine,
        lambda one: join_team(session=one, user=one.get(User, fifth), code=team.invite_code),
        lambda two: join_team(session=two, user=two.get(User, sixth), code=team.invite_code),
    )
    assert outcome["waited"] is True
    assert isinstance(outcome["error"], RuleViolation)
    assert outcome["error"].reasons[0].message == "This team is full (5 members)."
    assert row_count(engine, "team_member") == 5


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (11, "Teams are for participants who completed Phase 1."),
        (12, "Only accepted participants can be in a team."),
    ],
)
def test_only_accepted_completers_can_be_in_a_team(session, cohort, completers, who, message):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="A", challenge="", city="")
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[who], code=team.invite_code)
    assert reason_of(error) == message
    with pytest.raises(RuleViolation) as error:
        create_team(session=session, user=completers[who], cohort=cohort, name="B", challenge="", city="")
    assert reason_of(error) == message


def test_a_name_of_the_longest_length_is_kept_even_when_casefolding_spells_it_out(
    session, cohort, completers
):
    """ "ß" casefolds to "ss" (and "ﬃ" to "ffi"): the key that keeps names unique can be longer
    than the 80 characters a name may have, and PostgreSQL, unlike SQLite, refuses a value
    longer than its column."""
    name = "Straßenfest " + "ß" * 68
    assert len(name) == 80
    team = create_team(session=session, user=completers[0], cohort=cohort, name=name, challenge="", city="")
    session.commit()
    assert session.get(Team, team.id).name_key == "strassenfest " + "ss" * 68
    with pytest.raises(RuleViolation) as error:
        create_team(
            session=session,
            user=completers[1],
            cohort=cohort,
            name="STRAßENFEST " + "ß" * 68,
            challenge="",
            city="",
        )
    assert error.value.by_field() == {"name": "Another team of this cohort has this name."}


def test_one_team_per_person_and_names_unique_in_the_cohort(session, cohort, completers):
    team = create_team(
        session=session, user=completers[0], cohort=cohort, name="Green Shade", challenge="", city=""
    )
    with pytest.raises(RuleViolation) as error:
        create_team(session=session, user=completers[0], cohort=cohort, name="Other", challenge="", city="")
    assert reason_of(error) == "You are already in a team for this cohort."
    with pytest.raises(RuleViolation) as error:
        create_team(
            session=session, user=completers[1], cohort=cohort, name="GREEN  shade", challenge="", city=""
        )
    assert error.value.by_field() == {"name": "Another team of this cohort has this name."}
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[0], code=team.invite_code)
    assert reason_of(error) == "You are already in a team for this cohort."
    with pytest.raises(RuleViolation) as error:
        join_team(session=session, user=completers[1], code="NOPE1234")
    assert error.value.by_field() == {"code": "No team has this invite code. Check it with your team."}


def test_leaving_before_the_first_submission_and_locked_teams(
    session, cohort, completers, workshop, secretariat
):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="T", challenge="", city="")
    join_team(session=session, user=completers[1], code=team.invite_code)
    leave_team(session=session, user=completers[1], cohort_id=cohort.id)
    join_team(session=session, user=completers[1], code=team.invite_code)
    set_team_locked(session=session, actor=completers[0], team_id=team.id, locked=True)
    with pytest.raises(RuleViolation, match="locked by the secretariat"):
        join_team(session=session, user=completers[2], code=team.invite_code)
    with pytest.raises(RuleViolation, match="locked by the secretariat"):
        leave_team(session=session, user=completers[1], cohort_id=cohort.id)
    session.commit()
    audited = row_count(session.get_bind(), "audit_entry")
    with pytest.raises(RuleViolation, match="locked by the secretariat; ask it to change the details"):
        update_team(
            session=session, actor=completers[1], team_id=team.id, name="Renamed", challenge="", city=""
        )
    update_team(
        session=session, actor=secretariat, team_id=team.id, name="T", challenge="", city=""
    )  # no change
    session.commit()
    assert row_count(session.get_bind(), "audit_entry") == audited
    update_team(
        session=session, actor=secretariat, team_id=team.id, name="Renamed by staff", challenge="", city=""
    )
    assert session.get(Team, team.id).name == "Renamed by staff"
    set_team_locked(session=session, actor=completers[0], team_id=team.id, locked=False)
    session.commit()
    submit(session, completers[0], workshop, OPENS + SECOND)
    with pytest.raises(RuleViolation, match="has submitted work"):
        leave_team(session=session, user=completers[1], cohort_id=cohort.id)


def test_the_last_member_leaving_removes_the_team(session, cohort, completers):
    team = create_team(session=session, user=completers[0], cohort=cohort, name="Solo", challenge="", city="")
    leave_team(session=session, user=completers[0], cohort_id=cohort.id)
    session.commit()
    assert session.get(Team, team.id) is None


def test_auto_forming_is_deterministic_within_bounds_and_spreads_countries(
    session, cohort, completers, secretariat
):
    outcome = auto_form_teams(session=session, actor=secretariat, cohort=cohort)
    session.commit()
    assert outcome.message == "Formed 3 teams from 11 completers." and outcome.left_out == []
    teams = [
        [
            Candidate(m.user_id, COUNTRIES[[u.id for u in completers].index(m.user_id)])
            for m in session.exec(select(TeamMember).where(TeamMember.team_id == team.id))
        ]
        for team in outcome.teams
    ]
    assert sorted(len(t) for t in teams) == [3, 4, 4]
    assert max(country_spread(teams).values()) <= 1
    assert [t.name for t in outcome.teams] == ["Team 1", "Team 2", "Team 3"]
    again = auto_form_teams(session=session, actor=secretariat, cohort=cohort)
    assert again.teams == [] and again.message == "Every Phase 1 completer is already in a team."
    actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "team"))]
    assert actions == ["team_auto_formed"] * 3


def test_secretariat_moves_people_by_hand_within_the_maximum(session, cohort, completers, secretariat):
    first = create_team(
        session=session, user=completers[0], cohort=cohort, name="First", challenge="", city=""
    )
    second = create_team(
        session=session, user=completers[1], cohort=cohort, name="Second", challenge="", city=""
    )
    move_member(session=session, actor=secretariat, user_id=completers[0].id, to_team_id=second.id)
    for person in completers[2:5]:
        move_member(session=session, actor=secretariat, user_id=person.id, to_team_id=second.id)
    with pytest.raises(RuleViolation, match="Second is full"):
        move_member(session=session, actor=secretariat, user_id=completers[5].id, to_team_id=second.id)
    session.commit()
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "team_member_moved")).first()
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"team_id": first.id},
        {"team_id": second.id},
    )
