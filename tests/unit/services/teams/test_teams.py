"""Unit tests for the auto-forming plan: sizes within bounds, deterministic, countries spread."""

import random

import pytest

from champions.services.teams.teams import Candidate, country_spread, plan_team_sizes, plan_teams


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (0, []),
        (2, []),
        (3, [3]),
        (5, [5]),
        (6, [3, 3]),
        (7, [4, 3]),
        (11, [4, 4, 3]),
        (36, [5, 5, 5, 5, 4, 4, 4, 4]),
    ],
)
def test_sizes_within_3_to_5_and_as_even_as_possible(count, sizes):
    assert plan_team_sizes(count, 3, 5) == sizes


def test_when_the_minimum_cannot_be_met_for_everyone_some_stay_unassigned():
    assert plan_team_sizes(7, 5, 5) == [5]
    assert plan_team_sizes(4, 5, 5) == []


def people(count: int, countries: list[str], seed: int = 1) -> list[Candidate]:
    rng = random.Random(seed)
    return [Candidate(user_id=1000 + i, country=rng.choice(countries)) for i in range(count)]


@pytest.mark.parametrize("count", [6, 13, 36, 101])
def test_plan_is_deterministic_and_ignores_input_order(count):
    candidates = people(count, ["KR", "KR", "KR", "BR", "KE", "TR", "VN"])
    shuffled = list(reversed(candidates))
    assert plan_teams(candidates, 3, 5) == plan_teams(shuffled, 3, 5)


@pytest.mark.parametrize(
    ("count", "countries"),
    [
        (36, ["KR", "KR", "KR", "BR", "KE", "TR", "VN"]),
        (17, ["KR"] * 9 + ["BR"]),
        (101, ["KR", "CN", "BR", "KE", "TR", "VN", "MX", "RU", "UG", "FR"]),
    ],
)
def test_every_country_is_spread_within_one_between_teams(count, countries):
    teams = plan_teams(people(count, countries), 3, 5)
    assert all(3 <= len(team) <= 5 for team in teams)
    assert sum(len(team) for team in teams) == count
    assert len({c.user_id for team in teams for c in team}) == count
    assert max(country_spread(teams).values()) <= 1


def test_a_single_country_cohort_still_forms_teams():
    teams = plan_teams([Candidate(i, "KR") for i in range(8)], 3, 5)
    assert [len(t) for t in teams] == [4, 4]
