"""Judging results: from mentors' submitted scores to the team ranking, with every figure
behind it, and the figures that show how far the mentors agree.

The method is METHOD below (also shown to the secretariat, in their language).

Sums use math.fsum and comparisons round to 9 decimals, so the order in which scores
arrive never changes a result."""

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import NormalDist, median

from sqlmodel import Session, select

from champions.infra.translations import N_, gettext
from champions.models import (
    Cohort,
    ReviewAssignment,
    Score,
    ScoreValue,
    Team,
    User,
)
from champions.services.judging.rubrics import criteria_of, judged_workshops, weight_shares
from champions.services.phase2.submissions import counted_submission_times

METHOD = N_(
    """1. Mentor total = weighted mean of the criteria, each value scaled linearly so its scale's
   minimum is 0 and maximum 100.
2. Optional normalization (per cohort), per mentor within a round: z = (total − the mentor's
   mean in that round) / the mentor's standard deviation there (population; z = 0 when the
   mentor gave one score or all equal), rescaled to 0–100 as 100 × Φ(z), the share of a
   normal distribution below z (the mentor's average submission gets 50).
3. Submission score = mean of its mentors' (normalized) totals, or the median (per cohort).
4. Team final score = weighted mean of its judged workshops' scores, weights normalized to
   sum to 1; a missing or unscored submission scores 0.
5. Ranking: final score, then the final (last judged) workshop's score, then the team's
   average (0–100) on the highest-weighted criterion, then the earlier last on-time
   submission. Teams still equal share a rank and are flagged as a tie."""
)

Key = tuple[int, int]  # (team id, workshop id)
_LATEST = datetime.max.replace(tzinfo=UTC)
_NORMAL = NormalDist()


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: float
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class WorkshopSpec:
    id: int
    title: str
    position: int
    weight: float
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class JudgingInput:
    """Everything the results depend on, read from the database in a few queries."""

    workshops: tuple[WorkshopSpec, ...]
    teams: dict[int, str]  # team id → name
    submitted_at: dict[Key, datetime]  # the counted (on-time) version of each submission
    scores: dict[
        Key, dict[int, dict[int, int]]
    ]  # submission → mentor → criterion id → value (submitted only)
    aggregation: str = "mean"  # or "median"
    normalize: bool = False
    disagreement_threshold: float = 30.0


# --- the arithmetic -------------------------------------------------------------------------


def _r(value: float) -> float:
    return round(value, 9)


def mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def pstdev(values: list[float]) -> float:
    centre = mean(values)
    return math.sqrt(math.fsum((v - centre) ** 2 for v in values) / len(values))


def scaled(value: float, criterion: CriterionSpec) -> float:
    """A criterion value on 0–100: the scale's minimum is 0, its maximum 100."""
    return 100.0 * (value - criterion.scale_min) / (criterion.scale_max - criterion.scale_min)


def mentor_total(values: dict[int, int], criteria: tuple[CriterionSpec, ...]) -> float:
    """Weighted mean of the scaled criteria (a submitted score has every criterion)."""
    return _totaller(criteria)(values)


def _totaller(criteria: tuple[CriterionSpec, ...]):
    """mentor_total for one rubric, with the per-criterion factors computed once."""
    terms = [(c.id, c.weight * 100.0 / (c.scale_max - c.scale_min), c.scale_min) for c in criteria]
    weights = math.fsum(c.weight for c in criteria)
    return lambda values: math.fsum([factor * (values[i] - low) for i, factor, low in terms]) / weights


def normalize_round(totals: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """(team, mentor) → total within one round, to (team, mentor) → 100 × Φ(z) where z is the
    total's z-score among that mentor's totals in the round."""
    by_mentor: dict[int, list[float]] = defaultdict(list)
    for (_, mentor), total in sorted(totals.items()):
        by_mentor[mentor].append(total)
    # A spread that is only rounding noise (relative to the totals' size, so that scaling a
    # mentor's totals never changes the answer) counts as none: z = 0.
    spread = {m: (mean(ts), pstdev(ts), max(abs(t) for t in ts)) for m, ts in by_mentor.items()}
    out = {}
    for (team, mentor), total in totals.items():
        centre, sd, size = spread[mentor]
        z = (total - centre) / sd if sd > 1e-9 * size else 0.0
        out[(team, mentor)] = 100.0 * _NORMAL.cdf(z)
    return out


def aggregate(values: list[float], method: str) -> float:
    ordered = sorted(values)
    return median(ordered) if method == "median" else mean(ordered)


def workshop_shares(workshops: tuple[WorkshopSpec, ...]) -> dict[int, float]:
    """workshop id → its share of the final score (workshop weights are validated positive)."""
    return dict(zip([w.id for w in workshops], weight_shares([w.weight for w in workshops])))


def tiebreak_criterion(workshops: tuple[WorkshopSpec, ...]) -> str:
    """The criterion (by name) with the highest weight in the final score: Σ over workshops of
    the workshop's share × the criterion's share of its rubric. Equal weights: the first."""
    shares = workshop_shares(workshops)
    weight: dict[str, float] = {}
    for workshop in sorted(workshops, key=lambda w: w.position):
        rubric = math.fsum(c.weight for c in workshop.criteria)
        for criterion in workshop.criteria:
            weight[criterion.name] = (
                weight.get(criterion.name, 0.0) + shares[workshop.id] * criterion.weight / rubric
            )
    return max(weight, key=lambda name: _r(weight[name])) if weight else ""


# --- results --------------------------------------------------------------------------------


@dataclass
class MentorResult:
    mentor_id: int
    total: float
    normalized: float | None
    values: dict[int, int]


@dataclass
class WorkshopResult:
    workshop_id: int
    title: str
    position: int
    weight: float  # share of the final score, 0..1
    submitted: bool
    score: float | None  # the score used (normalized when enabled); None: no submitted score
    score_raw: float | None
    mentors: list[MentorResult]
    sd: float | None = None  # of the mentors' raw totals
    low: float | None = None
    high: float | None = None
    flagged: bool = False  # the spread (high − low) exceeds the cohort's threshold


@dataclass
class TeamResult:
    team_id: int
    name: str
    workshops: list[WorkshopResult]
    final_score: float
    final_workshop_score: float
    criterion_average: float
    last_on_time: datetime | None
    rank: int = 0
    tie: bool = False

    def sort_key(self) -> tuple:
        return (
            -_r(self.final_score),
            -_r(self.final_workshop_score),
            -_r(self.criterion_average),
            self.last_on_time or _LATEST,
        )


def rank_teams(teams: list[TeamResult]) -> list[TeamResult]:
    """Order by the tie-break chain; equal teams share the better rank ("1, 2, 2, 4") and are
    flagged as tied, never split at random (the order among them is by name, for reading)."""
    ordered = sorted(teams, key=lambda t: (t.sort_key(), t.name.casefold(), t.team_id))
    for index, team in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        team.rank = previous.rank if previous and previous.sort_key() == team.sort_key() else index + 1
        team.tie = any(
            other is not None and other.sort_key() == team.sort_key() for other in (previous, following)
        )
    return ordered


def team_results(data: JudgingInput) -> list[TeamResult]:
    """Every team's figures (not yet ranked)."""
    workshops = tuple(sorted(data.workshops, key=lambda w: w.position))
    shares = workshop_shares(workshops)
    criterion_name = tiebreak_criterion(workshops)
    results: dict[int, list[WorkshopResult]] = {team: [] for team in data.teams}
    key_values: dict[int, list[float]] = defaultdict(list)
    for workshop in workshops:
        total_of = _totaller(workshop.criteria)
        key_terms = [
            (c.id, 100.0 / (c.scale_max - c.scale_min), c.scale_min)
            for c in workshop.criteria
            if c.name == criterion_name
        ]
        totals = {
            (team, mentor): total_of(values)
            for (team, w), by_mentor in data.scores.items()
            if w == workshop.id and team in results
            for mentor, values in by_mentor.items()
        }
        normalized = normalize_round(totals) if data.normalize else {}
        for team in results:
            mentors = [
                MentorResult(m, totals[(team, m)], normalized.get((team, m)), values)
                for m, values in sorted(data.scores.get((team, workshop.id), {}).items())
            ]
            raw = [m.total for m in mentors]
            used = [m.normalized for m in mentors] if data.normalize else raw
            result = WorkshopResult(
                workshop.id,
                workshop.title,
                workshop.position,
                shares[workshop.id],
                (team, workshop.id) in data.submitted_at,
                aggregate(used, data.aggregation) if used else None,
                aggregate(raw, data.aggregation) if raw else None,
                mentors,
            )
            if raw:
                result.sd, result.low, result.high = pstdev(raw), min(raw), max(raw)
                result.flagged = len(raw) > 1 and _r(result.high - result.low) > data.disagreement_threshold
            results[team].append(result)
            for mentor in mentors:
                key_values[team] += [factor * (mentor.values[i] - low) for i, factor, low in key_terms]
    teams = []
    for team, name in data.teams.items():
        rows = results[team]
        times = [data.submitted_at[(team, w.id)] for w in workshops if (team, w.id) in data.submitted_at]
        teams.append(
            TeamResult(
                team,
                name,
                rows,
                math.fsum(r.weight * (r.score or 0.0) for r in rows),
                (rows[-1].score or 0.0) if rows else 0.0,
                mean(key_values[team]) if key_values[team] else 0.0,
                max(times) if times else None,
            )
        )
    return teams


# --- how far mentors agree ------------------------------------------------------------------


def leniency(teams: list[TeamResult]) -> dict[int, tuple[float, int]]:
    """mentor → (mean of (own raw total − the mean of the co-reviewers' totals), submissions
    counted); only submissions with at least one co-reviewer count."""
    offsets: dict[int, list[float]] = defaultdict(list)
    for team in sorted(teams, key=lambda t: t.team_id):
        for workshop in team.workshops:
            if len(workshop.mentors) < 2:
                continue
            for mentor in workshop.mentors:
                others = [m.total for m in workshop.mentors if m is not mentor]
                offsets[mentor.mentor_id].append(mentor.total - mean(others))
    return {m: (mean(values), len(values)) for m, values in offsets.items()}


def icc1(groups: list[list[float]]) -> float | None:
    """One-way random-effects intraclass correlation ICC(1) for submissions rated by different
    sets of mentors (k0 for unequal group sizes). 1 = mentors agree fully; 0 or below = no
    more agreement than chance. None with fewer than two submissions with two ratings."""
    groups = [g for g in groups if len(g) >= 2]
    n = len(groups)
    if n < 2:
        return None
    ratings = [x for g in groups for x in g]
    total = len(ratings)
    grand = mean(ratings)
    between = math.fsum(len(g) * (mean(g) - grand) ** 2 for g in groups) / (n - 1)
    within = math.fsum((x - mean(g)) ** 2 for g in groups for x in g) / (total - n)
    k0 = (total - math.fsum(len(g) ** 2 for g in groups) / total) / (n - 1)
    denominator = between + (k0 - 1) * within
    return None if denominator <= 0 else (between - within) / denominator


def round_agreement(teams: list[TeamResult]) -> dict[int, float | None]:
    """workshop id → ICC(1) of its mentors' raw totals."""
    groups: dict[int, list[list[float]]] = defaultdict(list)
    for team in sorted(teams, key=lambda t: t.team_id):
        for workshop in team.workshops:
            groups[workshop.workshop_id].append([m.total for m in workshop.mentors])
    return {workshop: icc1(rounds) for workshop, rounds in groups.items()}


# --- from the database ----------------------------------------------------------------------


def judging_input(*, session: Session, cohort: Cohort, team_id: int | None = None) -> JudgingInput:
    """Read one cohort's judging: judged workshops and rubrics, teams, counted versions and
    submitted score values (one query for all values). With `team_id`, only that team's
    scores are read; its figures are then exact unless scores are normalized (which needs
    every score of the round)."""
    workshops = judged_workshops(session=session, cohort_id=cohort.id)
    specs = tuple(
        WorkshopSpec(
            w.id,
            w.title,
            w.position,
            w.weight,
            tuple(
                CriterionSpec(c.id, c.name, c.weight, c.scale_min, c.scale_max)
                for c in criteria_of(session=session, workshop_id=w.id)
            ),
        )
        for w in workshops
    )
    judged = {w.id for w in workshops}
    teams = dict(
        session.exec(
            select(Team.id, Team.name).where(
                Team.cohort_id == cohort.id, *([Team.id == team_id] if team_id is not None else [])
            )
        ).all()
    )
    submitted_at = {
        key: when
        for key, when in counted_submission_times(session=session, cohort_id=cohort.id).items()
        if key[1] in judged
    }
    scores: dict[Key, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    rubric = [c.id for w in specs for c in w.criteria]
    result = session.connection().execute(
        select(
            Score.id,
            Score.team_id,
            Score.workshop_id,
            Score.mentor_id,
            ScoreValue.criterion_id,
            ScoreValue.value,
        )
        .join(ScoreValue, ScoreValue.score_id == Score.id)
        .join(Team, Team.id == Score.team_id)
        .where(
            Team.cohort_id == cohort.id,
            Score.submitted,
            Score.workshop_id.in_(judged),
            ScoreValue.criterion_id.in_(rubric),
            *([Score.team_id == team_id] if team_id is not None else []),
        )
        .order_by(Score.id)
    )
    # Six integers per row: read straight from the driver's cursor, skipping SQLAlchemy's
    # per-row processing (a third of the time for 120,000 values).
    rows = result.cursor.fetchall()
    result.close()
    current, values = None, {}
    for score_id, team, workshop, mentor, criterion, value in rows:
        if score_id != current:  # rows come grouped by score
            current, values = score_id, {}
            scores[(team, workshop)][mentor] = values
        values[criterion] = value
    # Only the rubric's criteria were read, so a complete score has as many values as the rubric.
    submitted_at = {key: when for key, when in submitted_at.items() if key[0] in teams}
    needed = {w.id: len(w.criteria) for w in specs}
    complete = {
        key: {m: v for m, v in by_mentor.items() if len(v) == needed[key[1]]}
        for key, by_mentor in scores.items()
    }
    return JudgingInput(
        specs,
        teams,
        submitted_at,
        {k: v for k, v in complete.items() if v},
        cohort.score_aggregation,
        cohort.normalize_scores,
        cohort.disagreement_threshold,
    )


@dataclass
class Progress:
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0


@dataclass
class JudgingResults:
    data: JudgingInput
    teams: list[TeamResult]  # in rank order
    criterion: str  # the tie-break criterion
    leniency: dict[int, tuple[float, int]]
    agreement: dict[int, float | None]
    by_mentor: dict[int, Progress] = field(default_factory=dict)
    by_submission: dict[Key, Progress] = field(default_factory=dict)
    mentor_names: dict[int, str] = field(default_factory=dict)


def judging_results(*, session: Session, cohort: Cohort) -> JudgingResults:
    """The cohort's ranking with every figure, disagreement, leniency, agreement and progress."""
    data = judging_input(session=session, cohort=cohort)
    ranked = rank_teams(team_results(data))
    results = JudgingResults(
        data, ranked, tiebreak_criterion(data.workshops), leniency(ranked), round_agreement(ranked)
    )
    judged = {w.id for w in data.workshops}
    for team, workshop, mentor in session.exec(
        select(ReviewAssignment.team_id, ReviewAssignment.workshop_id, ReviewAssignment.mentor_id)
        .join(Team, Team.id == ReviewAssignment.team_id)
        .where(Team.cohort_id == cohort.id)
    ):
        if workshop in judged:
            results.by_mentor.setdefault(mentor, Progress()).assigned += 1
            results.by_submission.setdefault((team, workshop), Progress()).assigned += 1
    for team, workshop, mentor, submitted in session.exec(
        select(Score.team_id, Score.workshop_id, Score.mentor_id, Score.submitted)
        .join(Team, Team.id == Score.team_id)
        .where(Team.cohort_id == cohort.id)
    ):
        if workshop not in judged:
            continue
        for progress in (
            results.by_mentor.setdefault(mentor, Progress()),
            results.by_submission.setdefault((team, workshop), Progress()),
        ):
            if submitted:
                progress.submitted += 1
            else:
                progress.drafts += 1
    ids = set(results.by_mentor) | set(results.leniency)
    results.mentor_names = dict(session.exec(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    return results


def anonymous_mentor(cohort: Cohort, mentor_id: int) -> str:
    """A stable id for a mentor in exports that must not name them."""
    return "M-" + hashlib.sha256(f"{cohort.name}:{mentor_id}".encode()).hexdigest()[:8]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def ranking_document(results: JudgingResults, cohort: Cohort) -> dict:
    """The ranking with every figure behind it, for `python -m champions rank --format json`."""
    specs = {w.id: w for w in results.data.workshops}
    return {
        "cohort": cohort.name,
        "method": METHOD,
        "aggregation": results.data.aggregation,
        "normalized": results.data.normalize,
        "tiebreak_criterion": results.criterion,
        "teams": [
            {
                "team": t.name,
                "rank": t.rank,
                "tie": t.tie,
                "final_score": _round(t.final_score),
                "final_workshop_score": _round(t.final_workshop_score),
                "tiebreak_criterion_average": _round(t.criterion_average),
                "last_on_time_submission": t.last_on_time.isoformat() if t.last_on_time else None,
                "workshops": [
                    {
                        "workshop": w.title,
                        "position": w.position,
                        "weight": _round(w.weight),
                        "submitted": w.submitted,
                        "score": _round(w.score),
                        "score_raw": _round(w.score_raw),
                        "sd": _round(w.sd),
                        "flagged": w.flagged,
                        "criteria": [
                            {"name": c.name, "weight": c.weight, "min": c.scale_min, "max": c.scale_max}
                            for c in specs[w.workshop_id].criteria
                        ],
                        "mentors": [
                            {
                                "mentor": anonymous_mentor(cohort, m.mentor_id),
                                "total": _round(m.total),
                                "normalized": _round(m.normalized),
                                "values": {c.name: m.values[c.id] for c in specs[w.workshop_id].criteria},
                            }
                            for m in w.mentors
                        ],
                    }
                    for w in t.workshops
                ],
            }
            for t in results.teams
        ],
    }


RANKING_FIELDS = [
    N_("rank"),
    N_("tie"),
    N_("team"),
    N_("final_score"),
    N_("workshop"),
    N_("workshop_weight"),
    N_("workshop_score"),
    N_("workshop_score_raw"),
    N_("mentor"),
    N_("mentor_total"),
    N_("mentor_normalized"),
    N_("criterion"),
    N_("criterion_weight"),
    N_("scale_min"),
    N_("scale_max"),
    N_("value"),
]


def ranking_rows(
    results: JudgingResults, cohort: Cohort, language: str = "en"
) -> tuple[list[str], list[list]]:
    """One row per team × workshop × mentor × criterion (a team or workshop without scores
    still gets one row), for the CSV; headings and "yes" in `language`, names as written."""
    specs = {w.id: w for w in results.data.workshops}
    rows = []
    for t in results.teams:
        head = [t.rank, gettext(language, "yes") if t.tie else "", t.name, _round(t.final_score)]
        if not t.workshops:
            rows.append(head + [""] * (len(RANKING_FIELDS) - len(head)))
        for w in t.workshops:
            middle = [w.title, _round(w.weight), _round(w.score), _round(w.score_raw)]
            if not w.mentors:
                rows.append(head + middle + [""] * 8)
            for m in w.mentors:
                for c in specs[w.workshop_id].criteria:
                    rows.append(
                        head
                        + middle
                        + [
                            anonymous_mentor(cohort, m.mentor_id),
                            _round(m.total),
                            _round(m.normalized),
                            c.name,
                            c.weight,
                            c.scale_min,
                            c.scale_max,
                            m.values[c.id],
                        ]
                    )
    return [gettext(language, field) for field in RANKING_FIELDS], rows
