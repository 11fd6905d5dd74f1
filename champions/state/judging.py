"""JudgingState: a mentor's queue of assigned submissions, the review of one (blind by
default) with its score form, and declaring conflicts of interest."""

from datetime import date
from typing import Optional

import reflex as rx
from sqlmodel import select

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.models import Role, Team, User
from champions.models._time import utcnow
from champions.services.judging.assignment import declare_conflict
from champions.services.judging.scoring import (
    ScoreForm,
    mentor_progress,
    mentor_queue,
    review_view,
    save_score,
)
from champions.services.phase2.workshops import brief_markdown
from champions.services.registration.cohorts import cohort_or_current
from champions.state.auth import current_caller
from champions.state.identity import Caller, off_loop

STATUS_TEXT = {"not started": "Not started", "draft": "Draft saved", "submitted": "Submitted"}


def _queue(caller: Caller) -> dict:
    with session_scope() as session:
        items = mentor_queue(session=session, mentor_id=caller.id)
        done, total = mentor_progress(items)
        cohort = cohort_or_current(session=session, name="", today=date.today())
        teams = list(session.exec(select(Team).where(Team.cohort_id == cohort.id))) if cohort else []
        return {
            "items": [{"key": f"{i.team_id}:{i.workshop_id}", "label": i.label, "workshop": i.workshop,
                       "round": i.round_state, "status": STATUS_TEXT[i.status]} for i in items],
            "progress_text": f"{done} of {total} scored",
            "teams": [{"id": str(t.id), "name": t.name + (f" ({t.city})" if t.city else "")}
                      for t in sorted(teams, key=lambda t: t.name.casefold())],
        }


def _review(caller: Caller, team_id: int, workshop_id: int) -> dict:
    with session_scope() as session:
        view = review_view(session=session, mentor=session.get(User, caller.id), team_id=team_id,
                           workshop_id=workshop_id)
        return {
            "review": {"label": view.label, "workshop": view.workshop, "brief": brief_markdown(view.brief),
                       "title": view.title, "summary": view.summary, "link": view.link, "challenge": view.challenge,
                       "city": view.city, "status": STATUS_TEXT[view.status], "round": view.round_state,
                       "comment": view.comment, "private_note": view.private_note},
            "files": [{"url": f"/files/{f.public_id}", "name": f.name, "size": f"{max(1, f.size // 1024)} KB"}
                      for f in view.files],
            "criteria": [{"id": str(c.id), "name": c.name, "guidance": c.guidance,
                          "range": f"{c.scale_min} to {c.scale_max}", "min": str(c.scale_min),
                          "max": str(c.scale_max), "value": str(view.values.get(c.id, ""))} for c in view.criteria],
        }


def _save(caller: Caller, team_id: int, workshop_id: int, form: ScoreForm, submit: bool) -> None:
    with session_scope() as session:
        save_score(session=session, mentor=session.get(User, caller.id), team_id=team_id, workshop_id=workshop_id,
                   form=form, submit=submit, now=utcnow())


def _declare(caller: Caller, team_id: int, reason: str) -> str:
    with session_scope() as session:
        conflict = declare_conflict(session=session, actor=session.get(User, caller.id), mentor_id=caller.id,
                                    team_id=team_id, reason=reason)
        return session.get(Team, conflict.team_id).name


def _key(text) -> Optional[tuple[int, int]]:
    parts = text.split(":") if isinstance(text, str) else []
    return (int(parts[0]), int(parts[1])) if len(parts) == 2 and all(p.isdigit() for p in parts) else None


class JudgingState(rx.State):
    items: list[dict[str, str]] = []
    loaded: bool = False  # until then the queue says it is loading, not "nothing assigned"
    progress_text: str = ""
    teams: list[dict[str, str]] = []
    opened: str = ""  # "team:workshop" of the submission under review
    review: dict[str, str] = {}
    files: list[dict[str, str]] = []
    criteria: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    message: str = ""
    intent: str = "draft"
    conflict_error: str = ""
    conflict_message: str = ""

    async def _mentor(self) -> Optional[Caller]:
        return await current_caller(self, Role.MENTOR)

    async def _refresh(self, caller: Caller):
        data = await off_loop(_queue, caller)
        self.items, self.progress_text, self.teams = data["items"], data["progress_text"], data["teams"]
        self.loaded = True

    @rx.event
    async def load(self):
        caller = await self._mentor()
        if caller is None:
            return rx.redirect("/login")
        self.opened, self.message, self.errors = "", "", {}
        await self._refresh(caller)

    @rx.event
    async def open(self, key: str):
        caller, target = await self._mentor(), _key(key)
        if caller is None or target is None:
            return
        try:
            data = await off_loop(_review, caller, *target)
        except RuleViolation as violation:
            self.message = violation.reasons[0].message
            return
        self.review, self.files, self.criteria = data["review"], data["files"], data["criteria"]
        self.opened, self.errors, self.message = key, {}, ""

    @rx.event
    async def back(self):
        caller = await self._mentor()
        self.opened, self.review, self.files, self.criteria, self.errors = "", {}, [], [], {}
        if caller is not None:
            await self._refresh(caller)

    @rx.event
    def set_intent(self, intent: str):
        self.intent = "submit" if intent == "submit" else "draft"

    @rx.event
    async def save(self, form_data: dict):
        caller, target = await self._mentor(), _key(self.opened)
        if caller is None or target is None:
            return
        form = ScoreForm.from_form(form_data)
        submit = self.intent == "submit"
        self.intent = "draft"
        try:
            await off_loop(_save, caller, *target, form, submit)
        except RuleViolation as violation:
            self.errors = violation.by_field()
            self.criteria = [{**c, "value": form.values.get(c["id"], "")} for c in self.criteria]
            self.message = ""
            return
        data = await off_loop(_review, caller, *target)
        self.review, self.criteria, self.errors = data["review"], data["criteria"], {}
        self.message = "Score submitted. You can change it until the round closes." if data["review"]["status"] == \
            "Submitted" else "Draft saved. Submit it when every criterion is scored."
        await self._refresh(caller)

    @rx.event
    async def declare(self, form_data: dict):
        caller = await self._mentor()
        if caller is None:
            return
        data = form_data if isinstance(form_data, dict) else {}
        team, reason = data.get("team"), data.get("reason")
        if not isinstance(team, str) or not team.isdigit():
            self.conflict_error = "Choose a team."
            return
        try:
            name = await off_loop(_declare, caller, int(team), reason if isinstance(reason, str) else "")
        except RuleViolation as violation:
            self.conflict_error = violation.reasons[0].message
            return
        self.conflict_error, self.conflict_message = "", f"Conflict with {name} declared; you will not review it."
        await self._refresh(caller)
