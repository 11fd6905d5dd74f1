"""The viewer's time zone, asked from the browser (times are shown in it and in Seoul time)."""

import reflex as rx

from champions.infra.timezones import SEOUL_ZONE, viewer_zone

_ZONE_SCRIPT = "Intl.DateTimeFormat().resolvedOptions().timeZone || ''"


def ask_browser_zone(callback) -> rx.event.EventSpec:
    """An event that reads the browser's IANA zone and passes it to `callback(zone: str)`."""
    return rx.call_script(_ZONE_SCRIPT, callback=callback)


def zone_from_browser(value) -> str:
    """The zone the browser reported, when real; Seoul otherwise (never trusted blindly)."""
    return viewer_zone(value) if isinstance(value, str) else SEOUL_ZONE
