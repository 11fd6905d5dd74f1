"""Unit tests for champions.services.accounts.passwords (policy and argon2id hashing).

Each hash or verify costs ~100 ms, so hashes are computed once per module.
"""

import pytest

from champions.infra.reasons import Reason
from champions.services.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    password_problems,
    verify_password,
)

TOO_SHORT = Reason("too_short", "Use at least 10 characters.", "password")
TOO_LONG = Reason("too_long", "Use at most 256 characters.", "password")

KOREAN = "비밀번호는한국어입니다"  # 11 characters, 33 bytes of UTF-8
EMOJI = "🔐🦄🌍🚀🎉🔑🐉🌸🍀⭐"  # 10 characters, 40 bytes of UTF-8


def test_bounds_are_the_documented_ones():
    assert (MIN_LENGTH, MAX_LENGTH) == (10, 256)


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (0, [TOO_SHORT]),
        (1, [TOO_SHORT]),
        (9, [TOO_SHORT]),
        (10, []),
        (11, []),
        (255, []),
        (256, []),
        (257, [TOO_LONG]),
        (10_000, [TOO_LONG]),
    ],
)
def test_password_problems_by_length(length, expected):
    assert password_problems("a" * length) == expected


def test_too_short_exact_code_and_message():
    [reason] = password_problems("123456789")
    assert reason.code == "too_short"
    assert reason.message == "Use at least 10 characters."
    assert reason.field == "password"


def test_too_long_exact_code_and_message():
    [reason] = password_problems("x" * 257)
    assert reason.code == "too_long"
    assert reason.message == "Use at most 256 characters."
    assert reason.field == "password"


@pytest.mark.parametrize(
    "password",
    [KOREAN, EMOJI, "가나다라마바사아자차", "🙂" * 256, "한" * 256, "  spaces  "],
)
def test_unicode_and_whitespace_passwords_of_valid_length_are_accepted(password):
    # length is counted in characters, not bytes
    assert password_problems(password) == []


@pytest.mark.parametrize("password", ["가나다라마바사아자", "🙂" * 9, "한" * 257, "🙂" * 257])
def test_unicode_passwords_of_invalid_length_are_refused(password):
    assert len(password_problems(password)) == 1


# --- hashing (few calls: each is ~100 ms) ---------------------------------------------


@pytest.fixture(scope="module")
def korean_hash():
    return hash_password(KOREAN)


@pytest.fixture(scope="module")
def emoji_hash():
    return hash_password(EMOJI)


def test_hash_is_argon2id(korean_hash):
    assert korean_hash.startswith("$argon2id$")
    assert KOREAN not in korean_hash


def test_korean_round_trip(korean_hash):
    assert verify_password(KOREAN, korean_hash) is True


def test_emoji_round_trip(emoji_hash):
    assert emoji_hash.startswith("$argon2id$")
    assert verify_password(EMOJI, emoji_hash) is True


def test_hashes_are_salted(korean_hash, emoji_hash):
    again = hash_password(KOREAN)
    assert again != korean_hash
    assert again != emoji_hash


def test_wrong_password_is_false(korean_hash):
    assert verify_password(KOREAN[:-1], korean_hash) is False


def test_other_password_against_other_hash_is_false(emoji_hash):
    assert verify_password(KOREAN, emoji_hash) is False


@pytest.mark.parametrize(
    "garbage",
    ["", "garbage", "$argon2id$garbage", "$argon2id$v=19$m=65536,t=3,p=4$", "$2b$12$abc", "None", None],
)
def test_garbage_hash_is_false_without_exception(garbage):
    assert verify_password("correct horse battery", garbage) is False
