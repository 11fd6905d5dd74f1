"""ParticipantAwardsState: a participant's view of the published award lists of their cohorts,
with their own recognitions first."""

from typing import Optional

import reflex as rx
from sqlmodel import select

from champions.infra.db import session_scope
from champions.models import Application, ApplicationStatus, Cohort, Role
from champions.services.awards.decisions import countries_text, entry_members, published_awards_for
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop


def _load(user_id: int) -> list[dict]:
    with session_scope() as session:
        cohorts = session.exec(select(Cohort).join(Application, Application.cohort_id == Cohort.id).where(
            Application.user_id == user_id, Application.status == ApplicationStatus.ACCEPTED)
            .order_by(Cohort.phase1_start.desc())).all()
        out = []
        for cohort in cohorts:
            published = published_awards_for(session=session, cohort=cohort, user_id=user_id)
            if published is None:
                continue
            out.append({
                "cohort": cohort.name,
                "mine": [e.award + (f" — with {e.team_name}" if e.team_name and e.kind.value in ("rank", "criterion")
                                    else "") for e in published.mine],
                "awards": [{"award": e.award, "team": e.team_name,
                            "members": ", ".join(m.name for m in entry_members(e)),
                            "countries": countries_text(entry_members(e)), "challenge": e.challenge}
                           for e in reversed(published.team_awards)],  # the Champion Team first
            })
        return out


class ParticipantAwardsState(rx.State):
    lists: list[dict] = []
    loaded: bool = False  # until then the page says it is loading, not "nothing published"

    @rx.event
    async def load(self):
        caller: Optional[Caller] = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        self.lists = await off_loop(_load, caller.id)
        self.loaded = True
