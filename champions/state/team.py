"""TeamState: a participant's Phase 2 page: their team (create, join by code, edit, leave)
and the workshops with their deadlines, submission form and version history."""

from collections.abc import Callable
from dataclasses import asdict

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import N_, gettext
from champions.models import Role, User
from champions.models._time import utcnow
from champions.services.phase2.recommendations import RecommendationFields, save_recommendation
from champions.services.phase2.views import (
    CriterionLine,
    FeedbackLine,
    FileLink,
    MemberLine,
    RecommendationLine,
    VersionLine,
    WorkshopCard,
    team_page,
)
from champions.services.registration.applications import accepted_cohort
from champions.services.teams.actions import (
    create_own_team,
    edit_own_team,
    join_team_by_code,
    leave_own_team,
)
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values, off_loop
from champions.state.language import page_language
from champions.state.viewer import ask_browser_zone, zone_from_browser


def _save_recommendations(caller: Caller, fields: RecommendationFields) -> int:
    with session_scope() as session:
        cohort = accepted_cohort(session=session, user_id=caller.id)
        if cohort is None:
            raise RuleViolation([])
        return save_recommendation(
            session=session, user=session.get(User, caller.id), cohort=cohort, fields=fields
        ).number


def _as_member(caller: Caller, command: Callable[..., str], values: dict) -> str:
    """One of the team page's commands (services/teams/actions.py) by the caller."""
    with session_scope() as session:
        return command(session=session, user=session.get(User, caller.id), **values)


class TeamState(rx.State):
    loaded: bool = False
    zone: str = SEOUL_ZONE
    notice: str = ""
    cohort: str = ""
    team_min: int = 3
    team_max: int = 5
    eligible_text: str = ""
    team: dict[str, str] = {}
    members: list[MemberLine] = []
    workshops: list[WorkshopCard] = []
    versions: dict[str, list[VersionLine]] = {}
    files: dict[str, list[FileLink]] = {}
    errors: dict[str, str] = {}
    message: str = ""
    submit_errors: dict[str, str] = {}  # "workshop id:field" -> message
    submit_busy: str = ""
    feedback: list[FeedbackLine] = []  # published judging rounds only
    feedback_criteria: dict[str, list[str]] = {}
    feedback_criteria_lines: dict[str, list[CriterionLine]] = {}
    feedback_comments: dict[str, list[str]] = {}
    # The team's youth recommendations.
    rec: dict[str, str] = {}  # deadline, can_save, closed_reason, title, body
    rec_targets: list[str] = []
    rec_versions: list[RecommendationLine] = []
    rec_errors: dict[str, str] = {}

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def load(self, caller: Caller):
        return ask_browser_zone(TeamState.show)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def show(self, caller: Caller, zone: str):
        self.zone = zone_from_browser(zone)
        await self._refresh(caller)

    async def _refresh(self, caller: Caller):
        page = await call_service(
            team_page,
            user_id=caller.id,
            zone=self.zone,
            now=utcnow(),
            language=await page_language(self, caller),
        )
        self.loaded, self.notice = True, page.notice
        if self.notice:
            return
        self.cohort, self.team_min, self.team_max = page.cohort, page.team_min, page.team_max
        self.eligible_text, self.members = page.eligible_text, page.members
        self.team = asdict(page.team) if page.team else {}
        self.workshops, self.versions, self.files = page.workshops, page.versions, page.files
        self.feedback, self.feedback_criteria = page.feedback, page.feedback_criteria
        self.feedback_criteria_lines = page.feedback_criteria_lines
        self.feedback_comments = page.feedback_comments
        r = page.recommendations
        self.rec = {
            "deadline": r.deadline,
            "can_save": r.can_save,
            "closed_reason": r.closed_reason,
            "title": r.title,
            "body": r.body,
            "version": str(len(r.versions)),
        }
        self.rec_targets, self.rec_versions = r.targets, r.versions

    async def _act(self, caller: Caller, action: str, command: Callable[..., str], values: dict):
        """Run the command; its refusals show by the form of `action` ("create", "join"…)."""
        try:
            self.message = await off_loop(_as_member, caller, command, values)
            self.errors = {}
        except RuleViolation as violation:
            self.errors = {
                f"{action}_{k}" if k else action: v for k, v in violation.by_field(caller.language).items()
            } or {action: N_("This is not possible now.")}
            self.message = ""
            return
        await self._refresh(caller)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def create(self, caller: Caller, form_data: dict):
        name, challenge, city = form_values(form_data, "name", "challenge", "city")
        await self._act(
            caller, "create", create_own_team, {"name": name, "challenge": challenge, "city": city}
        )

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def join(self, caller: Caller, form_data: dict):
        (code,) = form_values(form_data, "code")
        await self._act(caller, "join", join_team_by_code, {"code": code})

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def edit(self, caller: Caller, form_data: dict):
        name, challenge, city = form_values(form_data, "name", "challenge", "city")
        await self._act(caller, "edit", edit_own_team, {"name": name, "challenge": challenge, "city": city})

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def leave(self, caller: Caller):
        await self._act(caller, "leave", leave_own_team, {})

    @rx.event
    def submitting(self, workshop_id: str):
        self.submit_busy = str(workshop_id)[:12]

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def after_submit(self, caller: Caller, result: dict):
        """Callback of the upload (sent by this browser's own fetch): show its outcome and
        reload the versions from the database, which is what counts."""
        result = result if isinstance(result, dict) else {}
        workshop = str(result.get("workshop", ""))[:12]
        errors = result.get("errors") if isinstance(result.get("errors"), dict) else {}
        self.submit_errors = (
            {}
            if result.get("ok")
            else {
                f"{workshop}:{str(field)[:40]}": str(text)[:500] for field, text in list(errors.items())[:10]
            }
        )
        self.message = str(result.get("message", ""))[:200] if result.get("ok") else ""
        self.submit_busy = ""
        await self._refresh(caller)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def save_recommendations(self, caller: Caller, form_data: dict):
        fields = RecommendationFields.from_form(form_data)
        try:
            number = await off_loop(_save_recommendations, caller, fields)
        except RuleViolation as violation:
            self.rec_errors = violation.by_field(caller.language) or {"": N_("This is not possible now.")}
            self.rec = {**self.rec, "title": fields.title, "body": fields.body}
            self.rec_targets = list(fields.targets)
            return
        self.rec_errors, self.message = (
            {},
            gettext(caller.language, "Recommendations saved (version {number}).", number=number),
        )
        await self._refresh(caller)
