"""What the judging pages show, read in one go per page: a mentor's queue and review, the
secretariat's judging of a cohort, and the results. Typed values the states display as they
are (labels in the viewer's words, ids as text for the page's controls)."""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlmodel import Session, select

from champions.infra.translations import gettext
from champions.models import Team, User
from champions.services.judging.assignment import (
    AssignmentReport,
    active_mentors,
    cohort_conflicts,
    workshop_assignments,
)
from champions.services.judging.closing import closing_fields
from champions.services.judging.rubrics import criteria_of, judged_workshops, round_of
from champions.services.judging.scoring import mentor_progress, mentor_queue, next_to_score, review_view
from champions.services.phase2.recommendations import (
    counted_recommendation,
    final_workshop,
    target_codes,
    target_label,
)
from champions.services.phase2.workshops import brief_markdown
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.views import Choice, FileLink

STATUS_TEXT = {"not started": "Not started", "draft": "Draft saved", "submitted": "Submitted"}


# --- a mentor's queue and review ------------------------------------------------------------


@dataclass(frozen=True)
class QueueLine:
    key: str  # the assignment's random code: nothing of the team
    label: str
    workshop: str
    round: str
    status: str


@dataclass(frozen=True)
class QueuePage:
    items: list[QueueLine] = field(default_factory=list)
    progress_text: str = ""


def cohort_teams(*, session: Session, cohort_id: int) -> list[Team]:
    """The cohort's teams by name."""
    teams = session.exec(select(Team).where(Team.cohort_id == cohort_id)).all()
    return sorted(teams, key=lambda t: t.name.casefold())


def mentor_queue_page(*, session: Session, mentor_id: int, today: date, language: str = "en") -> QueuePage:
    """A mentor's assigned submissions with their progress. Nothing of the cohort's other
    teams: a mentor declares a conflict by a code of their queue or a name they already know."""
    items = mentor_queue(session=session, mentor_id=mentor_id, language=language)
    done, total = mentor_progress(items)
    return QueuePage(
        items=[QueueLine(i.code, i.label, i.workshop, i.round_state, STATUS_TEXT[i.status]) for i in items],
        progress_text=gettext(language, "{done} of {total} scored", done=done, total=total),
    )


@dataclass(frozen=True)
class ReviewPanel:
    label: str = ""
    workshop: str = ""
    brief: str = ""
    title: str = ""
    summary: str = ""
    link: str = ""
    challenge: str = ""
    city: str = ""
    status: str = ""
    round: str = ""
    comment: str = ""
    private_note: str = ""
    # The team's youth recommendations, read with the final workshop's submission ("" otherwise).
    recommendations_title: str = ""
    recommendations_body: str = ""
    recommendations_targets: str = ""


@dataclass(frozen=True)
class CriterionLine:
    id: str
    name: str
    guidance: str
    range: str
    min: str
    max: str
    value: str


@dataclass(frozen=True)
class ReviewPage:
    review: ReviewPanel
    files: list[FileLink]
    criteria: list[CriterionLine]


def review_page(
    *, session: Session, mentor_id: int, team_id: int, workshop_id: int, language: str = "en"
) -> ReviewPage:
    """A submission the mentor reviews with their own score. Raises RuleViolation when the
    mentor may not read it."""
    view = review_view(
        session=session,
        mentor=session.get(User, mentor_id),
        team_id=team_id,
        workshop_id=workshop_id,
        language=language,
    )
    team = session.get(Team, team_id)
    final = final_workshop(session=session, cohort_id=team.cohort_id)
    recommendation = (
        counted_recommendation(session=session, team=team)
        if final is not None and final.id == workshop_id
        else None
    )
    return ReviewPage(
        review=ReviewPanel(
            view.label,
            view.workshop,
            brief_markdown(view.brief),
            view.title,
            view.summary,
            view.link,
            view.challenge,
            view.city,
            STATUS_TEXT[view.status],
            view.round_state,
            view.comment,
            view.private_note,
            recommendation.title if recommendation else "",
            recommendation.body if recommendation else "",
            "; ".join(target_label(code) for code in target_codes(recommendation.targets))
            if recommendation
            else "",
        ),
        files=[
            FileLink(
                f.name, f"/files/{f.public_id}", gettext(language, "{size} KB", size=max(1, f.size // 1024))
            )
            for f in view.files
        ],
        criteria=[
            CriterionLine(
                str(c.id),
                c.name,
                c.guidance,
                f"{c.scale_min} to {c.scale_max}",
                str(c.scale_min),
                str(c.scale_max),
                str(view.values.get(c.id, "")),
            )
            for c in view.criteria
        ],
    )


def next_review_page(
    *, session: Session, mentor_id: int, team_id: int, workshop_id: int, language: str = "en"
) -> tuple[str, tuple[int, int] | None, ReviewPage | None]:
    """For "Save and next": the mentor's code, the (team, workshop) kept on the server, and the
    review of the submission after (team_id, workshop_id) that still needs the mentor's score;
    ("", None, None) when every other one is scored. Reads only."""
    item = next_to_score(mentor_queue(session=session, mentor_id=mentor_id), team_id, workshop_id)
    if item is None:
        return "", None, None
    page = review_page(
        session=session,
        mentor_id=mentor_id,
        team_id=item.team_id,
        workshop_id=item.workshop_id,
        language=language,
    )
    return item.code, (item.team_id, item.workshop_id), page


# --- the secretariat's judging of a cohort --------------------------------------------------


@dataclass(frozen=True)
class RubricLine:
    """One criterion as the rubric form shows it (texts, as typed)."""

    name: str
    guidance: str
    weight: str
    scale_min: str
    scale_max: str


@dataclass(frozen=True)
class AssignmentLine:
    id: str
    team: str
    mentor: str
    status: str


@dataclass(frozen=True)
class ConflictLine:
    id: str  # "" for a coaching link
    mentor: str
    team: str
    reason: str


@dataclass(frozen=True)
class SubmissionChoice:
    id: str
    team: str


@dataclass(frozen=True)
class JudgingAdminPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    workshops: list[Choice] = field(default_factory=list)
    workshop: str = ""
    state: str = ""  # the round's state, "" without a workshop
    rubric: list[RubricLine] = field(default_factory=list)
    assignments: list[AssignmentLine] = field(default_factory=list)
    submissions: list[SubmissionChoice] = field(default_factory=list)
    mentors: list[Choice] = field(default_factory=list)
    conflicts: list[ConflictLine] = field(default_factory=list)
    closes_day: str = ""  # when scoring closes, Seoul time ("": not said)
    closes_time: str = ""
    closes_text: str = ""


def judging_admin_page(
    *, session: Session, cohort_name: str, workshop_id: str, today: date, language: str = "en"
) -> JudgingAdminPage:
    """The cohort's (else the current one's) judged workshops; for the one asked (else the
    first) its round, rubric, assignments and the teams to assign; the mentors and conflicts."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return JudgingAdminPage()
    workshops = judged_workshops(session=session, cohort_id=cohort.id)
    chosen = next((w for w in workshops if str(w.id) == workshop_id), workshops[0] if workshops else None)
    page = JudgingAdminPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        workshops=[
            Choice(
                str(w.id),
                gettext(language, "Workshop {position}: {title}", position=w.position, title=w.title),
            )
            for w in workshops
        ],
        workshop=str(chosen.id) if chosen else "",
        mentors=[Choice(str(m.id), m.full_name) for m in active_mentors(session=session)],
        conflicts=[
            ConflictLine(str(c.conflict_id or ""), c.mentor, c.team, c.reason)
            for c in cohort_conflicts(session=session, cohort_id=cohort.id)
        ],
    )
    if chosen is None:
        return page
    judging = round_of(session=session, workshop_id=chosen.id)
    closes_day, closes_time, closes_text = closing_fields(judging.scoring_closes_at, language)
    return replace(
        page,
        state=judging.state.value,
        closes_day=closes_day,
        closes_time=closes_time,
        closes_text=closes_text,
        rubric=[
            RubricLine(c.name, c.guidance, f"{c.weight:g}", str(c.scale_min), str(c.scale_max))
            for c in criteria_of(session=session, workshop_id=chosen.id)
        ],
        assignments=[
            AssignmentLine(str(a.assignment_id), a.team, a.mentor, a.status)
            for a in workshop_assignments(session=session, workshop_id=chosen.id)
        ],
        submissions=[
            SubmissionChoice(str(t.id), t.name) for t in cohort_teams(session=session, cohort_id=cohort.id)
        ],
    )


def auto_assign_summary(report: AssignmentReport, language: str = "en") -> str:
    """What the secretariat reads after an automatic assignment, in the language."""
    plan = report.plan
    loads = sorted(plan.loads.values())
    added = len(plan.added)
    if report.removed_conflicted:
        done = gettext(
            language,
            "Added {added} assignments, removed {removed} conflicted.",
            added=added,
            removed=report.removed_conflicted,
        )
    else:
        done = gettext(language, "Added {added} assignments.", added=added)
    if not loads:
        return done + " " + gettext(language, "There are no active mentors.")
    return (
        done
        + " "
        + gettext(
            language,
            "Mentors' loads: {low} to {high} submissions (spread {spread}).",
            low=loads[0],
            high=loads[-1],
            spread=plan.spread,
        )
    )
