"""The cohort calendar as an iCalendar file (RFC 5545): lectures, and the workshops'
openings and deadlines, all in UTC so every calendar client shows them in its own zone."""

from datetime import datetime, timezone
from typing import Optional, Sequence

from sqlmodel import Session

from champions.models import Cohort, Lecture, Workshop
from champions.models._time import utcnow
from champions.services.phase1.lectures import list_lectures, list_workshops

PRODID = "-//WeGO//Smart City Champions//EN"
UID_DOMAIN = "champions.wego-cities.org"


def _escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and line breaks."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(instant: datetime) -> str:
    instant = instant.replace(tzinfo=timezone.utc) if instant.tzinfo is None else instant
    return instant.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, stamp: datetime, summary: str, start: datetime, end: Optional[datetime],
           description: str = "", location: str = "", url: str = "", cancelled: bool = False,
           alarm_minutes: int = 0) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}@{UID_DOMAIN}", f"DTSTAMP:{_utc(stamp)}", f"DTSTART:{_utc(start)}"]
    if end is not None:
        lines.append(f"DTEND:{_utc(end)}")
    lines.append(f"SUMMARY:{_escape(summary)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED")
    if alarm_minutes and not cancelled:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(summary)}",
                  f"TRIGGER:-PT{alarm_minutes}M", "END:VALARM"]
    lines.append("END:VEVENT")
    return lines


def _lecture_event(number: int, lecture: Lecture, stamp: datetime) -> list[str]:
    """`number` is the lecture's place among those not cancelled (0 when cancelled)."""
    speaker = f"Speaker: {lecture.speaker}" if lecture.speaker else ""
    description = "\n\n".join(part for part in (speaker, lecture.description,
                                                 f"Join: {lecture.join_url}" if lecture.join_url else "",
                                                 f"Cancelled: {lecture.cancel_reason}" if lecture.cancelled_at else "")
                              if part)
    location = lecture.venue or ("Online" if lecture.mode.value == "online" else "")
    summary = f"Lecture {number}: {lecture.title}" if number else f"Cancelled: {lecture.title}"
    return _event(f"lecture-{lecture.id}", stamp, summary, lecture.starts_at,
                  lecture.ends_at, description, location, lecture.join_url, lecture.cancelled_at is not None,
                  alarm_minutes=30)


def _workshop_events(workshop: Workshop, stamp: datetime) -> list[str]:
    name = f"Workshop {workshop.position}: {workshop.title}"
    # Instants without an end: the opening and the submission deadline are moments, not spans.
    return (_event(f"workshop-{workshop.id}-opens", stamp, f"{name} opens", workshop.opens_at, None,
                   workshop.brief)
            + _event(f"workshop-{workshop.id}-deadline", stamp, f"Submission deadline: {name}", workshop.deadline,
                     None, "The last version submitted before this moment counts.", alarm_minutes=24 * 60))


def build_calendar(cohort: Cohort, lectures: Sequence[Lecture], workshops: Sequence[Workshop],
                   stamp: datetime) -> str:
    """The iCalendar text (CRLF line ends, folded lines)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(cohort.title)}"]
    active = [lecture for lecture in lectures if lecture.cancelled_at is None]
    for lecture in lectures:
        number = active.index(lecture) + 1 if lecture in active else 0
        lines += _lecture_event(number, lecture, stamp)
    for workshop in workshops:
        lines += _workshop_events(workshop, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def cohort_calendar(*, session: Session, cohort: Cohort, now: Optional[datetime] = None) -> str:
    """The cohort's calendar (lectures, cancelled ones marked so, and workshops). Reads only."""
    return build_calendar(cohort, list_lectures(session=session, cohort_id=cohort.id),
                          list_workshops(session=session, cohort_id=cohort.id), now or utcnow())


def calendar_filename(cohort: Cohort) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in cohort.name)
    return f"champions-{safe}.ics"
