"""The mentor assignment plan: no conflicted assignment, full coverage, balanced load,
deterministic, and a report of the submissions that cannot get enough mentors."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from champions.services.judging.assignment import plan_assignments


def assigned(plan, existing=()) -> dict:
    out = {}
    for team, workshop, mentor in list(existing) + plan.added:
        out.setdefault((team, workshop), set()).add(mentor)
    return out


def test_every_submission_gets_three_mentors_and_loads_differ_by_at_most_one():
    submissions = [(t, w) for t in range(1, 11) for w in (1, 2)]
    plan = plan_assignments(submissions, [1, 2, 3, 4, 5, 6, 7], set(), [], 3)
    assert {k: len(v) for k, v in assigned(plan).items()} == {k: 3 for k in submissions}
    # 60 assignments over 7 mentors: four take 9 and three take 8.
    assert sorted(plan.loads.values()) == [8, 8, 8, 9, 9, 9, 9]
    assert plan.spread == 1
    assert plan.short == {}


def test_conflicts_are_never_assigned_and_a_short_submission_is_reported():
    # Team 1 is conflicted with mentors 1 and 2: only mentor 3 remains for it.
    conflicts = {(1, 1), (2, 1)}
    plan = plan_assignments([(1, 1), (2, 1)], [1, 2, 3], conflicts, [], 3)
    result = assigned(plan)
    assert result[(1, 1)] == {3}
    assert result[(2, 1)] == {1, 2, 3}
    assert plan.short == {(1, 1): 1}


def test_existing_assignments_are_kept_and_counted_in_the_load():
    existing = [(1, 1, 1), (2, 1, 1)]
    plan = plan_assignments([(1, 1), (2, 1), (3, 1)], [1, 2, 3, 4], set(), existing, 2)
    result = assigned(plan, existing)
    assert all(len(v) == 2 for v in result.values())
    assert {1} <= result[(1, 1)] and {1} <= result[(2, 1)]
    # Mentor 1 already carries two, so the four new places go to the others: loads 2, 2, 1, 1.
    assert all(mentor != 1 for _, _, mentor in plan.added)
    assert sorted(plan.loads.values()) == [1, 1, 2, 2]


def test_not_enough_mentors_at_all():
    plan = plan_assignments([(1, 1), (2, 1)], [5], set(), [], 3)
    assert plan.short == {(1, 1): 1, (2, 1): 1}
    assert plan.loads == {5: 2}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 25),
    st.integers(1, 3),
    st.integers(1, 9),
    st.integers(1, 4),
    st.sets(st.tuples(st.integers(1, 9), st.integers(1, 25)), max_size=30),
    st.integers(0, 1000),
)
def test_random_cases(teams, workshops, mentor_count, per_submission, conflicts, seed):
    submissions = [(t, w) for t in range(1, teams + 1) for w in range(1, workshops + 1)]
    mentors = list(range(1, mentor_count + 1))
    plan = plan_assignments(submissions, mentors, conflicts, [], per_submission)
    result = assigned(plan)
    # No conflicted assignment, no mentor twice on a submission, nobody outside the list.
    assert all((m, t) not in conflicts for t, _, m in plan.added)
    assert len(plan.added) == len(set(plan.added))
    # Coverage: every submission full, or reported short with what it has, and short only
    # when there really are not enough eligible mentors.
    for key in submissions:
        got = len(result.get(key, set()))
        eligible = sum(1 for m in mentors if (m, key[0]) not in conflicts)
        assert got == min(per_submission, eligible)
        assert (key in plan.short) == (got < per_submission)
        if key in plan.short:
            assert plan.short[key] == got
    if not conflicts:
        assert plan.spread <= 1
    # Deterministic, whatever the order of the input.
    rng = random.Random(seed)
    shuffled_subs, shuffled_mentors = submissions[:], mentors[:]
    rng.shuffle(shuffled_subs)
    rng.shuffle(shuffled_mentors)
    again = plan_assignments(shuffled_subs, shuffled_mentors, set(conflicts), [], per_submission)
    assert again.added == plan.added and again.short == plan.short
