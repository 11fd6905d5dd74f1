"""Credentials people can prove: every certificate of a finalized award list (one per person
and award) gets a random verification code, printed on the PDF with a QR code of its
verification URL, and looked up by anyone at /verify/<code> without logging in.

Codes are 80 random bits (10 bytes from `secrets`) written in base32: 16 letters and digits,
printed in groups of four. Guessing one among even a million issued takes 2^60 tries on
average, and the page is throttled per address.

A finalized list issues its credentials; re-opening it keeps them, and finalizing it again
keeps those whose certificate reads the same, revokes the others (with the date, the reason
and the credential that replaces them) and issues the new ones."""

import base64
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, select

from champions.infra.qr import qr_pixels
from champions.infra.reasons import Reason
from champions.infra.timezones import SEOUL_ZONE, local
from champions.infra.translations import N_
from champions.models import AwardKind, Cohort, Credential, CredentialKind
from champions.models._time import utcnow
from champions.services.accounts.throttle import (
    VERIFICATION,
    client_verification_refusal,
    record_client_event,
)
from champions.services.awards.decisions import entry_members
from champions.services.awards.proposal import INDIVIDUAL_KINDS
from champions.services.registration.cohorts import ceremony_start, refuse_if_archived

ISSUER_NAME = "World Smart Sustainable Cities Organization (WeGO)"
PROGRAM_NAME = "Smart City Champions"
CODE_BYTES = 10  # 80 bits
CODE_LENGTH = 16  # base32 letters of CODE_BYTES
_CODE = re.compile(r"\A[A-Z2-7]{16}\Z")
REPLACED = "The award list was re-opened and changed; a corrected certificate replaces this one."
WITHDRAWN = "The award list was re-opened and changed; this award is no longer part of it."
KIND_WORDS = {
    CredentialKind.COMPLETION: N_("Certificate of completion"),
    CredentialKind.TEAM_AWARD: N_("Team award"),
    CredentialKind.INDIVIDUAL_AWARD: N_("Individual award"),
}


def origin() -> str:
    return os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000").rstrip("/")


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def grouped(code: str) -> str:
    """ "ABCD-EFGH-IJKL-MNOP": how a code is printed and shown."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalized_code(text: str) -> str | None:
    """The code typed or scanned (any case, with or without dashes and spaces), or None when it
    cannot be one (then nothing is looked up)."""
    code = re.sub(r"[\s-]", "", (text or "")[:64]).upper()
    return code if _CODE.match(code) else None


def verification_url(code: str) -> str:
    return f"{origin()}/verify/{code}"


def credential_kind(kind: AwardKind) -> CredentialKind:
    if kind == AwardKind.COMPLETION:
        return CredentialKind.COMPLETION
    return CredentialKind.INDIVIDUAL_AWARD if kind in INDIVIDUAL_KINDS else CredentialKind.TEAM_AWARD


# --- issuing ---------------------------------------------------------------------------------

CredentialKey = tuple  # (kind, category id, award, team id, team name, holder id, holder name)


def _key(kind, category_id, award, team_id, team_name, user_id, name) -> CredentialKey:
    return (CredentialKind(kind), category_id, award, team_id or None, team_name or "", user_id, name)


def credential_key(credential: Credential) -> CredentialKey:
    return _key(
        credential.kind,
        credential.category_id,
        credential.award,
        credential.team_id,
        credential.team_name,
        credential.holder_user_id,
        credential.holder_name,
    )


def certificate_holders(entries) -> list[tuple[CredentialKey, str]]:
    """(key, holder's name) of every certificate of the finalized entries (rows or AwardEntry):
    one per recognition, one per member of an awarded team, in the entries' order."""
    out = []
    for e in entries:
        kind = credential_kind(AwardKind(e.kind))
        if e.kind in INDIVIDUAL_KINDS:
            people = [(e.user_id, e.recipient)]
        else:
            people = [(m.user_id, m.name) for m in entry_members(e)]
        for user_id, name in people:
            team_id = e.team_id if kind == CredentialKind.TEAM_AWARD else None
            team_name = e.team_name if kind == CredentialKind.TEAM_AWARD else ""
            out.append((_key(kind, e.category_id, e.award, team_id, team_name, user_id, name), name))
    return out


def _valid_rows(session: Session, cohort_id: int) -> list:
    """The cohort's credentials not revoked, as read-only rows (thousands of ORM objects took
    seconds to build)."""
    table = Credential.__table__
    return list(
        session.execute(
            select(table).where(table.c.cohort_id == cohort_id, table.c.revoked_at.is_(None))
        ).all()
    )


def issue_credentials(*, session: Session, cohort: Cohort, entries, now: datetime | None = None) -> dict:
    """Make the cohort's credentials match its finalized entries: keep those whose certificate
    is unchanged, issue the missing ones (with their QR code), revoke the rest (the replacement
    is the new credential of the same person in the same category, else of the same person).
    Returns {key: credential row} of every certificate; a row's QR code is made again when the
    app's address changed. Idempotent: a second call changes nothing. Raises RuleViolation for
    an archived edition."""
    refuse_if_archived(cohort)
    now = now or utcnow()
    table = Credential.__table__
    existing = {credential_key(row): row for row in _valid_rows(session, cohort.id)}
    wanted: dict[CredentialKey, str] = {}
    for key, name in certificate_holders(entries):
        wanted.setdefault(key, name)
    new_rows = []
    for key, name in wanted.items():
        if key in existing:
            continue
        kind, category_id, award, team_id, team_name, user_id, _ = key
        code = new_code()
        url = verification_url(code)
        new_rows.append(
            {
                "code": code,
                "cohort_id": cohort.id,
                "kind": kind,
                "category_id": category_id,
                "award": award,
                "team_id": team_id,
                "team_name": team_name,
                "holder_user_id": user_id,
                "holder_name": name,
                "issued_at": now,
                "revoked_reason": "",
                "qr_url": url,
                "qr_pixels": qr_pixels(url),
            }
        )
    if new_rows:
        session.execute(insert(table), new_rows)
    stale = [row for key, row in existing.items() if key not in wanted]
    if stale:
        new_codes = {r["code"] for r in new_rows}
        issued_now = [row for row in _valid_rows(session, cohort.id) if row.code in new_codes]
        revocations = []
        for old in stale:
            same_person = [
                c
                for c in issued_now
                if old.holder_user_id is not None and c.holder_user_id == old.holder_user_id
            ]
            replacement = next((c for c in same_person if c.category_id == old.category_id), None) or next(
                iter(same_person), None
            )
            revocations.append(
                {
                    "row_id": old.id,
                    "revoked_at": now,
                    "revoked_reason": REPLACED if replacement else WITHDRAWN,
                    "replaced_by": replacement.id if replacement else None,
                }
            )
        session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(
                revoked_at=bindparam("revoked_at"),
                revoked_reason=bindparam("revoked_reason"),
                replaced_by=bindparam("replaced_by"),
            ),
            revocations,
        )
    for held in list(session.identity_map.values()):  # what the updates above changed
        if isinstance(held, Credential):
            session.expire(held)
    rows = {credential_key(row): row for row in _valid_rows(session, cohort.id)}
    moved = [row for row in rows.values() if row.qr_url != verification_url(row.code)]
    if moved:  # the app's address changed since they were issued
        session.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(qr_url=bindparam("url"), qr_pixels=bindparam("pixels")),
            [
                {
                    "row_id": r.id,
                    "url": verification_url(r.code),
                    "pixels": qr_pixels(verification_url(r.code)),
                }
                for r in moved
            ],
        )
        rows = {credential_key(row): row for row in _valid_rows(session, cohort.id)}
    return rows


# --- verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What /verify/<code> shows: the certificate as printed and its status, nothing more."""

    code: str  # grouped
    holder: str
    kind: str  # "Team award", ...
    award: str
    team: str
    edition: str
    date: str  # the ceremony's day in Seoul, as on the certificate
    issuer: str
    issued_on: str
    valid: bool
    revoked_on: str
    revoked_reason: str
    url: str
    # The instants behind `date`, `issued_on` and `revoked_on`, for showing them in another language.
    ceremony_at: datetime | None = None
    issued_at: datetime | None = None
    revoked_at: datetime | None = None

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) in the page's order (also what `champions verify` prints)."""
        rows = [
            ("Status", "Valid" if self.valid else f"Revoked on {self.revoked_on}"),
            ("Holder", self.holder),
            ("Award", self.award),
            ("Type", self.kind),
        ]
        if self.team:
            rows.append(("Team", self.team))
        rows += [
            ("Edition", f"{PROGRAM_NAME} {self.edition}"),
            ("Date", self.date),
            ("Issuer", self.issuer),
            ("Code", self.code),
        ]
        if not self.valid:
            rows.insert(1, ("Reason", self.revoked_reason))
        return rows


def day_words(instant: datetime) -> str:
    """ "1 December 2022", the day in Seoul."""
    day = local(instant, SEOUL_ZONE)
    return f"{day.day} {day:%B} {day.year}"


def verification_of(credential: Credential, cohort: Cohort) -> Verification:
    revoked = credential.revoked_at is not None
    return Verification(
        code=grouped(credential.code),
        holder=credential.holder_name,
        kind=KIND_WORDS[CredentialKind(credential.kind)],
        award=credential.award,
        team=credential.team_name,
        edition=cohort.name,
        date=day_words(ceremony_start(cohort)),
        issuer=ISSUER_NAME,
        issued_on=day_words(credential.issued_at),
        valid=not revoked,
        revoked_on=day_words(credential.revoked_at) if revoked else "",
        revoked_reason=credential.revoked_reason if revoked else "",
        url=verification_url(credential.code),
        ceremony_at=ceremony_start(cohort),
        issued_at=credential.issued_at,
        revoked_at=credential.revoked_at if revoked else None,
    )


def find_verification(*, session: Session, code: str) -> Verification | None:
    """The credential with this code (typed in any case, with or without dashes), or None."""
    normalized = normalized_code(code)
    if normalized is None:
        return None
    credential = session.exec(select(Credential).where(Credential.code == normalized)).first()
    if credential is None:
        return None
    return verification_of(credential, session.get(Cohort, credential.cohort_id))


def verify_for_client(
    *, session: Session, code: str, client: str, now: datetime | None = None
) -> tuple[Verification | None, Reason | None]:
    """A look-up from the web: (verification or None, None), or (None, refusal) when this
    address made too many look-ups within the hour. Every look-up counts, found or not, so
    codes cannot be enumerated from one address."""
    refusal = client_verification_refusal(session=session, client=client, now=now)
    if refusal is not None:
        return None, refusal
    record_client_event(session=session, kind=VERIFICATION, client=client, now=now)
    return find_verification(session=session, code=code), None
