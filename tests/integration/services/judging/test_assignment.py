"""Assigning mentors against a real database: balanced automatic assignment, manual changes,
and conflicts of interest."""

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, ReviewAssignment, Score
from champions.services.judging.assignment import (
    assign_mentor,
    auto_assign,
    declare_conflict,
    declare_own_conflict,
    unassign_mentor,
)
from champions.services.judging.rubrics import criteria_of
from champions.services.judging.scoring import mentor_queue, save_score
from champions.services.teams.teams import assign_coach

from .conftest import AFTER, assigned_mentor, full, reason_of


def test_auto_assign_is_balanced_skips_conflicts_and_coaches_and_reports_short(
    session, cohort, judged, secretariat
):
    mentors, teams = judged["mentors"], judged["teams"]
    assign_coach(session=session, actor=secretariat, team_id=teams[0].id, mentor_id=mentors[0].id)
    declare_conflict(
        session=session,
        actor=mentors[1],
        mentor_id=mentors[1].id,
        team_id=teams[0].id,
        reason="My cousin is in this team.",
    )
    declare_conflict(
        session=session,
        actor=secretariat,
        mentor_id=mentors[2].id,
        team_id=teams[0].id,
        reason="Former student.",
    )
    report = auto_assign(session=session, actor=secretariat, cohort=cohort)
    pairs = {(a.team_id, a.mentor_id) for a in session.exec(select(ReviewAssignment))}
    assert not pairs & {
        (teams[0].id, mentors[0].id),
        (teams[0].id, mentors[1].id),
        (teams[0].id, mentors[2].id),
    }
    # Team 0 can only get mentors 4 and 5: short by one in both workshops.
    assert report.short == ["Team 0 — Workshop 2: 2 of 3 mentors", "Team 0 — Workshop 3: 2 of 3 mentors"]
    assert len(report.plan.added) == 2 * (3 * 3 + 2)
    assert report.plan.spread <= 1
    # Running it again adds nothing: it is complete and deterministic.
    again = auto_assign(session=session, actor=secretariat, cohort=cohort)
    assert again.plan.added == [] and again.short == report.short


def test_manual_assignment_changes_are_checked_and_audited(session, judged, secretariat):
    mentors, teams, w = judged["mentors"], judged["teams"], judged["workshops"][0]
    declare_conflict(
        session=session, actor=mentors[0], mentor_id=mentors[0].id, team_id=teams[1].id, reason="Friend"
    )
    with pytest.raises(RuleViolation) as error:
        assign_mentor(
            session=session, actor=secretariat, team_id=teams[1].id, workshop_id=w.id, mentor_id=mentors[0].id
        )
    assert reason_of(error) == "This mentor has a conflict of interest with this team."
    made = assign_mentor(
        session=session, actor=secretariat, team_id=teams[1].id, workshop_id=w.id, mentor_id=mentors[1].id
    )
    with pytest.raises(RuleViolation) as error:
        unassign_mentor(session=session, actor=secretariat, assignment_id=made.id, reason="")
    assert reason_of(error) == "Say why the mentor is removed."
    unassign_mentor(session=session, actor=secretariat, assignment_id=made.id, reason="Too many already")
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "submission")).all()
    assert actions == ["mentor_assigned", "mentor_unassigned"]


def test_a_conflict_declared_later_removes_the_assignment_and_its_score(session, open_round):
    team, w = open_round["teams"][2], open_round["workshops"][0]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    criteria = criteria_of(session=session, workshop_id=w.id)
    save_score(
        session=session,
        mentor=mentor,
        team_id=team.id,
        workshop_id=w.id,
        form=full(criteria),
        submit=True,
        now=AFTER,
    )
    declare_conflict(
        session=session, actor=mentor, mentor_id=mentor.id, team_id=team.id, reason="I know them"
    )
    assert session.exec(select(Score).where(Score.mentor_id == mentor.id)).all() == []
    assert all(i.team_id != team.id for i in mentor_queue(session=session, mentor_id=mentor.id))
    with pytest.raises(RuleViolation) as error:
        declare_conflict(session=session, actor=mentor, mentor_id=mentor.id, team_id=team.id, reason="again")
    assert reason_of(error) == "This conflict is already declared."


NO_SUCH = "Type a code from your queue (like 2-ABCD2345) or the team's name as you know it."


def test_a_mentor_declares_a_conflict_by_a_queue_code_or_a_known_name_never_by_an_id(
    session, cohort, open_round, cohort_a_year_earlier
):
    """Issue 22: no team ids, and no team of another cohort or another mentor's code."""
    teams, w = open_round["teams"], open_round["workshops"][0]
    mentor = assigned_mentor(session, teams[0], w, open_round["mentors"])
    other = next(m for m in open_round["mentors"] if m.id != mentor.id)
    mine = session.exec(
        select(ReviewAssignment).where(
            ReviewAssignment.mentor_id == mentor.id, ReviewAssignment.team_id == teams[0].id
        )
    ).first()
    theirs = session.exec(select(ReviewAssignment).where(ReviewAssignment.mentor_id == other.id)).first()
    for text in (str(teams[1].id), f"{teams[1].id}:{w.id}", theirs.code, "Nobody", "", "x" * 200):
        with pytest.raises(RuleViolation) as error:
            declare_own_conflict(
                session=session, mentor=mentor, text=text, reason="Friend", cohort_id=cohort.id
            )
        assert reason_of(error) == NO_SUCH
    # By the code as the queue shows it, lower case and with its label.
    conflict = declare_own_conflict(
        session=session,
        mentor=mentor,
        text=f"submission {w.position}-{mine.code.lower()}",
        reason="My cousin",
        cohort_id=cohort.id,
    )
    assert (conflict.team_id, conflict.mentor_id) == (teams[0].id, mentor.id)
    # By a name the mentor knows, in any case and spacing.
    conflict = declare_own_conflict(
        session=session, mentor=mentor, text="  team   2 ", reason="Neighbour", cohort_id=cohort.id
    )
    assert conflict.team_id == teams[2].id
    with pytest.raises(RuleViolation) as error:
        declare_own_conflict(
            session=session, mentor=mentor, text="Team 2", reason="Again", cohort_id=cohort.id
        )
    assert reason_of(error) == "This conflict is already declared."
