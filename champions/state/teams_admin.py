"""TeamsAdminState: the secretariat's teams: auto-forming, moving people, locking, coaching
mentors, and deadline extensions."""

from datetime import date, datetime
from typing import Optional

import reflex as rx
from sqlmodel import select

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant, parse_clock, parse_day, to_utc
from champions.models import Application, Role, Team, TeamMember, User, Workshop
from champions.services.phase1.lectures import list_workshops
from champions.services.phase2.submissions import Standing, cohort_standings
from champions.services.phase2.teams import (
    assign_coach,
    auto_form_teams,
    move_member,
    set_team_locked,
    unassigned_completers,
)
from champions.services.phase2.workshops import grant_extension
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.services.registration.countries import COUNTRIES
from champions.state.auth import current_caller
from champions.state.identity import STALE_FORM, Caller, form_values, off_loop


def _load(cohort_name: str) -> dict:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return {"cohorts": [], "cohort": "", "teams": [], "members": {}, "unassigned": [], "workshops": [],
                    "mentors": []}
        people = {uid: (name, country) for uid, name, country in session.exec(
            select(User.id, User.full_name, Application.country).join(Application, Application.user_id == User.id)
            .where(Application.cohort_id == cohort.id))}
        workshops = list_workshops(session=session, cohort_id=cohort.id)
        teams = list(session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.name_key)))
        # Members in the order they joined, as on the team's own page (PostgreSQL keeps no order).
        memberships = list(session.exec(select(TeamMember).where(TeamMember.cohort_id == cohort.id)
                                        .order_by(TeamMember.joined_at, TeamMember.id)))
        mentors = {m.id: m.full_name for m in session.exec(select(User).where(User.role == Role.MENTOR)
                                                          .order_by(User.full_name))}
        standings = cohort_standings(session=session, cohort_id=cohort.id)
        rows, members = [], {}
        for team in teams:
            states = []
            for workshop in workshops:
                standing = standings.get((team.id, workshop.id), Standing(None, None))
                counted, extension = standing.counted, standing.extension
                mark = f"W{workshop.position}: v{counted.number}" if counted else f"W{workshop.position}: –"
                if extension:
                    mark += f" (extended to {format_instant(extension.deadline, SEOUL_ZONE)})"
                states.append(mark)
            ids = [m.user_id for m in memberships if m.team_id == team.id]
            rows.append({"id": str(team.id), "name": team.name, "challenge": team.challenge, "city": team.city,
                         "size": str(len(ids)), "locked": "yes" if team.locked else "",
                         "coach": str(team.coach_id or ""), "submissions": " · ".join(states)})
            members[str(team.id)] = [{"user_id": str(uid), "name": people.get(uid, ("?", ""))[0],
                                      "country": COUNTRIES.get(people.get(uid, ("", ""))[1], "")} for uid in ids]
        return {
            "cohorts": [c.name for c in list_cohorts(session=session)], "cohort": cohort.name,
            "team_min": cohort.team_min, "team_max": cohort.team_max, "teams": rows, "members": members,
            "unassigned": [{"user_id": str(c.user_id), "name": people.get(c.user_id, ("?", ""))[0],
                            "country": COUNTRIES.get(c.country, c.country)}
                           for c in unassigned_completers(session=session, cohort=cohort)],
            "workshops": [{"id": str(w.id), "label": f"Workshop {w.position}: {w.title}"} for w in workshops],
            "mentors": [{"id": str(mid), "name": name} for mid, name in mentors.items()],
        }


def _act(caller: Caller, cohort_name: str, action: str, args: dict) -> str:
    with session_scope() as session:
        actor = session.get(User, caller.id)
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        team_id = args.get("team_id")
        if team_id is not None:
            team = session.get(Team, team_id)
            if team is None or team.cohort_id != cohort.id:
                raise RuleViolation([Reason("not_found", "There is no such team in this cohort.")])
        if action == "auto_form":
            return auto_form_teams(session=session, actor=actor, cohort=cohort).message
        if action == "move":
            return f"Moved to {move_member(session=session, actor=actor, user_id=args['user_id'], to_team_id=team_id).name}."
        if action == "lock":
            team = set_team_locked(session=session, actor=actor, team_id=team_id, locked=args["locked"])
            return f"{team.name} {'locked' if team.locked else 'unlocked'}."
        if action == "coach":
            team = assign_coach(session=session, actor=actor, team_id=team_id, mentor_id=args["mentor_id"])
            return f"Coaching mentor of {team.name} saved."
        workshop = session.get(Workshop, args["workshop_id"])
        if workshop is None or workshop.cohort_id != cohort.id:
            raise RuleViolation([Reason("not_found", "Choose a workshop.", "workshop")])
        grant_extension(session=session, actor=actor, team_id=team_id, workshop_id=workshop.id,
                        deadline=args["deadline"], reason=args["reason"])
        return f"Extension granted until {format_instant(args['deadline'], SEOUL_ZONE)}."


def _seoul_instant(day: str, clock: str) -> Optional[datetime]:
    parsed_day, parsed_clock = parse_day(day), parse_clock(clock)
    return to_utc(parsed_day, parsed_clock, SEOUL_ZONE) if parsed_day and parsed_clock else None


class TeamsAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    team_min: int = 3
    team_max: int = 5
    teams: list[dict[str, str]] = []
    members: dict[str, list[dict[str, str]]] = {}
    unassigned: list[dict[str, str]] = []
    workshops: list[dict[str, str]] = []
    mentors: list[dict[str, str]] = []
    message: str = ""
    error: str = ""
    extension_errors: dict[str, str] = {}  # "team id:field" -> message

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        await self._refresh()

    async def _refresh(self):
        data = await off_loop(_load, self.cohort)
        for name in ("cohorts", "cohort", "teams", "members", "unassigned", "workshops", "mentors"):
            setattr(self, name, data[name])
        self.team_min, self.team_max = data.get("team_min", 3), data.get("team_max", 5)

    async def _run(self, action: str, **args) -> bool:
        caller = await self._secretariat()
        if caller is None:
            return False
        try:
            self.message, self.error = await off_loop(_act, caller, self.cohort, action, args), ""
        except RuleViolation as violation:
            self.message, self.error = "", str(violation)
            if action == "extend":
                self.extension_errors = {f"{args['team_id']}:{k or 'reason'}": v
                                         for k, v in violation.by_field().items()}
            return False
        self.extension_errors = {}
        await self._refresh()
        return True

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.message, self.error = name, "", ""
            await self._refresh()

    @rx.event
    async def auto_form(self):
        await self._run("auto_form")

    @rx.event
    async def move(self, user_id: str, team_id: str):
        if str(user_id).isdigit() and str(team_id).isdigit():
            await self._run("move", user_id=int(user_id), team_id=int(team_id))

    @rx.event
    async def set_locked(self, team_id: str, locked: bool):
        if str(team_id).isdigit():
            await self._run("lock", team_id=int(team_id), locked=bool(locked))

    @rx.event
    async def set_coach(self, team_id: str, mentor_id: str):
        if str(team_id).isdigit() and (mentor_id == "" or str(mentor_id).isdigit()):
            await self._run("coach", team_id=int(team_id), mentor_id=int(mentor_id) if mentor_id else None)

    @rx.event
    async def extend(self, form_data: dict):
        team_id, workshop_id, day, clock, reason = form_values(
            form_data, "team_id", "workshop_id", "deadline_day", "deadline_time", "reason")
        if not team_id.isdigit():
            self.error, self.message = STALE_FORM, ""
            return
        deadline = _seoul_instant(day, clock)
        if deadline is None or not workshop_id.isdigit():
            self.extension_errors = {f"{team_id}:deadline_day": "Enter the new deadline (date and time, Seoul)."} \
                if deadline is None else {f"{team_id}:workshop": "Choose a workshop."}
            return
        await self._run("extend", team_id=int(team_id), workshop_id=int(workshop_id), deadline=deadline,
                        reason=reason)
