"""The team buttons against a migrated database: the sentence each answers with, the change it
makes, and the refusals, above all for a team of another cohort than the one shown."""

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, Role, Team, TeamMember
from champions.services.teams.actions import (
    auto_form_cohort_teams,
    coach_team,
    create_own_team,
    edit_own_team,
    join_team_by_code,
    leave_own_team,
    lock_team,
    move_to_team,
)
from champions.services.teams.teams import set_team_locked

from ...conftest import TODAY
from .conftest import OPENS, SECOND, submit


def reason_of(error) -> str:
    return error.value.reasons[0].message


@pytest.fixture
def elsewhere(session, cohort_a_year_earlier) -> Team:
    """A team of another cohort (2021, whose dates are all a year earlier)."""
    other = cohort_a_year_earlier
    team = Team(cohort_id=other.id, name="Elsewhere", name_key="elsewhere", invite_code="ELSEWHRE")
    session.add(team)
    session.commit()
    return team


@pytest.fixture
def mentor(make_user):
    return make_user(email="mentor@example.org", full_name="Mina Mentor", role=Role.MENTOR)


def member_ids(session, team_id: int) -> list[int]:
    return list(
        session.exec(select(TeamMember.user_id).where(TeamMember.team_id == team_id).order_by(TeamMember.id))
    )


def actions(session) -> list[str]:
    return list(session.exec(select(AuditEntry.action).order_by(AuditEntry.id)))


# --- a participant's own team ---------------------------------------------------------------


def test_create_own_team_answers_with_the_invite_code_and_makes_the_creator_its_member(
    session, cohort, completers
):
    said = create_own_team(
        session=session, user=completers[0], name="  Safe   Steps ", challenge=" Night safety ", city="Seoul"
    )
    session.commit()
    team = session.exec(select(Team)).one()
    assert said == f"Team 'Safe Steps' created. Share the invite code {team.invite_code} with your teammates."
    assert (team.cohort_id, team.name, team.challenge, team.city) == (
        cohort.id,
        "Safe Steps",
        "Night safety",
        "Seoul",
    )
    assert member_ids(session, team.id) == [completers[0].id]
    assert actions(session)[-1] == "team_created"


def test_create_own_team_refusals_create_nothing(session, cohort, completers, team):
    # Accepted, but Phase 1 not complete.
    with pytest.raises(RuleViolation) as error:
        create_own_team(session=session, user=completers[11], name="Late", challenge="", city="")
    assert reason_of(error) == "Teams are for participants who completed Phase 1."
    # Already in a team.
    with pytest.raises(RuleViolation) as error:
        create_own_team(session=session, user=completers[1], name="Second", challenge="", city="")
    assert reason_of(error) == "You are already in a team for this cohort."
    # A name another team of the cohort has (whatever its case and spaces).
    with pytest.raises(RuleViolation) as error:
        create_own_team(session=session, user=completers[3], name=" t ", challenge="", city="")
    assert error.value.by_field() == {"name": "Another team of this cohort has this name."}
    # Not accepted (waitlisted): no cohort of their own, refused without a sentence.
    with pytest.raises(RuleViolation) as error:
        create_own_team(session=session, user=completers[12], name="Waiting", challenge="", city="")
    assert error.value.reasons == []
    assert list(session.exec(select(Team.name))) == ["T"]


def test_join_team_by_code_answers_with_the_team_name(session, team, completers):
    said = join_team_by_code(session=session, user=completers[3], code=f" {team.invite_code.lower()} ")
    session.commit()
    assert said == "You joined 'T'."
    assert member_ids(session, team.id) == [p.id for p in completers[:4]]


def test_join_team_by_code_refusals(session, cohort, team, completers, secretariat, elsewhere):
    cases = [
        (completers[3], "NOSUCHCD", "No team has this invite code. Check it with your team."),
        # The invite code of a team of another cohort: not a team for this participant.
        (completers[3], elsewhere.invite_code, "Only accepted participants can be in a team."),
        (completers[11], team.invite_code, "Teams are for participants who completed Phase 1."),
        (completers[1], team.invite_code, "You are already in a team for this cohort."),
    ]
    for person, code, message in cases:
        with pytest.raises(RuleViolation) as error:
            join_team_by_code(session=session, user=person, code=code)
        assert error.value.by_field() == {"code": message}
    set_team_locked(session=session, actor=secretariat, team_id=team.id, locked=True)
    with pytest.raises(RuleViolation) as error:
        join_team_by_code(session=session, user=completers[3], code=team.invite_code)
    assert reason_of(error) == "This team is locked by the secretariat."
    with pytest.raises(RuleViolation) as error:
        join_team_by_code(session=session, user=completers[12], code=team.invite_code)
    assert error.value.reasons == []
    assert member_ids(session, team.id) == [p.id for p in completers[:3]]
    assert member_ids(session, elsewhere.id) == []


def test_edit_own_team_saves_the_details(session, team, completers):
    said = edit_own_team(
        session=session, user=completers[1], name="Night Owls", challenge="Dark streets", city="Suwon"
    )
    session.commit()
    session.refresh(team)
    assert said == "Team details saved."
    assert (team.name, team.name_key, team.challenge, team.city) == (
        "Night Owls",
        "night owls",
        "Dark streets",
        "Suwon",
    )
    assert actions(session)[-1] == "team_updated"


def test_edit_own_team_refusals(session, team, completers, secretariat):
    with pytest.raises(RuleViolation) as error:
        edit_own_team(session=session, user=completers[3], name="Mine now", challenge="", city="")
    assert reason_of(error) == "There is no such team."
    with pytest.raises(RuleViolation) as error:
        edit_own_team(session=session, user=completers[0], name=" ", challenge="", city="")
    assert error.value.by_field() == {"name": "Give your team a name."}
    set_team_locked(session=session, actor=secretariat, team_id=team.id, locked=True)
    with pytest.raises(RuleViolation) as error:
        edit_own_team(session=session, user=completers[0], name="Renamed", challenge="", city="")
    assert reason_of(error) == "This team is locked by the secretariat; ask it to change the details."
    session.refresh(team)
    assert team.name == "T"


def test_leave_own_team_and_the_last_one_out_deletes_the_team(session, cohort, completers):
    create_own_team(session=session, user=completers[3], name="Pair", challenge="", city="")
    team = session.exec(select(Team)).one()
    join_team_by_code(session=session, user=completers[4], code=team.invite_code)
    assert leave_own_team(session=session, user=completers[3]) == "You left the team."
    assert member_ids(session, team.id) == [completers[4].id]
    assert leave_own_team(session=session, user=completers[4]) == "You left the team."
    session.commit()
    assert session.exec(select(Team)).all() == []
    assert actions(session)[-2:] == ["team_left", "team_left"]


def test_leave_own_team_refusals(session, team, completers, workshop, secretariat, tmp_path):
    with pytest.raises(RuleViolation) as error:
        leave_own_team(session=session, user=completers[3])
    assert reason_of(error) == "You are not in a team."
    submit(session, completers[0], workshop, OPENS + SECOND, tmp=tmp_path)
    with pytest.raises(RuleViolation) as error:
        leave_own_team(session=session, user=completers[1])
    assert reason_of(error) == "Your team has submitted work; ask the secretariat to change the team."
    set_team_locked(session=session, actor=secretariat, team_id=team.id, locked=True)
    with pytest.raises(RuleViolation) as error:
        leave_own_team(session=session, user=completers[1])
    assert reason_of(error) == "This team is locked by the secretariat."
    with pytest.raises(RuleViolation) as error:
        leave_own_team(session=session, user=completers[12])
    assert error.value.reasons == []
    assert member_ids(session, team.id) == [p.id for p in completers[:3]]


# --- the secretariat's teams page -----------------------------------------------------------


@pytest.mark.parametrize(
    "team_min, team_max, said, sizes",
    [
        (3, 5, "Formed 3 teams from 11 completers.", [4, 4, 3]),
        (
            4,
            4,
            "Formed 2 teams from 8 completers. 3 could not be placed (teams need 4 to 4); move them by hand.",
            [4, 4],
        ),
    ],
)
def test_auto_form_cohort_teams(session, cohort, completers, secretariat, team_min, team_max, said, sizes):
    cohort.team_min, cohort.team_max = team_min, team_max
    session.add(cohort)
    session.commit()
    assert auto_form_cohort_teams(session=session, actor=secretariat, cohort_name="", today=TODAY) == said
    session.commit()
    teams = session.exec(select(Team).order_by(Team.id)).all()
    assert [(t.name, len(member_ids(session, t.id))) for t in teams] == [
        (f"Team {i + 1}", size) for i, size in enumerate(sizes)
    ]
    placed = {uid for t in teams for uid in member_ids(session, t.id)}
    assert placed <= {p.id for p in completers[:11]}


def test_auto_form_cohort_teams_keeps_existing_teams_and_names(
    session, cohort, completers, team, secretariat
):
    said = auto_form_cohort_teams(session=session, actor=secretariat, cohort_name="2022", today=TODAY)
    assert said == "Formed 2 teams from 8 completers."
    assert auto_form_cohort_teams(session=session, actor=secretariat, cohort_name="2022", today=TODAY) == (
        "Every Phase 1 completer is already in a team."
    )
    session.commit()
    assert list(session.exec(select(Team.name).order_by(Team.id))) == ["T", "Team 1", "Team 2"]
    assert member_ids(session, team.id) == [p.id for p in completers[:3]]


def test_auto_form_cohort_teams_of_an_unknown_cohort(session, cohort, completers, secretariat):
    with pytest.raises(RuleViolation) as error:
        auto_form_cohort_teams(session=session, actor=secretariat, cohort_name="1999", today=TODAY)
    assert reason_of(error) == "There is no such cohort."
    assert session.exec(select(Team)).all() == []


def test_move_to_team(session, cohort, completers, team, secretariat):
    other = create_own_team(session=session, user=completers[3], name="Other", challenge="", city="")
    assert other.startswith("Team 'Other' created.")
    other_team = session.exec(select(Team).where(Team.name == "Other")).one()
    # From a team, then someone without one.
    said = move_to_team(
        session=session,
        actor=secretariat,
        cohort_name="",
        today=TODAY,
        user_id=completers[2].id,
        team_id=other_team.id,
    )
    assert said == "Moved to Other."
    assert (
        move_to_team(
            session=session,
            actor=secretariat,
            cohort_name="2022",
            today=TODAY,
            user_id=completers[4].id,
            team_id=team.id,
        )
        == "Moved to T."
    )
    session.commit()
    assert member_ids(session, team.id) == [completers[0].id, completers[1].id, completers[4].id]
    assert member_ids(session, other_team.id) == [completers[2].id, completers[3].id]
    assert actions(session)[-2:] == ["team_member_moved", "team_member_moved"]


def test_move_to_team_refusals(session, cohort, completers, team, secretariat):
    for user, message in [
        (completers[11], "Teams are for participants who completed Phase 1."),
        (completers[12], "Only accepted participants can be in a team."),
    ]:
        with pytest.raises(RuleViolation) as error:
            move_to_team(
                session=session,
                actor=secretariat,
                cohort_name="",
                today=TODAY,
                user_id=user.id,
                team_id=team.id,
            )
        assert reason_of(error) == message
    cohort.team_max = 3
    session.add(cohort)
    with pytest.raises(RuleViolation) as error:
        move_to_team(
            session=session,
            actor=secretariat,
            cohort_name="",
            today=TODAY,
            user_id=completers[3].id,
            team_id=team.id,
        )
    assert reason_of(error) == "T is full (3 members)."
    assert member_ids(session, team.id) == [p.id for p in completers[:3]]


@pytest.mark.parametrize("locked, said", [(True, "T locked."), (False, "T unlocked.")])
def test_lock_team(session, cohort, team, secretariat, locked, said):
    team.locked = not locked
    session.add(team)
    session.commit()
    assert (
        lock_team(
            session=session, actor=secretariat, cohort_name="", today=TODAY, team_id=team.id, locked=locked
        )
        == said
    )
    session.commit()
    session.refresh(team)
    assert team.locked is locked
    assert actions(session)[-1] == ("team_locked" if locked else "team_unlocked")


def test_coach_team_sets_and_removes_the_coaching_mentor(session, cohort, team, secretariat, mentor):
    args = dict(session=session, actor=secretariat, cohort_name="2022", today=TODAY, team_id=team.id)
    assert coach_team(**args, mentor_id=mentor.id) == "Coaching mentor of T saved."
    session.commit()
    session.refresh(team)
    assert team.coach_id == mentor.id
    assert coach_team(**args, mentor_id=None) == "Coaching mentor of T saved."
    session.commit()
    session.refresh(team)
    assert team.coach_id is None
    with pytest.raises(RuleViolation) as error:
        coach_team(**args, mentor_id=secretariat.id)
    assert error.value.by_field() == {"coach": "Choose one of the program's mentors."}
    session.refresh(team)
    assert team.coach_id is None


def _move(session, actor, team_id, completers, mentor, cohort_name):
    return move_to_team(
        session=session,
        actor=actor,
        cohort_name=cohort_name,
        today=TODAY,
        user_id=completers[3].id,
        team_id=team_id,
    )


def _lock(session, actor, team_id, completers, mentor, cohort_name):
    return lock_team(
        session=session, actor=actor, cohort_name=cohort_name, today=TODAY, team_id=team_id, locked=True
    )


def _coach(session, actor, team_id, completers, mentor, cohort_name):
    return coach_team(
        session=session,
        actor=actor,
        cohort_name=cohort_name,
        today=TODAY,
        team_id=team_id,
        mentor_id=mentor.id,
    )


@pytest.mark.parametrize("command", [_move, _lock, _coach], ids=["move", "lock", "coach"])
@pytest.mark.parametrize("cohort_name", ["", "2022"])
def test_a_team_of_another_cohort_is_refused_and_left_as_it_was(
    session, cohort, completers, team, secretariat, mentor, elsewhere, command, cohort_name
):
    audited = len(actions(session))
    for team_id in (elsewhere.id, 9999):
        with pytest.raises(RuleViolation) as error:
            command(session, secretariat, team_id, completers, mentor, cohort_name)
        assert reason_of(error) == "There is no such team in this cohort."
    session.commit()
    session.refresh(elsewhere)
    assert (elsewhere.locked, elsewhere.coach_id) == (False, None)
    assert member_ids(session, elsewhere.id) == []
    assert len(actions(session)) == audited


def test_the_other_cohort_s_own_team_is_found_when_that_cohort_is_shown(
    session, cohort, completers, team, secretariat, elsewhere
):
    assert (
        lock_team(
            session=session,
            actor=secretariat,
            cohort_name="2021",
            today=TODAY,
            team_id=elsewhere.id,
            locked=True,
        )
        == "Elsewhere locked."
    )
    with pytest.raises(RuleViolation) as error:
        lock_team(
            session=session, actor=secretariat, cohort_name="2021", today=TODAY, team_id=team.id, locked=True
        )
    assert reason_of(error) == "There is no such team in this cohort."
    session.commit()
    session.refresh(team)
    assert team.locked is False
