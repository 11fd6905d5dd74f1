"""JudgingAdminState: the secretariat's judging of a cohort: each judged workshop's rubric
and round (open, close, reopen, publish), mentor assignment (automatic and by hand) and
conflicts of interest."""

from datetime import date
from itertools import count

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Role, User
from champions.models._time import utcnow
from champions.services.judging.assignment import (
    assign_mentor,
    auto_assign,
    can_change_assignments,
    unassign_mentor,
    withdraw_conflict,
)
from champions.services.judging.closing import set_scoring_close
from champions.services.judging.rubrics import CriterionForm, move_round, save_rubric, weight_shares
from champions.services.judging.views import (
    AssignmentLine,
    ConflictLine,
    SubmissionChoice,
    auto_assign_summary,
    judging_admin_page,
)
from champions.services.registration.cohorts import cohort_named
from champions.services.views import Choice
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values, off_loop
from champions.state.language import page_language

_keys = count(1)
STATE_TEXT = {
    "setup": N_("Preparing: rubric and assignments can change; mentors cannot score yet."),
    "open": N_("Open: mentors are scoring. The rubric is fixed."),
    "closed": N_("Closed: scores are locked."),
    "published": N_("Published: teams read their scores and comments."),
}
MOVED_TEXT = {
    "open": N_("Judging is now open."),
    "closed": N_("Judging is now closed."),
    "published": N_("Judging is now published."),
}


def _row(name="", guidance="", weight="1", scale_min="1", scale_max="10") -> dict[str, str]:
    """A rubric row of the form, keyed for the page while the secretariat edits it."""
    return {
        "key": str(next(_keys)),
        "name": name,
        "guidance": guidance,
        "weight": weight,
        "scale_min": scale_min,
        "scale_max": scale_max,
    }


def _save_rubric(caller: Caller, workshop_id: int, forms: list[CriterionForm]) -> None:
    with session_scope() as session:
        save_rubric(session=session, actor=session.get(User, caller.id), workshop_id=workshop_id, forms=forms)


def _move(caller: Caller, workshop_id: int, move: str, reason: str) -> str:
    with session_scope() as session:
        return move_round(
            session=session,
            actor=session.get(User, caller.id),
            workshop_id=workshop_id,
            move=move,
            now=utcnow(),
            reason=reason,
        ).state.value


def _auto_assign(caller: Caller, cohort_name: str) -> tuple[str, list[str]]:
    with session_scope() as session:
        cohort = cohort_named(session=session, name=cohort_name, today=date.today())
        report = auto_assign(session=session, actor=session.get(User, caller.id), cohort=cohort)
        return auto_assign_summary(report, caller.language), [
            line.text(caller.language) for line in report.short
        ]


def _assign(caller: Caller, team_id: int, workshop_id: int, mentor_id: int) -> None:
    with session_scope() as session:
        assign_mentor(
            session=session,
            actor=session.get(User, caller.id),
            team_id=team_id,
            workshop_id=workshop_id,
            mentor_id=mentor_id,
        )


def _unassign(caller: Caller, assignment_id: int, reason: str) -> None:
    with session_scope() as session:
        unassign_mentor(
            session=session, actor=session.get(User, caller.id), assignment_id=assignment_id, reason=reason
        )


def _withdraw(caller: Caller, conflict_id: int) -> None:
    with session_scope() as session:
        withdraw_conflict(session=session, actor=session.get(User, caller.id), conflict_id=conflict_id)


def _set_close(caller: Caller, workshop_id: int, day: str, clock: str) -> None:
    with session_scope() as session:
        set_scoring_close(
            session=session, actor=session.get(User, caller.id), workshop_id=workshop_id, day=day, clock=clock
        )


def _number(text) -> int | None:
    return int(text) if isinstance(text, str) and text.isdigit() else None


class JudgingAdminState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    workshops: list[Choice] = []
    workshop: str = ""
    state: str = ""
    rubric: list[dict[str, str]] = []
    rubric_errors: dict[str, str] = {}
    assignments: list[AssignmentLine] = []
    submissions: list[SubmissionChoice] = []
    mentors: list[Choice] = []
    conflicts: list[ConflictLine] = []
    message: str = ""
    error: str = ""
    short: list[str] = []
    removing: str = ""
    remove_error: str = ""
    reopen_error: str = ""
    closes: dict[str, str] = {"day": "", "time": "", "text": ""}  # when scoring closes (Seoul)
    closes_errors: dict[str, str] = {}

    @rx.var
    def state_text(self) -> str:
        return STATE_TEXT.get(self.state, "")

    @rx.var
    def changeable(self) -> bool:
        """Assignments can change while the round is in setup or open."""
        return can_change_assignments(self.state)

    @rx.var
    def weight_shares(self) -> list[str]:
        weights = []
        for row in self.rubric:
            try:
                weights.append(max(float(row["weight"].replace(",", ".")), 0.0))
            except ValueError:
                weights.append(0.0)
        return [f"{100 * share:.0f}%" for share in weight_shares(weights)]

    async def _refresh(self):
        page = await call_service(
            judging_admin_page,
            cohort_name=self.cohort,
            workshop_id=self.workshop,
            today=date.today(),
            language=await page_language(self),
        )
        self.cohorts, self.cohort = page.cohorts, page.cohort
        self.workshops, self.workshop = page.workshops, page.workshop
        if page.cohort:
            self.mentors, self.conflicts = page.mentors, page.conflicts
            self.state, self.assignments, self.submissions = page.state, page.assignments, page.submissions
            self.rubric = [_row(r.name, r.guidance, r.weight, r.scale_min, r.scale_max) for r in page.rubric]
            self.closes = {"day": page.closes_day, "time": page.closes_time, "text": page.closes_text}
        self.rubric_errors, self.closes_errors = {}, {}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.message, self.error, self.short = "", "", []
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.workshop, self.message, self.error, self.short = name, "", "", "", []
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_workshop(self, caller: Caller, workshop_id: str):
        if any(w.id == workshop_id for w in self.workshops):
            self.workshop, self.message, self.error = workshop_id, "", ""
            await self._refresh()

    @rx.event
    def set_cell(self, key: str, field: str, value: str):
        """Keep what the secretariat typed in a rubric row (shown back, saved with the form)."""
        if field in ("name", "guidance", "weight", "scale_min", "scale_max") and isinstance(value, str):
            self.rubric = [{**row, field: value[:1000]} if row["key"] == key else row for row in self.rubric]

    @rx.event
    def add_criterion(self):
        if len(self.rubric) < 12:
            self.rubric = self.rubric + [_row()]

    @rx.event
    def remove_criterion(self, key: str):
        self.rubric = [row for row in self.rubric if row["key"] != key]

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save_rubric(self, caller: Caller, form_data: dict):
        if not self.workshop.isdigit():
            return
        data = form_data if isinstance(form_data, dict) else {}
        text = lambda k: data.get(k) if isinstance(data.get(k), str) else ""  # noqa: E731
        forms = [
            CriterionForm(
                text(f"{r['key']}.name"),
                text(f"{r['key']}.guidance"),
                text(f"{r['key']}.weight"),
                text(f"{r['key']}.scale_min"),
                text(f"{r['key']}.scale_max"),
            )
            for r in self.rubric
        ]
        try:
            await off_loop(_save_rubric, caller, int(self.workshop), forms)
        except RuleViolation as violation:
            # Reasons name fields by row position; the page names them by row key.
            keys = [r["key"] for r in self.rubric]
            self.rubric_errors = {
                (f"{keys[int(f.split('.')[0])]}.{f.split('.')[1]}" if "." in f else f): m
                for f, m in violation.by_field(caller.language).items()
            }
            return
        self.message, self.error = N_("Rubric saved."), ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def move(self, caller: Caller, move: str):
        if not self.workshop.isdigit() or move not in ("open", "close", "publish"):
            return
        try:
            state = await off_loop(_move, caller, int(self.workshop), move, "")
        except RuleViolation as violation:
            self.error, self.message = violation.first(caller.language), ""
            return
        self.message, self.error = (
            MOVED_TEXT.get(state) or gettext(caller.language, "Judging is now {state}.", state=state),
            "",
        )
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def reopen(self, caller: Caller, form_data: dict):
        if not self.workshop.isdigit():
            return
        reason = form_data.get("reason") if isinstance(form_data, dict) else ""
        try:
            await off_loop(
                _move, caller, int(self.workshop), "open", reason if isinstance(reason, str) else ""
            )
        except RuleViolation as violation:
            self.reopen_error = violation.first(caller.language)
            return
        self.message, self.error, self.reopen_error = (
            N_("Judging is open again; mentors can change scores."),
            "",
            "",
        )
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save_scoring_close(self, caller: Caller, form_data: dict):
        """When scoring closes (Seoul time; both empty: not said); mentors are reminded 48 h before."""
        if not self.workshop.isdigit():
            return
        day, clock = form_values(form_data, "closes_day", "closes_time")
        try:
            await off_loop(_set_close, caller, int(self.workshop), day, clock)
        except RuleViolation as violation:
            self.closes_errors = {
                k or "closes_day": v for k, v in violation.by_field(caller.language).items()
            }
            return
        self.message, self.error = N_("Scoring close time saved; mentors' reminders follow it."), ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def auto_assign(self, caller: Caller):
        try:
            self.message, self.short = await off_loop(_auto_assign, caller, self.cohort)
        except RuleViolation as violation:
            self.error = violation.first(caller.language)
            return
        self.error = ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def assign(self, caller: Caller, form_data: dict):
        if not self.workshop.isdigit():
            return
        data = form_data if isinstance(form_data, dict) else {}
        team, mentor = _number(data.get("team")), _number(data.get("mentor"))
        if team is None or mentor is None:
            self.error = N_("Choose a team and a mentor.")
            return
        try:
            await off_loop(_assign, caller, team, int(self.workshop), mentor)
        except RuleViolation as violation:
            self.error, self.message = violation.first(caller.language), ""
            return
        self.message, self.error = N_("Mentor assigned."), ""
        await self._refresh()

    @rx.event
    def ask_remove(self, assignment_id: str):
        self.removing, self.remove_error = str(assignment_id), ""

    @rx.event
    def remove_dialog(self, is_open: bool):
        if not is_open:
            self.removing = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def remove(self, caller: Caller, form_data: dict):
        if not self.removing.isdigit():
            return
        reason = form_data.get("reason") if isinstance(form_data, dict) else ""
        try:
            await off_loop(_unassign, caller, int(self.removing), reason if isinstance(reason, str) else "")
        except RuleViolation as violation:
            self.remove_error = violation.first(caller.language)
            return
        self.removing, self.message, self.error = "", N_("Mentor removed from the submission."), ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def withdraw(self, caller: Caller, conflict_id: str):
        if _number(conflict_id) is None:
            return
        try:
            await off_loop(_withdraw, caller, int(conflict_id))
        except RuleViolation as violation:
            self.error = violation.first(caller.language)
            return
        self.message = N_("Conflict withdrawn.")
        await self._refresh()
