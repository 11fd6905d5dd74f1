"""ContactsState: the program's public contacts, for every page's footer and the landing page."""

import reflex as rx

from champions.services.program.contacts import Contacts, program_contacts
from champions.state.identity import call_service


class ContactsState(rx.State):
    contacts: Contacts = Contacts()

    @rx.event
    async def load(self):
        """Public: what the footer shows to everyone, signed in or not."""
        self.contacts = await call_service(program_contacts)
