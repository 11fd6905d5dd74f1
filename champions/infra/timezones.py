"""Instants are stored in UTC and shown in the viewer's zone and in Seoul time, in the viewer's
language: English ("en", the default) as it always was, every other language from Babel's CLDR
data (`2027년 1월 8일 (금) 10:00 KST`, digits in the locale's default numbering system)."""

import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal, format_percent, parse_pattern
from babel.units import format_unit

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

SEOUL_ZONE = "Asia/Seoul"
SEOUL = ZoneInfo(SEOUL_ZONE)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
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


ENGLISH = "en"


@functools.cache
def _known_locale(language: str) -> Locale | None:
    """The CLDR locale of a language code ("ko", "pt-BR"); None when Babel does not know it."""
    try:
        return Locale.parse(str(language).replace("-", "_"))
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        return None


def _is_english(language) -> bool:
    """English's own wording (the source) for "en", no language, or one CLDR does not know."""
    return not language or str(language).split("-")[0] == ENGLISH or _known_locale(language) is None


def _locale(language: str) -> Locale:
    return _known_locale(language) or Locale.parse(ENGLISH)


def _day(moment: datetime, locale: Locale, *, year: bool = True) -> str:
    """The weekday and date in the locale's words ("2027년 1월 8일 (금)", "vie, 8 ene 2027")."""
    return format_skeleton("yMMMEd" if year else "MMMEd", moment, locale=locale)


def _clock(moment: datetime, locale: Locale) -> str:
    """A 24-hour clock in the locale's digits ("10:00")."""
    return format_skeleton("Hm", moment, locale=locale)


def _day_and_clock(day: str, clock: str, locale: Locale) -> str:
    """A date and a time joined as the locale joins them ("{date}, {time}", Korean "{date} {time}")."""
    pattern = locale.datetime_formats.get("medium") or "{1}, {0}"
    return str(pattern).replace("{1}", day).replace("{0}", clock)


def format_instant(instant: datetime, zone_name: str, language: str = ENGLISH) -> str:
    """ "Tue 10 Mar 2026, 10:00 KST" in the given zone (24-hour clock), in the language
    (English names by default; "2026년 3월 10일 (화) 10:00 KST" in Korean)."""
    moment = local(instant, zone_name)
    if not _is_english(language):
        locale = _locale(language)
        return f"{_day_and_clock(_day(moment, locale), _clock(moment, locale), locale)} {_zone_label(moment)}"
    return (
        f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}, "
        f"{moment:%H:%M} {_zone_label(moment)}"
    )


def format_date(day: date, language: str = ENGLISH) -> str:
    """A calendar date (no time, no zone) in the language's long form: "2027년 1월 8일",
    "8 de enero de 2027", "8 janvier 2027", "8 يناير 2027"; English "8 January 2027"."""
    if not _is_english(language):
        return babel_format_date(day, "long", locale=_locale(language))
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def format_span(start: datetime, end: datetime, zone_name: str, language: str = ENGLISH) -> str:
    """ "Tue 10 Mar 2026, 10:00–12:00 KST"; the end's day is named when it differs. In another
    language the locale's own range pattern ("10:00~12:00" in Korean)."""
    first, last = local(start, zone_name), local(end, zone_name)
    if not _is_english(language):
        locale = _locale(language)
        if last.date() == first.date():
            clocks = format_interval(first, last, "Hm", locale=locale)
            return f"{_day_and_clock(_day(first, locale), clocks, locale)} {_zone_label(last)}"
        head = _day_and_clock(_day(first, locale), _clock(first, locale), locale)
        tail = _day_and_clock(_day(last, locale, year=False), _clock(last, locale), locale)
        pattern = str(locale.interval_formats.get(None) or "{0} – {1}")
        return f"{pattern.replace('{0}', head).replace('{1}', tail)} {_zone_label(last)}"
    head = f"{_DAYS[first.weekday()]} {first.day} {_MONTHS[first.month - 1]} {first.year}, {first:%H:%M}"
    if last.date() == first.date():
        return f"{head}–{last:%H:%M} {_zone_label(last)}"
    last_day = f"{_DAYS[last.weekday()]} {last.day} {_MONTHS[last.month - 1]}"
    return f"{head} – {last_day}, {last:%H:%M} {_zone_label(last)}"


def format_duration(delta: timedelta, language: str = ENGLISH) -> str:
    """ "2 days 3 hours", "45 minutes": a human countdown (never negative). In another language
    CLDR's unit names with the language's plural rules ("2일 3시간", "يومان و3 ساعات")."""
    seconds = max(0, int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if not _is_english(language):
        locale = _locale(language)
        amounts = []
        if days:
            amounts.append((days, "duration-day"))
        if hours and len(amounts) < 2:
            amounts.append((hours, "duration-hour"))
        if not days and (minutes or not amounts):
            amounts.append((minutes, "duration-minute"))
        units = [
            format_unit(n, unit, length="long", locale=locale, numbering_system="default")
            for n, unit in amounts
        ]
        return _pair(units, locale)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours and len(parts) < 2:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not parts):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def _pair(parts: list[str], locale: Locale) -> str:
    """One or two amounts joined as the locale joins a list of units ("2일 3시간", "2 jours et
    3 heures"); CLDR's own two-item pattern, looked up here because Babel's `format_list` misjoins
    two items in locales whose unit pattern has no two-item form (Arabic)."""
    if len(parts) == 1:
        return parts[0]
    for style in ("unit", "unit-short", "standard"):
        patterns = locale.list_patterns.get(style)
        if patterns and "2" in patterns:
            return str(patterns["2"]).replace("{0}", parts[0]).replace("{1}", parts[1])
    return " ".join(parts)


def format_number(value: int | float | Decimal, language: str = ENGLISH, *, places: int | None = None) -> str:
    """A number as the language writes it, in the locale's default numbering system (CLDR):
    "1,234.5" in English, "1.234,5" in Spanish, "1 234,5" in French. `places` fixes the number
    of decimals. English keeps Python's plain `str`/`f"{:.Nf}"` (no grouping), as pages always had it."""
    if _is_english(language):
        return f"{value:.{places}f}" if places is not None else str(value)
    locale = _locale(language)
    if places is None:
        return format_decimal(value, locale=locale, numbering_system="default")
    pattern = parse_pattern(locale.decimal_formats[None].pattern)  # the locale's grouping rules kept
    pattern.frac_prec = (places, places)
    return pattern.apply(Decimal(str(value)), locale, numbering_system="default")


def format_percentage(ratio: float, language: str = ENGLISH) -> str:
    """A ratio (0.42) as a whole percentage: "42%" in English, "42 %" in French, CLDR's way."""
    if _is_english(language):
        return f"{round(ratio * 100)}%"
    return format_percent(ratio, locale=_locale(language), numbering_system="default")
