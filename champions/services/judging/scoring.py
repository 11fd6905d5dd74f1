"""Mentors scoring submissions: what a mentor may see and score, their queue, drafts and
submitted scores, and the feedback a team reads once a round is published."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import gettext
from champions.models import (
    Cohort,
    Conflict,
    Criterion,
    JudgingRound,
    ReviewAssignment,
    Role,
    RoundState,
    Score,
    ScoreValue,
    Team,
    User,
    Workshop,
)
from champions.services.audit import record_audit
from champions.services.judging.assignment import is_conflicted
from champions.services.judging.rubrics import criteria_of, round_of
from champions.services.phase2.submissions import counted_version, file_extension, files_of, versions_of
from champions.services.phase2.workshops import effective_deadline, extension_of

TEXT_MAX = 4000


def submission_label(team: Team, workshop: Workshop, blind: bool, code: str, language: str = "en") -> str:
    """How a mentor sees a submission named: the team's name, or when blind the random code
    of their assignment (nothing of the team: not its id, name, city or members)."""
    if blind:
        return gettext(language, "Submission {position}-{code}", position=workshop.position, code=code)
    return gettext(language, "{team} — Workshop {position}", team=team.name, position=workshop.position)


def workshop_label(workshop: Workshop, language: str = "en") -> str:
    """ "Workshop 2: Solution design" in the language."""
    return gettext(language, "Workshop {position}: {title}", position=workshop.position, title=workshop.title)


def assignment_by_code(*, session: Session, mentor_id: int, code: str) -> ReviewAssignment | None:
    """The mentor's assignment their queue names `code` (None for any other code, including
    another mentor's)."""
    if not isinstance(code, str) or not code or len(code) > 16:
        return None
    return session.exec(
        select(ReviewAssignment).where(ReviewAssignment.mentor_id == mentor_id, ReviewAssignment.code == code)
    ).first()


def review_refusal(
    *, session: Session, mentor: User | None, team: Team | None, workshop: Workshop | None
) -> Reason | None:
    """Why this person may not read this submission as its reviewer (None: they may):
    they must be a mentor assigned to it and not conflicted with the team."""
    if mentor is None or mentor.role != Role.MENTOR:
        return Reason("not_mentor", "Only mentors score submissions.")
    if team is None or workshop is None or team.cohort_id != workshop.cohort_id:
        return Reason("not_assigned", "This submission is not assigned to you.")
    assigned = session.exec(
        select(ReviewAssignment.id).where(
            ReviewAssignment.team_id == team.id,
            ReviewAssignment.workshop_id == workshop.id,
            ReviewAssignment.mentor_id == mentor.id,
        )
    ).first()
    if assigned is None:
        return Reason("not_assigned", "This submission is not assigned to you.")
    if is_conflicted(session=session, mentor_id=mentor.id, team=team):
        return Reason("conflicted", "You have a conflict of interest with this team, so you cannot score it.")
    return None


def scoring_refusal(
    *, session: Session, mentor: User | None, team: Team | None, workshop: Workshop | None
) -> Reason | None:
    """Why this person may not change their score of this submission now: the read rule,
    and the round must be open."""
    refusal = review_refusal(session=session, mentor=mentor, team=team, workshop=workshop)
    if refusal:
        return refusal
    state = round_of(session=session, workshop_id=workshop.id).state
    if state == RoundState.SETUP:
        return Reason("not_open", "Judging of this workshop has not opened yet.")
    if state != RoundState.OPEN:
        return Reason("round_closed", "Judging of this workshop is closed; scores are locked.")
    return None


@dataclass(frozen=True)
class ScoreForm:
    values: dict[str, str] = field(default_factory=dict)  # criterion id (text) → typed value
    comment: str = ""
    private_note: str = ""

    @classmethod
    def from_form(cls, data: dict) -> "ScoreForm":
        data = data if isinstance(data, dict) else {}
        values = {
            key[len("criterion_") :]: value
            for key, value in data.items()
            if isinstance(key, str) and key.startswith("criterion_") and isinstance(value, str)
        }
        text = {k: data.get(k) if isinstance(data.get(k), str) else "" for k in ("comment", "private_note")}
        return cls(values, text["comment"], text["private_note"])


def check_score(
    criteria: list[Criterion], form: ScoreForm, complete: bool
) -> tuple[dict[int, int], list[Reason]]:
    """The values by criterion id. Each must be a whole number within its scale; when
    `complete` (submitting), every criterion needs one. Field names: criterion_<id>, comment,
    private_note."""
    values, reasons = {}, []
    for criterion in criteria:
        typed = form.values.get(str(criterion.id), "").strip()
        where = f"criterion_{criterion.id}"
        if not typed:
            if complete:
                reasons.append(
                    Reason(
                        "required",
                        "Give a score from {low} to {high}.",
                        where,
                        values={"low": criterion.scale_min, "high": criterion.scale_max},
                    )
                )
            continue
        try:
            value = int(typed)
        except ValueError:
            value = None
        if value is None or not criterion.scale_min <= value <= criterion.scale_max:
            reasons.append(
                Reason(
                    "scale",
                    "Enter a whole number from {low} to {high}.",
                    where,
                    values={"low": criterion.scale_min, "high": criterion.scale_max},
                )
            )
            continue
        values[criterion.id] = value
    for name, text in (("comment", form.comment), ("private_note", form.private_note)):
        if len(text.strip()) > TEXT_MAX:
            reasons.append(
                Reason("too_long", "Keep this to {max} characters.", name, values={"max": TEXT_MAX})
            )
    return values, reasons


def score_of(*, session: Session, mentor_id: int, team_id: int, workshop_id: int) -> Score | None:
    return session.exec(
        select(Score).where(
            Score.team_id == team_id, Score.workshop_id == workshop_id, Score.mentor_id == mentor_id
        )
    ).first()


def values_of(*, session: Session, score_id: int) -> dict[int, int]:
    return {
        c: v
        for c, v in session.exec(
            select(ScoreValue.criterion_id, ScoreValue.value).where(ScoreValue.score_id == score_id)
        )
    }


def save_score(
    *,
    session: Session,
    mentor: User,
    team_id: int,
    workshop_id: int,
    form: ScoreForm,
    submit: bool,
    now: datetime,
) -> Score:
    """Save a mentor's score of an assigned submission while its round is open. A draft may
    be incomplete; submitting needs every criterion, and a submitted score stays submitted
    (later saves must be complete too). Submitting is audited. Raises RuleViolation, with
    nothing changed, on a refusal or a bad value."""
    team, workshop = session.get(Team, team_id), session.get(Workshop, workshop_id)
    refusal = scoring_refusal(session=session, mentor=mentor, team=team, workshop=workshop)
    if refusal:
        raise RuleViolation([refusal])
    score = score_of(session=session, mentor_id=mentor.id, team_id=team_id, workshop_id=workshop_id)
    complete = submit or bool(score and score.submitted)
    criteria = criteria_of(session=session, workshop_id=workshop_id)
    values, reasons = check_score(criteria, form, complete)
    if reasons:
        raise RuleViolation(reasons)
    before = values_of(session=session, score_id=score.id) if score and score.submitted else None
    if score is None:
        score = Score(team_id=team_id, workshop_id=workshop_id, mentor_id=mentor.id)
    score.comment, score.private_note, score.updated_at = form.comment.strip(), form.private_note.strip(), now
    if complete:
        score.submitted, score.submitted_at = True, now
    session.add(score)
    session.flush()
    session.exec(delete(ScoreValue).where(ScoreValue.score_id == score.id))
    session.add_all([ScoreValue(score_id=score.id, criterion_id=c, value=v) for c, v in values.items()])
    if complete:
        record_audit(
            session=session,
            actor_id=mentor.id,
            cohort_id=team.cohort_id,
            action="score_submitted",
            entity="submission",
            entity_id=f"{team_id}:{workshop_id}",
            before={"values": before} if before is not None else None,
            after={"values": values},
        )
    session.flush()
    return score


# --- what a mentor sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    code: str
    team_id: int
    workshop_id: int
    label: str
    workshop: str
    round_state: str
    status: str  # "not started", "draft", "submitted"
    position: int = 0


def mentor_queue(*, session: Session, mentor_id: int, language: str = "en") -> list[QueueItem]:
    """The mentor's assigned submissions, by workshop then label, without the ones they are
    conflicted with. Four queries."""
    rows = session.exec(
        select(ReviewAssignment, Team, Workshop, Cohort)
        .join(Team, Team.id == ReviewAssignment.team_id)
        .join(Workshop, Workshop.id == ReviewAssignment.workshop_id)
        .join(Cohort, Cohort.id == Team.cohort_id)
        .where(ReviewAssignment.mentor_id == mentor_id)
    ).all()
    scores = {
        (s.team_id, s.workshop_id): s for s in session.exec(select(Score).where(Score.mentor_id == mentor_id))
    }
    rounds = {
        r.workshop_id: r.state
        for r in session.exec(
            select(JudgingRound).where(JudgingRound.workshop_id.in_({w.id for _, _, w, _ in rows}))
        )
    }
    items = []
    for assignment, team, workshop, cohort in rows:
        if team.coach_id == mentor_id:
            continue
        score = scores.get((team.id, workshop.id))
        status = "submitted" if score and score.submitted else "draft" if score else "not started"
        items.append(
            QueueItem(
                assignment.code,
                team.id,
                workshop.id,
                submission_label(team, workshop, cohort.blind_judging, assignment.code, language),
                workshop_label(workshop, language),
                rounds.get(workshop.id, RoundState.SETUP).value,
                status,
                workshop.position,
            )
        )
    declared = set(session.exec(select(Conflict.team_id).where(Conflict.mentor_id == mentor_id)))
    return sorted([i for i in items if i.team_id not in declared], key=lambda i: (i.position, i.label))


@dataclass(frozen=True)
class ReviewFile:
    public_id: str
    name: str
    size: int


@dataclass(frozen=True)
class ReviewView:
    """What a mentor sees of a submission they review: blind by default (no member names,
    countries or original file names), with their own score only."""

    label: str
    workshop: str
    brief: str
    title: str
    summary: str
    link: str
    challenge: str
    city: str
    files: list[ReviewFile]
    criteria: list[Criterion]
    values: dict[int, int]
    comment: str
    private_note: str
    status: str
    round_state: str


def review_view(
    *, session: Session, mentor: User, team_id: int, workshop_id: int, language: str = "en"
) -> ReviewView:
    """The counted version of an assigned submission and the mentor's own score. Raises
    RuleViolation when the mentor may not read it."""
    team, workshop = session.get(Team, team_id), session.get(Workshop, workshop_id)
    refusal = review_refusal(session=session, mentor=mentor, team=team, workshop=workshop)
    if refusal:
        raise RuleViolation([refusal])
    cohort = session.get(Cohort, team.cohort_id)
    code = session.exec(
        select(ReviewAssignment.code).where(
            ReviewAssignment.team_id == team.id,
            ReviewAssignment.workshop_id == workshop.id,
            ReviewAssignment.mentor_id == mentor.id,
        )
    ).one()
    deadline = effective_deadline(
        workshop, extension_of(session=session, team_id=team_id, workshop_id=workshop_id)
    )
    version = counted_version(
        versions_of(session=session, team_id=team_id, workshop_id=workshop_id), deadline
    )
    files = []
    if version is not None:
        for index, file in enumerate(files_of(session=session, version_id=version.id), start=1):
            extension = file_extension(file.original_name)
            name = f"File {index}" + (f" ({extension.upper()})" if extension else "")
            files.append(
                ReviewFile(file.public_id, name if cohort.blind_judging else file.original_name, file.size)
            )
    score = score_of(session=session, mentor_id=mentor.id, team_id=team_id, workshop_id=workshop_id)
    return ReviewView(
        label=submission_label(team, workshop, cohort.blind_judging, code, language),
        workshop=workshop_label(workshop, language),
        brief=workshop.brief,
        title=version.title if version else "",
        summary=version.summary if version else "",
        link=version.link if version else "",
        challenge=team.challenge,
        city="" if cohort.blind_judging else team.city,
        files=files,
        criteria=criteria_of(session=session, workshop_id=workshop_id),
        values=values_of(session=session, score_id=score.id) if score else {},
        comment=score.comment if score else "",
        private_note=score.private_note if score else "",
        status="submitted" if score and score.submitted else "draft" if score else "not started",
        round_state=round_of(session=session, workshop_id=workshop_id).state.value,
    )


def next_to_score(items: list[QueueItem], team_id: int, workshop_id: int) -> QueueItem | None:
    """The submission to open after (team_id, workshop_id) for "Save and next": the first one
    after it in the queue's order, then from the top, whose round is open and whose score is
    not submitted; None when every other one is scored."""
    at = next((n for n, i in enumerate(items) if (i.team_id, i.workshop_id) == (team_id, workshop_id)), -1)
    for item in items[at + 1 :] + items[: max(at, 0)]:
        if item.round_state == RoundState.OPEN.value and item.status != "submitted":
            return item
    return None


def mentor_progress(items: list[QueueItem]) -> tuple[int, int]:
    """(submitted, assigned) over a mentor's queue."""
    return sum(1 for i in items if i.status == "submitted"), len(items)


# --- what a team reads once a round is published ----------------------------------------------
