"""Instants are stored in UTC and shown in the viewer's zone and in Seoul time."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

SEOUL_ZONE = "Asia/Seoul"
SEOUL = ZoneInfo(SEOUL_ZONE)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def zone_or_none(name: str) -> ZoneInfo | None:
    """The IANA zone called `name`, or None when there is no such zone (never raises)."""
    if not isinstance(name, str) or not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return None
    if name not in _known_zones():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


_ZONES: set[str] = set()


def _known_zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
        _ZONES.add("UTC")
    return _ZONES


def parse_day(text) -> date | None:
    """A YYYY-MM-DD date typed in a form (ASCII digits only), or None."""
    if not isinstance(text, str) or not _DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_clock(text) -> time | None:
    """An HH:MM 24-hour time typed in a form, or None."""
    return time.fromisoformat(text) if isinstance(text, str) and _CLOCK.match(text) else None


def viewer_zone(name: str) -> str:
    """The zone name to show times in: the browser's when it is a real zone, else Seoul."""
    return name if zone_or_none(name) is not None else SEOUL_ZONE


def to_utc(day: date, clock: time, zone_name: str) -> datetime:
    """The UTC instant of a wall-clock time in a zone (in a DST gap or overlap, the first)."""
    zone = zone_or_none(zone_name)
    if zone is None:
        raise ValueError(f"unknown time zone {zone_name!r}")
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _as_utc(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant


def local(instant: datetime, zone_name: str) -> datetime:
    return _as_utc(instant).astimezone(zone_or_none(zone_name) or SEOUL)


def _zone_label(moment: datetime) -> str:
    """ "KST", "EAT", or "UTC-03" when the zone has no letters for that instant."""
    label = moment.strftime("%Z")
    return f"UTC{label}" if label[:1] in "+-" else label


def format_instant(instant: datetime, zone_name: str) -> str:
    """ "Tue 10 Mar 2026, 10:00 KST" in the given zone (English names, 24-hour clock)."""
    moment = local(instant, zone_name)
    return (
        f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}, "
        f"{moment:%H:%M} {_zone_label(moment)}"
    )


def format_span(start: datetime, end: datetime, zone_name: str) -> str:
    """ "Tue 10 Mar 2026, 10:00–12:00 KST"; the end's day is named when it differs."""
    first, last = local(start, zone_name), local(end, zone_name)
    head = f"{_DAYS[first.weekday()]} {first.day} {_MONTHS[first.month - 1]} {first.year}, {first:%H:%M}"
    if last.date() == first.date():
        return f"{head}–{last:%H:%M} {_zone_label(last)}"
    last_day = f"{_DAYS[last.weekday()]} {last.day} {_MONTHS[last.month - 1]}"
    return f"{head} – {last_day}, {last:%H:%M} {_zone_label(last)}"


def format_duration(delta: timedelta) -> str:
    """ "2 days 3 hours", "45 minutes": a human countdown (never negative)."""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours and len(parts) < 2:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not parts):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
