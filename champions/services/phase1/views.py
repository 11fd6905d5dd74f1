"""What the Phase 1 pages show, read in one go per page: typed values the states display as
they are (labels already in the viewer's words, ids as text for the page's controls)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlmodel import Session

from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant, format_span, local
from champions.infra.translations import N_, gettext
from champions.models import Cohort, Lecture, Reflection, Workshop
from champions.models._time import utcnow
from champions.services.phase1.attendance import (
    LECTURE,
    WORKSHOP,
    checkin_is_open,
    counts_text,
    lecture_counts,
    roster,
    statuses_of,
)
from champions.services.phase1.calendar import calendar_filename, cohort_calendar
from champions.services.phase1.lectures import (
    LectureForm,
    join_link_visible,
    list_lectures,
    list_workshops,
    next_lecture,
    recording_visible,
)
from champions.services.phase1.progress import (
    MISSED,
    RECORDING,
    Progress,
    at_risk,
    at_risk_export,
    attendance_report,
    phase1_progress,
    progress_of,
)
from champions.services.phase1.reflections import (
    pending_reflections,
    reflection_deadline,
    reflection_refusal,
    reflections_of,
)
from champions.services.phase2.workshops import session_text
from champions.services.registration.applications import accepted_cohort, application_of
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.registration.countries import country_label
from champions.services.registration.eligibility import format_day
from champions.services.views import Choice, CsvFile


@dataclass(frozen=True)
class RosterLine:
    user_id: str
    name: str
    country: str
    status: str  # "" when nothing is recorded
    source: str


@dataclass(frozen=True)
class RosterPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    lectures: list[Choice] = field(default_factory=list)
    lecture: str = ""  # the shown lecture's id, "" when the cohort has none
    counts: dict[str, int] = field(default_factory=dict)
    lines: list[RosterLine] = field(default_factory=list)


def default_lecture(lectures: list[Lecture]) -> Lecture | None:
    """The lecture being held, else the last one started, else the first."""
    now = utcnow()
    started = [lec for lec in lectures if lec.starts_at <= now]
    return (started or lectures or [None])[-1 if started else 0]


def roster_page(
    *,
    session: Session,
    cohort_name: str,
    lecture_id: int | None,
    today: date,
    workshop_id: int | None = None,
    language: str = "en",
) -> RosterPage:
    """The roster of `lecture_id` (when it is a lecture that is not cancelled) or of
    `workshop_id` (a workshop with a scheduled session; its choice id is "w<id>"), else of the
    cohort's default lecture (`default_lecture`); the cohort is the event's, else the one
    named, else the current one. Reads only."""
    asked = session.get(Lecture, lecture_id) if lecture_id else None
    asked_workshop = session.get(Workshop, workshop_id) if workshop_id else None
    owner = asked or asked_workshop
    cohort = (
        session.get(Cohort, owner.cohort_id)
        if owner
        else cohort_or_current(session=session, name=cohort_name, today=today)
    )
    if cohort is None:
        return RosterPage()
    lectures = list_lectures(session=session, cohort_id=cohort.id, include_cancelled=False)
    sessions = [w for w in list_workshops(session=session, cohort_id=cohort.id) if w.session_starts_at]
    choices = [
        Choice(
            str(lec.id), f"{i}. {lec.title} — {format_span(lec.starts_at, lec.ends_at, SEOUL_ZONE, language)}"
        )
        for i, lec in enumerate(lectures, 1)
    ] + [
        Choice(
            f"w{w.id}",
            gettext(language, "Workshop {position}: {title}", position=w.position, title=w.title)
            + " — "
            + format_span(w.session_starts_at, w.session_ends_at, SEOUL_ZONE, language),
        )
        for w in sessions
    ]
    if asked_workshop in sessions:
        event, occasion, chosen = asked_workshop, WORKSHOP, f"w{asked_workshop.id}"
    else:
        event = asked if asked in lectures else default_lecture(lectures)
        occasion, chosen = LECTURE, str(event.id) if event else ""
    if event is None:
        return RosterPage(cohorts=[c.name for c in list_cohorts(session=session)], cohort=cohort.name)
    return RosterPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        lectures=choices,
        lecture=chosen,
        counts=lecture_counts(session=session, cohort_id=cohort.id, occasion=occasion).get(event.id, {}),
        lines=[
            RosterLine(
                str(r.user_id),
                r.full_name,
                country_label(r.country, language),
                r.status,
                "self check-in" if r.source == "check_in" else r.source,
            )
            for r in roster(session=session, lecture=event, occasion=occasion)
        ],
    )


# The secretariat's lectures page.


@dataclass(frozen=True)
class LectureLine:
    id: str
    number: str  # "" for a cancelled lecture
    title: str
    speaker: str
    when_seoul: str
    when_local: str  # "" when the viewer's zone is Seoul's
    mode: str
    where: str
    recording: str
    cancelled: str
    counts: str


@dataclass(frozen=True)
class LecturesPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    title: str = ""
    lines: list[LectureLine] = field(default_factory=list)


def lectures_page(
    *, session: Session, cohort_name: str, zone: str, today: date, language: str = "en"
) -> LecturesPage:
    """The lectures of the named cohort (else the current one), cancelled ones included, with
    their attendance counts; times in Seoul and in `zone`. Reads only."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return LecturesPage()
    counts = lecture_counts(session=session, cohort_id=cohort.id)
    lines, number = [], 0
    for lecture in list_lectures(session=session, cohort_id=cohort.id):
        number += lecture.cancelled_at is None
        lines.append(
            LectureLine(
                id=str(lecture.id),
                number=str(number) if lecture.cancelled_at is None else "",
                title=lecture.title,
                speaker=lecture.speaker,
                when_seoul=format_span(lecture.starts_at, lecture.ends_at, SEOUL_ZONE, language),
                when_local=format_span(lecture.starts_at, lecture.ends_at, zone, language)
                if zone != SEOUL_ZONE
                else "",
                mode=lecture.mode.value,
                where=lecture.venue or lecture.join_url,
                recording=lecture.recording_url,
                cancelled=gettext(language, "Cancelled: {reason}", reason=lecture.cancel_reason)
                if lecture.cancelled_at
                else "",
                counts=counts_text(counts[lecture.id], language),
            )
        )
    return LecturesPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        title=cohort.title,
        lines=lines,
    )


def lecture_form(*, session: Session, lecture_id: int, zone: str) -> LectureForm | None:
    """The edit form of a lecture, its times in `zone`; None for no lecture or a cancelled one."""
    lecture = session.get(Lecture, lecture_id)
    if lecture is None or lecture.cancelled_at is not None:
        return None
    start, end = local(lecture.starts_at, zone), local(lecture.ends_at, zone)
    return LectureForm(
        title=lecture.title,
        speaker=lecture.speaker,
        description=lecture.description,
        day=start.date().isoformat(),
        start_time=f"{start:%H:%M}",
        end_time=f"{end:%H:%M}",
        zone=zone,
        mode=lecture.mode.value,
        join_url=lecture.join_url,
        venue=lecture.venue,
        recording_url=lecture.recording_url,
    )


class CalendarFile(NamedTuple):
    filename: str
    text: str


def cohort_calendar_file(
    *, session: Session, cohort_name: str, today: date, language: str = "en"
) -> CalendarFile | None:
    """The calendar (.ics) of the named cohort, else of the current one, its texts in `language`;
    None when there is none."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return None
    return CalendarFile(
        calendar_filename(cohort), cohort_calendar(session=session, cohort=cohort, language=language)
    )


# The secretariat's progress page.

_MARK = {
    "present": "P",
    "late": "L",
    "excused": "E",
    "absent": "A",
    "recording": "R",
    "missed": "–",
    "upcoming": "·",
}


@dataclass(frozen=True)
class ProgressLine:
    name: str
    country: str
    marks: str  # one letter per lecture (see _MARK)
    summary: str


@dataclass(frozen=True)
class RiskLine:
    name: str
    email: str
    country: str
    counted: str
    why: str


@dataclass(frozen=True)
class PendingLine:
    id: str
    lecture: str
    name: str
    text: str
    words: str
    submitted: str


@dataclass(frozen=True)
class ProgressPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""
    summary: str = ""
    lines: list[ProgressLine] = field(default_factory=list)
    risk: list[RiskLine] = field(default_factory=list)
    pending: list[PendingLine] = field(default_factory=list)


def progress_page(*, session: Session, cohort_name: str, today: date, language: str = "en") -> ProgressPage:
    """Phase 1 progress of every accepted participant of the named cohort (else the current
    one), those at risk, and the reflections waiting for review. Reads only."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return ProgressPage()
    lectures = list_lectures(session=session, cohort_id=cohort.id, include_cancelled=False)
    progresses = phase1_progress(session=session, cohort=cohort)
    risky = at_risk(progresses)
    complete = sum(1 for p in progresses if p.complete)
    return ProgressPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        summary=gettext(
            language,
            "{participants} accepted participants · {complete} completed Phase 1 · {risky} at risk · "
            "{required} of {lectures} lectures required",
            participants=len(progresses),
            complete=complete,
            risky=len(risky),
            required=cohort.phase1_required,
            lectures=len(lectures),
        ),
        lines=[
            ProgressLine(
                p.full_name,
                country_label(p.country, language),
                " ".join(_MARK.get(p.statuses.get(lec.id, ""), "?") for lec in lectures),
                p.summary(language),
            )
            for p in progresses
        ],
        risk=[
            RiskLine(
                p.full_name,
                p.email,
                country_label(p.country, language),
                gettext(language, "{counted} of {required}", counted=p.counted, required=p.required),
                "; ".join(p.risk_reasons(language)),
            )
            for p in risky
        ],
        pending=[
            PendingLine(
                str(r.id),
                r.lecture_title,
                r.full_name,
                r.text,
                str(r.words),
                format_instant(r.submitted_at, SEOUL_ZONE, language),
            )
            for r in pending_reflections(session=session, cohort_id=cohort.id)
        ],
    )


def progress_export(
    *, session: Session, cohort_name: str, which: str, today: date, language: str = "en"
) -> CsvFile | None:
    """The cohort's at-risk list (`which` "at-risk") or attendance report (anything else) as CSV
    in `language`; None when there is no such cohort."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return None
    progresses = phase1_progress(session=session, cohort=cohort)
    if which == "at-risk":
        return CsvFile(f"at-risk-{cohort.name}.csv", to_csv(*at_risk_export(progresses, language)))
    lectures = list_lectures(session=session, cohort_id=cohort.id)
    return CsvFile(
        f"attendance-{cohort.name}.csv", to_csv(*attendance_report(progresses, lectures, language))
    )


# A participant's schedule page.

# Catalogue texts kept in English, shown translated by the page (t_var), so they follow the
# language menu in place.
STATUS_LABELS = {
    "present": N_("Present"),
    "late": N_("Late (counts)"),
    "excused": N_("Excused (does not count)"),
    "absent": N_("Absent"),
    RECORDING: N_("Counted by recording"),
    MISSED: N_("Missed"),
    "upcoming": N_("Upcoming"),
}
# A session's mode as the page shows it (the enum's values are its English words).
MODE_WORDS = (N_("online"), N_("offline"), N_("hybrid"))


@dataclass(frozen=True)
class ScheduleLecture:
    id: str
    number: str
    title: str
    speaker: str
    description: str
    when_local: str
    when_seoul: str  # "" when the viewer's zone is Seoul's
    mode: str
    venue: str
    join_url: str  # "" until the link is shown
    recording_url: str
    status: str
    cancelled: str
    is_next: str  # "yes" / ""
    can_check_in: str
    can_reflect: str
    reflection_note: str
    reflection_state: str
    reflection_due: str
    reflection_text: str


@dataclass(frozen=True)
class ScheduleWorkshop:
    id: str
    title: str
    opens: str
    deadline: str
    deadline_seoul: str
    session: str = ""  # when and where, in the viewer's zone; "" when not scheduled
    session_seoul: str = ""  # "" when the viewer's zone is Seoul's
    join_url: str = ""  # "" until the link is shown
    status: str = ""
    can_check_in: str = ""  # "yes" / ""
    # The parts of the title and of the session, for the page to put in the viewer's words.
    # (not compared: they repeat what `title` and `session` say)
    position: str = field(default="", compare=False)
    name: str = field(default="", compare=False)
    session_when: str = field(default="", compare=False)
    session_mode: str = field(default="", compare=False)
    session_venue: str = field(default="", compare=False)
    session_when_seoul: str = field(default="", compare=False)


@dataclass(frozen=True)
class PossibleLine:
    """One of `SchedulePage.possible` as its parts: kind "complete" (when: Phase 2's start),
    "upcoming" (count), "recoverable" (title, when: the reflection's deadline) or "short"
    (count: the lectures required)."""

    kind: str
    count: int = 0
    title: str = ""
    when: str = ""


@dataclass(frozen=True)
class SchedulePage:
    notice: str = ""  # why there is no schedule; "" when there is one
    cohort: str = ""
    summary: str = ""
    complete: bool = False
    counted: int = 0
    required: int = 0
    total: int = 0
    possible: list[str] = field(default_factory=list)
    # The parts of `possible`, `summary` and `notice` (not compared: they repeat what those say).
    possible_lines: list[PossibleLine] = field(default_factory=list, compare=False)
    by_recording: int = field(default=0, compare=False)
    needed: int = field(default=0, compare=False)
    # the application's status the notice names ("" when there is none)
    notice_status: str = field(default="", compare=False)
    lectures: list[ScheduleLecture] = field(default_factory=list)
    workshops: list[ScheduleWorkshop] = field(default_factory=list)
    next_up: str = ""


def participant_cohort(*, session: Session, user_id: int) -> tuple[Cohort | None, str]:
    """The cohort the participant is accepted to, or a notice saying why there is none."""
    cohort = accepted_cohort(session=session, user_id=user_id)
    if cohort is not None:
        return cohort, ""
    application = application_of(session=session, user_id=user_id)
    if application is None:
        return None, "The lecture schedule is for accepted participants. You have not applied yet."
    return None, (
        f"The lecture schedule is for accepted participants; your application is {application.status.value}."
    )


def _possible(
    progress: Progress, cohort: Cohort, titles: dict[int, str], deadlines: dict[int, datetime], zone: str
) -> list[str]:
    """What the participant can still do, in plain sentences."""
    if progress.complete:
        return [
            "Phase 1 complete: you can join a Phase 2 team "
            f"(Phase 2 starts {format_day(cohort.phase2_start)})."
        ]
    lines = []
    if progress.upcoming:
        lines.append(f"{progress.upcoming} lecture{'s' if progress.upcoming != 1 else ''} still to come.")
    for lecture_id in progress.recoverable:
        lines.append(
            f"'{titles[lecture_id]}' can still count through a reflection on its recording "
            f"(due {format_instant(deadlines[lecture_id], zone)})."
        )
    if not progress.can_still_complete:
        lines.append(
            f"With what is left you cannot reach {progress.required} lectures; please talk to the "
            "secretariat."
        )
    return lines


def _possible_lines(
    progress: Progress,
    cohort: Cohort,
    titles: dict[int, str],
    deadlines: dict[int, datetime],
    zone: str,
    language: str,
) -> list[PossibleLine]:
    """`_possible` as parts, its dates in the language."""
    if progress.complete:
        return [PossibleLine("complete", when=format_day(cohort.phase2_start, language))]
    lines = []
    if progress.upcoming:
        lines.append(PossibleLine("upcoming", count=progress.upcoming))
    for lecture_id in progress.recoverable:
        lines.append(
            PossibleLine(
                "recoverable",
                title=titles[lecture_id],
                when=format_instant(deadlines[lecture_id], zone, language),
            )
        )
    if not progress.can_still_complete:
        lines.append(PossibleLine("short", count=progress.required))
    return lines


def _schedule_lecture(
    lecture: Lecture,
    number: int,
    progress: Progress,
    reflection: Reflection | None,
    refusal: str,
    now: datetime,
    zone: str,
    next_id: int | None,
    language: str = "en",
) -> ScheduleLecture:
    status = progress.statuses.get(lecture.id, "") if lecture.cancelled_at is None else ""
    reflection_state = ""
    if reflection is not None and status != RECORDING:
        reflection_state = {
            "submitted": "Reflection submitted: waiting for the secretariat's review.",
            "returned": f"Reflection returned: {reflection.feedback}",
            "approved": "Reflection approved.",
        }[reflection.status.value]
    missed = status in (MISSED, "absent", "excused")
    return ScheduleLecture(
        id=str(lecture.id),
        number=str(number) if number else "",
        title=lecture.title,
        speaker=lecture.speaker,
        description=lecture.description,
        when_local=format_span(lecture.starts_at, lecture.ends_at, zone, language),
        when_seoul=format_span(lecture.starts_at, lecture.ends_at, SEOUL_ZONE, language)
        if zone != SEOUL_ZONE
        else "",
        mode=lecture.mode.value,
        venue=lecture.venue,
        join_url=lecture.join_url if join_link_visible(lecture, now) else "",
        recording_url=lecture.recording_url if recording_visible(lecture, now) else "",
        status=STATUS_LABELS.get(status, ""),
        cancelled=f"Cancelled: {lecture.cancel_reason}" if lecture.cancelled_at else "",
        is_next="yes" if lecture.id == next_id else "",
        can_check_in="yes" if checkin_is_open(lecture, now) and status not in ("present", "late") else "",
        can_reflect="yes" if missed and not refusal else "",
        reflection_note=refusal if missed and refusal and lecture.ends_at <= now else "",
        reflection_state=reflection_state,
        reflection_due=format_instant(reflection_deadline(lecture), zone, language),
        reflection_text=(
            reflection.text if reflection is not None and reflection.status.value == "returned" else ""
        ),
    )


def schedule_page(
    *, session: Session, user_id: int, zone: str, now: datetime, language: str = "en"
) -> SchedulePage:
    """A participant's lectures (with their status, check-in and reflection), workshops and
    Phase 1 progress, times in `zone`; only a notice when they are not accepted. Reads only."""
    cohort, notice = participant_cohort(session=session, user_id=user_id)
    if cohort is None:
        application = application_of(session=session, user_id=user_id)
        return SchedulePage(notice=notice, notice_status=application.status.value if application else "")
    lectures = list_lectures(session=session, cohort_id=cohort.id)
    progress = progress_of(session=session, cohort=cohort, user_id=user_id, now=now)
    reflections = reflections_of(session=session, user_id=user_id, lecture_ids=[lec.id for lec in lectures])
    upcoming = next_lecture(lectures, now)
    active = [lec for lec in lectures if lec.cancelled_at is None]
    rows = []
    for lecture in lectures:
        refusal = ""
        if (
            lecture.cancelled_at is None
            and lecture.ends_at <= now
            and progress.statuses.get(lecture.id) in (MISSED, "absent", "excused")
        ):
            reason = reflection_refusal(
                session=session, cohort=cohort, lecture=lecture, user_id=user_id, now=now
            )
            refusal = reason.text(language) if reason else ""
        number = active.index(lecture) + 1 if lecture in active else 0
        rows.append(
            _schedule_lecture(
                lecture,
                number,
                progress,
                reflections.get(lecture.id),
                refusal,
                now,
                zone,
                upcoming.id if upcoming else None,
                language,
            )
        )
    listed = list_workshops(session=session, cohort_id=cohort.id)
    attended = statuses_of(
        session=session, user_id=user_id, event_ids=[w.id for w in listed], occasion=WORKSHOP
    )
    workshops = [
        ScheduleWorkshop(
            id=str(w.id),
            title=f"Workshop {w.position}: {w.title}",
            opens=format_instant(w.opens_at, zone, language),
            deadline=format_instant(w.deadline, zone, language),
            deadline_seoul=format_instant(w.deadline, SEOUL_ZONE, language) if zone != SEOUL_ZONE else "",
            session=session_text(w, zone, language),
            session_seoul=session_text(w, SEOUL_ZONE, language) if zone != SEOUL_ZONE else "",
            join_url=w.join_url if join_link_visible(w, now) else "",
            status=STATUS_LABELS.get(attended.get(w.id, ""), ""),
            can_check_in=(
                "yes" if checkin_is_open(w, now) and attended.get(w.id) not in ("present", "late") else ""
            ),
            position=str(w.position),
            name=w.title,
            session_when=format_span(w.session_starts_at, w.session_ends_at, zone, language)
            if w.session_starts_at and w.session_ends_at
            else "",
            session_mode=w.mode.value,
            session_venue=w.venue or "",
            session_when_seoul=format_span(w.session_starts_at, w.session_ends_at, SEOUL_ZONE, language)
            if w.session_starts_at and w.session_ends_at and zone != SEOUL_ZONE
            else "",
        )
        for w in listed
    ]
    titles = {lec.id: lec.title for lec in lectures}
    deadlines = {lec.id: reflection_deadline(lec) for lec in lectures}
    return SchedulePage(
        cohort=cohort.title,
        summary=progress.summary(language),
        by_recording=progress.by_recording,
        needed=progress.needed,
        possible_lines=_possible_lines(progress, cohort, titles, deadlines, zone, language),
        complete=progress.complete,
        counted=progress.counted,
        required=progress.required,
        total=progress.total,
        possible=_possible(progress, cohort, titles, deadlines, zone),
        lectures=rows,
        workshops=workshops,
        next_up=(
            f"{upcoming.title} · {format_span(upcoming.starts_at, upcoming.ends_at, zone, language)}"
            if upcoming
            else ""
        ),
    )


def participant_calendar_file(*, session: Session, user_id: int, language: str = "en") -> CalendarFile | None:
    """The calendar (.ics) of the cohort the participant is accepted to, its texts in
    `language`; None when there is none."""
    cohort, _ = participant_cohort(session=session, user_id=user_id)
    if cohort is None:
        return None
    return CalendarFile(
        calendar_filename(cohort), cohort_calendar(session=session, cohort=cohort, language=language)
    )
