"""AwardState: the secretariat's award list of a cohort: categories, the proposal with its ties
to decide, entries replaced with a reason, recognitions granted or withdrawn, finalize, unlock,
publish, and links to the exports (served by `routes.export_awards_route`)."""

from collections.abc import Callable
from datetime import date
from itertools import count

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Role, User
from champions.models._time import utcnow
from champions.services.awards.decisions import (
    CategoryForm,
    clear_decision,
    decide_award,
    decide_recognition,
    finalize_awards,
    publish_awards,
    save_categories,
    set_one_award_per_team,
    unlock_awards,
)
from champions.services.awards.proposal import RULES
from champions.services.awards.views import RecognitionLine, TeamAwardLine, award_page
from champions.services.registration.cohorts import cohort_named
from champions.services.views import Choice
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values, off_loop
from champions.state.language import page_language

_keys = count(1)
EXPORTS = [
    ("csv", N_("Award list (CSV)")),
    ("xlsx", N_("Workbook: awards, teams, participants, scores (XLSX)")),
    ("pdf", N_("Ceremony list (PDF)")),
    ("certificates", N_("Certificates, one page each (PDF)")),
]


def _row(
    id_: str = "", name: str = "", kind: str = "rank", place: str = "", criterion: str = ""
) -> dict[str, str]:
    """A category row of the form, keyed for the page while the secretariat edits it."""
    return {
        "key": str(next(_keys)),
        "id": id_,
        "name": name,
        "kind": kind,
        "place": place,
        "criterion": criterion,
    }


def _act(caller: Caller, cohort_name: str, service: Callable, **kwargs) -> None:
    """Run one award service (`service(session=, actor=, cohort=, **kwargs)`) as the caller,
    in one transaction."""
    with session_scope() as session:
        service(
            session=session,
            actor=session.get(User, caller.id),
            cohort=cohort_named(session=session, name=cohort_name, today=date.today()),
            **kwargs,
        )


def _row_field(name: str, keys: list[str]) -> str:
    """ "categories.category_2_name" → "categories.<key of row 2>.name"."""
    parts = name.split("_", 2)
    if (
        parts[0] == "categories.category"
        and len(parts) == 3
        and parts[1].isdigit()
        and int(parts[1]) < len(keys)
    ):
        return f"categories.{keys[int(parts[1])]}.{parts[2]}"
    return name


def _id(text) -> int | None:
    return int(text) if isinstance(text, str) and text.isdigit() and len(text) < 12 else None


class AwardState(rx.State):
    cohorts: list[str] = []
    cohort: str = ""
    cohort_id: str = ""
    status: str = ""
    finalized: bool = False
    published: bool = False
    one_award_per_team: bool = True
    refusals: list[str] = []
    team_awards: list[TeamAwardLine] = []
    teams: list[Choice] = []
    recognitions: list[RecognitionLine] = []
    withdrawn: list[str] = []
    participants: list[Choice] = []
    categories: list[dict[str, str]] = []
    criteria: list[str] = []
    deciding: str = ""  # category id of the award being decided
    deciding_name: str = ""
    deciding_checked: list[str] = []  # team ids ticked when the form opens
    deciding_decided: bool = False
    errors: dict[str, str] = {}
    message: str = ""
    error: str = ""
    rules: str = RULES
    exports: list[list[str]] = [[fmt, label] for fmt, label in EXPORTS]

    async def _refresh(self):
        page = await call_service(
            award_page, cohort_name=self.cohort, today=date.today(), language=await page_language(self)
        )
        self.cohorts, self.cohort = page.cohorts, page.cohort
        if not page.cohort:  # without cohorts the rest stays as it was
            return
        self.cohort_id, self.status = page.cohort_id, page.status
        self.finalized, self.published = page.finalized, page.published
        self.one_award_per_team, self.refusals = page.one_award_per_team, page.refusals
        self.team_awards = page.team_awards
        self.teams, self.recognitions, self.withdrawn = page.teams, page.recognitions, page.withdrawn
        self.participants, self.criteria = page.participants, page.criteria
        self.categories = [_row(c.id, c.name, c.kind, c.place, c.criterion) for c in page.categories]

    async def _run(self, caller: Caller, action: str, done: str, service: Callable, **kwargs) -> bool:
        """Call a service as the secretariat; show the reasons next to their fields (named
        `<action>.<field>`), or `done`."""
        if not self.cohort:
            return False
        try:
            await off_loop(_act, caller, self.cohort, service, **kwargs)
        except RuleViolation as violation:
            fields = violation.by_field(caller.language)
            self.message = ""
            self.error = fields.pop("", "") or N_("Nothing was changed: see the messages below.")
            self.errors = {f"{action}.{name}": text for name, text in fields.items()}
            return False
        self.errors, self.error, self.message = {}, "", done
        await self._refresh()
        return True

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.message, self.error, self.errors, self.deciding = "", "", {}, ""
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_cohort(self, caller: Caller, name: str):
        if name in self.cohorts:
            self.cohort, self.message, self.error, self.errors, self.deciding = name, "", "", {}, ""
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def start_decision(self, caller: Caller, category_id: str):
        award = next((a for a in self.team_awards if a.category_id == category_id), None)
        if award is not None and not self.finalized:
            self.deciding, self.deciding_name, self.errors = category_id, award.name, {}
            self.deciding_decided = award.decided == "yes"
            self.deciding_checked = [i for i in award.checked.split(",") if i]

    @rx.event
    def cancel_decision(self):
        self.deciding, self.errors = "", {}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def decide(self, caller: Caller, form_data: dict):
        data = form_data if isinstance(form_data, dict) else {}
        chosen = [
            _id(key[len("team_") :])
            for key, value in data.items()
            if isinstance(key, str) and key.startswith("team_") and value
        ]
        (reason,) = form_values(form_data, "reason")
        if await self._run(
            caller,
            "decide",
            gettext(caller.language, "{category}: decision saved.", category=self.deciding_name),
            decide_award,
            category_id=_id(self.deciding),
            team_ids=[i for i in chosen if i is not None] if None not in chosen else [-1],
            reason=reason,
        ):
            self.deciding = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def clear(self, caller: Caller, form_data: dict):
        (reason,) = form_values(form_data, "reason")
        if await self._run(
            caller,
            "clear",
            gettext(
                caller.language, "{category}: back to what the results propose.", category=self.deciding_name
            ),
            clear_decision,
            category_id=_id(self.deciding),
            reason=reason,
        ):
            self.deciding = ""

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def recognize(self, caller: Caller, form_data: dict):
        category, person, action, reason = form_values(form_data, "recognition", "person", "action", "reason")
        granted = action == "grant"
        await self._run(
            caller,
            "recognize",
            N_("Recognition granted.") if granted else N_("Recognition withdrawn."),
            decide_recognition,
            category_id=_id(category),
            user_id=_id(person),
            granted=granted,
            reason=reason,
        )

    @rx.event
    def set_cell(self, key: str, field: str, value: str):
        if field in ("name", "kind", "place", "criterion") and isinstance(value, str):
            self.categories = [
                {**row, field: value[:100]} if row["key"] == key else row for row in self.categories
            ]

    @rx.event
    def add_category(self):
        if len(self.categories) < 20:
            self.categories = self.categories + [_row(kind="criterion")]

    @rx.event
    def remove_category(self, key: str):
        self.categories = [row for row in self.categories if row["key"] != key]

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save_categories(self, caller: Caller, form_data: dict):
        data = form_data if isinstance(form_data, dict) else {}
        text = lambda k: data.get(k) if isinstance(data.get(k), str) else ""  # noqa: E731
        forms = [
            CategoryForm(
                row["id"],
                text(f"{row['key']}.name"),
                text(f"{row['key']}.kind"),
                text(f"{row['key']}.place"),
                text(f"{row['key']}.criterion"),
            )
            for row in self.categories
        ]
        keys = [row["key"] for row in self.categories]
        if not await self._run(
            caller, "categories", N_("Award categories saved."), save_categories, forms=forms
        ):
            # Reasons name fields by row position (category_<i>_<field>); the page names them by row key.
            self.errors = {_row_field(f, keys): m for f, m in self.errors.items()}

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def set_one_award(self, caller: Caller, value: bool):
        await self._run(
            caller,
            "option",
            N_("Saved: one award per team.") if value else N_("Saved: a team may win several awards."),
            set_one_award_per_team,
            value=bool(value),
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def finalize(self, caller: Caller):
        await self._run(
            caller,
            "finalize",
            N_(
                "The award list is finalized and locked. Participants see it when the ceremony starts, or "
                "when you publish it earlier."
            ),
            finalize_awards,
            now=utcnow(),
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def publish(self, caller: Caller):
        await self._run(
            caller,
            "publish",
            N_("Published: participants now see the award list and their recognitions."),
            publish_awards,
            now=utcnow(),
        )

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def unlock(self, caller: Caller, form_data: dict):
        (reason,) = form_values(form_data, "reason")
        await self._run(
            caller,
            "unlock",
            N_("Unlocked: the list is a draft again and no longer published."),
            unlock_awards,
            reason=reason,
        )
