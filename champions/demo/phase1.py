"""Demo Phase 1 data: the lecture schedule and workshops of both demo cohorts, and the 2022
cohort's attendance (most complete, some through a recording, some at risk)."""

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from champions.infra.timezones import SEOUL
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    Cohort,
    Lecture,
    LectureMode,
    Reflection,
    ReflectionStatus,
    User,
    Workshop,
)

# (title, speaker, description, mode)
LECTURES = [
    (
        "Smart Cities and the SDG 11 Agenda",
        "Dr. Jung-ho Lee",
        "What makes a city smart, sustainable and inclusive: the Sustainable Development Goal 11 "
        "targets and how WeGO member cities measure progress.",
        LectureMode.HYBRID,
    ),
    (
        "Urban Data Platforms and Open Data",
        "Prof. Aisha Bello",
        "Collecting, sharing and governing city data: open data portals, privacy by design and "
        "data for safer streets.",
        LectureMode.ONLINE,
    ),
    (
        "Safe Cities: Designing for Women and Vulnerable Groups",
        "Dr. Mariana Costa",
        "Crime prevention through environmental design, safety audits and digital tools that make "
        "public space safer for everyone.",
        LectureMode.ONLINE,
    ),
    (
        "Inclusive Mobility and Accessible Transport",
        "Dr. Kenji Watanabe",
        "Accessible public transport, demand-responsive services and mobility data for people "
        "with disabilities and older residents.",
        LectureMode.ONLINE,
    ),
    (
        "Citizen Participation and Living Labs",
        "Dr. Fatima El-Amrani",
        "Co-creating solutions with residents: living labs, participatory budgeting and civic tech.",
        LectureMode.ONLINE,
    ),
    (
        "From Idea to Pilot: Designing a Smart City Project",
        "WeGO Secretariat",
        "How to frame a challenge, test an idea with a small pilot and prepare for the Phase 2 "
        "workshops and teams.",
        LectureMode.HYBRID,
    ),
]
WORKSHOPS = [
    (
        "Problem framing",
        "Choose a safety or inclusion challenge in a member city and describe who it affects.",
    ),
    ("Solution design", "Design a solution: the people it serves, the data and technology it needs."),
    ("Feasibility and pilot plan", "Plan a pilot: partners, costs, risks and how success is measured."),
    ("Final pitch", "Present the project: the problem, the solution, the pilot and the expected impact."),
]
VENUE = "Seoul Global Center, 38 Jong-ro, Jongno-gu, Seoul"
RECORDING_BASE = "https://video.champions.example/recordings/"
JOIN_BASE = "https://meet.champions.example/lecture-"


WORKSHOP_JOIN_BASE = "https://meet.champions.example/workshop-"


def _seoul(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SEOUL).astimezone(UTC)


def weekday_on_or_before(day: date) -> date:
    """The day itself on a weekday, else the Friday before (lectures are held on weekdays)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def weekday_on_or_after(day: date) -> date:
    """The day itself on a weekday, else the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def schedule_sessions(session: Session, cohort: Cohort) -> bool:
    """Give each workshop of the cohort without a session one: on its opening day (or the
    Monday after a weekend), 14:00-17:00 Seoul time, hybrid at the Seoul Global Center.
    Returns whether any was added. Flushes."""
    added = False
    for workshop in session.exec(select(Workshop).where(Workshop.cohort_id == cohort.id)):
        if workshop.session_starts_at is not None:
            continue
        day = weekday_on_or_after(workshop.opens_at.astimezone(SEOUL).date())
        workshop.session_starts_at, workshop.session_ends_at = _seoul(day, 14), _seoul(day, 17)
        workshop.mode, workshop.venue = LectureMode.HYBRID, VENUE
        workshop.join_url = f"{WORKSHOP_JOIN_BASE}{cohort.name}-{workshop.position}"
        session.add(workshop)
        added = True
    session.flush()
    return added


def _schedule(session: Session, cohort: Cohort, *, past: bool) -> list[Lecture]:
    """Six lectures on weekdays through Phase 1 (10:00-12:00 Seoul time) and four workshops in
    Phase 2, each with its session."""
    span = (cohort.phase1_end - cohort.phase1_start).days
    lectures = []
    for index, (title, speaker, description, mode) in enumerate(LECTURES):
        day = weekday_on_or_before(cohort.phase1_start + timedelta(days=round(index * span / 5)))
        lecture = Lecture(
            cohort_id=cohort.id,
            title=title,
            speaker=speaker,
            description=description,
            starts_at=_seoul(day, 10),
            ends_at=_seoul(day, 12),
            mode=mode,
            join_url=f"{JOIN_BASE}{cohort.name}-{index + 1}" if mode != LectureMode.OFFLINE else "",
            venue=VENUE if mode != LectureMode.ONLINE else "",
            recording_url=f"{RECORDING_BASE}{cohort.name}-{index + 1}" if past else "",
        )
        session.add(lecture)
        lectures.append(lecture)
    phase2_days = (cohort.phase2_end - cohort.phase2_start).days
    for index, (title, brief) in enumerate(WORKSHOPS):
        opens = cohort.phase2_start + timedelta(days=index * phase2_days // 4)
        session.add(
            Workshop(
                cohort_id=cohort.id,
                position=index + 1,
                title=title,
                brief=brief,
                opens_at=_seoul(opens, 10),
                deadline=_seoul(opens + timedelta(days=10), 18),
                judged=index > 0,
                weight=1.0,
            )
        )
    session.flush()
    schedule_sessions(session, cohort)
    return lectures


# Counted lectures per 2022 participant profile; the rest are absent or excused.
def _attendance_plan(rng: random.Random, position: int) -> list[str]:
    """Statuses of the six lectures for the participant at `position` (0: the demo login)."""
    if position == 0:  # the demo participant: every status, complete with one recording
        return ["present", "present", "late", "excused", "present", "present"]
    if position % 9 == 4:  # at risk: can no longer complete
        return ["present", "absent", "present", "absent", "absent", "absent"]
    if position % 9 == 7:  # one short, saved by a recording reflection
        return ["present", "present", "absent", "present", "present", "late"]
    plan = ["present"] * 6
    for _ in range(rng.choice([0, 0, 1])):
        plan[rng.randrange(6)] = rng.choice(["late", "excused", "absent"])
    return plan


def _reflection_text(title: str) -> str:
    sentence = (
        f"Watching the recording of '{title}' made me rethink how my city collects and uses "
        "data about public space and who is left out when services are designed without them. "
    )
    return sentence * 4 + "I will bring these ideas to my team in Phase 2."


def seed_phase1(*, session: Session, past: Cohort, current: Cohort, secretariat: User) -> bool:
    """Load the demo schedules and 2022 attendance unless the 2022 cohort has lectures
    already. Returns whether anything was loaded. Flushes."""
    if session.exec(select(Lecture.id).where(Lecture.cohort_id == past.id)).first() is not None:
        return False
    lectures = _schedule(session, past, past=True)
    if session.exec(select(Lecture.id).where(Lecture.cohort_id == current.id)).first() is None:
        _schedule(session, current, past=False)
    rng = random.Random(1106)
    accepted = list(
        session.exec(
            select(Application.user_id)
            .where(Application.cohort_id == past.id, Application.status == ApplicationStatus.ACCEPTED)
            .order_by(Application.id)
        )
    )
    for position, user_id in enumerate(accepted):
        plan = _attendance_plan(rng, position)
        for lecture, status in zip(lectures, plan):
            by_checkin = status in ("present", "late") and rng.random() < 0.6
            session.add(
                Attendance(
                    lecture_id=lecture.id,
                    user_id=user_id,
                    status=AttendanceStatus(status),
                    source=AttendanceSource.CHECK_IN if by_checkin else AttendanceSource.ROSTER,
                    recorded_at=lecture.ends_at
                    if not by_checkin
                    else lecture.starts_at + timedelta(minutes=5),
                    recorded_by=user_id if by_checkin else secretariat.id,
                )
            )
        missed = [lecture for lecture, status in zip(lectures, plan) if status in ("absent", "excused")]
        if position == 0 or position % 9 == 7:
            lecture = missed[0]
            session.add(
                Reflection(
                    lecture_id=lecture.id,
                    user_id=user_id,
                    text=_reflection_text(lecture.title),
                    status=ReflectionStatus.APPROVED,
                    submitted_at=lecture.ends_at + timedelta(days=3),
                    reviewed_at=lecture.ends_at + timedelta(days=4),
                    reviewed_by=secretariat.id,
                )
            )
        elif position % 9 == 4:  # one waiting for review, one returned
            for lecture, status in zip(missed[:2], (ReflectionStatus.SUBMITTED, ReflectionStatus.RETURNED)):
                session.add(
                    Reflection(
                        lecture_id=lecture.id,
                        user_id=user_id,
                        text=_reflection_text(lecture.title),
                        status=status,
                        submitted_at=lecture.ends_at + timedelta(days=6),
                        reviewed_at=None
                        if status == ReflectionStatus.SUBMITTED
                        else lecture.ends_at + timedelta(days=7),
                        reviewed_by=None if status == ReflectionStatus.SUBMITTED else secretariat.id,
                        feedback=""
                        if status == ReflectionStatus.SUBMITTED
                        else "Please say what you would apply in your own city.",
                    )
                )
    session.flush()
    return True
