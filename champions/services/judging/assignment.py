"""Conflicts of interest and the assignment of mentors to submissions.

A mentor is conflicted with a team when they declared it (with a reason) or coach it. The
automatic assignment gives every submission of a judged workshop `reviewers_per_submission`
non-conflicted mentors, the least-loaded first, and is deterministic: the same submissions,
mentors, conflicts and existing assignments always give the same plan."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlmodel import Session, select

from champions.infra.reasons import Localized, Reason, RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import (
    Cohort,
    Conflict,
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
from champions.services.judging.rubrics import judged_workshops, round_of
from champions.services.phase2.submissions import cohort_standings

Key = tuple[int, int]  # (team id, workshop id): one submission


def active_mentors(*, session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.role == Role.MENTOR, User.is_active).order_by(User.id)))


def conflicted_pairs(*, session: Session, cohort_id: int) -> set[tuple[int, int]]:
    """Every (mentor id, team id) of the cohort that must not be assigned: declared conflicts
    and each team's coach. Two queries."""
    declared = session.exec(
        select(Conflict.mentor_id, Conflict.team_id)
        .join(Team, Team.id == Conflict.team_id)
        .where(Team.cohort_id == cohort_id)
    )
    coaches = session.exec(
        select(Team.coach_id, Team.id).where(Team.cohort_id == cohort_id, Team.coach_id.is_not(None))
    )
    return {(m, t) for m, t in declared} | {(m, t) for m, t in coaches}


@dataclass(frozen=True)
class ConflictRow:
    conflict_id: int | None  # None for a coaching link (withdrawn by changing the coach)
    mentor: str
    team: str
    reason: str


def cohort_conflicts(*, session: Session, cohort_id: int) -> list[ConflictRow]:
    """Every conflict of the cohort for the secretariat: declared ones with their reason, then
    coaching links. Two queries."""
    declared = session.exec(
        select(Conflict, User.full_name, Team.name)
        .join(User, User.id == Conflict.mentor_id)
        .join(Team, Team.id == Conflict.team_id)
        .where(Team.cohort_id == cohort_id)
        .order_by(Conflict.id)
    ).all()
    coached = session.exec(
        select(User.full_name, Team.name)
        .join(Team, Team.coach_id == User.id)
        .where(Team.cohort_id == cohort_id)
        .order_by(Team.name)
    ).all()
    return [ConflictRow(c.id, mentor, team, c.reason) for c, mentor, team in declared] + [
        ConflictRow(None, mentor, team, "Coaches the team") for mentor, team in coached
    ]


def is_conflicted(*, session: Session, mentor_id: int, team: Team) -> bool:
    if team.coach_id == mentor_id:
        return True
    return (
        session.exec(
            select(Conflict.id).where(Conflict.mentor_id == mentor_id, Conflict.team_id == team.id)
        ).first()
        is not None
    )


ROUND_CLOSED = Reason("round_closed", "Judging of this workshop is closed; reopen it to change assignments.")


def assignment_lock(state: RoundState) -> Reason | None:
    """Why a workshop's assignments cannot change in a round in `state` (None while it is
    being prepared or open): a closed or published round locks them."""
    return ROUND_CLOSED if state in (RoundState.CLOSED, RoundState.PUBLISHED) else None


def can_change_assignments(state: str) -> bool:
    """Whether a round whose state is `state` (its value, "" for no round) lets assignments change."""
    return state in {s.value for s in RoundState} and assignment_lock(RoundState(state)) is None


def _locked(session: Session, workshop_id: int) -> bool:
    return assignment_lock(round_of(session=session, workshop_id=workshop_id).state) is not None


def _drop_assignment(session: Session, assignment: ReviewAssignment) -> bool:
    """Remove an assignment with the mentor's score of that submission (draft or submitted).
    Returns whether a submitted score went with it."""
    score = session.exec(
        select(Score).where(
            Score.team_id == assignment.team_id,
            Score.workshop_id == assignment.workshop_id,
            Score.mentor_id == assignment.mentor_id,
        )
    ).first()
    if score is not None:
        session.exec(delete(ScoreValue).where(ScoreValue.score_id == score.id))
        session.delete(score)
    session.delete(assignment)
    return bool(score and score.submitted)


def declare_conflict(*, session: Session, actor: User, mentor_id: int, team_id: int, reason: str) -> Conflict:
    """Record a mentor's conflict with a team (by the mentor or the secretariat). Any
    assignment of the mentor to the team in a round that is not closed goes, with its score.
    Audited. Raises RuleViolation."""
    team, mentor = session.get(Team, team_id), session.get(User, mentor_id)
    reason = reason.strip()
    if team is None:
        raise RuleViolation([Reason("not_found", "Choose a team.", "team")])
    if mentor is None or mentor.role != Role.MENTOR:
        raise RuleViolation([Reason("not_mentor", "Choose one of the program's mentors.", "mentor")])
    if not reason:
        raise RuleViolation([Reason("required", "Say briefly why (for the secretariat).", "reason")])
    if len(reason) > 500:
        raise RuleViolation([Reason("too_long", "Keep the reason to 500 characters.", "reason")])
    if session.exec(
        select(Conflict.id).where(Conflict.mentor_id == mentor_id, Conflict.team_id == team_id)
    ).first():
        raise RuleViolation([Reason("duplicate", "This conflict is already declared.", "team")])
    conflict = Conflict(mentor_id=mentor_id, team_id=team_id, reason=reason, declared_by=actor.id)
    session.add(conflict)
    removed = []
    for assignment in session.exec(
        select(ReviewAssignment).where(
            ReviewAssignment.mentor_id == mentor_id, ReviewAssignment.team_id == team_id
        )
    ).all():
        if not _locked(session, assignment.workshop_id):
            removed.append(assignment.workshop_id)
            _drop_assignment(session, assignment)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="conflict_declared",
        entity="team",
        entity_id=team_id,
        after={"mentor_id": mentor_id, "unassigned_workshops": removed},
        reason=reason,
    )
    session.flush()
    return conflict


NO_SUCH_SUBMISSION = Reason(
    "not_found",
    "Type a code from your queue (like 2-ABCD2345) or the team's name as you know it.",
    "submission",
)


def team_named_by_mentor(
    *, session: Session, mentor_id: int, text: str, cohort_id: int | None
) -> Team | None:
    """The team a mentor means by `text`: a code of their own queue ("Submission 2-ABCD2345",
    "2-ABCD2345" or "ABCD2345"), else a team of the cohort `cohort_id` by its exact name
    (any case). None when neither matches. Never lists teams."""
    text = " ".join(text.split()) if isinstance(text, str) else ""
    if not text or len(text) > 120:
        return None
    code = text.upper().removeprefix("SUBMISSION ").rsplit("-", 1)[-1]
    assignment = session.exec(
        select(ReviewAssignment).where(ReviewAssignment.mentor_id == mentor_id, ReviewAssignment.code == code)
    ).first()
    if assignment is not None:
        return session.get(Team, assignment.team_id)
    if cohort_id is None:
        return None
    return session.exec(
        select(Team).where(Team.cohort_id == cohort_id, Team.name_key == text.casefold())
    ).first()


def declare_own_conflict(
    *, session: Session, mentor: User, text: str, reason: str, cohort_id: int | None
) -> Conflict:
    """A mentor declares a conflict with the team `text` names (`team_named_by_mentor`).
    Raises RuleViolation (the same for a name that matches nothing as for a malformed one);
    otherwise as `declare_conflict`."""
    if not isinstance(reason, str) or not reason.strip():
        raise RuleViolation([Reason("required", "Say briefly why (for the secretariat).", "reason")])
    team = team_named_by_mentor(session=session, mentor_id=mentor.id, text=text, cohort_id=cohort_id)
    if team is None:
        raise RuleViolation([NO_SUCH_SUBMISSION])
    try:
        return declare_conflict(
            session=session, actor=mentor, mentor_id=mentor.id, team_id=team.id, reason=reason
        )
    except RuleViolation as violation:
        # Field "team" of the secretariat's form is the mentor's "submission" field.
        raise RuleViolation(
            [r.at("submission" if r.field == "team" else r.field) for r in violation.reasons]
        ) from None


def withdraw_conflict(*, session: Session, actor: User, conflict_id: int) -> None:
    """The secretariat removes a declared conflict. Audited."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise RuleViolation([Reason("not_found", "There is no such conflict.")])
    team = session.get(Team, conflict.team_id)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="conflict_withdrawn",
        entity="team",
        entity_id=team.id,
        before={"mentor_id": conflict.mentor_id, "reason": conflict.reason},
    )
    session.delete(conflict)
    session.flush()


# --- the plan (pure) ------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentPlan:
    added: list[tuple[int, int, int]]  # (team, workshop, mentor)
    short: dict[Key, int]  # submission → how many mentors it has (fewer than needed)
    loads: dict[int, int]  # mentor → submissions assigned, after the plan
    needed: int = 3

    @property
    def spread(self) -> int:
        """max − min load over the mentors."""
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def plan_assignments(
    submissions: list[Key],
    mentors: list[int],
    conflicts: set[tuple[int, int]],
    existing: list[tuple[int, int, int]],
    per_submission: int,
) -> AssignmentPlan:
    """Fill every submission up to `per_submission` mentors, keeping existing assignments.
    The submissions with the fewest possible mentors are filled first; each takes the
    least-loaded eligible mentors (ties: the lower id). Without conflicts, loads then differ
    by at most one. Input order does not matter."""
    mentors = sorted(set(mentors))
    loads = Counter({m: 0 for m in mentors})
    have: dict[Key, set[int]] = {key: set() for key in submissions}
    for team, workshop, mentor in existing:
        if mentor in loads:
            loads[mentor] += 1
        if (team, workshop) in have:
            have[(team, workshop)].add(mentor)

    def eligible(key: Key) -> list[int]:
        return [m for m in mentors if (m, key[0]) not in conflicts and m not in have[key]]

    order = sorted(have, key=lambda key: (len(eligible(key)), key[1], key[0]))
    added, short = [], {}
    for key in order:
        missing = per_submission - len(have[key])
        if missing <= 0:
            continue
        chosen = sorted(eligible(key), key=lambda m: (loads[m], m))[:missing]
        for mentor in chosen:
            loads[mentor] += 1
            have[key].add(mentor)
            added.append((key[0], key[1], mentor))
        if len(have[key]) < per_submission:
            short[key] = len(have[key])
    return AssignmentPlan(sorted(added, key=lambda a: (a[1], a[0], a[2])), short, dict(loads), per_submission)


# --- applying it ----------------------------------------------------------------------------


@dataclass
class AssignmentReport:
    plan: AssignmentPlan
    removed_conflicted: int = 0
    short: list[str] = field(default_factory=list)  # "Team X — Workshop 2: 1 of 3 mentors"


def submissions_to_judge(*, session: Session, cohort_id: int) -> list[Key]:
    """(team, workshop) of every counted version for a judged workshop of the cohort."""
    judged = {w.id for w in judged_workshops(session=session, cohort_id=cohort_id)}
    return sorted(
        key
        for key, standing in cohort_standings(session=session, cohort_id=cohort_id).items()
        if key[1] in judged and standing.counted is not None
    )


def cohort_assignments(*, session: Session, cohort_id: int) -> list[ReviewAssignment]:
    return list(
        session.exec(
            select(ReviewAssignment)
            .join(Team, Team.id == ReviewAssignment.team_id)
            .where(Team.cohort_id == cohort_id)
            .order_by(ReviewAssignment.id)
        )
    )


def _short_line(team: str, position: int, have: int, needed: int, language: str) -> str:
    """ "Night Owls — Workshop 2: 1 of 2 mentors" in the language."""
    return gettext(
        language,
        "{team} — Workshop {position}: {have} of {needed} mentors",
        team=team,
        position=position,
        have=have,
        needed=needed,
    )


@dataclass(frozen=True)
class AssignmentRow:
    assignment_id: int
    team: str
    mentor: str
    status: str  # "not started", "draft", "submitted"


def workshop_assignments(*, session: Session, workshop_id: int) -> list[AssignmentRow]:
    """Who reviews what in one workshop, with how far each score is, by team then mentor.
    Two queries."""
    rows = session.exec(
        select(ReviewAssignment, Team.name, User.full_name)
        .join(Team, Team.id == ReviewAssignment.team_id)
        .join(User, User.id == ReviewAssignment.mentor_id)
        .where(ReviewAssignment.workshop_id == workshop_id)
    ).all()
    scored = {
        (team, mentor): submitted
        for team, mentor, submitted in session.exec(
            select(Score.team_id, Score.mentor_id, Score.submitted).where(Score.workshop_id == workshop_id)
        )
    }
    status = {True: N_("submitted"), False: N_("draft")}  # shown translated (t_var)
    return sorted(
        [
            AssignmentRow(
                a.id, team, mentor, status.get(scored.get((a.team_id, a.mentor_id)), N_("not started"))
            )
            for a, team, mentor in rows
        ],
        key=lambda r: (r.team.casefold(), r.mentor),
    )


def auto_assign(*, session: Session, actor: User, cohort: Cohort) -> AssignmentReport:
    """Assign mentors to every submission of the cohort's judged workshops whose round is not
    closed; conflicted assignments (a conflict or coaching that came later) are removed first.
    Audited as one entry. Flushes."""
    workshops = {w.id: w for w in judged_workshops(session=session, cohort_id=cohort.id)}
    open_ids = {w for w in workshops if not _locked(session, w)}
    conflicts = conflicted_pairs(session=session, cohort_id=cohort.id)
    removed = 0
    existing = []
    for assignment in cohort_assignments(session=session, cohort_id=cohort.id):
        if assignment.workshop_id in open_ids and (assignment.mentor_id, assignment.team_id) in conflicts:
            _drop_assignment(session, assignment)
            removed += 1
        else:
            existing.append((assignment.team_id, assignment.workshop_id, assignment.mentor_id))
    submissions = [
        key for key in submissions_to_judge(session=session, cohort_id=cohort.id) if key[1] in open_ids
    ]
    plan = plan_assignments(
        submissions,
        [m.id for m in active_mentors(session=session)],
        conflicts,
        existing,
        cohort.reviewers_per_submission,
    )
    for team_id, workshop_id, mentor_id in plan.added:
        session.add(ReviewAssignment(team_id=team_id, workshop_id=workshop_id, mentor_id=mentor_id))
    teams = {t.id: t.name for t in session.exec(select(Team).where(Team.cohort_id == cohort.id))}
    report = AssignmentReport(
        plan,
        removed,
        [
            Localized(_short_line, teams[t], workshops[w].position, have, plan.needed)
            for (t, w), have in sorted(
                plan.short.items(),
                key=lambda item: (workshops[item[0][1]].position, teams[item[0][0]].casefold()),
            )
        ],
    )
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="mentors_auto_assigned",
        entity="cohort",
        entity_id=cohort.id,
        after={
            "added": len(plan.added),
            "removed_conflicted": removed,
            "short": len(plan.short),
            "load_spread": plan.spread,
        },
    )
    session.flush()
    return report


def assignment_refusal(
    *, session: Session, team: Team | None, workshop: Workshop | None, mentor: User | None
) -> Reason | None:
    if team is None or workshop is None or team.cohort_id != workshop.cohort_id or not workshop.judged:
        return Reason("not_found", "There is no such submission.")
    if mentor is None or mentor.role != Role.MENTOR or not mentor.is_active:
        return Reason("not_mentor", "Choose one of the program's mentors.", "mentor")
    if _locked(session, workshop.id):
        return ROUND_CLOSED
    return None


def assign_mentor(
    *, session: Session, actor: User, team_id: int, workshop_id: int, mentor_id: int
) -> ReviewAssignment:
    """The secretariat adds a mentor to a submission by hand. Conflicted mentors are refused.
    Audited. Raises RuleViolation."""
    team, workshop, mentor = (
        session.get(Team, team_id),
        session.get(Workshop, workshop_id),
        session.get(User, mentor_id),
    )
    refusal = assignment_refusal(session=session, team=team, workshop=workshop, mentor=mentor)
    if refusal is None and is_conflicted(session=session, mentor_id=mentor_id, team=team):
        refusal = Reason("conflicted", "This mentor has a conflict of interest with this team.", "mentor")
    if (
        refusal is None
        and session.exec(
            select(ReviewAssignment.id).where(
                ReviewAssignment.team_id == team_id,
                ReviewAssignment.workshop_id == workshop_id,
                ReviewAssignment.mentor_id == mentor_id,
            )
        ).first()
        is not None
    ):
        refusal = Reason("duplicate", "This mentor is already assigned to this submission.", "mentor")
    if refusal:
        raise RuleViolation([refusal])
    assignment = ReviewAssignment(team_id=team_id, workshop_id=workshop_id, mentor_id=mentor_id)
    session.add(assignment)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="mentor_assigned",
        entity="submission",
        entity_id=f"{team_id}:{workshop_id}",
        after={"mentor_id": mentor_id},
    )
    session.flush()
    return assignment


def unassign_mentor(*, session: Session, actor: User, assignment_id: int, reason: str) -> None:
    """The secretariat removes a mentor from a submission; their score of it goes too (kept in
    the audit entry). Needs a reason. Audited. Raises RuleViolation."""
    assignment = session.get(ReviewAssignment, assignment_id)
    if assignment is None:
        raise RuleViolation([Reason("not_found", "There is no such assignment.")])
    team, workshop = session.get(Team, assignment.team_id), session.get(Workshop, assignment.workshop_id)
    refusal = assignment_refusal(
        session=session, team=team, workshop=workshop, mentor=session.get(User, assignment.mentor_id)
    )
    if refusal and refusal.code != "not_mentor":
        raise RuleViolation([refusal])
    if not reason.strip():
        raise RuleViolation([Reason("required", "Say why the mentor is removed.", "reason")])
    mentor_id = assignment.mentor_id
    submitted = _drop_assignment(session, assignment)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=team.cohort_id,
        action="mentor_unassigned",
        entity="submission",
        entity_id=f"{team.id}:{workshop.id}",
        before={"mentor_id": mentor_id, "score_submitted": submitted},
        reason=reason.strip(),
    )
    session.flush()
