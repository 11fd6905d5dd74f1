"""Awards: the cohort's categories, the proposed list with the secretariat's decisions, and
finalization (a locked snapshot that unlocking with a reason reopens), publication to
participants. The proposal rules are in `award_proposal`."""

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, delete, select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import (
    Application,
    ApplicationStatus,
    AwardCategory,
    AwardDecision,
    AwardEntry,
    AwardExport,
    AwardKind,
    AwardList,
    Cohort,
    RoundState,
    Team,
    TeamMember,
    User,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.awards.proposal import (
    INDIVIDUAL_KINDS,
    TEAM_KINDS,
    CategorySpec,
    ProposedAward,
    RankedTeam,
    TeamDecision,
    ceremony_order,
    propose_awards,
)
from champions.services.judging.rubrics import criteria_of, judged_workshops, rounds_of
from champions.services.phase1.progress import Progress, phase1_progress
from champions.services.phase2.submissions import counted_submission_times
from champions.services.registration.cohorts import ceremony_start
from champions.services.registration.countries import country_name
from champions.services.results.ranking import JudgingResults, judging_results, scaled

DEFAULT_CATEGORIES = [
    ("Champion Team", AwardKind.RANK, 1, ""),
    ("2nd place", AwardKind.RANK, 2, ""),
    ("3rd place", AwardKind.RANK, 3, ""),
    ("Most Inclusive Solution", AwardKind.CRITERION, None, "Safety & inclusion"),
    ("Most Innovative Solution", AwardKind.CRITERION, None, "Innovation"),
    ("Certificate of Completion", AwardKind.COMPLETION, None, ""),
    ("Smart City Champion", AwardKind.CHAMPION, None, ""),
]
KIND_WORDS = {
    AwardKind.RANK: "Place in the ranking",
    AwardKind.CRITERION: "Best on a criterion",
    AwardKind.COMPLETION: "Certificate: Phase 1 complete",
    AwardKind.CHAMPION: "Individual: both phases complete",
}
MAX_CATEGORIES = 20
MAX_REASON = 1000
MAX_TEAM_IDS = 200  # AwardDecision.team_ids: the chosen teams, comma-separated


def categories_of(*, session: Session, cohort_id: int) -> list[AwardCategory]:
    """The cohort's award categories in their order; a cohort without any gets the defaults
    (flushes when it creates them)."""
    found = list(
        session.exec(
            select(AwardCategory)
            .where(AwardCategory.cohort_id == cohort_id)
            .order_by(AwardCategory.position, AwardCategory.id)
        )
    )
    if found:
        return found
    found = [
        AwardCategory(
            cohort_id=cohort_id, position=i + 1, name=name, kind=kind, place=place, criterion=criterion
        )
        for i, (name, kind, place, criterion) in enumerate(DEFAULT_CATEGORIES)
    ]
    session.add_all(found)
    session.flush()
    return found


def award_list_of(*, session: Session, cohort_id: int) -> AwardList:
    """The cohort's award list record, created (draft, one award per team) when missing. Flushes."""
    found = session.exec(select(AwardList).where(AwardList.cohort_id == cohort_id)).first()
    if found is None:
        found = AwardList(cohort_id=cohort_id)
        session.add(found)
        session.flush()
    return found


def is_finalized(award_list: AwardList) -> bool:
    return award_list.finalized_at is not None


def is_published(award_list: AwardList) -> bool:
    """Published on purpose by the secretariat (possibly before the ceremony)."""
    return award_list.published_at is not None


def visible_to_participants(award_list: AwardList, cohort: Cohort, now: datetime) -> bool:
    """A finalized list shows to participants when the ceremony starts, or earlier when the
    secretariat published it on purpose."""
    return is_finalized(award_list) and (is_published(award_list) or now >= ceremony_start(cohort))


def change_refusal(award_list: AwardList) -> Reason | None:
    """Why the categories and decisions cannot change now (None: they can)."""
    if is_finalized(award_list):
        return Reason("finalized", "The award list is finalized. Unlock it, with a reason, to change it.")
    return None


def _spec(category: AwardCategory) -> CategorySpec:
    return CategorySpec(
        category.id, category.position, category.name, category.kind, category.place, category.criterion
    )


# --- categories -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryForm:
    """One category as typed by the secretariat (all text; id "" for a new one)."""

    id: str = ""
    name: str = ""
    kind: str = AwardKind.RANK.value
    place: str = ""
    criterion: str = ""


def criterion_names(*, session: Session, cohort_id: int) -> list[str]:
    """The distinct criterion names of the cohort's judged workshops' rubrics (a workshop without
    one gets the default rubric, as everywhere)."""
    names: dict[str, str] = {}
    for workshop in judged_workshops(session=session, cohort_id=cohort_id):
        for criterion in criteria_of(session=session, workshop_id=workshop.id):
            names.setdefault(criterion.name.casefold(), criterion.name)
    return list(names.values())


def check_categories(
    forms: list[CategoryForm], criteria: list[str]
) -> tuple[list[CategorySpec], list[Reason]]:
    """The categories checked: a name (unique), a kind, a place for rank awards (unique, 1 or more),
    one of the rubric's criteria for criterion awards, at most one of each recognition. Field
    names are `category_<i>_<field>`. Ids are taken as given; the caller checks they belong."""
    reasons: list[Reason] = []
    checked: list[CategorySpec] = []
    if not forms:
        reasons.append(Reason("no_categories", "Keep at least one category."))
    if len(forms) > MAX_CATEGORIES:
        reasons.append(Reason("too_many", "At most {max} categories.", values={"max": MAX_CATEGORIES}))
    seen_names: set[str] = set()
    seen_places: set[int] = set()
    seen_kinds: set[AwardKind] = set()
    known = {name.casefold(): name for name in criteria}
    for i, form in enumerate(forms):
        prefix = f"category_{i}_"
        name = " ".join(str(form.name).split())
        if not name:
            reasons.append(Reason("name_required", "Give the award a name.", prefix + "name"))
        elif len(name) > 80:
            reasons.append(Reason("name_too_long", "At most 80 characters.", prefix + "name"))
        elif name.casefold() in seen_names:
            reasons.append(Reason("duplicate_name", "Another award has this name.", prefix + "name"))
        seen_names.add(name.casefold())
        try:
            kind = AwardKind(str(form.kind))
        except ValueError:
            reasons.append(Reason("bad_kind", "Choose what the award is for.", prefix + "kind"))
            continue
        place: int | None = None
        criterion = ""
        if kind == AwardKind.RANK:
            text = str(form.place).strip()
            place = int(text) if text.isdigit() and len(text) <= 3 else None
            if place is None or place < 1:
                reasons.append(
                    Reason("bad_place", "Enter the place as a whole number, 1 or more.", prefix + "place")
                )
            elif place in seen_places:
                reasons.append(
                    Reason("duplicate_place", "Another award is for this place.", prefix + "place")
                )
            else:
                seen_places.add(place)
        elif kind == AwardKind.CRITERION:
            criterion = known.get(" ".join(str(form.criterion).split()).casefold(), "")
            if not criterion:
                reasons.append(
                    Reason("bad_criterion", "Choose one of the rubric's criteria.", prefix + "criterion")
                )
        elif kind in seen_kinds:
            reasons.append(
                Reason("duplicate_kind", "There is already an award of this kind.", prefix + "kind")
            )
        seen_kinds.add(kind)
        raw_id = str(form.id).strip()
        checked.append(
            CategorySpec(int(raw_id) if raw_id.isdigit() else 0, i + 1, name, kind, place, criterion)
        )
    return checked, reasons


def _describe_category(c) -> dict:
    return {"name": c.name, "kind": c.kind.value, "place": c.place, "criterion": c.criterion}


def save_categories(
    *, session: Session, actor: User, cohort: Cohort, forms: list[CategoryForm]
) -> list[AwardCategory]:
    """Replace the cohort's categories while the list is a draft: known ids are updated, new
    ones added, missing ones removed with their decisions. Audited (before/after). Raises
    RuleViolation (nothing changed)."""
    refusal = change_refusal(award_list_of(session=session, cohort_id=cohort.id))
    if refusal:
        raise RuleViolation([refusal])
    checked, reasons = check_categories(forms, criterion_names(session=session, cohort_id=cohort.id))
    if reasons:
        raise RuleViolation(reasons)
    old = {c.id: c for c in categories_of(session=session, cohort_id=cohort.id)}
    before = [_describe_category(c) for c in old.values()]
    kept: list[AwardCategory] = []
    for spec in checked:
        category = old.pop(spec.id, None) or AwardCategory(
            cohort_id=cohort.id, position=0, name="", kind=spec.kind
        )
        if category.id is not None and category.kind != spec.kind:
            session.exec(delete(AwardDecision).where(AwardDecision.category_id == category.id))
        category.position, category.name, category.kind = spec.position, spec.name, spec.kind
        category.place, category.criterion = spec.place, spec.criterion
        session.add(category)
        kept.append(category)
    for category in old.values():
        session.exec(delete(AwardDecision).where(AwardDecision.category_id == category.id))
        session.delete(category)
    session.flush()
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="award_categories_saved",
        entity="cohort",
        entity_id=cohort.id,
        before={"categories": before},
        after={"categories": [_describe_category(c) for c in kept]},
    )
    session.flush()
    return kept


def set_one_award_per_team(*, session: Session, actor: User, cohort: Cohort, value: bool) -> AwardList:
    """Whether a team may win more than one award. Audited. Raises RuleViolation when finalized."""
    award_list = award_list_of(session=session, cohort_id=cohort.id)
    refusal = change_refusal(award_list)
    if refusal:
        raise RuleViolation([refusal])
    if award_list.one_award_per_team != bool(value):
        record_audit(
            session=session,
            actor_id=actor.id,
            cohort_id=cohort.id,
            action="award_option_changed",
            entity="award_list",
            entity_id=award_list.id,
            before={"one_award_per_team": award_list.one_award_per_team},
            after={"one_award_per_team": bool(value)},
        )
        award_list.one_award_per_team = bool(value)
        session.add(award_list)
        session.flush()
    return award_list


# --- the draft --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    country: str  # ISO code


@dataclass(frozen=True)
class Recognition:
    category: CategorySpec
    user_id: int
    name: str
    country: str
    team_id: int | None
    note: str = ""  # set when the secretariat granted it


@dataclass
class AwardDraft:
    cohort: Cohort
    award_list: AwardList
    categories: list[CategorySpec]
    results: JudgingResults
    ranking: list[RankedTeam]
    teams: dict[int, Team]
    members: dict[int, list[Member]]  # team id → members
    team_awards: list[ProposedAward]
    recognitions: list[Recognition]
    withdrawn: list[tuple[CategorySpec, int, str, str]]  # category, user id, name, reason
    open_rounds: list[str]  # judged workshops whose scores can still change
    people: dict[int, Member] = field(
        default_factory=dict
    )  # everyone eligible for a recognition or in a team
    progress: list[Progress] = field(default_factory=list)  # the accepted participants' Phase 1


def criterion_averages(results: JudgingResults) -> dict[int, dict[str, float]]:
    """team id → casefolded criterion name → the mean of every mentor's value on it over the
    judged workshops, each scaled to 0..100 on its criterion's scale."""
    specs = {w.id: w for w in results.data.workshops}
    values: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (team_id, workshop_id), by_mentor in results.data.scores.items():
        criteria = specs[workshop_id].criteria if workshop_id in specs else ()
        for mentor_values in by_mentor.values():
            for criterion in criteria:
                if criterion.id in mentor_values:
                    values[team_id][criterion.name.casefold()].append(
                        scaled(mentor_values[criterion.id], criterion)
                    )
    return {
        team: {name: math.fsum(v) / len(v) for name, v in by_name.items()} for team, by_name in values.items()
    }


def team_members(*, session: Session, cohort_id: int) -> dict[int, list[Member]]:
    out: dict[int, list[Member]] = defaultdict(list)
    for team_id, user_id, name, country in session.exec(
        select(TeamMember.team_id, User.id, User.full_name, Application.country)
        .join(User, User.id == TeamMember.user_id)
        .join(
            Application, (Application.user_id == User.id) & (Application.cohort_id == cohort_id), isouter=True
        )
        .where(TeamMember.cohort_id == cohort_id)
        .order_by(User.full_name, User.id)
    ):
        out[team_id].append(Member(user_id, name, country or ""))
    return out


def draft_awards(*, session: Session, cohort: Cohort) -> AwardDraft:
    """The award list as it stands: proposed from the results, with the secretariat's decisions
    applied. Reads (creates the default categories and list record when missing)."""
    award_list = award_list_of(session=session, cohort_id=cohort.id)
    categories = [_spec(c) for c in categories_of(session=session, cohort_id=cohort.id)]
    results = judging_results(session=session, cohort=cohort)
    averages = criterion_averages(results)
    ranking = [
        RankedTeam(
            t.team_id,
            t.name,
            t.rank,
            t.final_score,
            any(w.score is not None for w in t.workshops),
            averages.get(t.team_id, {}),
        )
        for t in results.teams
    ]
    decisions = list(
        session.exec(
            select(AwardDecision).where(AwardDecision.cohort_id == cohort.id).order_by(AwardDecision.id)
        )
    )
    team_decisions = {
        d.category_id: TeamDecision(
            d.category_id, tuple(int(i) for i in d.team_ids.split(",") if i), d.reason, d.basis
        )
        for d in decisions
        if d.user_id is None
    }
    team_awards = propose_awards(
        categories=categories,
        ranking=ranking,
        decisions=team_decisions,
        one_award_per_team=award_list.one_award_per_team,
    )
    members = team_members(session=session, cohort_id=cohort.id)
    teams = {t.id: t for t in session.exec(select(Team).where(Team.cohort_id == cohort.id))}
    workshops = judged_workshops(session=session, cohort_id=cohort.id)
    rounds = rounds_of(session=session, cohort_id=cohort.id)
    open_rounds = [
        w.title
        for w in workshops
        if w.id not in rounds or rounds[w.id].state not in (RoundState.CLOSED, RoundState.PUBLISHED)
    ]
    counted = counted_submission_times(session=session, cohort_id=cohort.id)
    complete_teams = {
        team_id for team_id in teams if workshops and all((team_id, w.id) in counted for w in workshops)
    }
    team_of_user = {m.user_id: team_id for team_id, ms in members.items() for m in ms}
    progress = phase1_progress(session=session, cohort=cohort)
    people = {p.user_id: Member(p.user_id, p.full_name, p.country) for p in progress}
    for ms in members.values():
        for m in ms:
            people.setdefault(m.user_id, m)
    completers = [p for p in progress if p.complete]
    individual = {d.category_id: {} for d in decisions}
    for d in decisions:
        if d.user_id is not None:
            individual[d.category_id][d.user_id] = d
    recognitions: list[Recognition] = []
    withdrawn: list[tuple[CategorySpec, int, str, str]] = []
    for category in categories:
        if category.kind not in INDIVIDUAL_KINDS:
            continue
        proposed = {
            p.user_id
            for p in completers
            if category.kind == AwardKind.COMPLETION or team_of_user.get(p.user_id) in complete_teams
        }
        overrides = individual.get(category.id, {})
        for user_id in sorted(
            set(proposed) | set(overrides),
            key=lambda u: (people[u].name.casefold(), u) if u in people else ("", u),
        ):
            decision = overrides.get(user_id)
            person = people.get(user_id)
            if person is None:
                continue
            if decision is not None and not decision.granted:
                withdrawn.append((category, user_id, person.name, decision.reason))
                continue
            note = f"Granted by the secretariat: {decision.reason}" if decision is not None else ""
            recognitions.append(
                Recognition(category, user_id, person.name, person.country, team_of_user.get(user_id), note)
            )
    return AwardDraft(
        cohort,
        award_list,
        categories,
        results,
        ranking,
        teams,
        members,
        team_awards,
        recognitions,
        withdrawn,
        open_rounds,
        people,
        progress,
    )


def finalize_refusals(draft: AwardDraft) -> list[Reason]:
    """Why the list cannot be finalized yet (empty: it can)."""
    reasons: list[Reason] = []
    if is_finalized(draft.award_list):
        reasons.append(Reason("finalized", "The award list is already finalized."))
    for title in draft.open_rounds:
        reasons.append(
            Reason(
                "round_open",
                "Judging of {title} is not closed, so its scores can still change.",
                values={"title": title},
            )
        )
    for award in draft.team_awards:
        if award.needs_decision:
            reasons.append(
                Reason(
                    "undecided",
                    "{category}: {note}",
                    values={"category": award.category.name, "note": award.note},
                )
            )
    return reasons


# --- decisions --------------------------------------------------------------------------------


def _reason_text(reason: str) -> str:
    text = " ".join(str(reason).split())
    if not text:
        raise RuleViolation([Reason("reason_required", "Write the reason for this decision.", "reason")])
    if len(text) > MAX_REASON:
        raise RuleViolation(
            [Reason("reason_too_long", "At most {max} characters.", "reason", values={"max": MAX_REASON})]
        )
    return text


def _category(session: Session, cohort: Cohort, category_id: int, kinds) -> AwardCategory:
    category = session.get(AwardCategory, category_id) if isinstance(category_id, int) else None
    if category is None or category.cohort_id != cohort.id or category.kind not in kinds:
        raise RuleViolation([Reason("no_category", "Choose one of this cohort's awards.", "category")])
    return category


def _winner_names(award: ProposedAward | None, teams: dict[int, Team]) -> list[str]:
    if award is None:
        return []
    return [teams[i].name for i in award.winners if i in teams]


def decide_award(
    *, session: Session, actor: User, cohort: Cohort, category_id: int, team_ids: list[int], reason: str
) -> AwardDecision:
    """Give a team award to the chosen team(s) (several: jointly), replacing the proposal or
    resolving a tie. Audited with the winners before and after. Raises RuleViolation."""
    refusal = change_refusal(award_list_of(session=session, cohort_id=cohort.id))
    if refusal:
        raise RuleViolation([refusal])
    category = _category(session, cohort, category_id, TEAM_KINDS)
    chosen = sorted({i for i in team_ids if isinstance(i, int)})
    teams = {t.id: t for t in session.exec(select(Team).where(Team.cohort_id == cohort.id))}
    if not chosen or len(chosen) != len(team_ids) or any(i not in teams for i in chosen):
        raise RuleViolation([Reason("no_team", "Choose one or more of this cohort's teams.", "team")])
    if len(",".join(map(str, chosen))) > MAX_TEAM_IDS:
        raise RuleViolation(
            [Reason("too_many_teams", "Too many teams for one joint award: choose fewer.", "team")]
        )
    text = _reason_text(reason)
    before = next(
        (a for a in draft_awards(session=session, cohort=cohort).team_awards if a.category.id == category.id),
        None,
    )
    session.exec(
        delete(AwardDecision).where(AwardDecision.category_id == category.id, AwardDecision.user_id.is_(None))
    )
    decision = AwardDecision(
        cohort_id=cohort.id,
        category_id=category.id,
        team_ids=",".join(map(str, chosen)),
        reason=text,
        basis=before.basis if before else "",
        decided_by=actor.id,
    )
    session.add(decision)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="award_decided",
        entity="award_category",
        entity_id=category.id,
        before={
            "award": category.name,
            "teams": _winner_names(before, teams),
            "tied": [teams[i].name for i in (before.candidates if before else ()) if i in teams],
        },
        after={"award": category.name, "teams": [teams[i].name for i in chosen]},
        reason=text,
    )
    session.flush()
    return decision


def clear_decision(*, session: Session, actor: User, cohort: Cohort, category_id: int, reason: str) -> None:
    """Return a team award to what the results propose. Audited. Raises RuleViolation."""
    refusal = change_refusal(award_list_of(session=session, cohort_id=cohort.id))
    if refusal:
        raise RuleViolation([refusal])
    category = _category(session, cohort, category_id, TEAM_KINDS)
    found = session.exec(
        select(AwardDecision).where(AwardDecision.category_id == category.id, AwardDecision.user_id.is_(None))
    ).first()
    if found is None:
        raise RuleViolation([Reason("no_decision", "This award has no decision to undo.", "category")])
    text = _reason_text(reason)
    teams = dict(session.exec(select(Team.id, Team.name).where(Team.cohort_id == cohort.id)).all())
    session.delete(found)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="award_decision_cleared",
        entity="award_category",
        entity_id=category.id,
        before={
            "award": category.name,
            "teams": [teams.get(int(i), i) for i in found.team_ids.split(",") if i],
            "reason": found.reason,
        },
        after={"award": category.name, "teams": "as proposed"},
        reason=text,
    )
    session.flush()


def decide_recognition(
    *,
    session: Session,
    actor: User,
    cohort: Cohort,
    category_id: int,
    user_id: int,
    granted: bool,
    reason: str,
) -> AwardDecision:
    """Grant an individual recognition to an accepted participant, or withdraw it. Audited.
    Raises RuleViolation."""
    refusal = change_refusal(award_list_of(session=session, cohort_id=cohort.id))
    if refusal:
        raise RuleViolation([refusal])
    category = _category(session, cohort, category_id, INDIVIDUAL_KINDS)
    person = (
        session.exec(
            select(User)
            .join(Application, Application.user_id == User.id)
            .where(
                Application.cohort_id == cohort.id,
                Application.status == ApplicationStatus.ACCEPTED,
                User.id == user_id,
            )
        ).first()
        if isinstance(user_id, int)
        else None
    )
    if person is None:
        raise RuleViolation([Reason("no_person", "Choose an accepted participant of this cohort.", "person")])
    text = _reason_text(reason)
    previous = session.exec(
        select(AwardDecision).where(
            AwardDecision.category_id == category.id, AwardDecision.user_id == person.id
        )
    ).first()
    before = {
        "recognition": category.name,
        "person": person.full_name,
        "decision": None if previous is None else ("granted" if previous.granted else "withdrawn"),
    }
    if previous is not None:
        session.delete(previous)
        session.flush()
    decision = AwardDecision(
        cohort_id=cohort.id,
        category_id=category.id,
        user_id=person.id,
        granted=bool(granted),
        reason=text,
        decided_by=actor.id,
    )
    session.add(decision)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="recognition_granted" if granted else "recognition_withdrawn",
        entity="award_category",
        entity_id=category.id,
        before=before,
        after={
            "recognition": category.name,
            "person": person.full_name,
            "decision": "granted" if granted else "withdrawn",
        },
        reason=text,
    )
    session.flush()
    return decision


# --- finalization -----------------------------------------------------------------------------


def _entries(draft: AwardDraft) -> list[AwardEntry]:
    ranks = {t.team_id: t for t in draft.ranking}
    awards = {a.category.id: a for a in draft.team_awards}
    by_category: dict[int, list[Recognition]] = defaultdict(list)
    for recognition in draft.recognitions:
        by_category[recognition.category.id].append(recognition)
    entries: list[AwardEntry] = []
    for order, category in enumerate(ceremony_order(draft.categories), start=1):
        if category.kind in INDIVIDUAL_KINDS:
            for r in by_category.get(category.id, []):
                team = draft.teams.get(r.team_id) if r.team_id else None
                ranked = ranks.get(r.team_id) if r.team_id else None
                entries.append(
                    AwardEntry(
                        cohort_id=draft.cohort.id,
                        category_id=category.id,
                        order=order,
                        award=category.name,
                        kind=category.kind,
                        team_id=team.id if team else None,
                        team_name=team.name if team else "",
                        user_id=r.user_id,
                        recipient=r.name,
                        members=json.dumps(
                            [{"user_id": r.user_id, "name": r.name, "country": r.country}], ensure_ascii=False
                        ),
                        rank=ranked.rank if ranked else None,
                        final_score=ranked.final_score if ranked else None,
                        challenge=team.challenge if team else "",
                        city=team.city if team else "",
                        note=r.note,
                    )
                )
            continue
        award = awards.get(category.id)
        for team_id in award.winners if award else ():
            team = draft.teams[team_id]
            ranked = ranks.get(team_id)
            entries.append(
                AwardEntry(
                    cohort_id=draft.cohort.id,
                    category_id=category.id,
                    order=order,
                    award=category.name,
                    kind=category.kind,
                    team_id=team_id,
                    team_name=team.name,
                    recipient=team.name,
                    members=json.dumps(
                        [
                            {"user_id": m.user_id, "name": m.name, "country": m.country}
                            for m in draft.members.get(team_id, [])
                        ],
                        ensure_ascii=False,
                    ),
                    rank=ranked.rank if ranked else None,
                    final_score=ranked.final_score if ranked else None,
                    challenge=team.challenge,
                    city=team.city,
                    note=(f"Decided by the secretariat: {award.decision.reason}" if award.decision else "")
                    + (" (joint award)" if len(award.winners) > 1 else ""),
                )
            )
    return entries


def finalize_awards(*, session: Session, actor: User, cohort: Cohort, now: datetime) -> list[AwardEntry]:
    """Lock the list: write the snapshot of every recipient (names, members, countries as they
    are now), the XLSX export made from the same figures and the certificates' credentials
    (`credentials.issue_credentials`: unchanged ones kept, changed ones revoked and replaced).
    Audited with the list. Raises RuleViolation with every reason it cannot."""
    draft = draft_awards(session=session, cohort=cohort)
    reasons = finalize_refusals(draft)
    if reasons:
        raise RuleViolation(reasons)
    entries = _entries(draft)
    session.add_all(entries)
    draft.award_list.finalized_at = now
    draft.award_list.finalized_by = actor.id
    session.add(draft.award_list)
    # The exports read what the draft has just computed (imported here: exports reads this module).
    from champions.services.awards.exports import make_finalized_exports

    make_finalized_exports(session=session, draft=draft, entries=entries)
    from champions.services.awards.credentials import issue_credentials

    issue_credentials(session=session, cohort=cohort, entries=entries, now=now)
    team_entries = [e for e in entries if e.kind in TEAM_KINDS]
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="awards_finalized",
        entity="award_list",
        entity_id=draft.award_list.id,
        before={"state": "draft"},
        after={
            "state": "finalized",
            "awards": [f"{e.award}: {e.recipient}" for e in team_entries],
            "recognitions": len(entries) - len(team_entries),
        },
    )
    session.flush()
    return entries


def unlock_awards(*, session: Session, actor: User, cohort: Cohort, reason: str) -> AwardList:
    """Reopen a finalized list (withdraws its publication, the snapshot and the exports made
    from it; decisions and credentials stay until it is finalized again).
    Needs a reason. Audited. Raises RuleViolation."""
    award_list = award_list_of(session=session, cohort_id=cohort.id)
    if not is_finalized(award_list):
        raise RuleViolation([Reason("not_finalized", "The award list is not finalized.")])
    text = _reason_text(reason)
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    before = {
        "state": "published" if is_published(award_list) else "finalized",
        "awards": [f"{e.award}: {e.recipient}" for e in entries if e.kind in TEAM_KINDS],
    }
    session.exec(delete(AwardEntry).where(AwardEntry.cohort_id == cohort.id))
    session.exec(delete(AwardExport).where(AwardExport.cohort_id == cohort.id))
    award_list.finalized_at = award_list.finalized_by = award_list.published_at = None
    session.add(award_list)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="awards_unlocked",
        entity="award_list",
        entity_id=award_list.id,
        before=before,
        after={"state": "draft"},
        reason=text,
    )
    session.flush()
    return award_list


def publish_awards(*, session: Session, actor: User, cohort: Cohort, now: datetime) -> AwardList:
    """Show the finalized list to the cohort's participants now, before the ceremony (it shows by
    itself when the ceremony starts). Audited. Raises RuleViolation."""
    award_list = award_list_of(session=session, cohort_id=cohort.id)
    if not is_finalized(award_list):
        raise RuleViolation([Reason("not_finalized", "Finalize the award list before publishing it.")])
    if is_published(award_list):
        raise RuleViolation([Reason("published", "The award list is already published.")])
    award_list.published_at = now
    session.add(award_list)
    record_audit(
        session=session,
        actor_id=actor.id,
        cohort_id=cohort.id,
        action="awards_published",
        entity="award_list",
        entity_id=award_list.id,
        before={"published": False},
        after={"published": True},
    )
    session.flush()
    return award_list


def finalized_entries(*, session: Session, cohort_id: int) -> list[AwardEntry]:
    """The finalized list in ceremony order (recipients by name within an award)."""
    return list(
        session.exec(
            select(AwardEntry)
            .where(AwardEntry.cohort_id == cohort_id)
            .order_by(AwardEntry.order, AwardEntry.id)
        )
    )


def entry_members(entry: AwardEntry) -> list[Member]:
    return [
        Member(m.get("user_id"), m.get("name", ""), m.get("country", "")) for m in json.loads(entry.members)
    ]


def countries_text(members: list[Member], language: str = "en") -> str:
    """The members' countries, each once, in the members' order (their names in `language`)."""
    seen: list[str] = []
    for m in members:
        name = country_name(m.country, language) if m.country else ""
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)


@dataclass(frozen=True)
class PublishedAwards:
    cohort_name: str
    team_awards: list[AwardEntry]  # in ceremony order
    mine: list[AwardEntry]  # the viewer's own recognitions and their team's awards


def published_awards_for(
    *, session: Session, cohort: Cohort, user_id: int, now: datetime | None = None
) -> PublishedAwards | None:
    """What a participant sees once the list shows (`visible_to_participants`; None before):
    every team award, and their own entries (a recognition, or an award of their team)."""
    award_list = session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)).first()
    if award_list is None or not visible_to_participants(award_list, cohort, now or utcnow()):
        return None
    team_ids = set(
        session.exec(
            select(TeamMember.team_id).where(TeamMember.cohort_id == cohort.id, TeamMember.user_id == user_id)
        ).all()
    )
    team_awards = list(
        session.exec(
            select(AwardEntry)
            .where(AwardEntry.cohort_id == cohort.id, AwardEntry.kind.in_(list(TEAM_KINDS)))
            .order_by(AwardEntry.order, AwardEntry.id)
        )
    )
    own = list(
        session.exec(
            select(AwardEntry)
            .where(AwardEntry.cohort_id == cohort.id, AwardEntry.user_id == user_id)
            .order_by(AwardEntry.order, AwardEntry.id)
        )
    )
    mine = [e for e in team_awards if e.team_id in team_ids] + own
    return PublishedAwards(cohort.name, team_awards, mine)
