"""ParticipantAwardsState: a participant's view of the published award lists of their cohorts,
with their own recognitions first."""

import reflex as rx

from champions.models import Role
from champions.services.awards.views import CohortAwards, participant_awards
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service


class ParticipantAwardsState(rx.State):
    lists: list[CohortAwards] = []
    loaded: bool = False  # until then the page says it is loading, not "nothing published"

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def load(self, caller: Caller):
        self.lists = await call_service(participant_awards, user_id=caller.id, language=caller.language)
        self.loaded = True
