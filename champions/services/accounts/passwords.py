"""Password policy and hashing (argon2id through passlib's CryptContext).

Hashing and verifying cost ~100 ms of CPU each: callers on an event loop run them in a
thread (argon2-cffi releases the GIL while it works).
"""

from functools import lru_cache

from passlib.context import CryptContext

from champions.infra.reasons import Reason

MIN_LENGTH = 10
MAX_LENGTH = 256

_context = CryptContext(schemes=["argon2"], deprecated="auto")


def password_problems(password: str) -> list[Reason]:
    """Why a password is refused (empty list when it is acceptable)."""
    if len(password) < MIN_LENGTH:
        return [Reason("too_short", "Use at least {min} characters.", "password", values={"min": MIN_LENGTH})]
    if len(password) > MAX_LENGTH:
        return [Reason("too_long", "Use at most {max} characters.", "password", values={"max": MAX_LENGTH})]
    return []


def new_password_problems(new_password: str, repeat: str) -> list[Reason]:
    """Why a new password and its repetition (fields `new_password`, `repeat_password`) are
    refused: the password's own problems, and a repetition that differs."""
    problems = [r.at("new_password") for r in password_problems(new_password)]
    if new_password != repeat:
        problems.append(Reason("mismatch", "The two passwords differ.", "repeat_password"))
    return problems


def hash_password(password: str) -> str:
    """An argon2id hash of the password (CPU-heavy: call off the event loop)."""
    return _context.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """Whether the password matches the hash (CPU-heavy: call off the event loop)."""
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so that an unknown
    email costs the same work as a wrong password."""
    return _context.hash("not-a-real-password-champions")
