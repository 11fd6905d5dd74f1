"""TeamsAdminState: the secretariat's teams: auto-forming, moving people, locking, coaching
mentors, and deadline extensions."""

from collections.abc import Callable
from datetime import date, datetime

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE, parse_clock, parse_day, to_utc
from champions.infra.translations import N_
from champions.models import Role, User
from champions.services.phase2.actions import extend_team_deadline
from champions.services.phase2.views import PersonLine, TeamLine, teams_page
from champions.services.teams.actions import auto_form_cohort_teams, coach_team, lock_team, move_to_team
from champions.services.views import Choice
from champions.state.guard import for_role
from champions.state.identity import STALE_FORM, Caller, call_service, form_values, off_loop
from champions.state.language import page_language


def _as_secretary(caller: Caller, command: Callable[..., str], cohort_name: str, args: dict) -> str:
    """One of the teams page's commands (services/teams/actions.py, services/phase2/actions.py)
    by the caller, on the cohort shown."""
    with session_scope() as session:
        return command(
            session=session,
            actor=session.get(User, caller.id),
            cohort_name=cohort_name,
            today=date.today(),
            **args,
        )


def _seoul_instant(day: str, clock: str) -> datetime | None:
    parsed_day, parsed_clock = parse_day(day), parse_clock(clock)
    return to_utc(parsed_day, parsed_clock, SEOUL_ZONE) if parsed_day and parsed_clock else None


class TeamsAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    team_min: int = 3
    team_max: int = 5
    teams: list[TeamLine] = []
    members: dict[str, list[PersonLine]] = {}
    unassigned: list[PersonLine] = []
    workshops: list[Choice] = []
    mentors: list[Choice] = []
    message: str = ""
    error: str = ""
    extension_errors: dict[str, str] = {}  # "team id:field" -> message

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        await self._refresh()

    async def _refresh(self):
        page = await call_service(
            teams_page, cohort_name=self.cohort, today=date.today(), language=await page_language(self)
        )
        self.cohorts, self.cohort = page.cohorts, page.cohort
        self.teams, self.members = page.teams, page.members
        self.unassigned, self.workshops, self.mentors = page.unassigned, page.workshops, page.mentors
        self.team_min, self.team_max = page.team_min, page.team_max

    async def _run(self, caller: Caller, command: Callable[..., str], **args) -> bool:
        try:
            self.message, self.error = await off_loop(_as_secretary, caller, command, self.cohort, args), ""
        except RuleViolation as violation:
            self.message, self.error = "", violation.text(caller.language)
            if command is extend_team_deadline:
                self.extension_errors = {
                    f"{args['team_id']}:{k or 'reason'}": v
                    for k, v in violation.by_field(caller.language).items()
                }
            return False
        self.extension_errors = {}
        await self._refresh()
        return True

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.message, self.error = name, "", ""
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def auto_form(self, caller: Caller):
        await self._run(caller, auto_form_cohort_teams)

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def move(self, caller: Caller, user_id: str, team_id: str):
        if str(user_id).isdigit() and str(team_id).isdigit():
            await self._run(caller, move_to_team, user_id=int(user_id), team_id=int(team_id))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def set_locked(self, caller: Caller, team_id: str, locked: bool):
        if str(team_id).isdigit():
            await self._run(caller, lock_team, team_id=int(team_id), locked=bool(locked))

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def set_coach(self, caller: Caller, team_id: str, mentor_id: str):
        if str(team_id).isdigit() and (mentor_id == "" or str(mentor_id).isdigit()):
            await self._run(
                caller, coach_team, team_id=int(team_id), mentor_id=int(mentor_id) if mentor_id else None
            )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def extend(self, caller: Caller, form_data: dict):
        team_id, workshop_id, day, clock, reason = form_values(
            form_data, "team_id", "workshop_id", "deadline_day", "deadline_time", "reason"
        )
        if not team_id.isdigit():
            self.error, self.message = STALE_FORM, ""
            return
        deadline = _seoul_instant(day, clock)
        if deadline is None or not workshop_id.isdigit():
            self.extension_errors = (
                {f"{team_id}:deadline_day": N_("Enter the new deadline (date and time, Seoul).")}
                if deadline is None
                else {f"{team_id}:workshop": N_("Choose a workshop.")}
            )
            return
        await self._run(
            caller,
            extend_team_deadline,
            team_id=int(team_id),
            workshop_id=int(workshop_id),
            deadline=deadline,
            reason=reason,
        )
