"""Judging against a real database: rubrics, rounds, conflicts, assignment, scoring rules,
results read from the database, team feedback, the `rank` command and the demo."""

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from champions.cli import main
from champions.demo.seed import seed_demo
from champions.infra.reasons import RuleViolation
from champions.models import (
    AuditEntry,
    Cohort,
    Conflict,
    ReviewAssignment,
    Role,
    RoundState,
    Score,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.services.judging.assignment import (
    assign_mentor,
    auto_assign,
    declare_conflict,
    unassign_mentor,
)
from champions.services.judging.results import judging_results
from champions.services.judging.rubrics import (
    DEFAULT_CRITERIA,
    CriterionForm,
    criteria_of,
    move_round,
    save_rubric,
)
from champions.services.judging.scoring import ScoreForm, mentor_queue, review_view, save_score, team_feedback
from champions.services.phase2.teams import assign_coach

DEADLINE = datetime(2022, 6, 1, 15, 0, tzinfo=timezone.utc)
AFTER = DEADLINE + timedelta(days=2)


@pytest.fixture
def judged(session, cohort, make_user, secretariat):
    """Two judged workshops, four teams of one member each with a version for both, and
    five mentors. Returns a namespace-like dict."""
    cohort.capacity = 50
    session.add(cohort)
    workshops = [Workshop(cohort_id=cohort.id, position=p, title=f"W{p}", brief="", judged=True,
                          opens_at=DEADLINE - timedelta(days=20), deadline=DEADLINE) for p in (2, 3)]
    session.add_all(workshops)
    mentors = [make_user(email=f"m{i}@example.org", full_name=f"Mentor {i}", role=Role.MENTOR) for i in range(1, 6)]
    teams, members = [], []
    for i in range(4):
        person = make_user(email=f"t{i}@example.org", full_name=f"Участник {i}")
        team = Team(cohort_id=cohort.id, name=f"Team {i}", name_key=f"team {i}", invite_code=f"CODE{i}",
                    challenge="Safer streets", city="Almaty")
        session.add(team)
        session.flush()
        session.add(TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=person.id))
        teams.append(team)
        members.append(person)
    session.flush()
    for team, person in zip(teams, members):
        for w in workshops:
            session.add(SubmissionVersion(team_id=team.id, workshop_id=w.id, number=1, title=f"{team.name} {w.title}",
                                          summary="Our idea.", submitted_by=person.id,
                                          submitted_at=DEADLINE - timedelta(hours=team.id)))
    session.commit()
    return {"workshops": workshops, "mentors": mentors, "teams": teams, "members": members}


def reason_of(error) -> str:
    return error.value.reasons[0].message


def full(criteria, value=7, comment="Good work", note="") -> ScoreForm:
    return ScoreForm({str(c.id): str(value) for c in criteria}, comment, note)


def test_default_rubric_edits_until_judging_opens(session, judged, secretariat):
    w = judged["workshops"][0]
    criteria = criteria_of(session=session, workshop_id=w.id)
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in criteria] == [
        (name, 1.0, 1, 10) for name, _ in DEFAULT_CRITERIA]
    with pytest.raises(RuleViolation) as error:
        save_rubric(session=session, actor=secretariat, workshop_id=w.id, forms=[
            CriterionForm("Impact", "", "0", "1", "10"), CriterionForm("impact", "", "1", "5", "5")])
    assert error.value.by_field() == {"0.weight": "Enter a positive weight, such as 1 or 2.5.",
                                      "1.name": "Two criteria cannot have the same name.",
                                      "1.scale_max": "The maximum must be above the minimum."}
    assert len(criteria_of(session=session, workshop_id=w.id)) == 5  # nothing changed
    saved = save_rubric(session=session, actor=secretariat, workshop_id=w.id, forms=[
        CriterionForm("Impact", "Who benefits?", "3", "0", "4"), CriterionForm("Craft", "", "1", "1", "10")])
    assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in saved] == [("Impact", 3.0, 0, 4), ("Craft", 1.0, 1, 10)]
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER)
    with pytest.raises(RuleViolation) as error:
        save_rubric(session=session, actor=secretariat, workshop_id=w.id, forms=[CriterionForm("X")])
    assert reason_of(error) == "Judging has opened, so the rubric can no longer change."


def test_round_moves_and_their_rules(session, judged, secretariat):
    w = judged["workshops"][0]
    with pytest.raises(RuleViolation) as error:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=DEADLINE - timedelta(hours=1))
    assert reason_of(error) == "Judging opens after the workshop's deadline."
    with pytest.raises(RuleViolation) as error:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="publish", now=AFTER)
    assert reason_of(error) == "Judging of this workshop is being prepared, so it cannot publish now."
    assert move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER).state == RoundState.OPEN
    assert move_round(session=session, actor=secretariat, workshop_id=w.id, move="close", now=AFTER).state == RoundState.CLOSED
    with pytest.raises(RuleViolation) as error:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER, reason=" ")
    assert reason_of(error) == "Say why the round is reopened."
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER, reason="A mentor was ill.")
    audit = session.exec(select(AuditEntry.action, AuditEntry.reason).where(AuditEntry.entity == "workshop")
                         .order_by(AuditEntry.id)).all()
    assert [a for a in audit if a[0].startswith("judging_")] == [
        ("judging_open", ""), ("judging_close", ""), ("judging_open", "A mentor was ill.")]


def test_auto_assign_is_balanced_skips_conflicts_and_coaches_and_reports_short(session, cohort, judged, secretariat):
    mentors, teams = judged["mentors"], judged["teams"]
    assign_coach(session=session, actor=secretariat, team_id=teams[0].id, mentor_id=mentors[0].id)
    declare_conflict(session=session, actor=mentors[1], mentor_id=mentors[1].id, team_id=teams[0].id,
                     reason="My cousin is in this team.")
    declare_conflict(session=session, actor=secretariat, mentor_id=mentors[2].id, team_id=teams[0].id,
                     reason="Former student.")
    report = auto_assign(session=session, actor=secretariat, cohort=cohort)
    pairs = {(a.team_id, a.mentor_id) for a in session.exec(select(ReviewAssignment))}
    assert not pairs & {(teams[0].id, mentors[0].id), (teams[0].id, mentors[1].id), (teams[0].id, mentors[2].id)}
    # Team 0 can only get mentors 4 and 5: short by one in both workshops.
    assert report.short == ["Team 0 — Workshop 2: 2 of 3 mentors", "Team 0 — Workshop 3: 2 of 3 mentors"]
    assert len(report.plan.added) == 2 * (3 * 3 + 2)
    assert report.plan.spread <= 1
    # Running it again adds nothing: it is complete and deterministic.
    again = auto_assign(session=session, actor=secretariat, cohort=cohort)
    assert again.plan.added == [] and again.short == report.short


def test_manual_assignment_changes_are_checked_and_audited(session, judged, secretariat):
    mentors, teams, w = judged["mentors"], judged["teams"], judged["workshops"][0]
    declare_conflict(session=session, actor=mentors[0], mentor_id=mentors[0].id, team_id=teams[1].id, reason="Friend")
    with pytest.raises(RuleViolation) as error:
        assign_mentor(session=session, actor=secretariat, team_id=teams[1].id, workshop_id=w.id, mentor_id=mentors[0].id)
    assert reason_of(error) == "This mentor has a conflict of interest with this team."
    made = assign_mentor(session=session, actor=secretariat, team_id=teams[1].id, workshop_id=w.id,
                         mentor_id=mentors[1].id)
    with pytest.raises(RuleViolation) as error:
        unassign_mentor(session=session, actor=secretariat, assignment_id=made.id, reason="")
    assert reason_of(error) == "Say why the mentor is removed."
    unassign_mentor(session=session, actor=secretariat, assignment_id=made.id, reason="Too many already")
    actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "submission")).all()
    assert actions == ["mentor_assigned", "mentor_unassigned"]


@pytest.fixture
def open_round(session, cohort, judged, secretariat):
    for w in judged["workshops"]:
        move_round(session=session, actor=secretariat, workshop_id=w.id, move="open", now=AFTER)
    auto_assign(session=session, actor=secretariat, cohort=cohort)
    session.commit()
    return judged


def assigned_mentor(session, team, workshop, mentors, assigned=True):
    ids = set(session.exec(select(ReviewAssignment.mentor_id).where(
        ReviewAssignment.team_id == team.id, ReviewAssignment.workshop_id == workshop.id)))
    return next(m for m in mentors if (m.id in ids) == assigned)


def test_scoring_rules_drafts_submission_edits_and_lock(session, open_round, secretariat):
    team, w = open_round["teams"][0], open_round["workshops"][0]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    stranger = assigned_mentor(session, team, w, open_round["mentors"], assigned=False)
    criteria = criteria_of(session=session, workshop_id=w.id)
    # Unassigned: refused, nothing stored.
    with pytest.raises(RuleViolation) as error:
        save_score(session=session, mentor=stranger, team_id=team.id, workshop_id=w.id, form=full(criteria),
                   submit=True, now=AFTER)
    assert reason_of(error) == "This submission is not assigned to you."
    with pytest.raises(RuleViolation):
        review_view(session=session, mentor=stranger, team_id=team.id, workshop_id=w.id)
    # A draft may be incomplete, but values must be within scale.
    draft = ScoreForm({str(criteria[0].id): "8"}, "Promising", "")
    save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=draft, submit=False, now=AFTER)
    with pytest.raises(RuleViolation) as error:
        save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id,
                   form=ScoreForm({str(criteria[0].id): "11"}), submit=False, now=AFTER)
    assert error.value.by_field() == {f"criterion_{criteria[0].id}": "Enter a whole number from 1 to 10."}
    with pytest.raises(RuleViolation) as error:
        save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=draft, submit=True, now=AFTER)
    assert set(error.value.by_field()) == {f"criterion_{c.id}" for c in criteria[1:]}
    score = session.exec(select(Score)).one()
    assert (score.submitted, score.comment) == (False, "Promising")
    # Submitted, then edited while open.
    save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=full(criteria, 6),
               submit=True, now=AFTER)
    save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=full(criteria, 9),
               submit=False, now=AFTER)  # a submitted score stays submitted
    view = review_view(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id)
    assert view.status == "submitted" and set(view.values.values()) == {9}
    # Blind by default: no team name, city or original file names for the mentor.
    assert view.label == f"Submission 2-{team.id:04d}" and view.city == "" and "Team 0" not in view.label
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="close", now=AFTER)
    with pytest.raises(RuleViolation) as error:
        save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=full(criteria, 1),
                   submit=True, now=AFTER)
    assert reason_of(error) == "Judging of this workshop is closed; scores are locked."


def test_a_conflict_declared_later_removes_the_assignment_and_its_score(session, open_round):
    team, w = open_round["teams"][2], open_round["workshops"][0]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    criteria = criteria_of(session=session, workshop_id=w.id)
    save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id, form=full(criteria),
               submit=True, now=AFTER)
    declare_conflict(session=session, actor=mentor, mentor_id=mentor.id, team_id=team.id, reason="I know them")
    assert session.exec(select(Score).where(Score.mentor_id == mentor.id)).all() == []
    assert all(i.team_id != team.id for i in mentor_queue(session=session, mentor_id=mentor.id))
    with pytest.raises(RuleViolation) as error:
        declare_conflict(session=session, actor=mentor, mentor_id=mentor.id, team_id=team.id, reason="again")
    assert reason_of(error) == "This conflict is already declared."


def test_a_coach_assigned_later_cannot_score(session, open_round, secretariat):
    team, w = open_round["teams"][3], open_round["workshops"][1]
    mentor = assigned_mentor(session, team, w, open_round["mentors"])
    assign_coach(session=session, actor=secretariat, team_id=team.id, mentor_id=mentor.id)
    with pytest.raises(RuleViolation) as error:
        save_score(session=session, mentor=mentor, team_id=team.id, workshop_id=w.id,
                   form=full(criteria_of(session=session, workshop_id=w.id)), submit=True, now=AFTER)
    assert reason_of(error) == "You have a conflict of interest with this team, so you cannot score it."


def score_everything(session, judged, value_of):
    for w in judged["workshops"]:
        criteria = criteria_of(session=session, workshop_id=w.id)
        for a in session.exec(select(ReviewAssignment).where(ReviewAssignment.workshop_id == w.id)).all():
            mentor = session.get(User, a.mentor_id)
            save_score(session=session, mentor=mentor, team_id=a.team_id, workshop_id=w.id,
                       form=full(criteria, value_of(a), comment=f"Comment by {mentor.full_name}",
                                 note=f"Private note by {mentor.full_name}"), submit=True, now=AFTER)


def test_results_from_the_database_and_published_feedback(session, cohort, open_round, secretariat):
    teams = open_round["teams"]
    # Team i gets 4 + i from everyone: totals (3 + i) / 9 · 100.
    index = {t.id: i for i, t in enumerate(teams)}
    score_everything(session, open_round, lambda a: 4 + index[a.team_id])
    results = judging_results(session=session, cohort=cohort)
    assert [(t.name, t.rank, t.tie) for t in results.teams] == [
        ("Team 3", 1, False), ("Team 2", 2, False), ("Team 1", 3, False), ("Team 0", 4, False)]
    assert results.teams[0].final_score == pytest.approx(600 / 9)
    assert all(p.assigned == p.submitted for p in results.by_mentor.values())
    assert sum(p.assigned for p in results.by_mentor.values()) == 4 * 2 * 3
    # Nothing for the team before publication.
    assert team_feedback(session=session, team_id=teams[3].id) == []
    w = open_round["workshops"][0]
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="close", now=AFTER)
    move_round(session=session, actor=secretariat, workshop_id=w.id, move="publish", now=AFTER)
    [feedback] = team_feedback(session=session, team_id=teams[3].id)
    assert feedback.workshop == "Workshop 2: W2" and feedback.score == pytest.approx(600 / 9)
    assert [(c.name, c.average) for c in feedback.criteria] == [(name, 7.0) for name, _ in DEFAULT_CRITERIA]
    assert len(feedback.comments) == 3 and all(c.startswith("Comment by Mentor") for c in feedback.comments)
    text = repr(feedback)
    assert "Private note" not in text and "@example.org" not in text
    # With normalization the team reads the normalized score, computed over the whole round.
    cohort.normalize_scores = True
    session.add(cohort)
    session.flush()
    normalized = next(t for t in judging_results(session=session, cohort=cohort).teams if t.team_id == teams[3].id)
    [feedback] = team_feedback(session=session, team_id=teams[3].id)
    assert feedback.score == pytest.approx(normalized.workshops[0].score) and feedback.score != pytest.approx(600 / 9)


def test_rank_command_json_and_csv(session, cohort, open_round, tmp_path, capsys):
    score_everything(session, open_round, lambda a: 5)
    session.commit()
    assert main(["rank", "--cohort", cohort.name]) == 0
    document = json.loads(capsys.readouterr().out)
    teams = document["teams"]
    # Everyone 5 of 10 everywhere; the submission times decide: team 3 submitted earliest.
    assert [t["rank"] for t in teams] == [1, 2, 3, 4] and not any(t["tie"] for t in teams)
    assert [t["team"] for t in teams] == ["Team 3", "Team 2", "Team 1", "Team 0"]
    first = teams[0]
    assert first["final_score"] == pytest.approx(400 / 9, abs=1e-6)
    assert [w["weight"] for w in first["workshops"]] == [0.5, 0.5]
    workshop = first["workshops"][0]
    assert [c["name"] for c in workshop["criteria"]] == [name for name, _ in DEFAULT_CRITERIA]
    assert len(workshop["mentors"]) == 3 and all(m["mentor"].startswith("M-") for m in workshop["mentors"])
    assert workshop["mentors"][0]["values"] == {name: 5 for name, _ in DEFAULT_CRITERIA}
    assert "Mentor 1" not in json.dumps(document)
    out = tmp_path / "rank.csv"
    assert main(["rank", "--cohort", cohort.name, "--format", "csv", "--out", str(out)]) == 0
    assert "Wrote the ranking of 4 teams" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 4 * 2 * 3 * 5
    assert {r["value"] for r in rows} == {"5"} and rows[0]["team"] == "Team 3"
    assert main(["rank", "--cohort", "nope"]) == 2


def test_demo_judging(session, password_hash):
    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23))
    session.commit()
    cohort = session.exec(select(Cohort).where(Cohort.name == "2022")).one()
    results = judging_results(session=session, cohort=cohort)
    ties = [t for t in results.teams if t.tie]
    assert len(ties) == 2 and ties[0].rank == ties[1].rank
    assert len(results.teams) == 8 and all(t.final_score > 0 for t in results.teams)
    assert all(p.assigned == p.submitted == 12 for p in results.by_mentor.values()) and len(results.by_mentor) == 6
    # One lenient and one harsh mentor, visible in their leniency.
    names = {results.mentor_names[m]: offset for m, (offset, _) in results.leniency.items()}
    assert names["Prof. Carlos Mendes"] > 5 and names["Prof. Rahul Mehta"] < -5
    assert session.exec(select(Conflict)).all() != []
    assert {s.comment != "" for s in session.exec(select(Score))} == {True}
