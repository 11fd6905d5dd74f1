"""TeamState: a participant's Phase 2 page: their team (create, join by code, edit, leave)
and the workshops with their deadlines, submission form and version history."""

from datetime import datetime
from typing import Optional

import reflex as rx
from sqlmodel import select

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Application, Role, TeamMember, User, Workshop
from champions.models._time import utcnow
from champions.services.judging.scoring import team_feedback
from champions.services.phase1.lectures import list_workshops
from champions.services.phase2.submissions import (
    counted_version,
    files_of,
    submit_refusal,
    versions_of,
    workshop_state,
)
from champions.services.phase2.teams import (
    create_team,
    join_team,
    leave_refusal,
    leave_team,
    members_of,
    team_eligibility,
    team_of,
    update_team,
)
from champions.services.phase2.workshops import brief_markdown, effective_deadline, extension_of
from champions.services.registration.applications import accepted_cohort
from champions.services.registration.countries import COUNTRIES
from champions.state.auth import current_caller
from champions.state.identity import Caller, form_values, off_loop
from champions.state.viewer import ask_browser_zone, zone_from_browser


def _workshop_view(session, workshop: Workshop, team_id: Optional[int], user_id: int, zone: str,
                   now: datetime) -> tuple[dict, list[dict], dict[str, list[dict]]]:
    """The workshop as the team sees it, its versions (newest first) and their files."""
    extension = extension_of(session=session, team_id=team_id, workshop_id=workshop.id) if team_id else None
    deadline = effective_deadline(workshop, extension)
    versions = versions_of(session=session, team_id=team_id, workshop_id=workshop.id) if team_id else []
    counted = counted_version(versions, deadline)
    _, refusal = submit_refusal(session=session, user_id=user_id, workshop=workshop, now=now)
    names = {u.id: u.full_name for u in session.exec(select(User).where(
        User.id.in_([v.submitted_by for v in versions])))} if versions else {}
    state = workshop_state(workshop, versions, deadline, now)
    return {
        "id": str(workshop.id),
        "title": f"Workshop {workshop.position}: {workshop.title}",
        "brief": brief_markdown(workshop.brief),
        "opens": format_instant(workshop.opens_at, zone),
        "deadline": format_instant(deadline, zone),
        "deadline_seoul": format_instant(deadline, SEOUL_ZONE),
        "deadline_iso": deadline.isoformat(),
        "extension": f"Extension granted: {extension.reason}" if extension and deadline > workshop.deadline else "",
        "judged": "judged" if workshop.judged else "not judged",
        "state": state,
        "state_text": (f"{state}: version {counted.number}, {format_instant(counted.submitted_at, zone)}"
                       if counted else state),
        "can_submit": "yes" if team_id and refusal is None else "",
        "closed_reason": refusal.message if team_id and refusal and state != "not open" else "",
        "has_versions": "yes" if versions else "",
        "latest": str(versions[-1].number) if versions else "",
    }, [{
        "key": f"{workshop.id}:{v.number}", "number": str(v.number), "title": v.title, "summary": v.summary,
        "link": v.link, "when": format_instant(v.submitted_at, zone), "by": names.get(v.submitted_by, ""),
        "extension": "under extension" if v.under_extension else "",
        "counted": "what the judges see" if counted and v.id == counted.id else "",
    } for v in reversed(versions)], {
        f"{workshop.id}:{v.number}": [{"name": f.original_name, "url": f"/files/{f.public_id}",
                                       "size": f"{max(1, round(f.size / 1024))} KB"}
                                      for f in files_of(session=session, version_id=v.id)]
        for v in versions
    }


def _load(caller: Caller, zone: str) -> dict:
    now = utcnow()
    with session_scope() as session:
        cohort = accepted_cohort(session=session, user_id=caller.id)
        if cohort is None:
            return {"notice": "Phase 2 teams are for accepted participants who completed Phase 1."}
        team = team_of(session=session, cohort_id=cohort.id, user_id=caller.id)
        refusal = team_eligibility(session=session, cohort=cohort, user_id=caller.id) if team is None else None
        data = {"notice": "", "cohort": cohort.title, "team_min": cohort.team_min, "team_max": cohort.team_max,
                "eligible_text": refusal.message if refusal else "", "team": {}, "members": []}
        if team is not None:
            coach = session.get(User, team.coach_id) if team.coach_id else None
            leave = leave_refusal(session, team)
            data["team"] = {"id": str(team.id), "name": team.name, "challenge": team.challenge, "city": team.city,
                            "code": team.invite_code, "locked": "yes" if team.locked else "",
                            "coach": coach.full_name if coach else "",
                            "leave_refusal": leave.message if leave else ""}
            countries = {user_id: country for user_id, country in session.exec(
                select(Application.user_id, Application.country).where(
                    Application.cohort_id == cohort.id,
                    Application.user_id.in_(select(TeamMember.user_id).where(TeamMember.team_id == team.id))))}
            data["members"] = [{"name": u.full_name, "country": COUNTRIES.get(countries.get(u.id, ""), "")}
                               for u in members_of(session=session, team_id=team.id)]
        views = [_workshop_view(session, w, team.id if team else None, caller.id, zone, now)
                 for w in list_workshops(session=session, cohort_id=cohort.id)]
        data["workshops"] = [view for view, _, _ in views]
        data["versions"] = {view["id"]: versions for view, versions, _ in views}
        data["files"] = {key: listed for _, _, files in views for key, listed in files.items()}
        feedback = team_feedback(session=session, team_id=team.id) if team is not None else []
        data["feedback"] = [{"key": str(i), "workshop": f.workshop,
                             "score": "—" if f.score is None else f"{f.score:.1f} / 100"} for i, f in enumerate(feedback)]
        data["feedback_criteria"] = {str(i): [f"{c.name}: {c.average:.1f} (scale {c.scale_min}–{c.scale_max})"
                                              for c in f.criteria] for i, f in enumerate(feedback)}
        data["feedback_comments"] = {str(i): f.comments for i, f in enumerate(feedback)}
        return data


def _team_action(caller: Caller, action: str, values: dict) -> str:
    with session_scope() as session:
        user = session.get(User, caller.id)
        cohort = accepted_cohort(session=session, user_id=caller.id)
        if cohort is None:
            raise RuleViolation([])
        if action == "create":
            team = create_team(session=session, user=user, cohort=cohort, **values)
            return f"Team '{team.name}' created. Share the invite code {team.invite_code} with your teammates."
        if action == "join":
            return f"You joined '{join_team(session=session, user=user, code=values['code']).name}'."
        if action == "edit":
            team = team_of(session=session, cohort_id=cohort.id, user_id=caller.id)
            update_team(session=session, actor=user, team_id=team.id if team else -1, **values)
            return "Team details saved."
        leave_team(session=session, user=user, cohort_id=cohort.id)
        return "You left the team."


class TeamState(rx.State):
    loaded: bool = False
    zone: str = SEOUL_ZONE
    notice: str = ""
    cohort: str = ""
    team_min: int = 3
    team_max: int = 5
    eligible_text: str = ""
    team: dict[str, str] = {}
    members: list[dict[str, str]] = []
    workshops: list[dict[str, str]] = []
    versions: dict[str, list[dict[str, str]]] = {}
    files: dict[str, list[dict[str, str]]] = {}
    errors: dict[str, str] = {}
    message: str = ""
    submit_errors: dict[str, str] = {}  # "workshop id:field" -> message
    submit_busy: str = ""
    feedback: list[dict[str, str]] = []  # published judging rounds only
    feedback_criteria: dict[str, list[str]] = {}
    feedback_comments: dict[str, list[str]] = {}

    @rx.event
    async def load(self):
        if await current_caller(self, Role.PARTICIPANT) is None:
            return rx.redirect("/login")
        return ask_browser_zone(TeamState.show)

    @rx.event
    async def show(self, zone: str):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        self.zone = zone_from_browser(zone)
        await self._refresh(caller)

    async def _refresh(self, caller: Caller):
        data = await off_loop(_load, caller, self.zone)
        self.loaded, self.notice = True, data["notice"]
        if self.notice:
            return
        self.cohort, self.team_min, self.team_max = data["cohort"], data["team_min"], data["team_max"]
        self.eligible_text, self.team, self.members = data["eligible_text"], data["team"], data["members"]
        self.workshops, self.versions, self.files = data["workshops"], data["versions"], data["files"]
        self.feedback, self.feedback_criteria = data["feedback"], data["feedback_criteria"]
        self.feedback_comments = data["feedback_comments"]

    async def _act(self, action: str, values: dict):
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        try:
            self.message = await off_loop(_team_action, caller, action, values)
            self.errors = {}
        except RuleViolation as violation:
            self.errors = {f"{action}_{k}" if k else action: v for k, v in violation.by_field().items()} or {
                action: "This is not possible now."}
            self.message = ""
            return
        await self._refresh(caller)

    @rx.event
    async def create(self, form_data: dict):
        name, challenge, city = form_values(form_data, "name", "challenge", "city")
        return await self._act("create", {"name": name, "challenge": challenge, "city": city})

    @rx.event
    async def join(self, form_data: dict):
        (code,) = form_values(form_data, "code")
        return await self._act("join", {"code": code})

    @rx.event
    async def edit(self, form_data: dict):
        name, challenge, city = form_values(form_data, "name", "challenge", "city")
        return await self._act("edit", {"name": name, "challenge": challenge, "city": city})

    @rx.event
    async def leave(self):
        return await self._act("leave", {})

    @rx.event
    def submitting(self, workshop_id: str):
        self.submit_busy = str(workshop_id)[:12]

    @rx.event
    async def after_submit(self, result: dict):
        """Callback of the upload (sent by this browser's own fetch): show its outcome and
        reload the versions from the database, which is what counts."""
        caller = await current_caller(self, Role.PARTICIPANT)
        if caller is None:
            return rx.redirect("/login")
        result = result if isinstance(result, dict) else {}
        workshop = str(result.get("workshop", ""))[:12]
        errors = result.get("errors") if isinstance(result.get("errors"), dict) else {}
        self.submit_errors = {} if result.get("ok") else {
            f"{workshop}:{str(field)[:40]}": str(text)[:500] for field, text in list(errors.items())[:10]}
        self.message = str(result.get("message", ""))[:200] if result.get("ok") else ""
        self.submit_busy = ""
        await self._refresh(caller)
