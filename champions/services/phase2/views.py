"""What the Phase 2 pages show, read in one go per page: typed values the states display as
they are (labels already in the viewer's words, ids as text for the page's controls)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from champions.infra.timezones import SEOUL_ZONE, format_instant, format_percentage, format_span, local
from champions.infra.translations import N_, gettext
from champions.models import Application, Cohort, Role, Team, TeamMember, User, Workshop
from champions.services.phase1.attendance import WORKSHOP, counts_text, lecture_counts
from champions.services.phase1.lectures import list_workshops
from champions.services.phase2.recommendations import (
    counted_recommendation,
    recommendation_deadline,
    recommendation_refusal,
    target_codes,
    versions_of_recommendations,
)
from champions.services.phase2.submissions import (
    Standing,
    cohort_standings,
    counted_version,
    files_of,
    submit_refusal,
    versions_of,
    workshop_state,
)
from champions.services.phase2.workshops import (
    WorkshopForm,
    brief_markdown,
    effective_deadline,
    extension_of,
    removal_refusal,
    session_text,
)
from champions.services.registration.applications import accepted_cohort, count_words
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.registration.countries import country_label
from champions.services.results.feedback import team_feedback
from champions.services.teams.teams import (
    leave_refusal,
    members_of,
    team_eligibility,
    team_of,
    unassigned_completers,
)
from champions.services.views import Choice, FileLink

# A participant's team page.

# Words the team page shows through the catalogue (t_var), kept in English here so they follow
# the language menu in place: a workshop's state (submissions.workshop_state), whether it is
# judged, and a version's marks.
STATE_WORDS = (N_("not open"), N_("open"), N_("submitted"), N_("late"), N_("missed"))
JUDGED, NOT_JUDGED = "judged", "not judged"  # shown with a context (pages/team.py)
UNDER_EXTENSION = N_("under extension")
WHAT_THE_JUDGES_SEE = N_("what the judges see")
THE_VERSION_THAT_COUNTS = N_("the version that counts")


@dataclass(frozen=True)
class TeamCard:
    id: str
    name: str
    challenge: str
    city: str
    code: str
    locked: str  # "yes" / ""
    coach: str
    leave_refusal: str  # why the member cannot leave; "" when they can


@dataclass(frozen=True)
class MemberLine:
    name: str
    country: str


@dataclass(frozen=True)
class WorkshopCard:
    id: str
    title: str
    brief: str  # markdown
    opens: str
    deadline: str
    deadline_seoul: str
    deadline_iso: str
    extension: str
    judged: str
    state: str
    state_text: str
    can_submit: str  # "yes" / ""
    closed_reason: str
    has_versions: str
    latest: str
    session: str = ""  # when and where it is held, in the viewer's zone; "" when not scheduled
    # The parts of the title, the state's text and the session, for the page to put in the
    # viewer's words.
    # (not compared: they repeat what `title`, `state_text` and `session` say)
    position: str = field(default="", compare=False)
    name: str = field(default="", compare=False)
    counted_number: str = field(default="", compare=False)  # "" when no version counts
    counted_when: str = field(default="", compare=False)
    session_when: str = field(default="", compare=False)
    session_mode: str = field(default="", compare=False)
    session_venue: str = field(default="", compare=False)


@dataclass(frozen=True)
class VersionLine:
    key: str  # "workshop id:number", the key of its files
    number: str
    title: str
    summary: str
    link: str
    when: str
    by: str
    extension: str
    counted: str


@dataclass(frozen=True)
class FeedbackLine:
    key: str
    workshop: str
    score: str
    # the workshop's, with its title (name), for the page's words (not compared: `workshop` says it)
    position: str = field(default="", compare=False)
    name: str = field(default="", compare=False)


@dataclass(frozen=True)
class CriterionLine:
    """A criterion's average in the feedback: "Clarity: 4.5 (scale 1–5)" as its parts."""

    name: str
    average: str
    scale_min: str
    scale_max: str


@dataclass(frozen=True)
class RecommendationLine:
    number: str
    title: str
    targets: str
    words: str
    when: str
    by: str
    counted: str  # "the version that counts" or ""
    # `words` as its parts (not compared: `words` says it); the count as `words` writes it ("1,200")
    word_count: int = field(default=0, compare=False)
    word_count_text: str = field(default="", compare=False)


@dataclass(frozen=True)
class RecommendationsCard:
    """The team's youth recommendations: the latest version (to edit) and every version."""

    deadline: str = ""  # in the viewer's zone; "" when the cohort has no workshops
    can_save: str = ""  # "yes" / ""
    closed_reason: str = ""
    title: str = ""
    body: str = ""
    targets: list[str] = field(default_factory=list)  # ticked codes of the latest version
    versions: list[RecommendationLine] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class TeamPage:
    notice: str = ""  # why there is no team page; "" when there is one
    cohort: str = ""
    team_min: int = 3
    team_max: int = 5
    eligible_text: str = ""  # why the participant cannot create or join a team
    team: TeamCard | None = None
    members: list[MemberLine] = field(default_factory=list)
    workshops: list[WorkshopCard] = field(default_factory=list)
    versions: dict[str, list[VersionLine]] = field(default_factory=dict)  # by workshop id, newest first
    files: dict[str, list[FileLink]] = field(default_factory=dict)  # by version key
    feedback: list[FeedbackLine] = field(default_factory=list)  # published judging rounds only
    feedback_criteria: dict[str, list[str]] = field(default_factory=dict)
    # feedback_criteria as parts (not compared: feedback_criteria says it)
    feedback_criteria_lines: dict[str, list[CriterionLine]] = field(default_factory=dict, compare=False)
    feedback_comments: dict[str, list[str]] = field(default_factory=dict)
    recommendations: RecommendationsCard = field(default_factory=RecommendationsCard)


def recommendations_card(
    *,
    session: Session,
    team: Team,
    cohort: Cohort,
    user: User,
    zone: str,
    now: datetime,
    language: str = "en",
) -> RecommendationsCard:
    """The team's recommendations as its members see them. Reads only."""
    versions = versions_of_recommendations(session=session, team_id=team.id)
    counted = counted_recommendation(session=session, team=team)
    deadline = recommendation_deadline(session=session, team=team)
    _, refusal = recommendation_refusal(session=session, user=user, cohort=cohort, now=now)
    names = (
        {
            u.id: u.full_name
            for u in session.exec(select(User).where(User.id.in_([v.submitted_by for v in versions])))
        }
        if versions
        else {}
    )
    latest = versions[0] if versions else None
    return RecommendationsCard(
        deadline=format_instant(deadline, zone, language) if deadline else "",
        can_save="" if refusal else "yes",
        closed_reason=refusal.message if refusal else "",
        title=latest.title if latest else "",
        body=latest.body if latest else "",
        targets=target_codes(latest.targets) if latest else [],
        versions=[
            RecommendationLine(
                number=str(v.number),
                title=v.title,
                targets=", ".join(target_codes(v.targets)),
                words=f"{count_words(v.body):,} words",
                when=format_instant(v.submitted_at, zone, language),
                by=names.get(v.submitted_by, ""),
                counted=THE_VERSION_THAT_COUNTS if counted and v.id == counted.id else "",
                word_count=count_words(v.body),
                word_count_text=f"{count_words(v.body):,}",
            )
            for v in versions
        ],
    )


def _span(workshop: Workshop, zone: str, language: str) -> str:
    """The session's time (session_text's first part), "" when it is not scheduled."""
    if workshop.session_starts_at is None or workshop.session_ends_at is None:
        return ""
    return format_span(workshop.session_starts_at, workshop.session_ends_at, zone, language)


def _workshop_view(
    session: Session,
    workshop: Workshop,
    team_id: int | None,
    user_id: int,
    zone: str,
    now: datetime,
    language: str = "en",
) -> tuple[WorkshopCard, list[VersionLine], dict[str, list[FileLink]]]:
    """The workshop as the team sees it, its versions (newest first) and their files."""
    extension = extension_of(session=session, team_id=team_id, workshop_id=workshop.id) if team_id else None
    deadline = effective_deadline(workshop, extension)
    versions = versions_of(session=session, team_id=team_id, workshop_id=workshop.id) if team_id else []
    counted = counted_version(versions, deadline)
    _, refusal = submit_refusal(session=session, user_id=user_id, workshop=workshop, now=now)
    names = (
        {
            u.id: u.full_name
            for u in session.exec(select(User).where(User.id.in_([v.submitted_by for v in versions])))
        }
        if versions
        else {}
    )
    state = workshop_state(workshop, versions, deadline, now)
    card = WorkshopCard(
        id=str(workshop.id),
        title=f"Workshop {workshop.position}: {workshop.title}",
        brief=brief_markdown(workshop.brief),
        opens=format_instant(workshop.opens_at, zone, language),
        deadline=format_instant(deadline, zone, language),
        deadline_seoul=format_instant(deadline, SEOUL_ZONE, language),
        deadline_iso=deadline.isoformat(),
        extension=(
            f"Extension granted: {extension.reason}" if extension and deadline > workshop.deadline else ""
        ),
        judged=JUDGED if workshop.judged else NOT_JUDGED,
        state=state,
        state_text=(
            f"{state}: version {counted.number}, {format_instant(counted.submitted_at, zone)}"
            if counted
            else state
        ),
        can_submit="yes" if team_id and refusal is None else "",
        closed_reason=refusal.message if team_id and refusal and state != "not open" else "",
        has_versions="yes" if versions else "",
        latest=str(versions[-1].number) if versions else "",
        session=session_text(workshop, zone, language),
        position=str(workshop.position),
        name=workshop.title,
        counted_number=str(counted.number) if counted else "",
        counted_when=format_instant(counted.submitted_at, zone, language) if counted else "",
        session_when=_span(workshop, zone, language),
        session_mode=workshop.mode.value,
        session_venue=workshop.venue or "",
    )
    lines = [
        VersionLine(
            key=f"{workshop.id}:{v.number}",
            number=str(v.number),
            title=v.title,
            summary=v.summary,
            link=v.link,
            when=format_instant(v.submitted_at, zone, language),
            by=names.get(v.submitted_by, ""),
            extension=UNDER_EXTENSION if v.under_extension else "",
            counted=WHAT_THE_JUDGES_SEE if counted and v.id == counted.id else "",
        )
        for v in reversed(versions)
    ]
    files = {
        f"{workshop.id}:{v.number}": [
            FileLink(
                f.original_name,
                f"/files/{f.public_id}",
                gettext(language, "{size} KB", size=max(1, round(f.size / 1024))),
            )
            for f in files_of(session=session, version_id=v.id)
        ]
        for v in versions
    }
    return card, lines, files


def team_page(*, session: Session, user_id: int, zone: str, now: datetime, language: str = "en") -> TeamPage:
    """A participant's Phase 2 page: their team (or why they cannot have one yet), the
    cohort's workshops with their versions and files, and the published feedback; times in
    `zone`. Only a notice for someone not accepted. Reads only."""
    cohort = accepted_cohort(session=session, user_id=user_id)
    if cohort is None:
        return TeamPage(notice=N_("Phase 2 teams are for accepted participants who completed Phase 1."))
    team = team_of(session=session, cohort_id=cohort.id, user_id=user_id)
    refusal = team_eligibility(session=session, cohort=cohort, user_id=user_id) if team is None else None
    card, members = None, []
    if team is not None:
        coach = session.get(User, team.coach_id) if team.coach_id else None
        leave = leave_refusal(session, team)
        card = TeamCard(
            id=str(team.id),
            name=team.name,
            challenge=team.challenge,
            city=team.city,
            code=team.invite_code,
            locked="yes" if team.locked else "",
            coach=coach.full_name if coach else "",
            leave_refusal=leave.message if leave else "",
        )
        countries = {
            uid: country
            for uid, country in session.exec(
                select(Application.user_id, Application.country).where(
                    Application.cohort_id == cohort.id,
                    Application.user_id.in_(select(TeamMember.user_id).where(TeamMember.team_id == team.id)),
                )
            )
        }
        members = [
            MemberLine(u.full_name, country_label(countries.get(u.id, ""), language))
            for u in members_of(session=session, team_id=team.id)
        ]
    listed = list_workshops(session=session, cohort_id=cohort.id)
    views = [
        _workshop_view(session, w, team.id if team else None, user_id, zone, now, language) for w in listed
    ]
    # The feedback names its workshop as "Workshop 1: title" (results.feedback): its parts.
    titled = {f"Workshop {w.position}: {w.title}": w for w in listed}
    feedback = team_feedback(session=session, team_id=team.id) if team is not None else []
    return TeamPage(
        cohort=cohort.title,
        team_min=cohort.team_min,
        team_max=cohort.team_max,
        eligible_text=refusal.message if refusal else "",
        team=card,
        members=members,
        workshops=[view for view, _, _ in views],
        versions={view.id: versions for view, versions, _ in views},
        files={key: listed for _, _, files in views for key, listed in files.items()},
        feedback=[
            FeedbackLine(
                str(i),
                f.workshop,
                "—" if f.score is None else f"{f.score:.1f} / 100",
                str(titled[f.workshop].position) if f.workshop in titled else "",
                titled[f.workshop].title if f.workshop in titled else "",
            )
            for i, f in enumerate(feedback)
        ],
        feedback_criteria_lines={
            str(i): [
                CriterionLine(c.name, f"{c.average:.1f}", str(c.scale_min), str(c.scale_max))
                for c in f.criteria
            ]
            for i, f in enumerate(feedback)
        },
        feedback_criteria={
            str(i): [f"{c.name}: {c.average:.1f} (scale {c.scale_min}–{c.scale_max})" for c in f.criteria]
            for i, f in enumerate(feedback)
        },
        feedback_comments={str(i): f.comments for i, f in enumerate(feedback)},
        recommendations=(
            recommendations_card(
                session=session,
                team=team,
                cohort=cohort,
                user=session.get(User, user_id),
                zone=zone,
                now=now,
                language=language,
            )
            if team is not None
            else RecommendationsCard()
        ),
    )


# The secretariat's teams page.


@dataclass(frozen=True)
class TeamLine:
    id: str
    name: str
    challenge: str
    city: str
    size: str
    locked: str  # "yes" / ""
    coach: str  # the coaching mentor's id, "" for none
    submissions: str


@dataclass(frozen=True)
class PersonLine:
    user_id: str
    name: str
    country: str


@dataclass(frozen=True)
class TeamsPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    team_min: int = 3
    team_max: int = 5
    teams: list[TeamLine] = field(default_factory=list)
    members: dict[str, list[PersonLine]] = field(default_factory=dict)  # by team id, in joining order
    unassigned: list[PersonLine] = field(default_factory=list)
    workshops: list[Choice] = field(default_factory=list)
    mentors: list[Choice] = field(default_factory=list)


def teams_page(*, session: Session, cohort_name: str, today: date, language: str = "en") -> TeamsPage:
    """The teams of the named cohort (else the current one) with their members, submissions
    and extensions, the completers without a team, and the workshops and mentors to pick
    from. Reads only."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return TeamsPage()
    people = {
        uid: (name, country)
        for uid, name, country in session.exec(
            select(User.id, User.full_name, Application.country)
            .join(Application, Application.user_id == User.id)
            .where(Application.cohort_id == cohort.id)
        )
    }
    workshops = list_workshops(session=session, cohort_id=cohort.id)
    teams = list(session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.name_key)))
    # Members in the order they joined, as on the team's own page (PostgreSQL keeps no order).
    memberships = list(
        session.exec(
            select(TeamMember)
            .where(TeamMember.cohort_id == cohort.id)
            .order_by(TeamMember.joined_at, TeamMember.id)
        )
    )
    mentors = {
        m.id: m.full_name
        for m in session.exec(select(User).where(User.role == Role.MENTOR).order_by(User.full_name))
    }
    standings = cohort_standings(session=session, cohort_id=cohort.id)
    rows, members = [], {}
    for team in teams:
        states = []
        for workshop in workshops:
            standing = standings.get((team.id, workshop.id), Standing(None, None))
            counted, extension = standing.counted, standing.extension
            mark = f"W{workshop.position}: v{counted.number}" if counted else f"W{workshop.position}: –"
            if extension:
                mark += f" (extended to {format_instant(extension.deadline, SEOUL_ZONE)})"
            states.append(mark)
        ids = [m.user_id for m in memberships if m.team_id == team.id]
        rows.append(
            TeamLine(
                id=str(team.id),
                name=team.name,
                challenge=team.challenge,
                city=team.city,
                size=str(len(ids)),
                locked="yes" if team.locked else "",
                coach=str(team.coach_id or ""),
                submissions=" · ".join(states),
            )
        )
        members[str(team.id)] = [
            PersonLine(
                str(uid), people.get(uid, ("?", ""))[0], country_label(people.get(uid, ("", ""))[1], language)
            )
            for uid in ids
        ]
    return TeamsPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        team_min=cohort.team_min,
        team_max=cohort.team_max,
        teams=rows,
        members=members,
        unassigned=[
            PersonLine(
                str(c.user_id), people.get(c.user_id, ("?", ""))[0], country_label(c.country, language)
            )
            for c in unassigned_completers(session=session, cohort=cohort)
        ],
        workshops=[Choice(str(w.id), f"Workshop {w.position}: {w.title}") for w in workshops],
        mentors=[Choice(str(mid), name) for mid, name in mentors.items()],
    )


# The secretariat's workshops page.


@dataclass(frozen=True)
class WorkshopLine:
    id: str
    title: str
    brief: str  # markdown
    opens: str
    deadline: str
    deadline_local: str  # "" when the viewer's zone is Seoul's
    deadline_iso: str
    judged: str
    session: str  # Seoul time; "" when not scheduled
    session_local: str  # in the viewer's zone; "" when it is Seoul's or not scheduled
    join_url: str
    attendance: str  # the session's attendance counts; "" when not scheduled
    removal_refusal: str  # why it cannot be removed; "" when it can
    first: str  # "yes" for the first workshop (it cannot move earlier)
    last: str  # "yes" for the final one


@dataclass(frozen=True)
class WorkshopsPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    lines: list[WorkshopLine] = field(default_factory=list)


def workshops_page(
    *, session: Session, cohort_name: str, zone: str, today: date, language: str = "en"
) -> WorkshopsPage:
    """The workshops of the named cohort (else the current one), times in Seoul and the
    deadline also in `zone`, with each judged workshop's share of the final score. Reads only."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return WorkshopsPage()
    workshops = list_workshops(session=session, cohort_id=cohort.id)
    judged_weight = sum(w.weight for w in workshops if w.judged) or 1.0
    counts = lecture_counts(session=session, cohort_id=cohort.id, occasion=WORKSHOP)
    refusals = {w.id: removal_refusal(session=session, workshop=w) for w in workshops}
    return WorkshopsPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        lines=[
            WorkshopLine(
                id=str(w.id),
                title=gettext(language, "Workshop {position}: {title}", position=w.position, title=w.title),
                brief=brief_markdown(w.brief),
                opens=format_instant(w.opens_at, SEOUL_ZONE, language),
                deadline=format_instant(w.deadline, SEOUL_ZONE, language),
                deadline_local=format_instant(w.deadline, zone, language) if zone != SEOUL_ZONE else "",
                deadline_iso=w.deadline.isoformat(),
                judged=(
                    gettext(
                        language,
                        "judged · weight {weight} ({share} of the final score)",
                        weight=f"{w.weight:g}",
                        share=format_percentage(w.weight / judged_weight, language),
                    )
                    if w.judged
                    else gettext(language, "not judged")
                ),
                session=session_text(w, SEOUL_ZONE, language),
                session_local=session_text(w, zone, language) if zone != SEOUL_ZONE else "",
                join_url=w.join_url,
                attendance=counts_text(counts[w.id], language) if w.session_starts_at else "",
                removal_refusal=refusals[w.id].text(language) if refusals[w.id] else "",
                first="yes" if i == 0 else "",
                last="yes" if i == len(workshops) - 1 else "",
            )
            for i, w in enumerate(workshops)
        ],
    )


def workshop_form(*, session: Session, workshop_id: int) -> WorkshopForm | None:
    """The edit form of a workshop, its times in Seoul; None when there is no such workshop."""
    w = session.get(Workshop, workshop_id)
    if w is None:
        return None
    opens, deadline = local(w.opens_at, SEOUL_ZONE), local(w.deadline, SEOUL_ZONE)
    starts = local(w.session_starts_at, SEOUL_ZONE) if w.session_starts_at else None
    ends = local(w.session_ends_at, SEOUL_ZONE) if w.session_ends_at else None
    return WorkshopForm(
        title=w.title,
        brief=w.brief,
        opens_day=opens.date().isoformat(),
        opens_time=f"{opens:%H:%M}",
        deadline_day=deadline.date().isoformat(),
        deadline_time=f"{deadline:%H:%M}",
        zone=SEOUL_ZONE,
        judged="yes" if w.judged else "",
        weight=f"{w.weight:g}",
        session_day=starts.date().isoformat() if starts else "",
        session_start=f"{starts:%H:%M}" if starts else "",
        session_end=f"{ends:%H:%M}" if ends else "",
        mode=w.mode.value,
        venue=w.venue,
        join_url=w.join_url,
    )
