"""Judging results: a golden example computed by hand, each step of the tie-break chain,
normalization, agreement figures, and properties of the ranking."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from champions.services.results.ranking import (
    CriterionSpec,
    JudgingInput,
    WorkshopSpec,
    icc1,
    leniency,
    mentor_total,
    normalize_round,
    rank_teams,
    round_agreement,
    team_results,
    tiebreak_criterion,
)

# Workshop "Pilot" (position 2, weight 1): A weight 1 on 0-10, B weight 3 on 0-4.
# Workshop "Pitch" (position 3, weight 2): A weight 2 on 0-10, C weight 1 on 1-5.
A1, B1 = CriterionSpec(11, "A", 1, 0, 10), CriterionSpec(12, "B", 3, 0, 4)
A2, C2 = CriterionSpec(21, "A", 2, 0, 10), CriterionSpec(22, "C", 1, 1, 5)
PILOT = WorkshopSpec(1, "Pilot", 2, 1.0, (A1, B1))
PITCH = WorkshopSpec(2, "Pitch", 3, 2.0, (A2, C2))
T1, T2, T3 = 101, 102, 103
DAY = datetime(2022, 9, 1, tzinfo=UTC)


def golden(**options) -> JudgingInput:
    scores = {
        (T1, 1): {1: {11: 8, 12: 4}, 2: {11: 6, 12: 3}, 3: {11: 10, 12: 2}},  # 95, 71.25, 62.5
        (T2, 1): {1: {11: 5, 12: 2}, 2: {11: 7, 12: 3}},  # 50, 73.75; mentor 3 never scored
        (T3, 1): {1: {11: 9, 12: 1}, 2: {11: 2, 12: 4}, 3: {11: 6, 12: 2}},  # 41.25, 80, 52.5
        (T1, 2): {1: {21: 5, 22: 3}, 2: {21: 8, 22: 5}, 3: {21: 2, 22: 1}},  # 50, 86.67, 13.33
        (T2, 2): {1: {21: 9, 22: 5}, 2: {21: 6, 22: 4}, 3: {21: 7, 22: 3}},  # 93.33, 65, 63.33
    }  # T3 did not submit the Pitch
    submitted = {(T1, 1): DAY, (T2, 1): DAY, (T3, 1): DAY, (T1, 2): DAY, (T2, 2): DAY + timedelta(hours=1)}
    return JudgingInput((PILOT, PITCH), {T1: "Alpha", T2: "Beta", T3: "Gamma"}, submitted, scores, **options)


def by_team(teams):
    return {t.name: t for t in teams}


def test_mentor_total_is_the_weighted_mean_of_the_scaled_criteria():
    assert mentor_total({11: 8, 12: 4}, (A1, B1)) == pytest.approx((80 + 3 * 100) / 4)  # 95
    assert mentor_total({21: 2, 22: 1}, (A2, C2)) == pytest.approx((2 * 20 + 0) / 3)  # 13.33


def test_golden_example_every_figure():
    ranked = rank_teams(team_results(golden()))
    assert [(t.name, t.rank, t.tie) for t in ranked] == [
        ("Beta", 1, False),
        ("Alpha", 2, False),
        ("Gamma", 3, False),
    ]
    alpha, beta, gamma = by_team(ranked)["Alpha"], by_team(ranked)["Beta"], by_team(ranked)["Gamma"]

    pilot, pitch = alpha.workshops
    assert [m.total for m in pilot.mentors] == pytest.approx([95, 71.25, 62.5])
    assert pilot.score == pilot.score_raw == pytest.approx(76.25)
    assert pilot.weight == pytest.approx(1 / 3) and pitch.weight == pytest.approx(2 / 3)
    assert [m.total for m in pitch.mentors] == pytest.approx([50, 260 / 3, 40 / 3])
    assert pitch.score == pytest.approx(50)
    assert alpha.final_score == pytest.approx(76.25 / 3 + 50 * 2 / 3)  # 58.75
    assert alpha.final_score == pytest.approx(58.75)

    # Beta's Pilot misses mentor 3's score: the mean is over the two who scored.
    assert [m.mentor_id for m in beta.workshops[0].mentors] == [1, 2]
    assert beta.workshops[0].score == pytest.approx(61.875)
    assert beta.workshops[1].score == pytest.approx(665 / 9)  # (93.33 + 65 + 63.33) / 3
    assert beta.final_score == pytest.approx(61.875 / 3 + 2 * 665 / 27)  # 69.884

    # Gamma did not submit the Pitch: it scores 0 there.
    assert gamma.workshops[1].submitted is False and gamma.workshops[1].score is None
    assert gamma.final_score == pytest.approx(173.75 / 3 / 3)  # 19.306
    assert gamma.final_workshop_score == 0

    # The tie-break criterion: A weighs 1/3·1/4 + 2/3·2/3 = 19/36 of the final score.
    assert tiebreak_criterion((PILOT, PITCH)) == "A"
    assert alpha.criterion_average == pytest.approx((80 + 60 + 100 + 50 + 80 + 20) / 6)  # 65
    assert alpha.last_on_time == DAY and beta.last_on_time == DAY + timedelta(hours=1)


def test_golden_disagreement_leniency_and_agreement():
    teams = by_team(team_results(golden()))
    pilot = teams["Alpha"].workshops[0]
    assert (pilot.low, pilot.high) == (62.5, 95)
    assert pilot.sd == pytest.approx((565.625 / 3) ** 0.5)  # 13.731
    assert pilot.flagged  # 32.5 points apart, over the 30-point threshold
    assert not teams["Beta"].workshops[1].flagged  # 93.33 − 63.33 = 30: not over
    offsets = leniency(team_results(golden()))
    # Mentor 1: 95−66.875, 50−73.75, 41.25−66.25, 50−50, 93.33−64.17.
    assert offsets[1][0] == pytest.approx(
        ((95 - 66.875) + (50 - 73.75) + (41.25 - 66.25) + 0 + (280 / 3 - (65 + 190 / 3) / 2)) / 5
    )  # +1.708
    assert offsets[1][1] == 5
    assert offsets[3][1] == 4  # mentor 3 did not score Beta's Pilot
    agreement = round_agreement(team_results(golden()))
    assert set(agreement) == {1, 2}
    assert agreement[2] == pytest.approx(icc1([[50, 260 / 3, 40 / 3], [280 / 3, 65, 190 / 3]]))


def test_icc_is_one_when_mentors_agree_and_low_when_they_do_not():
    assert icc1([[80, 80, 80], [40, 40, 40], [60, 60]]) == pytest.approx(1.0)
    assert icc1([[10, 90], [90, 10], [50, 50]]) < 0
    assert icc1([[50, 60]]) is None  # one submission says nothing about agreement
    # By hand: groups (1,3) and (5,7): MSB = 16, MSW = 2, k0 = 2 → (16−2)/(16+2).
    assert icc1([[1, 3], [5, 7]]) == pytest.approx(14 / 18)


def test_median_aggregation_and_normalization():
    beta = by_team(team_results(golden(aggregation="median")))["Beta"]
    assert beta.workshops[1].score == pytest.approx(65)
    normalized = normalize_round({(1, 9): 40.0, (2, 9): 60.0, (3, 8): 70.0})
    assert normalized[(1, 9)] == pytest.approx(15.865525393)  # z = −1
    assert normalized[(2, 9)] == pytest.approx(84.134474607)  # z = +1
    assert normalized[(3, 8)] == pytest.approx(50)  # one score: z = 0
    alpha = by_team(team_results(golden(normalize=True)))["Alpha"]
    assert alpha.workshops[0].score_raw == pytest.approx(76.25)
    assert alpha.workshops[0].score == pytest.approx(
        sum(m.normalized for m in alpha.workshops[0].mentors) / 3
    )


def one_workshop(teams: dict[str, dict], times: dict[str, datetime]) -> list:
    """Teams scored by one mentor on a two-workshop program, for the tie-break chain."""
    first = WorkshopSpec(
        1, "First", 1, 1.0, (CriterionSpec(1, "Impact", 2, 0, 10), CriterionSpec(2, "Craft", 1, 0, 10))
    )
    final = WorkshopSpec(
        2, "Final", 2, 1.0, (CriterionSpec(3, "Impact", 2, 0, 10), CriterionSpec(4, "Craft", 1, 0, 10))
    )
    ids = {name: i for i, name in enumerate(teams, start=1)}
    scores = {}
    for name, (v1, v2) in teams.items():
        scores[(ids[name], 1)] = {7: dict(zip((1, 2), v1))}
        scores[(ids[name], 2)] = {7: dict(zip((3, 4), v2))}
    submitted = {(ids[n], w): times[n] for n in teams for w in (1, 2)}
    return rank_teams(
        team_results(JudgingInput((first, final), {i: n for n, i in ids.items()}, submitted, scores))
    )


@pytest.mark.parametrize(
    "case, teams, times, expected",
    [
        (
            "final score",
            {"P": ((8, 8), (8, 8)), "Q": ((7, 7), (8, 8))},
            {"P": DAY, "Q": DAY},
            [("P", 1), ("Q", 2)],
        ),
        # Equal final scores (80 + 70 vs 70 + 80); Q did better in the final workshop.
        (
            "final workshop",
            {"P": ((9, 6), (6, 9)), "Q": ((6, 9), (9, 6))},
            {"P": DAY, "Q": DAY},
            [("Q", 1), ("P", 2)],
        ),
        # Equal per workshop (Impact weighs 2: 2·8+5 = 2·7+7 = 21); P is better on Impact.
        (
            "criterion average",
            {"P": ((8, 5), (8, 5)), "Q": ((7, 7), (7, 7))},
            {"P": DAY, "Q": DAY},
            [("P", 1), ("Q", 2)],
        ),
        (
            "earlier last on-time submission",
            {"P": ((8, 8), (8, 8)), "Q": ((8, 8), (8, 8))},
            {"P": DAY + timedelta(minutes=5), "Q": DAY},
            [("Q", 1), ("P", 2)],
        ),
    ],
)
def test_each_step_of_the_tie_break_chain(case, teams, times, expected):
    ranked = one_workshop(teams, times)
    assert [(t.name, t.rank) for t in ranked] == expected, case
    assert not any(t.tie for t in ranked)


def test_teams_equal_on_every_step_share_a_rank_and_are_flagged():
    ranked = one_workshop(
        {"P": ((8, 8), (8, 8)), "Q": ((8, 8), (8, 8)), "R": ((9, 9), (9, 9)), "S": ((1, 1), (1, 1))},
        {"P": DAY, "Q": DAY, "R": DAY, "S": DAY},
    )
    assert [(t.name, t.rank, t.tie) for t in ranked] == [
        ("R", 1, False),
        ("P", 2, True),
        ("Q", 2, True),
        ("S", 4, False),
    ]


# --- properties -----------------------------------------------------------------------------

VALUES = st.integers(min_value=0, max_value=10)


@st.composite
def judging(draw):
    team_count = draw(st.integers(min_value=2, max_value=6))
    mentors = [1, 2, 3, 4]
    criteria = (CriterionSpec(1, "Impact", 2, 0, 10), CriterionSpec(2, "Craft", 1, 0, 10))
    scores = {}
    for team in range(1, team_count + 1):
        chosen = draw(st.lists(st.sampled_from(mentors), min_size=1, max_size=4, unique=True))
        scores[(team, 1)] = {m: {1: draw(VALUES), 2: draw(VALUES)} for m in chosen}
    times = {(t, 1): DAY + timedelta(minutes=draw(st.integers(0, 3))) for t in range(1, team_count + 1)}
    return JudgingInput(
        (WorkshopSpec(1, "Only", 1, 1.0, criteria),),
        {t: f"T{t}" for t in range(1, team_count + 1)},
        times,
        scores,
        normalize=draw(st.booleans()),
        aggregation=draw(st.sampled_from(["mean", "median"])),
    )


def shuffled(data: JudgingInput, seed: int) -> JudgingInput:
    import random

    rng = random.Random(seed)
    keys = list(data.scores)
    rng.shuffle(keys)
    scores = {}
    for key in keys:
        mentors = list(data.scores[key].items())
        rng.shuffle(mentors)
        scores[key] = dict(mentors)
    names = list(data.teams.items())
    rng.shuffle(names)
    return JudgingInput(
        data.workshops, dict(names), data.submitted_at, scores, data.aggregation, data.normalize
    )


def outcome(data: JudgingInput) -> list[tuple]:
    return [(t.team_id, t.rank, t.tie, round(t.final_score, 9)) for t in rank_teams(team_results(data))]


@settings(max_examples=150, deadline=None)
@given(judging(), st.integers(0, 10_000))
def test_the_ranking_does_not_depend_on_input_order(data, seed):
    assert outcome(shuffled(data, seed)) == outcome(data)


@example({(1, 1): 0.0, (2, 1): 1e-09}, 1, 3.0)  # found by hypothesis: a tiny spread must scale too
@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(1, 8), st.integers(1, 4)),
        # Totals as the app makes them (no subnormal floats that a factor would underflow).
        st.floats(0, 100).map(lambda x: round(x, 6)),
        min_size=1,
    ),
    st.integers(1, 4),
    st.floats(0.1, 10),
)
def test_scaling_one_mentors_totals_leaves_normalized_results_unchanged(totals, mentor, factor):
    scaled = {key: value * factor if key[1] == mentor else value for key, value in totals.items()}
    before, after = normalize_round(totals), normalize_round(scaled)
    assert after == pytest.approx(before, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(judging())
def test_a_team_scored_higher_by_everyone_ranks_higher(data):
    # Team 1 gets every mentor's maximum on every criterion; team 2 every minimum from the same mentors.
    mentors = {1: {1: 10, 2: 10}, 2: {1: 10, 2: 10}}
    scores = dict(data.scores)
    scores[(1, 1)] = mentors
    scores[(2, 1)] = {m: {1: 0, 2: 0} for m in mentors}
    ranked = {
        t.team_id: t
        for t in rank_teams(
            team_results(
                JudgingInput(
                    data.workshops, data.teams, data.submitted_at, scores, data.aggregation, data.normalize
                )
            )
        )
    }
    assert ranked[1].rank < ranked[2].rank


@settings(max_examples=100, deadline=None)
@given(judging(), st.integers(0, 10_000))
def test_ties_stay_ties(data, seed):
    # Team 2 becomes an exact copy of team 1 (same mentors, values and submission time).
    scores = dict(data.scores)
    scores[(2, 1)] = {m: dict(v) for m, v in scores[(1, 1)].items()}
    times = dict(data.submitted_at)
    times[(2, 1)] = times[(1, 1)]
    copy = JudgingInput(data.workshops, data.teams, times, scores, data.aggregation, data.normalize)
    for variant in (copy, shuffled(copy, seed)):
        ranked = {t.team_id: t for t in rank_teams(team_results(variant))}
        assert ranked[1].rank == ranked[2].rank and ranked[1].tie and ranked[2].tie
