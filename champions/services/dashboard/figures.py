"""The secretariat's cohort dashboard: the funnel, applicants by region and country, attendance
per lecture, the at-risk list, the team × workshop submission matrix and judging progress per
mentor. Every figure is an aggregate query (counts grouped in the database); Python only names
and orders the few rows that come back. Filters (region, country) narrow the people counted, and
the team panels to teams with at least one member from there. Reads only."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, distinct, false, func, literal, or_, true, union, union_all
from sqlmodel import Session, select

from champions.infra.reasons import Reason
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AwardEntry,
    Cohort,
    Extension,
    Lecture,
    Reflection,
    ReflectionStatus,
    ReviewAssignment,
    Score,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
    WorkshopAttendance,
)
from champions.models._time import utcnow
from champions.services.awards.proposal import INDIVIDUAL_KINDS, TEAM_KINDS
from champions.services.phase1.attendance import COUNTED
from champions.services.phase1.reflections import reflection_deadline
from champions.services.registration.countries import (
    REGION_OF,
    Region,
    codes_in_region,
    country_name,
    is_country_code,
)

# Submission matrix cells.
ON_TIME, LATE, EXTENSION, MISSING, OPEN, NOT_OPEN = (
    "on time",
    "late",
    "extension",
    "missing",
    "open",
    "not open",
)
CELL_STATES = [ON_TIME, LATE, EXTENSION, MISSING, OPEN, NOT_OPEN]
ATTENDANCE_COLUMNS = ["present", "late", "excused", "absent", "by recording", "no record"]
# A workshop session has no recording route.
SESSION_COLUMNS = ["present", "late", "excused", "absent", "no record"]


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: a region (its value, e.g. "Europe") or a country code, or all."""

    region: str = ""
    country: str = ""


def filter_refusal(filters: Filters) -> Reason | None:
    """Why these filters cannot be applied (None when they can)."""
    if filters.region and filters.region not in {r.value for r in Region}:
        return Reason("unknown_region", "Choose one of the five WeGO regions.", "region")
    if filters.country and not is_country_code(filters.country):
        return Reason("unknown_country", "Choose a country from the list.", "country")
    if (
        filters.region
        and filters.country
        and REGION_OF.get(filters.country.upper()) != Region(filters.region)
    ):
        return Reason(
            "country_outside_region",
            "{country} is not in {region}.",
            "country",
            values={"country": country_name(filters.country), "region": filters.region},
        )
    return None


@dataclass(frozen=True)
class Stage:
    stage: str
    count: int
    workshop: int = 0  # the workshop's number of a "submitted workshop N" stage (0 for the others)


@dataclass(frozen=True)
class PlaceRow:
    """Applicants and participants from one country or one region."""

    code: str  # the country's code ("" for a region)
    name: str
    region: str
    applicants: int
    eligible: int
    accepted: int


@dataclass(frozen=True)
class LectureRow:
    lecture_id: int
    title: str
    starts_at: datetime
    ended: bool
    counts: dict[str, int]  # ATTENDANCE_COLUMNS -> people
    position: int = 0  # a workshop session's number (0 for a lecture), its title then its own
    name: str = ""


@dataclass(frozen=True)
class RiskRow:
    name: str
    email: str
    country: str
    counted: int
    required: int
    still_possible: int
    why: str


@dataclass(frozen=True)
class MatrixRow:
    team: str
    cells: list[str]  # one CELL_STATES value per workshop, in workshop order


@dataclass(frozen=True)
class MentorRow:
    mentor: str
    assigned: int
    submitted: int
    drafts: int

    @property
    def remaining(self) -> int:
        return self.assigned - self.submitted


@dataclass
class Dashboard:
    cohort: str
    filters: Filters
    computed_at: datetime
    funnel: list[Stage] = field(default_factory=list)
    regions: list[PlaceRow] = field(default_factory=list)
    countries: list[PlaceRow] = field(default_factory=list)
    lectures: list[LectureRow] = field(default_factory=list)
    sessions: list[LectureRow] = field(default_factory=list)  # workshop sessions (SESSION_COLUMNS)
    at_risk: list[RiskRow] = field(default_factory=list)
    workshops: list[str] = field(default_factory=list)
    matrix: list[MatrixRow] = field(default_factory=list)
    matrix_totals: list[dict[str, int]] = field(default_factory=list)  # per workshop: state -> teams
    judging: list[MentorRow] = field(default_factory=list)


# --- the people a view counts ---------------------------------------------------------------


def _place_condition(filters: Filters):
    if filters.country:
        return Application.country == filters.country.upper()
    if filters.region:
        return Application.country.in_(codes_in_region(filters.region))
    return true()


def _applications(cohort: Cohort, filters: Filters) -> list:
    return [Application.cohort_id == cohort.id, _place_condition(filters)]


def _participants(cohort: Cohort, filters: Filters):
    """The accepted participants of the view, as a subquery of user ids."""
    return select(Application.user_id).where(
        *_applications(cohort, filters), Application.status == ApplicationStatus.ACCEPTED
    )


def _teams(cohort: Cohort, filters: Filters):
    """The cohort's teams with at least one member in the view."""
    if not (filters.region or filters.country):
        return select(Team.id).where(Team.cohort_id == cohort.id)
    return select(TeamMember.team_id).where(
        TeamMember.cohort_id == cohort.id, TeamMember.user_id.in_(_participants(cohort, filters))
    )


def _lectures(session: Session, cohort: Cohort) -> list[Lecture]:
    return list(
        session.exec(
            select(Lecture)
            .where(Lecture.cohort_id == cohort.id, Lecture.cancelled_at.is_(None))
            .order_by(Lecture.starts_at, Lecture.id)
        )
    )


def _counted_lectures(lecture_ids: list[int]):
    """(user_id, lecture_id) for every lecture that counts for someone: attended (present or
    late), or else an approved recording reflection. Each pair once without a de-duplicating
    UNION: a reflection counts only where no counted attendance exists."""
    attended = select(Attendance.user_id, Attendance.lecture_id).where(
        Attendance.lecture_id.in_(lecture_ids), Attendance.status.in_(COUNTED)
    )
    also_attended = select(Attendance.id).where(
        Attendance.lecture_id == Reflection.lecture_id,
        Attendance.user_id == Reflection.user_id,
        Attendance.status.in_(COUNTED),
    )
    recorded = select(Reflection.user_id, Reflection.lecture_id).where(
        Reflection.lecture_id.in_(lecture_ids),
        Reflection.status == ReflectionStatus.APPROVED,
        ~also_attended.exists(),
    )
    return union_all(attended, recorded).subquery("counted")


def _lectures_counted_per_person(lecture_ids: list[int], **subsets: list[int]):
    """Per person with any counted lecture: `n` (how many) and, for each named subset of
    lecture ids, how many of those."""
    counted = _counted_lectures(lecture_ids)
    columns = [counted.c.user_id, func.count().label("n")]
    for name, ids in subsets.items():
        columns.append(
            (func.count(case((counted.c.lecture_id.in_(ids), 1))) if ids else literal(0)).label(name)
        )
    return select(*columns).group_by(counted.c.user_id).subquery("per_person")


def _counted_submissions(cohort: Cohort):
    """(team_id, workshop_id) with a version submitted by the team's deadline (an extension's
    when later): the submissions the judges see."""
    deadline = case((Extension.deadline > Workshop.deadline, Extension.deadline), else_=Workshop.deadline)
    return (
        select(SubmissionVersion.team_id, SubmissionVersion.workshop_id)
        .join(Workshop, Workshop.id == SubmissionVersion.workshop_id)
        .outerjoin(
            Extension,
            and_(
                Extension.team_id == SubmissionVersion.team_id,
                Extension.workshop_id == SubmissionVersion.workshop_id,
            ),
        )
        .where(Workshop.cohort_id == cohort.id, SubmissionVersion.submitted_at <= deadline)
        .distinct()
        .subquery("submitted")
    )


def _count(session: Session, query) -> int:
    return session.exec(select(func.count()).select_from(query.subquery())).one()


# --- panels ---------------------------------------------------------------------------------


def cohort_funnel(*, session: Session, cohort: Cohort, filters: Filters = Filters()) -> list[Stage]:
    """People at each stage, in order: applied, eligible, accepted, Phase 1 active (a lecture
    counted), Phase 1 complete, in a team, in a team that submitted workshop N (one stage per
    workshop), in a team with a submitted mentor score, awarded (on the finalized list)."""
    apps = _applications(cohort, filters)
    participants = _participants(cohort, filters)
    applied, eligible, accepted = session.exec(
        select(
            func.count(),
            func.count(case((Application.eligible == true(), 1))),
            func.count(case((Application.status == ApplicationStatus.ACCEPTED, 1))),
        ).where(*apps)
    ).one()
    per_person = _lectures_counted_per_person([lecture.id for lecture in _lectures(session, cohort)])
    active, complete = session.exec(
        select(func.count(), func.count(case((per_person.c.n >= cohort.phase1_required, 1)))).where(
            per_person.c.user_id.in_(participants)
        )
    ).one()
    members = (
        select(TeamMember.team_id, TeamMember.user_id)
        .where(TeamMember.cohort_id == cohort.id, TeamMember.user_id.in_(participants))
        .subquery("members")
    )
    in_team = session.exec(select(func.count(distinct(members.c.user_id)))).one()
    submitted = _counted_submissions(cohort)
    per_workshop = dict(
        session.exec(
            select(submitted.c.workshop_id, func.count(distinct(members.c.user_id)))
            .join(members, members.c.team_id == submitted.c.team_id)
            .group_by(submitted.c.workshop_id)
        ).all()
    )
    scored_teams = (
        select(Score.team_id)
        .join(Workshop, Workshop.id == Score.workshop_id)
        .where(Workshop.cohort_id == cohort.id, Score.submitted == true())
    )
    judged = session.exec(
        select(func.count(distinct(members.c.user_id))).where(members.c.team_id.in_(scored_teams))
    ).one()
    awarded_people = union(
        select(AwardEntry.user_id.label("user_id")).where(
            AwardEntry.cohort_id == cohort.id, AwardEntry.kind.in_(INDIVIDUAL_KINDS)
        ),
        select(TeamMember.user_id.label("user_id"))
        .join(AwardEntry, AwardEntry.team_id == TeamMember.team_id)
        .where(AwardEntry.cohort_id == cohort.id, AwardEntry.kind.in_(TEAM_KINDS)),
    ).subquery("awarded")
    awarded = session.exec(
        select(func.count()).select_from(awarded_people).where(awarded_people.c.user_id.in_(participants))
    ).one()
    workshops = session.exec(
        select(Workshop.id, Workshop.position, Workshop.title)
        .where(Workshop.cohort_id == cohort.id)
        .order_by(Workshop.position)
    ).all()
    return (
        [
            Stage("applied", applied),
            Stage("eligible", eligible),
            Stage("accepted", accepted),
            Stage("Phase 1 active", active),
            Stage("Phase 1 complete", complete),
            Stage("in a team", in_team),
        ]
        + [
            Stage(f"submitted workshop {position}", per_workshop.get(wid, 0), position)
            for wid, position, _ in workshops
        ]
        + [Stage("judged", judged), Stage("awarded", awarded)]
    )


def places(
    *, session: Session, cohort: Cohort, filters: Filters = Filters()
) -> tuple[list[PlaceRow], list[PlaceRow]]:
    """(regions, countries): applicants, eligible and accepted per WeGO region (all five, in
    order) and per country (most applicants first). One grouped query."""
    rows = session.exec(
        select(
            Application.country,
            func.count(),
            func.count(case((Application.eligible == true(), 1))),
            func.count(case((Application.status == ApplicationStatus.ACCEPTED, 1))),
        )
        .where(*_applications(cohort, filters))
        .group_by(Application.country)
    ).all()

    def region(code: str) -> str:
        return REGION_OF[code.upper()].value if code.upper() in REGION_OF else ""

    countries = sorted(
        (
            PlaceRow(code.upper(), country_name(code), region(code), applicants, eligible, accepted)
            for code, applicants, eligible, accepted in rows
        ),
        key=lambda r: (-r.applicants, r.name),
    )
    totals: dict[str, Counter] = {region.value: Counter() for region in Region}
    for row in countries:
        if row.region:
            totals[row.region].update(applicants=row.applicants, eligible=row.eligible, accepted=row.accepted)
    wanted = filters.region or (REGION_OF[filters.country.upper()].value if filters.country else "")
    shown = [region for region in totals if not wanted or region == wanted]
    regions = [
        PlaceRow(
            "",
            region,
            region,
            totals[region]["applicants"],
            totals[region]["eligible"],
            totals[region]["accepted"],
        )
        for region in shown
    ]
    return regions, countries


def lecture_attendance(
    *, session: Session, cohort: Cohort, filters: Filters = Filters(), now: datetime | None = None
) -> list[LectureRow]:
    """Per lecture (not cancelled), the view's participants by what was recorded: present,
    late, excused, absent, counted by an approved recording reflection (without a counted
    attendance), and no record."""
    now = now or utcnow()
    lectures = _lectures(session, cohort)
    ids = [lecture.id for lecture in lectures]
    participants = _participants(cohort, filters)
    total = _count(session, participants)
    by_status: dict[int, Counter] = {lid: Counter() for lid in ids}
    for lid, status, n in session.exec(
        select(Attendance.lecture_id, Attendance.status, func.count())
        .where(Attendance.lecture_id.in_(ids), Attendance.user_id.in_(participants))
        .group_by(Attendance.lecture_id, Attendance.status)
    ).all():
        by_status[lid][status.value] = n
    attended = select(Attendance.user_id).where(
        Attendance.lecture_id == Reflection.lecture_id,
        Attendance.user_id == Reflection.user_id,
        Attendance.status.in_(COUNTED),
    )
    recordings = dict(
        session.exec(
            select(Reflection.lecture_id, func.count())
            .where(
                Reflection.lecture_id.in_(ids),
                Reflection.user_id.in_(participants),
                Reflection.status == ReflectionStatus.APPROVED,
                ~attended.exists(),
            )
            .group_by(Reflection.lecture_id)
        ).all()
    )
    rows = []
    for lecture in lectures:
        counts = {column: by_status[lecture.id].get(column, 0) for column in ATTENDANCE_COLUMNS[:4]}
        counts["by recording"] = recordings.get(lecture.id, 0)
        counts["no record"] = total - sum(by_status[lecture.id].values())
        rows.append(LectureRow(lecture.id, lecture.title, lecture.starts_at, lecture.ends_at <= now, counts))
    return rows


def at_risk_participants(
    *, session: Session, cohort: Cohort, filters: Filters = Filters(), now: datetime | None = None
) -> list[RiskRow]:
    """Accepted participants who have not completed Phase 1 and either can no longer complete
    it (lectures counted + lectures still to come + missed lectures still open to a recording
    reflection < required) or missed the last two lectures that ended. The rule of
    `progress.at_risk`, counted in one grouped query; ordered by name."""
    now = now or utcnow()
    lectures = _lectures(session, cohort)
    ended = [lecture for lecture in lectures if lecture.ends_at <= now]
    future = [lecture.id for lecture in lectures if lecture.ends_at > now]
    window = [
        lecture.id for lecture in ended if cohort.recording_route and now <= reflection_deadline(lecture)
    ]
    last_two = [lecture.id for lecture in ended[-2:]] if len(ended) >= 2 else []
    per_person = _lectures_counted_per_person(
        [lecture.id for lecture in lectures], future=future, window=window, last_two=last_two
    )
    n_counted = func.coalesce(per_person.c.n, 0)
    still_possible = (
        n_counted
        + (len(future) - func.coalesce(per_person.c.future, 0))
        + (len(window) - func.coalesce(per_person.c.window, 0))
    )
    missed_last_two = and_(literal(bool(last_two)), func.coalesce(per_person.c.last_two, 0) == 0)
    required = cohort.phase1_required
    rows = session.exec(
        select(
            User.full_name,
            User.email,
            Application.country,
            n_counted,
            still_possible,
            still_possible < required,
            missed_last_two,
        )
        .select_from(Application)
        .join(User, User.id == Application.user_id)
        .outerjoin(per_person, per_person.c.user_id == Application.user_id)
        .where(
            *_applications(cohort, filters),
            Application.status == ApplicationStatus.ACCEPTED,
            n_counted < required,
            or_(still_possible < required, missed_last_two),
        )
        .order_by(User.full_name, Application.user_id)
    ).all()
    out = []
    for name, email, country, n, possible, cannot, missed in rows:
        why = (["can no longer complete Phase 1"] if cannot else []) + (
            ["missed the last two lectures"] if missed else []
        )
        out.append(RiskRow(name, email, country_name(country), n, required, possible, "; ".join(why)))
    return out


def submission_matrix(
    *, session: Session, cohort: Cohort, filters: Filters = Filters(), now: datetime | None = None
) -> tuple[list[str], list[MatrixRow]]:
    """(workshop titles, one row per team by name): each cell is on time (the counted version
    came by the workshop's deadline), late (it came under an extension), extension (granted,
    nothing yet, still open), missing (the deadline passed with nothing), open or not open."""
    now = now or utcnow()
    workshops = list(
        session.exec(select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position))
    )
    column = {w.id: i for i, w in enumerate(workshops)}
    deadline = case((Extension.deadline > Workshop.deadline, Extension.deadline), else_=Workshop.deadline)
    on_time = SubmissionVersion.submitted_at <= deadline
    rows = session.exec(
        select(
            Team.id,
            Team.name,
            Workshop.id,
            func.max(case((on_time, SubmissionVersion.number))),
            func.max(
                case((and_(on_time, SubmissionVersion.under_extension == false()), SubmissionVersion.number))
            ),
            func.max(Extension.deadline),
        )
        .select_from(Team)
        .join(Workshop, Workshop.cohort_id == Team.cohort_id)
        .outerjoin(Extension, and_(Extension.team_id == Team.id, Extension.workshop_id == Workshop.id))
        .outerjoin(
            SubmissionVersion,
            and_(SubmissionVersion.team_id == Team.id, SubmissionVersion.workshop_id == Workshop.id),
        )
        .where(Team.cohort_id == cohort.id, Team.id.in_(_teams(cohort, filters)))
        .group_by(Team.id, Team.name, Workshop.id)
    ).all()
    by_team: dict[int, tuple[str, list[str]]] = {}
    workshop = {w.id: w for w in workshops}
    for team_id, name, workshop_id, counted, counted_plain, extended in rows:
        w = workshop[workshop_id]
        due = extended if extended is not None and extended > w.deadline else w.deadline
        if counted is not None:
            state = ON_TIME if counted == counted_plain else LATE
        elif now > due:
            state = MISSING
        elif extended is not None and now > w.deadline:
            state = EXTENSION
        else:
            state = OPEN if now >= w.opens_at else NOT_OPEN
        by_team.setdefault(team_id, (name, [NOT_OPEN] * len(workshops)))[1][column[workshop_id]] = state
    matrix = sorted(
        (MatrixRow(name, cells) for name, cells in by_team.values()), key=lambda r: r.team.casefold()
    )
    return [f"{w.position}. {w.title}" for w in workshops], matrix


def matrix_totals(workshops: list[str], matrix: list[MatrixRow]) -> list[dict[str, int]]:
    """Per workshop, how many teams are in each state."""
    return [
        {state: sum(1 for row in matrix if row.cells[i] == state) for state in CELL_STATES}
        for i in range(len(workshops))
    ]


def judging_progress(*, session: Session, cohort: Cohort, filters: Filters = Filters()) -> list[MentorRow]:
    """Per mentor with assignments in the cohort (by name): submissions assigned, scores
    submitted and scores saved as drafts."""
    rows = session.exec(
        select(
            User.full_name,
            func.count(ReviewAssignment.id),
            func.count(case((Score.submitted == true(), 1))),
            func.count(case((Score.submitted == false(), 1))),
        )
        .select_from(ReviewAssignment)
        .join(Workshop, Workshop.id == ReviewAssignment.workshop_id)
        .join(User, User.id == ReviewAssignment.mentor_id)
        .outerjoin(
            Score,
            and_(
                Score.team_id == ReviewAssignment.team_id,
                Score.workshop_id == ReviewAssignment.workshop_id,
                Score.mentor_id == ReviewAssignment.mentor_id,
            ),
        )
        .where(Workshop.cohort_id == cohort.id, ReviewAssignment.team_id.in_(_teams(cohort, filters)))
        .group_by(User.id, User.full_name)
        .order_by(User.full_name, User.id)
    ).all()
    return [MentorRow(*row) for row in rows]


def workshop_attendance(
    *, session: Session, cohort: Cohort, filters: Filters = Filters(), now: datetime | None = None
) -> list[LectureRow]:
    """Per scheduled workshop session, in workshop order, the view's participants by what was
    recorded: present, late, excused, absent, and no record (`lecture_id` holds the workshop's id)."""
    now = now or utcnow()
    workshops = list(
        session.exec(
            select(Workshop)
            .where(Workshop.cohort_id == cohort.id, Workshop.session_starts_at.is_not(None))
            .order_by(Workshop.position)
        )
    )
    ids = [w.id for w in workshops]
    participants = _participants(cohort, filters)
    total = _count(session, participants)
    by_status: dict[int, Counter] = {wid: Counter() for wid in ids}
    for wid, status, n in session.exec(
        select(WorkshopAttendance.workshop_id, WorkshopAttendance.status, func.count())
        .where(WorkshopAttendance.workshop_id.in_(ids), WorkshopAttendance.user_id.in_(participants))
        .group_by(WorkshopAttendance.workshop_id, WorkshopAttendance.status)
    ).all():
        by_status[wid][status.value] = n
    rows = []
    for w in workshops:
        counts = {column: by_status[w.id].get(column, 0) for column in SESSION_COLUMNS[:4]}
        counts["no record"] = total - sum(by_status[w.id].values())
        rows.append(
            LectureRow(
                w.id,
                f"Workshop {w.position}: {w.title}",
                w.session_starts_at,
                w.session_ends_at <= now,
                counts,
                w.position,
                w.title,
            )
        )
    return rows


def cohort_dashboard(
    *, session: Session, cohort: Cohort, filters: Filters = Filters(), now: datetime | None = None
) -> Dashboard:
    """Every panel of the dashboard for one cohort and view."""
    now = now or utcnow()
    board = Dashboard(cohort.name, filters, now)
    board.funnel = cohort_funnel(session=session, cohort=cohort, filters=filters)
    board.regions, board.countries = places(session=session, cohort=cohort, filters=filters)
    board.lectures = lecture_attendance(session=session, cohort=cohort, filters=filters, now=now)
    board.sessions = workshop_attendance(session=session, cohort=cohort, filters=filters, now=now)
    board.at_risk = at_risk_participants(session=session, cohort=cohort, filters=filters, now=now)
    board.workshops, board.matrix = submission_matrix(
        session=session, cohort=cohort, filters=filters, now=now
    )
    board.matrix_totals = matrix_totals(board.workshops, board.matrix)
    board.judging = judging_progress(session=session, cohort=cohort, filters=filters)
    return board
