"""LanguageState: the language the viewer's page speaks (champions/components/i18n.py).

`lang` is the language whose texts are shown: the one whose catalogue the browser has in use
(`showing`, which the page's script keeps in a cookie); it changes only once the browser has
loaded that language's catalogue (`_load`, then `shown`). The language wanted is the account's
choice, else this browser's (a cookie), else its Accept-Language, else English. The server
keeps only the code per client, never a catalogue."""

import json

import reflex as rx

from champions.infra.translations import (
    LANGUAGE_COOKIE,
    SHOWN_LANGUAGE_COOKIE,
    SOURCE_LANGUAGE,
    is_language,
    negotiate,
)
from champions.services.accounts.language import set_language
from champions.state.guard import caller_in_role
from champions.state.identity import call_service


def showing_then_apply() -> rx.event.EventSpec:
    """The header's on_mount: ask the page's script which language it shows, then apply the
    one wanted (`LanguageState.apply_preference`)."""
    return rx.call_script(
        "window.championsI18n ? window.championsI18n.current() : ''", callback=LanguageState.apply_preference
    )


def _load(language: str) -> rx.event.EventSpec:
    """Have the browser load the language's catalogue, then show it (`shown`)."""
    return rx.call_script(f"window.championsI18n.load({json.dumps(language)})", callback=LanguageState.shown)


class LanguageState(rx.State):
    # This browser's choice, also before login (not private: a language code).
    chosen: str = rx.Cookie("", name=LANGUAGE_COOKIE, same_site="lax", max_age=365 * 24 * 3600)
    # The language whose catalogue the page has in use: the page's script keeps it in a cookie,
    # so it arrives with the page's first event (a page that imported this browser's language
    # before rendering shows it from its first texts), and the events below set it.
    showing: str = rx.Cookie(
        SOURCE_LANGUAGE, name=SHOWN_LANGUAGE_COOKIE, same_site="lax", max_age=365 * 24 * 3600
    )

    @rx.var
    def lang(self) -> str:
        """The language whose texts are shown."""
        return self.showing if is_language(self.showing) else SOURCE_LANGUAGE

    async def _wanted(self) -> str:
        caller = await caller_in_role(self)
        if caller is not None and is_language(caller.language):
            self.chosen = caller.language  # this browser keeps speaking it after a logout
            return caller.language
        if is_language(self.chosen):
            return self.chosen
        return negotiate(self.router.headers.accept_language)

    @rx.event
    async def apply_preference(self, showing: str):
        """On mount of every page's header, with the language the page's script has in use
        (a reload starts again in English while this state still says otherwise): show the
        page in the language wanted."""
        self.showing = showing if is_language(showing) else SOURCE_LANGUAGE
        wanted = await self._wanted()
        if wanted != self.showing:
            return _load(wanted)

    @rx.event
    async def choose(self, language: str):
        """The switcher: remember the choice in this browser and on the account (when logged
        in), then show it. Anything but an offered language changes nothing."""
        if not is_language(language):
            return
        self.chosen = language
        caller = await caller_in_role(self)
        if caller is not None:
            await call_service(set_language, user_id=caller.id, language=language)
        return _load(language)

    @rx.event
    def shown(self, language: str):
        """The browser has the language's catalogue: its texts show from now on."""
        if is_language(language):
            self.showing = language


async def page_language(state: rx.State, caller=None) -> str:
    """The language a page's server-built dates, numbers and country names are formatted in:
    the caller's account choice, else this browser's, else its Accept-Language (what
    `LanguageState` will show once the page's catalogue is in), else English."""
    if caller is None:
        caller = await caller_in_role(state)
    if caller is not None and is_language(getattr(caller, "language", "")):
        return caller.language
    shown = await state.get_state(LanguageState)
    if is_language(shown.chosen):
        return shown.chosen
    return negotiate(shown.router.headers.accept_language)
