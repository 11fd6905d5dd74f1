"""The proposed award list, as a pure function of the ranking, the categories and the
secretariat's decisions. Deterministic; a tie is never resolved here: it is returned as a
decision the secretariat must make."""

import hashlib
from dataclasses import dataclass, field

from champions.infra.reasons import Localized
from champions.infra.translations import N_, SOURCE_LANGUAGE, gettext, pgettext
from champions.models import AwardKind

TEAM_KINDS = (AwardKind.RANK, AwardKind.CRITERION)
INDIVIDUAL_KINDS = (AwardKind.COMPLETION, AwardKind.CHAMPION)

RULES = N_(
    """How the award list is proposed
• Rank awards go in order of place (1st, 2nd, 3rd…). Each goes to the best-ranked team that has a \
score and holds no rank award yet. Teams that share that rank are a tie: the secretariat decides \
(one team, or the award jointly). A place is not awarded when the next team's rank is below it \
(for example after a shared 2nd place, the next team is 4th).
• Criterion awards then go, in their order, to the team with the best average on that criterion \
over every judged workshop (each mentor's value scaled to 0–100 on the criterion's scale). \
Equal averages are a tie for the secretariat to decide.
• With "one award per team", a team that holds an award is passed over for the later ones; an award \
whose best team is still a candidate in an undecided tie waits for that decision.
• Certificate of Completion: every accepted participant who completed Phase 1. Smart City Champion: \
Phase 1 complete and a member of a team with a counted submission for every judged workshop.
• The secretariat may replace any entry, grant or withdraw a recognition, each with a written reason."""
)


@dataclass(frozen=True)
class CategorySpec:
    id: int
    position: int
    name: str
    kind: AwardKind
    place: int | None = None
    criterion: str = ""


@dataclass(frozen=True)
class RankedTeam:
    team_id: int
    name: str
    rank: int
    final_score: float
    scored: bool  # has at least one workshop score; teams without one win nothing
    criterion_averages: dict[str, float] = field(default_factory=dict, hash=False)  # casefolded name → 0..100


@dataclass(frozen=True)
class TeamDecision:
    category_id: int
    team_ids: tuple[int, ...]
    reason: str
    basis: str | None = None  # what the results proposed when it was made (see `basis_of`); None: not checked


# What a proposed award is.
AWARDED = "awarded"
TIE = "tie"  # the secretariat must choose between the candidates
WAITING = "waiting"  # depends on an earlier undecided tie (one award per team)
REVIEW = "check decision"  # decided, but the results behind the decision have changed since
NOT_AWARDED = "not awarded"


@dataclass(frozen=True)
class ProposedAward:
    category: CategorySpec
    status: str
    winners: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()
    note: str = ""
    decision: TeamDecision | None = None
    basis: str = ""  # what the results alone propose (see `basis_of`), recorded with a decision

    @property
    def needs_decision(self) -> bool:
        return self.status in (TIE, WAITING, REVIEW)


MAX_BASIS = 400  # AwardDecision.basis


def basis_of(award: ProposedAward) -> str:
    """What the results alone propose for an award, as text a decision records: when it differs
    later, the decision is shown for review instead of being applied silently."""
    text = f"{award.status}:{','.join(map(str, award.winners))}:{','.join(map(str, award.candidates))}"
    # A tie among many teams would overflow the stored column; only equality matters, so a digest does.
    return text if len(text) <= MAX_BASIS else "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def ordinal(n: int, language: str = SOURCE_LANGUAGE) -> str:
    if language != SOURCE_LANGUAGE:
        if n == 1:
            return pgettext(language, "a place in a ranking: the first", "{number}", number=n)
        return pgettext(language, "a place in a ranking: 2nd, 3rd…", "{number}", number=n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _text(value, language: str):
    return value.text(language) if isinstance(value, Localized) else value


def _note_in(msgid: str, values: tuple, language: str) -> str:
    return gettext(language, msgid, **{name: _text(value, language) for name, value in values})


def _note(msgid: str, **values) -> Localized:
    """A proposal's note: English as a string, `.text(language)` in a reader's language (the
    msgid marked N_ where it is written; values that are Localized are written in it too)."""
    return Localized(_note_in, msgid, tuple(values.items()))


def _names_in(names: tuple[str, ...], language: str) -> str:
    if len(names) == 1:
        return names[0]
    if language == SOURCE_LANGUAGE:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return gettext(language, "{names} and {last}", names=", ".join(names[:-1]), last=names[-1])


def _names(ids, teams: dict[int, RankedTeam]) -> Localized:
    names = tuple(teams[i].name if i in teams else f"team {i}" for i in ids)
    return Localized(_names_in, names)


def ceremony_order(categories: list[CategorySpec]) -> list[CategorySpec]:
    """Recognitions first, then criterion awards, then rank awards from the lowest place up to
    the Champion Team."""

    def key(c: CategorySpec):
        if c.kind in INDIVIDUAL_KINDS:
            return (0, c.position, c.id)
        if c.kind == AwardKind.CRITERION:
            return (1, c.position, c.id)
        return (2, -(c.place or 0), c.position, c.id)

    return sorted(categories, key=key)


def propose_awards(
    *,
    categories: list[CategorySpec],
    ranking: list[RankedTeam],
    decisions: dict[int, TeamDecision],
    one_award_per_team: bool,
) -> list[ProposedAward]:
    """The team awards (rank and criterion categories), in the order they are decided: rank
    awards by place, then criterion awards by position. `ranking` is in rank order."""
    teams = {t.team_id: t for t in ranking}
    scored = [t for t in ranking if t.scored]
    rank_holders: set[int] = set()
    holders: set[int] = set()
    undecided: dict[int, str] = {}  # team id → the award it is a tie candidate for
    proposed: list[ProposedAward] = []
    rank_categories = sorted(
        (c for c in categories if c.kind == AwardKind.RANK), key=lambda c: (c.place or 0, c.position, c.id)
    )
    criterion_categories = sorted(
        (c for c in categories if c.kind == AwardKind.CRITERION), key=lambda c: (c.position, c.id)
    )
    for category in rank_categories:
        award = _decided(
            _rank_award(category, [t for t in scored if t.team_id not in rank_holders]),
            decisions.get(category.id),
            teams,
        )
        rank_holders.update(award.winners)
        proposed.append(award)
    holders.update(rank_holders)
    for award in proposed:
        for team_id in award.candidates:
            undecided.setdefault(team_id, award.category.name)
    for category in criterion_categories:
        award = _decided(
            _criterion_award(
                category,
                scored,
                holders if one_award_per_team else set(),
                undecided if one_award_per_team else {},
                teams,
            ),
            decisions.get(category.id),
            teams,
        )
        holders.update(award.winners)
        for team_id in award.candidates:
            undecided.setdefault(team_id, category.name)
        proposed.append(award)
    return proposed


def _describe(award: ProposedAward, teams: dict[int, RankedTeam]) -> str:
    if award.winners:
        return _names(award.winners, teams)
    if award.candidates:
        return _note(N_("a decision between {names}"), names=_names(award.candidates, teams))
    return _note(N_("no team"))


def _decided(
    natural: ProposedAward, decision: TeamDecision | None, teams: dict[int, RankedTeam]
) -> ProposedAward:
    """The award with the secretariat's decision applied; flagged for review when the results
    behind the decision have changed."""
    basis = basis_of(natural)
    if decision is None:
        return ProposedAward(
            natural.category, natural.status, natural.winners, natural.candidates, natural.note, None, basis
        )
    if decision.basis is not None and decision.basis != basis:
        return ProposedAward(
            natural.category,
            REVIEW,
            decision.team_ids,
            natural.candidates,
            _note(
                N_(
                    'Check the decision for {names} ("{reason}"): the results have changed since, and now '
                    "propose {proposal}. Confirm it or change it."
                ),
                names=_names(decision.team_ids, teams),
                reason=decision.reason,
                proposal=_describe(natural, teams),
            ),
            decision,
            basis,
        )
    return ProposedAward(
        natural.category,
        AWARDED,
        decision.team_ids,
        (),
        _note(N_("Decided by the secretariat: {reason}"), reason=decision.reason),
        decision,
        basis,
    )


def _rank_award(category: CategorySpec, remaining: list[RankedTeam]) -> ProposedAward:
    place = category.place or 0
    if not remaining:
        return ProposedAward(
            category, NOT_AWARDED, note=_note(N_("No team with a score is left for this place."))
        )
    first = remaining[0]
    if first.rank > place:
        return ProposedAward(
            category,
            NOT_AWARDED,
            note=_note(
                N_("Not awarded: the next team, {team}, is ranked {rank} because a place above is shared."),
                team=first.name,
                rank=Localized(ordinal, first.rank),
            ),
        )
    group = tuple(t.team_id for t in remaining if t.rank == first.rank)
    if len(group) == 1:
        return ProposedAward(
            category,
            AWARDED,
            group,
            note=_note(
                N_("Ranked {rank} with {score}."),
                rank=Localized(ordinal, first.rank),
                score=f"{first.final_score:.2f}",
            ),
        )
    teams = {t.team_id: t for t in remaining}
    return ProposedAward(
        category,
        TIE,
        candidates=group,
        note=_note(
            N_(
                "Tie: {names} share rank {rank} with {score} after every tie-break. Choose one team, or give "
                "the award jointly."
            ),
            names=_names(group, teams),
            rank=first.rank,
            score=f"{first.final_score:.2f}",
        ),
    )


def _criterion_award(
    category: CategorySpec,
    scored: list[RankedTeam],
    excluded: set[int],
    undecided: dict[int, str],
    teams: dict[int, RankedTeam],
) -> ProposedAward:
    key = category.criterion.casefold()
    having = [t for t in scored if key in t.criterion_averages]
    pool = [t for t in having if t.team_id not in excluded]
    if not pool:
        note = (
            _note(N_("No team has scores on {criterion}."), criterion=category.criterion)
            if not having
            else _note(
                N_("Every team with scores on this criterion already holds an award (one award per team).")
            )
        )
        return ProposedAward(category, NOT_AWARDED, note=note)
    best = max(round(t.criterion_averages[key], 9) for t in pool)
    group = tuple(t.team_id for t in pool if round(t.criterion_averages[key], 9) == best)
    waiting = [i for i in group if i in undecided]
    if waiting:
        return ProposedAward(
            category,
            WAITING,
            candidates=group,
            note=_note(
                N_("Decide {award} first: {names} could win it, and a team holds one award only."),
                award=undecided[waiting[0]],
                names=_names(waiting, teams),
            ),
        )
    if len(group) > 1:
        return ProposedAward(
            category,
            TIE,
            candidates=group,
            note=_note(
                N_(
                    "Tie: {names} share the best {criterion} average ({score}). Choose one team, or give the "
                    "award jointly."
                ),
                names=_names(group, teams),
                criterion=category.criterion,
                score=f"{best:.2f}",
            ),
        )
    return ProposedAward(
        category,
        AWARDED,
        group,
        note=_note(
            N_("Best {criterion} average: {score}."), criterion=category.criterion, score=f"{best:.2f}"
        ),
    )
