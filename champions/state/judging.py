"""JudgingState: a mentor's queue of assigned submissions, the review of one (blind by
default) with its score form, and declaring conflicts of interest."""

from dataclasses import replace
from datetime import date

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import N_
from champions.models import Role, User
from champions.models._time import utcnow
from champions.services.judging.assignment import declare_own_conflict
from champions.services.judging.scoring import ScoreForm, assignment_by_code, save_score
from champions.services.judging.views import (
    CriterionLine,
    FileLink,
    QueueLine,
    ReviewPanel,
    mentor_queue_page,
    next_review_page,
    review_page,
)
from champions.services.registration.cohorts import cohort_or_current
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, off_loop


def _save(caller: Caller, team_id: int, workshop_id: int, form: ScoreForm, submit: bool) -> None:
    with session_scope() as session:
        save_score(
            session=session,
            mentor=session.get(User, caller.id),
            team_id=team_id,
            workshop_id=workshop_id,
            form=form,
            submit=submit,
            now=utcnow(),
        )


def _declare(caller: Caller, text: str, reason: str) -> None:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name="", today=date.today())
        declare_own_conflict(
            session=session,
            mentor=session.get(User, caller.id),
            text=text,
            reason=reason,
            cohort_id=cohort.id if cohort else None,
        )


# Moves the keyboard and screen reader to the submission "Save and next" opened (after React
# has rendered it).
FOCUS_REVIEW = "setTimeout(() => document.getElementById('review-label')?.focus(), 50)"


def _review(caller: Caller, code: str):
    """The review the mentor's code names, with its (team, workshop); RuleViolation otherwise."""
    with session_scope() as session:
        assignment = assignment_by_code(session=session, mentor_id=caller.id, code=code)
        if assignment is None:
            raise RuleViolation([Reason("not_assigned", N_("This submission is not assigned to you."))])
        target = (assignment.team_id, assignment.workshop_id)
        return target, review_page(
            session=session,
            mentor_id=caller.id,
            team_id=target[0],
            workshop_id=target[1],
            language=caller.language,
        )


class JudgingState(rx.State):
    items: list[QueueLine] = []
    loaded: bool = False  # until then the queue says it is loading, not "nothing assigned"
    progress_text: str = ""
    opened: str = ""  # the code of the submission under review
    _target: tuple[int, int] | None = None  # backend only: its (team, workshop), never sent
    review: ReviewPanel = ReviewPanel()
    files: list[FileLink] = []
    criteria: list[CriterionLine] = []
    errors: dict[str, str] = {}
    message: str = ""
    intent: str = "draft"
    conflict_error: str = ""
    conflict_message: str = ""

    async def _refresh(self, caller: Caller):
        page = await call_service(
            mentor_queue_page, mentor_id=caller.id, today=date.today(), language=caller.language
        )
        self.items, self.progress_text = page.items, page.progress_text
        self.loaded = True

    @rx.event
    @for_role(Role.MENTOR)
    async def load(self, caller: Caller):
        self.opened, self._target, self.message, self.errors = "", None, "", {}
        await self._refresh(caller)

    @rx.event
    @for_role(Role.MENTOR)
    async def open(self, caller: Caller, key: str):
        if not isinstance(key, str):
            return
        try:
            target, page = await off_loop(_review, caller, key)
        except RuleViolation as violation:
            self.message = violation.first(caller.language)
            return
        self.review, self.files, self.criteria = page.review, page.files, page.criteria
        self.opened, self._target, self.errors, self.message = key, target, {}, ""

    @rx.event
    @for_role(Role.MENTOR)
    async def back(self, caller: Caller):
        self.opened, self._target = "", None
        self.review, self.files, self.criteria, self.errors = ReviewPanel(), [], [], {}
        await self._refresh(caller)

    @rx.event
    def set_intent(self, intent: str):
        self.intent = intent if intent in ("submit", "next") else "draft"

    @rx.event
    @for_role(Role.MENTOR)
    async def save(self, caller: Caller, form_data: dict):
        target = self._target
        if target is None:
            return
        form = ScoreForm.from_form(form_data)
        intent, self.intent = self.intent, "draft"
        submit = intent in ("submit", "next")
        try:
            await off_loop(_save, caller, *target, form, submit)
        except RuleViolation as violation:
            self.errors = violation.by_field(caller.language)
            self.criteria = [replace(c, value=form.values.get(c.id, "")) for c in self.criteria]
            self.message = ""
            return
        if intent == "next":
            code, following, page = await call_service(
                next_review_page,
                mentor_id=caller.id,
                team_id=target[0],
                workshop_id=target[1],
                language=caller.language,
            )
            if page is not None:
                self.review, self.files, self.criteria = page.review, page.files, page.criteria
                self.opened, self._target, self.errors = code, following, {}
                self.message = N_("Score submitted. This is the next submission to score.")
                return rx.call_script(FOCUS_REVIEW)
        page = await call_service(
            review_page,
            mentor_id=caller.id,
            team_id=target[0],
            workshop_id=target[1],
            language=caller.language,
        )
        self.review, self.criteria, self.errors = page.review, page.criteria, {}
        if intent == "next":
            self.message = N_("Score submitted. All your assigned submissions open for scoring are scored.")
            await self._refresh(caller)
            return None
        self.message = (
            N_("Score submitted. You can change it until the round closes.")
            if page.review.status == "Submitted"
            else N_("Draft saved. Submit it when every criterion is scored.")
        )
        await self._refresh(caller)

    @rx.event
    @for_role(Role.MENTOR)
    async def declare(self, caller: Caller, form_data: dict):
        data = form_data if isinstance(form_data, dict) else {}
        text, reason = data.get("submission"), data.get("reason")
        try:
            await off_loop(
                _declare,
                caller,
                text if isinstance(text, str) else "",
                reason if isinstance(reason, str) else "",
            )
        except RuleViolation as violation:
            self.conflict_error = violation.first(caller.language)
            return
        # No team name in the answer: the mentor typed what they know, the app tells nothing more.
        self.conflict_error, self.conflict_message = (
            "",
            N_("Conflict declared; you will not review this team."),
        )
        await self._refresh(caller)
