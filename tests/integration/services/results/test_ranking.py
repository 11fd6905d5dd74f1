"""Judging results read from the database, team feedback, the `rank` command and the demo."""

import csv
import io
import json
from datetime import date

import pytest
from sqlmodel import select

from champions.cli import main
from champions.demo.seed import seed_demo
from champions.models import Cohort, Conflict, ReviewAssignment, Score, User
from champions.services.judging.rubrics import DEFAULT_CRITERIA, criteria_of, move_round
from champions.services.judging.scoring import save_score
from champions.services.results.feedback import team_feedback
from champions.services.results.ranking import judging_results

from .conftest import AFTER, full


def score_everything(session, judged, value_of):
    for w in judged["workshops"]:
        criteria = criteria_of(session=session, workshop_id=w.id)
        for a in session.exec(select(ReviewAssignment).where(ReviewAssignment.workshop_id == w.id)).all():
            mentor = session.get(User, a.mentor_id)
            save_score(
                session=session,
                mentor=mentor,
                team_id=a.team_id,
                workshop_id=w.id,
                form=full(
                    criteria,
                    value_of(a),
                    comment=f"Comment by {mentor.full_name}",
                    note=f"Private note by {mentor.full_name}",
                ),
                submit=True,
                now=AFTER,
            )


def test_results_from_the_database_and_published_feedback(session, cohort, open_round, secretariat):
    teams = open_round["teams"]
    # Team i gets 4 + i from everyone: totals (3 + i) / 9 · 100.
    index = {t.id: i for i, t in enumerate(teams)}
    score_everything(session, open_round, lambda a: 4 + index[a.team_id])
    results = judging_results(session=session, cohort=cohort)
    assert [(t.name, t.rank, t.tie) for t in results.teams] == [
        ("Team 3", 1, False),
        ("Team 2", 2, False),
        ("Team 1", 3, False),
        ("Team 0", 4, False),
    ]
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
    normalized = next(
        t for t in judging_results(session=session, cohort=cohort).teams if t.team_id == teams[3].id
    )
    [feedback] = team_feedback(session=session, team_id=teams[3].id)
    assert feedback.score == pytest.approx(normalized.workshops[0].score) and feedback.score != pytest.approx(
        600 / 9
    )


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
    assert (
        all(p.assigned == p.submitted == 12 for p in results.by_mentor.values())
        and len(results.by_mentor) == 6
    )
    # One lenient and one harsh mentor, visible in their leniency.
    names = {results.mentor_names[m]: offset for m, (offset, _) in results.leniency.items()}
    assert names["Prof. Carlos Mendes"] > 5 and names["Prof. Rahul Mehta"] < -5
    assert session.exec(select(Conflict)).all() != []
    assert {s.comment != "" for s in session.exec(select(Score))} == {True}
