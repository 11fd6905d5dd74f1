"""AwardState: the secretariat's award list of a cohort: categories, the proposal with its ties
to decide, entries replaced with a reason, recognitions granted or withdrawn, finalize, unlock,
publish, and links to the exports (served by `routes.export_awards_route`)."""

from datetime import date
from itertools import count
from typing import Optional

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.models import Role, User
from champions.models._time import utcnow
from champions.services.awards.decisions import (
    CategoryForm,
    clear_decision,
    criterion_names,
    decide_award,
    decide_recognition,
    draft_awards,
    finalize_awards,
    finalize_refusals,
    is_finalized,
    is_published,
    publish_awards,
    save_categories,
    set_one_award_per_team,
    unlock_awards,
)
from champions.services.awards.proposal import RULES, TEAM_KINDS
from champions.services.registration.cohorts import cohort_or_current, list_cohorts
from champions.state.auth import current_caller
from champions.state.identity import Caller, form_values, off_loop

_keys = count(1)
EXPORTS = [("csv", "Award list (CSV)"), ("xlsx", "Workbook: awards, teams, participants, scores (XLSX)"),
           ("pdf", "Ceremony list (PDF)"), ("certificates", "Certificates, one page each (PDF)")]


def _row(id_: str = "", name: str = "", kind: str = "rank", place: str = "", criterion: str = "") -> dict[str, str]:
    return {"key": str(next(_keys)), "id": id_, "name": name, "kind": kind, "place": place, "criterion": criterion}


def _cohort(session, name: str):
    cohort = cohort_or_current(session=session, name=name, today=date.today())
    if cohort is None:
        raise RuleViolation([Reason("not_found", "There is no such cohort.")])
    return cohort


def _load(cohort_name: str) -> dict:
    with session_scope() as session:
        cohort = cohort_or_current(session=session, name=cohort_name, today=date.today())
        if cohort is None:
            return {"cohorts": [], "cohort": ""}
        draft = draft_awards(session=session, cohort=cohort)
        names = {t.team_id: t.name for t in draft.ranking}
        award_list = draft.award_list
        if is_published(award_list):
            status = f"Finalized and published to participants on {format_instant(award_list.published_at, SEOUL_ZONE)}."
        elif is_finalized(award_list):
            status = (f"Finalized on {format_instant(award_list.finalized_at, SEOUL_ZONE)}: locked. "
                      f"Participants do not see it until it is published.")
        else:
            status = "Draft: proposed from the results, with your decisions applied. Nothing is final yet."
        by_category: dict[int, list[str]] = {}
        for r in draft.recognitions:
            by_category.setdefault(r.category.id, []).append(r.name + (" (granted)" if r.note else ""))
        return {
            "cohorts": [c.name for c in list_cohorts(session=session)], "cohort": cohort.name,
            "cohort_id": str(cohort.id), "status": status, "finalized": is_finalized(award_list),
            "published": is_published(award_list), "one_award_per_team": award_list.one_award_per_team,
            "refusals": [r.message for r in finalize_refusals(draft) if r.code != "finalized"],
            "team_awards": [{"category_id": str(a.category.id), "name": a.category.name, "status": a.status,
                             "winners": ", ".join(names.get(i, "?") for i in a.winners) or "—",
                             "checked": ",".join(str(i) for i in a.winners),
                             "note": a.note, "decided": "yes" if a.decision else ""} for a in draft.team_awards],
            "teams": [{"id": str(t.team_id), "label": f"{t.name} (rank {t.rank}, {t.final_score:.2f})"}
                      for t in draft.ranking],
            "recognitions": [{"id": str(c.id), "name": c.name, "count": str(len(by_category.get(c.id, []))),
                              "people": ", ".join(by_category.get(c.id, []))}
                             for c in draft.categories if c.kind not in TEAM_KINDS],
            "withdrawn": [f"{category.name}: {name} — {reason}" for category, _, name, reason in draft.withdrawn],
            "participants": sorted(({"id": str(p.user_id), "name": p.name} for p in draft.people.values()),
                                   key=lambda p: p["name"].casefold()),
            "categories": [_row(str(c.id), c.name, c.kind.value, str(c.place or ""), c.criterion)
                           for c in draft.categories],
            "criteria": criterion_names(session=session, cohort_id=cohort.id),
        }


def _act(caller: Caller, cohort_name: str, action: str, **kwargs) -> None:
    """Run one award service as the caller, in one transaction."""
    with session_scope() as session:
        actor = session.get(User, caller.id)
        cohort = _cohort(session, cohort_name)
        if action == "decide":
            decide_award(session=session, actor=actor, cohort=cohort, **kwargs)
        elif action == "clear":
            clear_decision(session=session, actor=actor, cohort=cohort, **kwargs)
        elif action == "recognize":
            decide_recognition(session=session, actor=actor, cohort=cohort, **kwargs)
        elif action == "categories":
            save_categories(session=session, actor=actor, cohort=cohort, **kwargs)
        elif action == "option":
            set_one_award_per_team(session=session, actor=actor, cohort=cohort, **kwargs)
        elif action == "finalize":
            finalize_awards(session=session, actor=actor, cohort=cohort, now=utcnow())
        elif action == "publish":
            publish_awards(session=session, actor=actor, cohort=cohort, now=utcnow())
        elif action == "unlock":
            unlock_awards(session=session, actor=actor, cohort=cohort, **kwargs)


def _row_field(name: str, keys: list[str]) -> str:
    """"categories.category_2_name" → "categories.<key of row 2>.name"."""
    parts = name.split("_", 2)
    if parts[0] == "categories.category" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(keys):
        return f"categories.{keys[int(parts[1])]}.{parts[2]}"
    return name


def _id(text) -> Optional[int]:
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
    team_awards: list[dict[str, str]] = []
    teams: list[dict[str, str]] = []
    recognitions: list[dict[str, str]] = []
    withdrawn: list[str] = []
    participants: list[dict[str, str]] = []
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

    async def _secretariat(self) -> Optional[Caller]:
        return await current_caller(self, Role.SECRETARIAT)

    async def _refresh(self):
        for key, value in (await off_loop(_load, self.cohort)).items():
            setattr(self, key, value)

    async def _run(self, action: str, done: str, **kwargs) -> bool:
        """Call a service as the secretariat; show the reasons next to their fields, or `done`."""
        caller = await self._secretariat()
        if caller is None or not self.cohort:
            return False
        try:
            await off_loop(_act, caller, self.cohort, action, **kwargs)
        except RuleViolation as violation:
            fields = violation.by_field()
            self.message = ""
            self.error = fields.pop("", "") or "Nothing was changed: see the messages below."
            self.errors = {f"{action}.{name}": text for name, text in fields.items()}
            return False
        self.errors, self.error, self.message = {}, "", done
        await self._refresh()
        return True

    @rx.event
    async def load(self):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        self.message, self.error, self.errors, self.deciding = "", "", {}, ""
        await self._refresh()

    @rx.event
    async def choose_cohort(self, name: str):
        if await self._secretariat() is None:
            return rx.redirect("/login")
        if name in self.cohorts:
            self.cohort, self.message, self.error, self.errors, self.deciding = name, "", "", {}, ""
            await self._refresh()

    @rx.event
    async def start_decision(self, category_id: str):
        if await self._secretariat() is None:
            return
        award = next((a for a in self.team_awards if a["category_id"] == category_id), None)
        if award is not None and not self.finalized:
            self.deciding, self.deciding_name, self.errors = category_id, award["name"], {}
            self.deciding_decided = award["decided"] == "yes"
            self.deciding_checked = [i for i in award["checked"].split(",") if i]

    @rx.event
    def cancel_decision(self):
        self.deciding, self.errors = "", {}

    @rx.event
    async def decide(self, form_data: dict):
        data = form_data if isinstance(form_data, dict) else {}
        chosen = [_id(key[len("team_"):]) for key, value in data.items()
                  if isinstance(key, str) and key.startswith("team_") and value]
        reason, = form_values(form_data, "reason")
        if await self._run("decide", f"{self.deciding_name}: decision saved.", category_id=_id(self.deciding),
                           team_ids=[i for i in chosen if i is not None] if None not in chosen else [-1],
                           reason=reason):
            self.deciding = ""

    @rx.event
    async def clear(self, form_data: dict):
        reason, = form_values(form_data, "reason")
        if await self._run("clear", f"{self.deciding_name}: back to what the results propose.",
                           category_id=_id(self.deciding), reason=reason):
            self.deciding = ""

    @rx.event
    async def recognize(self, form_data: dict):
        category, person, action, reason = form_values(form_data, "recognition", "person", "action", "reason")
        granted = action == "grant"
        await self._run("recognize", "Recognition granted." if granted else "Recognition withdrawn.",
                        category_id=_id(category), user_id=_id(person), granted=granted, reason=reason)

    @rx.event
    def set_cell(self, key: str, field: str, value: str):
        if field in ("name", "kind", "place", "criterion") and isinstance(value, str):
            self.categories = [{**row, field: value[:100]} if row["key"] == key else row for row in self.categories]

    @rx.event
    def add_category(self):
        if len(self.categories) < 20:
            self.categories = self.categories + [_row(kind="criterion")]

    @rx.event
    def remove_category(self, key: str):
        self.categories = [row for row in self.categories if row["key"] != key]

    @rx.event
    async def save_categories(self, form_data: dict):
        data = form_data if isinstance(form_data, dict) else {}
        text = lambda k: data.get(k) if isinstance(data.get(k), str) else ""  # noqa: E731
        forms = [CategoryForm(row["id"], text(f"{row['key']}.name"), text(f"{row['key']}.kind"),
                              text(f"{row['key']}.place"), text(f"{row['key']}.criterion")) for row in self.categories]
        keys = [row["key"] for row in self.categories]
        if not await self._run("categories", "Award categories saved.", forms=forms):
            # Reasons name fields by row position (category_<i>_<field>); the page names them by row key.
            self.errors = {_row_field(f, keys): m for f, m in self.errors.items()}

    @rx.event
    async def set_one_award(self, value: bool):
        await self._run("option", "Saved: " + ("one award per team." if value else "a team may win several awards."),
                        value=bool(value))

    @rx.event
    async def finalize(self):
        await self._run("finalize", "The award list is finalized and locked. Publish it when participants may see it.")

    @rx.event
    async def publish(self):
        await self._run("publish", "Published: participants now see the award list and their recognitions.")

    @rx.event
    async def unlock(self, form_data: dict):
        reason, = form_values(form_data, "reason")
        await self._run("unlock", "Unlocked: the list is a draft again and no longer published.", reason=reason)
