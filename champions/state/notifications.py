"""NotificationsState: the bell in the header (how many messages are unread) and the
/notifications page, which marks them read when it is opened; and the notification choices of
/account (which reminders come, in which zone their dates are given)."""

import reflex as rx

from champions.services.messages.notify import (
    KindChoice,
    NotificationLine,
    open_notifications,
    preferences_of,
    remember_zone,
    save_preferences,
    unread_count,
)
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser


class NotificationsState(rx.State):
    unread: int = 0
    lines: list[NotificationLine] = []
    loaded: bool = False
    choices: list[KindChoice] = []
    choices_saved: bool = False

    @rx.event
    @for_role()
    async def count(self, caller: Caller):
        """The bell's number (on mount of the header of a logged-in page)."""
        self.unread = await call_service(unread_count, user_id=caller.id)

    @rx.event
    @for_role()
    async def load(self, caller: Caller):
        return ask_browser_zone(NotificationsState.show)

    @rx.event
    @for_role()
    async def show(self, caller: Caller, zone: str):
        self.lines = await call_service(
            open_notifications,
            user_id=caller.id,
            zone=zone_from_browser(zone),
            language=await page_language(self, caller),
        )
        self.unread, self.loaded = 0, True

    @rx.event
    @for_role()
    async def load_choices(self, caller: Caller):
        self.choices_saved = False
        self.choices = await call_service(preferences_of, user_id=caller.id)
        return ask_browser_zone(NotificationsState.note_zone)

    @rx.event
    @for_role()
    async def note_zone(self, caller: Caller, zone: str):
        """The dates of the person's emails are given in their browser's zone (and Seoul's)."""
        await call_service(remember_zone, user_id=caller.id, zone=zone_from_browser(zone))

    @rx.event
    @for_role()
    async def save_choices(self, caller: Caller, form_data: dict):
        self.choices = await call_service(save_preferences, user_id=caller.id, chosen=form_data)
        self.choices_saved = True
