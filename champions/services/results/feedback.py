"""What a team reads once a round is published: its score, each criterion's average and the
mentors' comments, never private notes or who wrote what."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from champions.models import Cohort, JudgingRound, RoundState, Score, ScoreValue, Team, Workshop
from champions.services.judging.rubrics import criteria_of
from champions.services.results.ranking import judging_input, team_results


@dataclass(frozen=True)
class CriterionFeedback:
    name: str
    average: float  # on the criterion's own scale
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class WorkshopFeedback:
    workshop: str
    score: float | None  # the submission's score (0-100) as the cohort computes it
    criteria: list[CriterionFeedback]
    comments: list[str]  # the mentors' comments, without who wrote them


def team_feedback(*, session: Session, team_id: int) -> list[WorkshopFeedback]:
    """The published rounds' results for one team: its score, each criterion's average and
    the mentors' comments. Never private notes or who scored."""
    team = session.get(Team, team_id)
    if team is None:
        return []
    published = session.exec(
        select(Workshop)
        .join(JudgingRound, JudgingRound.workshop_id == Workshop.id)
        .where(Workshop.cohort_id == team.cohort_id, JudgingRound.state == RoundState.PUBLISHED)
        .order_by(Workshop.position)
    ).all()
    if not published:
        return []
    cohort = session.get(Cohort, team.cohort_id)
    # Normalized scores depend on every score of the round; raw ones on this team's alone.
    data = judging_input(session=session, cohort=cohort, team_id=None if cohort.normalize_scores else team_id)
    mine = next((t for t in team_results(data) if t.team_id == team_id), None)
    feedback = []
    for workshop in published:
        result = next((w for w in mine.workshops if w.workshop_id == workshop.id), None) if mine else None
        scores = session.exec(
            select(Score)
            .where(Score.team_id == team_id, Score.workshop_id == workshop.id, Score.submitted)
            .order_by(Score.id)
        ).all()
        criteria = criteria_of(session=session, workshop_id=workshop.id)
        averages = dict(
            session.exec(
                select(ScoreValue.criterion_id, func.avg(ScoreValue.value))
                .join(Score, Score.id == ScoreValue.score_id)
                .where(Score.team_id == team_id, Score.workshop_id == workshop.id, Score.submitted)
                .group_by(ScoreValue.criterion_id)
            ).all()
        )
        feedback.append(
            WorkshopFeedback(
                f"Workshop {workshop.position}: {workshop.title}",
                result.score if result and result.score is not None else None,
                [
                    CriterionFeedback(c.name, float(averages[c.id]), c.scale_min, c.scale_max)
                    for c in criteria
                    if c.id in averages
                ],
                [s.comment for s in scores if s.comment],
            )
        )
    return feedback
