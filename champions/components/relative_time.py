"""A live relative time ("in 2 days", "2일 후", "خلال يومين") in the language the page shows.

`rx.moment` speaks English unless given a moment.js locale; a locale given as a state var makes
Reflex bundle every moment locale into the page, so each offered language gets its own literal
locale here (one small module each: moment/locale/ko, es, fr, ar-ly). Arabic uses moment's
`ar-ly`: the same Modern Standard Arabic wording (with duals) as `ar`, but Latin digits, which
is CLDR's default numbering system for `ar` (what Babel formats the server's dates with)."""

import reflex as rx

from champions.state.language import LanguageState

# The page's language → moment.js's locale for it (English: moment's built-in one).
MOMENT_LOCALES = {"ko": "ko", "es": "es", "fr": "fr", "ar": "ar-ly"}


def relative_time(instant, *, interval: int = 30000) -> rx.Component:
    """`instant` (an ISO 8601 text var) relative to now, refreshed every `interval` ms."""
    return rx.match(
        LanguageState.lang,
        *[
            (language, rx.moment(instant, from_now=True, interval=interval, locale=locale))
            for language, locale in MOMENT_LOCALES.items()
        ],
        rx.moment(instant, from_now=True, interval=interval),
    )
