"""Phase 1 progress: which lectures count for whom, who is complete, who is at risk.
A whole cohort is computed in four queries, whatever its size."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.translations import N_, SOURCE_LANGUAGE, gettext, ngettext
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    Cohort,
    Lecture,
    Reflection,
    ReflectionStatus,
    User,
)
from champions.models._time import utcnow
from champions.services.phase1.attendance import COUNTED
from champions.services.phase1.reflections import reflection_deadline
from champions.services.registration.countries import COUNTRIES, country_label

# What a lecture is for a participant, as shown in reports.
RECORDING = "recording"  # counted through an approved reflection
MISSED = "missed"  # ended with nothing recorded
UPCOMING = "upcoming"


@dataclass
class Progress:
    user_id: int
    full_name: str
    email: str
    country: str
    required: int
    total: int  # lectures that are not cancelled
    statuses: dict[int, str] = field(default_factory=dict)  # lecture id -> status (see above)
    attended: int = 0  # present or late
    by_recording: int = 0  # approved reflections
    upcoming: int = 0  # lectures not ended yet
    recoverable: list[int] = field(default_factory=list)  # missed, a reflection still possible
    pending_reflections: int = 0
    missed_last_two: bool = False

    @property
    def counted(self) -> int:
        return self.attended + self.by_recording

    @property
    def needed(self) -> int:
        return max(0, self.required - self.counted)

    @property
    def complete(self) -> bool:
        return self.counted >= self.required

    @property
    def can_still_complete(self) -> bool:
        return self.counted + self.upcoming + len(self.recoverable) >= self.required

    @property
    def at_risk(self) -> bool:
        return not self.complete and (not self.can_still_complete or self.missed_last_two)

    def risk_reasons(self, language: str = SOURCE_LANGUAGE) -> list[str]:
        """Why the participant is at risk, in the language ("can no longer complete Phase 1")."""
        reasons = []
        if not self.complete and not self.can_still_complete:
            reasons.append(gettext(language, "can no longer complete Phase 1"))
        if not self.complete and self.missed_last_two:
            reasons.append(gettext(language, "missed the last two lectures"))
        return reasons

    def summary(self, language: str = SOURCE_LANGUAGE) -> str:
        """ "4 of 6 attended; 1 more needed" (recordings counted in, and said), in the language."""
        attended = gettext(language, "{counted} of {total} attended", counted=self.counted, total=self.total)
        if self.by_recording:
            attended = gettext(
                language,
                "{attended} (including {count} by recording)",
                attended=attended,
                count=self.by_recording,
            )
        if self.complete:
            return gettext(language, "{attended}; Phase 1 complete.", attended=attended)
        return ngettext(
            language,
            "{attended}; {count} more needed.",
            "{attended}; {count} more needed.",
            self.needed,
            attended=attended,
        )

    def risk_sentence(self, language: str = SOURCE_LANGUAGE) -> str:
        """The progress and why it is at risk, as the at-risk message says it."""
        return gettext(
            language,
            "{summary} You {why}.",
            summary=self.summary(language),
            why="; ".join(self.risk_reasons(language)),
        )


def phase1_progress(
    *, session: Session, cohort: Cohort, now: datetime | None = None, user_ids: Iterable[int] | None = None
) -> list[Progress]:
    """The Phase 1 progress of the cohort's accepted participants (or of `user_ids` among
    them), ordered by name. Reads only."""
    now = now or utcnow()
    lectures = list(
        session.exec(
            select(Lecture)
            .where(Lecture.cohort_id == cohort.id, Lecture.cancelled_at.is_(None))
            .order_by(Lecture.starts_at, Lecture.id)
        )
    )
    people_query = (
        select(User.id, User.full_name, User.email, Application.country)
        .join(Application, Application.user_id == User.id)
        .where(Application.cohort_id == cohort.id, Application.status == ApplicationStatus.ACCEPTED)
        .order_by(User.full_name, User.id)
    )
    wanted = None if user_ids is None else list(user_ids)
    if wanted is not None:
        people_query = people_query.where(User.id.in_(wanted))
    people = {
        uid: Progress(uid, name, email, country, cohort.phase1_required, len(lectures))
        for uid, name, email, country in session.exec(people_query)
    }
    if not people:
        return []
    lecture_ids = [lecture.id for lecture in lectures]
    attendance: dict[tuple[int, int], str] = {}
    reflections: dict[tuple[int, int], ReflectionStatus] = {}
    if lecture_ids:
        attendance_query = select(Attendance.lecture_id, Attendance.user_id, Attendance.status).where(
            Attendance.lecture_id.in_(lecture_ids)
        )
        reflection_query = select(Reflection.lecture_id, Reflection.user_id, Reflection.status).where(
            Reflection.lecture_id.in_(lecture_ids)
        )
        if wanted is not None:
            attendance_query = attendance_query.where(Attendance.user_id.in_(wanted))
            reflection_query = reflection_query.where(Reflection.user_id.in_(wanted))
        attendance = {(lid, uid): status for lid, uid, status in session.exec(attendance_query)}
        reflections = {(lid, uid): status for lid, uid, status in session.exec(reflection_query)}
    ended = [lecture for lecture in lectures if lecture.ends_at <= now]
    last_two = {lecture.id for lecture in ended[-2:]} if len(ended) >= 2 else set()
    for progress in people.values():
        missed_recent = 0
        for lecture in lectures:
            key = (lecture.id, progress.user_id)
            status = attendance.get(key)
            reflection = reflections.get(key)
            if status in COUNTED:
                progress.attended += 1
                shown = status.value
            elif reflection == ReflectionStatus.APPROVED:
                progress.by_recording += 1
                shown = RECORDING
            elif lecture.ends_at > now:
                progress.upcoming += 1
                shown = status.value if status else UPCOMING
            else:
                shown = status.value if status else MISSED
                if lecture.id in last_two:
                    missed_recent += 1
                if cohort.recording_route and now <= reflection_deadline(lecture):
                    progress.recoverable.append(lecture.id)
            if reflection == ReflectionStatus.SUBMITTED:
                progress.pending_reflections += 1
            progress.statuses[lecture.id] = shown
        progress.missed_last_two = bool(last_two) and missed_recent == 2
    return list(people.values())


def progress_of(
    *, session: Session, cohort: Cohort, user_id: int, now: datetime | None = None
) -> Progress | None:
    """One participant's progress (None when they are not an accepted participant)."""
    found = phase1_progress(session=session, cohort=cohort, now=now, user_ids=[user_id])
    return found[0] if found else None


def is_phase1_complete(*, session: Session, cohort: Cohort, user_id: int) -> bool:
    """Whether the participant has `phase1_required` counted lectures (present, late, or an
    approved recording reflection). Excused does not count."""
    progress = progress_of(session=session, cohort=cohort, user_id=user_id)
    return progress is not None and progress.complete


def at_risk(progresses: Sequence[Progress]) -> list[Progress]:
    """Participants who can no longer complete, or who missed the last two lectures."""
    return [p for p in progresses if p.at_risk]


ATTENDANCE_FIELDS = [N_("name"), N_("email"), N_("country")]
ATTENDANCE_FIELDS_AFTER = [N_("counted"), N_("required"), N_("phase1_complete")]
AT_RISK_FIELDS = [
    N_("name"),
    N_("email"),
    N_("country"),
    N_("counted"),
    N_("required"),
    N_("still_possible"),
    N_("why"),
]
# The lecture statuses a report shows (AttendanceStatus's values and the ones above), marked
# for the catalogue.
REPORT_STATUSES = [
    N_("present"),
    N_("late"),
    N_("excused"),
    N_("absent"),
    N_("recording"),
    N_("missed"),
    N_("upcoming"),
]


def _country(code: str, language: str) -> str:
    return COUNTRIES.get(code, code) if language == SOURCE_LANGUAGE else country_label(code, language)


def attendance_report(
    progresses: Sequence[Progress], lectures: Sequence[Lecture], language: str = SOURCE_LANGUAGE
) -> tuple[list[str], list[list]]:
    """One row per accepted participant: each (not cancelled) lecture's status, the counted
    total, the requirement and whether Phase 1 is complete. Headings, countries, statuses and
    yes/no in `language`; lecture titles as written."""
    shown = [lecture for lecture in lectures if lecture.cancelled_at is None]
    fields = (
        [gettext(language, field) for field in ATTENDANCE_FIELDS]
        + [f"L{i} {lecture.title}" for i, lecture in enumerate(shown, 1)]
        + [gettext(language, field) for field in ATTENDANCE_FIELDS_AFTER]
    )
    rows = [
        [p.full_name, p.email, _country(p.country, language)]
        + [_status(p.statuses.get(lecture.id, ""), language) for lecture in shown]
        + [p.counted, p.required, gettext(language, "yes") if p.complete else gettext(language, "no")]
        for p in progresses
    ]
    return fields, rows


def _status(status: str, language: str) -> str:
    return gettext(language, status) if status else ""


def at_risk_export(
    progresses: Sequence[Progress], language: str = SOURCE_LANGUAGE
) -> tuple[list[str], list[list]]:
    """The participants at risk for CSV, headings, countries and reasons in `language`."""
    fields = [gettext(language, field) for field in AT_RISK_FIELDS]
    rows = [
        [
            p.full_name,
            p.email,
            _country(p.country, language),
            p.counted,
            p.required,
            p.counted + p.upcoming + len(p.recoverable),
            "; ".join(p.risk_reasons(language)),
        ]
        for p in at_risk(progresses)
    ]
    return fields, rows
