"""Which submission "Save and next" opens."""

from champions.services.judging.scoring import QueueItem, next_to_score


def item(team: int, status: str = "not started", round_state: str = "open") -> QueueItem:
    return QueueItem(f"C{team}", team, 1, f"S{team}", "Workshop 1: Pitch", round_state, status, 1)


def test_the_next_unscored_after_the_current_one_then_from_the_top():
    items = [item(1), item(2, "submitted"), item(3), item(4, "draft")]
    assert next_to_score(items, 1, 1).team_id == 3
    assert next_to_score(items, 3, 1).team_id == 4  # a draft is not scored yet
    assert next_to_score(items, 4, 1).team_id == 1  # wraps around to the top


def test_none_when_every_other_open_one_is_scored():
    items = [item(1, "submitted"), item(2), item(3, round_state="setup"), item(4, round_state="closed")]
    assert next_to_score(items, 2, 1) is None
    assert next_to_score([item(5)], 5, 1) is None


def test_a_submission_no_longer_in_the_queue_starts_from_the_top():
    assert next_to_score([item(1, "submitted"), item(2)], 9, 1).team_id == 2
