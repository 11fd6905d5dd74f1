"""The cohort calendar as an iCalendar file (RFC 5545): lectures, the workshops' sessions,
openings and deadlines, and the year-end ceremony, all in UTC so every calendar client shows
them in its own zone.

The `icalendar` library writes the file (value escaping, 75-octet line folding, CRLF line ends),
so this module only says what is in the calendar, not how RFC 5545 spells it.

The texts it writes (summaries, descriptions) are in the language asked for (the feed owner's,
or the secretariat's who downloads it); titles and other data stay as written."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event
from sqlmodel import Session

from champions.infra.translations import N_, gettext
from champions.models import Cohort, Lecture, Workshop
from champions.models._time import utcnow
from champions.services.phase1.lectures import list_lectures, list_workshops

PRODID = "-//WeGO//Smart City Champions//EN"
UID_DOMAIN = "champions.wego-cities.org"
MODE_LABELS = {
    "online": N_("Online"),
    "offline": N_("In person"),
    "hybrid": N_("Hybrid (in person and online)"),
}


def _utc(instant: datetime) -> datetime:
    """The instant as an aware UTC datetime (the database hands back naive UTC), so the library
    writes it with a trailing Z and no time zone component is needed."""
    instant = instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant
    return instant.astimezone(UTC)


def _event(
    uid: str,
    stamp: datetime,
    summary: str,
    start: datetime,
    end: datetime | None,
    description: str = "",
    location: str = "",
    url: str = "",
    cancelled: bool = False,
    alarm_minutes: int = 0,
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")  # stable, so a re-import updates rather than duplicates
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(start))
    if end is not None:
        event.add("dtend", _utc(end))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if alarm_minutes and not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -timedelta(minutes=alarm_minutes))
        event.add_component(alarm)
    return event


def _online(language: str) -> str:
    return gettext(language, "Online")


def _join(language: str, url: str) -> str:
    return gettext(language, "Join: {url}", url=url) if url else ""


def _lecture_event(number: int, lecture: Lecture, stamp: datetime, language: str = "en") -> Event:
    """`number` is the lecture's place among those not cancelled (0 when cancelled)."""
    speaker = gettext(language, "Speaker: {speaker}", speaker=lecture.speaker) if lecture.speaker else ""
    join = _join(language, lecture.join_url)
    cancelled = (
        gettext(language, "Cancelled: {reason}", reason=lecture.cancel_reason) if lecture.cancelled_at else ""
    )
    description = "\n\n".join(part for part in (speaker, lecture.description, join, cancelled) if part)
    location = lecture.venue or (_online(language) if lecture.mode.value == "online" else "")
    summary = (
        gettext(language, "Lecture {number}: {title}", number=number, title=lecture.title)
        if number
        else gettext(language, "Cancelled: {title}", title=lecture.title)
    )
    return _event(
        f"lecture-{lecture.id}",
        stamp,
        summary,
        lecture.starts_at,
        lecture.ends_at,
        description,
        location,
        lecture.join_url,
        lecture.cancelled_at is not None,
        alarm_minutes=30,
    )


def _workshop_name(workshop: Workshop, language: str) -> str:
    return gettext(language, "Workshop {position}: {title}", position=workshop.position, title=workshop.title)


def _workshop_events(workshop: Workshop, stamp: datetime, language: str = "en") -> list[Event]:
    name = _workshop_name(workshop, language)
    session = []
    if workshop.session_starts_at is not None and workshop.session_ends_at is not None:
        join = _join(language, workshop.join_url)
        mode_value = workshop.mode.value
        if language != "en" and mode_value in MODE_LABELS:
            mode_value = gettext(language, MODE_LABELS[mode_value])
        mode = gettext(language, "Mode: {mode}", mode=mode_value)
        session.append(
            _event(
                f"workshop-{workshop.id}-session",
                stamp,
                name,
                workshop.session_starts_at,
                workshop.session_ends_at,
                "\n\n".join(part for part in (mode, workshop.brief, join) if part),
                workshop.venue or (_online(language) if workshop.mode.value == "online" else ""),
                workshop.join_url,
                alarm_minutes=30,
            )
        )
    # Instants without an end: the opening and the submission deadline are moments, not spans.
    return session + [
        _event(
            f"workshop-{workshop.id}-opens",
            stamp,
            gettext(language, "{name} opens", name=name),
            workshop.opens_at,
            None,
            workshop.brief,
        ),
        _event(
            f"workshop-{workshop.id}-deadline",
            stamp,
            gettext(language, "Submission deadline: {name}", name=name),
            workshop.deadline,
            None,
            gettext(language, "The last version submitted before this moment counts."),
            alarm_minutes=24 * 60,
        ),
    ]


def _ceremony_event(cohort: Cohort, stamp: datetime, language: str = "en") -> Event:
    """The year-end ceremony: at its time when set (a moment; its end is not known), else as an
    all-day event on its date."""
    summary = gettext(language, "Year-end ceremony: {title}", title=cohort.title)
    description = gettext(language, "The Smart City Champions of the edition are highlighted.")
    location = cohort.ceremony_venue or (_online(language) if cohort.ceremony_mode == "online" else "")
    if cohort.ceremony_join_url:
        description += "\n\n" + _join(language, cohort.ceremony_join_url)
    if cohort.ceremony_starts_at is not None:
        return _event(
            f"ceremony-{cohort.id}",
            stamp,
            summary,
            cohort.ceremony_starts_at,
            None,
            description,
            location,
            cohort.ceremony_join_url,
            alarm_minutes=24 * 60,
        )
    event = Event()
    event.add("uid", f"ceremony-{cohort.id}@{UID_DOMAIN}")
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", cohort.ceremony_date)  # a date: VALUE=DATE, all day
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    if cohort.ceremony_join_url:
        event.add("url", cohort.ceremony_join_url)
    event.add("status", "CONFIRMED")
    return event


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def empty_calendar(name: str) -> str:
    """A calendar without events (a subscription with nothing in it yet)."""
    return _new_calendar(name).to_ical(sorted=False).decode("utf-8")


def build_calendar(
    cohort: Cohort,
    lectures: Sequence[Lecture],
    workshops: Sequence[Workshop],
    stamp: datetime,
    language: str = "en",
) -> str:
    """The iCalendar text (CRLF line ends, folded lines), its texts in `language`."""
    calendar = _new_calendar(cohort.title)  # the name Google and Apple calendars show
    active = [lecture for lecture in lectures if lecture.cancelled_at is None]
    for lecture in lectures:
        number = active.index(lecture) + 1 if lecture in active else 0
        calendar.add_component(_lecture_event(number, lecture, stamp, language))
    for workshop in workshops:
        for event in _workshop_events(workshop, stamp, language):
            calendar.add_component(event)
    calendar.add_component(_ceremony_event(cohort, stamp, language))
    # Unsorted: properties in the order written above (BEGIN, VERSION, PRODID first) as readers expect.
    return calendar.to_ical(sorted=False).decode("utf-8")


def build_mentor_calendar(
    editions: Sequence[tuple[Cohort, Sequence[Workshop]]], stamp: datetime, language: str = "en"
) -> str:
    """A mentor's calendar: for each edition, when each judged workshop's submissions close
    (its judging follows) and the year-end ceremony; its texts in `language`."""
    calendar = _new_calendar(gettext(language, "Smart City Champions: judging"))
    for cohort, workshops in editions:
        for workshop in workshops:
            name = _workshop_name(workshop, language)
            calendar.add_component(
                _event(
                    f"workshop-{workshop.id}-judging",
                    stamp,
                    gettext(
                        language,
                        "Judging: {name} submissions close ({edition})",
                        name=name,
                        edition=cohort.title,
                    ),
                    workshop.deadline,
                    None,
                    gettext(
                        language,
                        "The teams' last versions before this moment are the ones you score. "
                        "Your assigned submissions are on your mentor page.",
                    ),
                    alarm_minutes=24 * 60,
                )
            )
        calendar.add_component(_ceremony_event(cohort, stamp, language))
    return calendar.to_ical(sorted=False).decode("utf-8")


def lecture_calendar(
    cohort: Cohort, lecture: Lecture, number: int, stamp: datetime, language: str = "en"
) -> str:
    """One lecture as an iCalendar file (the reminder's attachment): same UID as in the cohort
    calendar, so importing both keeps one event. `number`: its place among the lectures not
    cancelled."""
    calendar = _new_calendar(cohort.title)
    calendar.add_component(_lecture_event(number, lecture, stamp, language))
    return calendar.to_ical(sorted=False).decode("utf-8")


def cohort_calendar(
    *, session: Session, cohort: Cohort, now: datetime | None = None, language: str = "en"
) -> str:
    """The cohort's calendar (lectures, cancelled ones marked so, workshops, the ceremony), its
    texts in `language`. Reads only."""
    return build_calendar(
        cohort,
        list_lectures(session=session, cohort_id=cohort.id),
        list_workshops(session=session, cohort_id=cohort.id),
        now or utcnow(),
        language,
    )


def calendar_filename(cohort: Cohort) -> str:
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in cohort.name)
    return f"champions-{safe}.ics"
