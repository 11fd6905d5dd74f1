"""What the Phase 1 pages show, read in one go per page: typed values the states display as
they are (labels already in the viewer's words, ids as text for the page's controls)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlmodel import Session

from champions.infra.timezones import SEOUL_ZONE, format_span
from champions.models import Cohort, Lecture
from champions.models._time import utcnow
from champions.services.phase1.attendance import lecture_counts, roster
from champions.services.phase1.lectures import list_lectures
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.registration.countries import COUNTRIES


@dataclass(frozen=True)
class Choice:
    """One option of a page's picker: the value sent back, and what the person reads."""

    id: str
    label: str


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


def default_lecture(lectures: list[Lecture]) -> Optional[Lecture]:
    """The lecture being held, else the last one started, else the first."""
    now = utcnow()
    started = [lec for lec in lectures if lec.starts_at <= now]
    return (started or lectures or [None])[-1 if started else 0]


def roster_page(*, session: Session, cohort_name: str, lecture_id: Optional[int], today: date) -> RosterPage:
    """The roster of `lecture_id` (when it is a lecture that is not cancelled), else of the
    cohort's default lecture (`default_lecture`); the cohort is the lecture's, else the one
    named, else the current one. Reads only."""
    asked = session.get(Lecture, lecture_id) if lecture_id else None
    cohort = (session.get(Cohort, asked.cohort_id) if asked else
              cohort_or_current(session=session, name=cohort_name, today=today))
    if cohort is None:
        return RosterPage()
    lectures = list_lectures(session=session, cohort_id=cohort.id, include_cancelled=False)
    lecture = asked if asked in lectures else default_lecture(lectures)
    if lecture is None:
        return RosterPage(cohorts=[c.name for c in list_cohorts(session=session)], cohort=cohort.name)
    return RosterPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        lectures=[Choice(str(lec.id), f"{i}. {lec.title} — {format_span(lec.starts_at, lec.ends_at, SEOUL_ZONE)}")
                  for i, lec in enumerate(lectures, 1)],
        lecture=str(lecture.id),
        counts=lecture_counts(session=session, cohort_id=cohort.id).get(lecture.id, {}),
        lines=[RosterLine(str(r.user_id), r.full_name, COUNTRIES.get(r.country, r.country), r.status,
                          "self check-in" if r.source == "check_in" else r.source)
               for r in roster(session=session, lecture=lecture)],
    )
