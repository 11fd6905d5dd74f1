"""CeremonyState: the year-end ceremony of the participant's edition, on each of their pages
(in their time zone and in Seoul time)."""

import reflex as rx

from champions.infra.timezones import SEOUL_ZONE
from champions.models import Role
from champions.services.editions.views import Ceremony, participant_ceremony
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser


class CeremonyState(rx.State):
    ceremony: Ceremony = Ceremony()

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def load(self, caller: Caller):
        """The card at once in Seoul time, then in the viewer's too once the browser has told
        its zone: the card is above the page's content, which it pushed down when it appeared
        only after it (a layout shift); now at most its one line of local time comes later."""
        await self._set(caller, SEOUL_ZONE)
        return ask_browser_zone(CeremonyState.show)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def show(self, caller: Caller, zone: str):
        await self._set(caller, zone_from_browser(zone) or SEOUL_ZONE)

    async def _set(self, caller: Caller, zone: str) -> None:
        self.ceremony = await call_service(
            participant_ceremony,
            user_id=caller.id,
            zone=zone,
            language=await page_language(self, caller),
        )
