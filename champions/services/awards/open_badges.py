"""Open Badges 3.0: each credential as an `OpenBadgeCredential` (W3C Verifiable Credentials 2.0
data model) secured as a VC-JWT (Open Badges 3.0 §8.2: the JWT's payload is the credential,
with `iss`, `nbf`, `jti` and `sub` mirroring it), signed with the issuer's Ed25519 key
(`infra.signing_keys`), whose public half the app publishes as a JWK Set. Revocations are
published as a Bitstring Status List credential, signed the same way.

The JOSE algorithm is "EdDSA" (RFC 8037), the name verifiers of Open Badges and VC-JWT know;
RFC 9864 deprecates it in favour of "Ed25519" for the same signature, which few read yet."""

import base64
import gzip
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from joserfc import jwt
from joserfc.errors import SecurityWarning
from sqlmodel import Session, func, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.signing_keys import signing_key
from champions.models import Cohort, Credential, CredentialKind
from champions.services.awards.credentials import (
    ISSUER_NAME,
    PROGRAM_NAME,
    origin,
    verification_url,
)
from champions.services.registration.cohorts import ceremony_start

ALGORITHM = "EdDSA"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
STATUS_LIST_PATH = "/credentials/status/1"
ISSUER_PATH = "/credentials/issuer"
JWKS_PATH = "/.well-known/jwks.json"
BADGE_IMAGE_PATH = "/badge.svg"
MIN_STATUS_BITS = 131_072  # 16 KiB: the list's minimum size, so one entry says little about who
DESCRIPTIONS = {
    CredentialKind.COMPLETION: "Completed Phase 1 of {program} {edition}, the lectures of WeGO's program for "
    "young people on smart and sustainable cities.",
    CredentialKind.TEAM_AWARD: "{award}, awarded at the {program} {edition} ceremony to the team {team} for "
    "its solution to a member city's challenge.",
    CredentialKind.INDIVIDUAL_AWARD: "{award}: recognized at the {program} {edition} ceremony for completing "
    "both phases of the program.",
}
CRITERIA = {
    CredentialKind.COMPLETION: "Attend the Phase 1 lectures that the edition's completion rule requires.",
    CredentialKind.TEAM_AWARD: "Chosen by WeGO's secretariat from the mentors' judging of the team's "
    "workshop submissions in Phase 2: the team ranking, or the best average on one rubric criterion.",
    CredentialKind.INDIVIDUAL_AWARD: "Complete Phase 1 and be a member of a team that submitted every judged "
    "workshop of Phase 2.",
}


def _instant(moment: datetime) -> str:
    """XML Schema dateTime in UTC, to the second: "2022-12-08T00:00:00Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile() -> dict:
    """The issuer's Profile: the same object the credentials carry, served at ISSUER_PATH."""
    return {
        "@context": CONTEXT,
        "id": origin() + ISSUER_PATH,
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": origin(),
        "description": f"{ISSUER_NAME} issues the certificates of {PROGRAM_NAME}.",
    }


def _issuer() -> dict:
    return {k: v for k, v in issuer_profile().items() if k != "@context"}


def open_badge_credential(credential: Credential, cohort: Cohort) -> dict:
    """The unsigned OpenBadgeCredential of one credential."""
    kind = CredentialKind(credential.kind)
    words = {
        "program": PROGRAM_NAME,
        "edition": cohort.name,
        "award": credential.award,
        "team": credential.team_name,
    }
    achievement = {
        "id": f"{origin()}/credentials/achievements/{cohort.id}/{credential.category_id or 0}"
        + (f"/team/{credential.team_id}" if credential.team_id else ""),
        "type": ["Achievement"],
        "achievementType": "Certificate" if kind == CredentialKind.COMPLETION else "Award",
        "name": credential.award,
        "description": DESCRIPTIONS[kind].format(**words),
        "criteria": {"narrative": CRITERIA[kind]},
        "image": {"id": origin() + BADGE_IMAGE_PATH, "type": "Image", "caption": f"{PROGRAM_NAME} badge"},
        "creator": _issuer(),
    }
    return {
        "@context": CONTEXT,
        "id": verification_url(credential.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _issuer(),
        "validFrom": _instant(credential.issued_at),
        "name": f"{credential.award} · {PROGRAM_NAME} {cohort.name}",
        "awardedDate": _instant(ceremony_start(cohort)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": credential.holder_name,
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{origin()}{STATUS_LIST_PATH}#{credential.id}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(credential.id),
            "statusListCredential": origin() + STATUS_LIST_PATH,
        },
        "credentialSchema": [SCHEMA],
    }


def sign(payload: dict, *, subject: str | None = None) -> str:
    """The VC-JWT of a credential: its JSON as the payload, with the registered claims that
    mirror it. Raises SigningKeyMissing."""
    key = signing_key()
    claims = {**payload, "iss": payload["issuer"]["id"], "jti": payload["id"]}
    claims["nbf"] = int(datetime.fromisoformat(payload["validFrom"].replace("Z", "+00:00")).timestamp())
    if subject:
        claims["sub"] = subject
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)  # "EdDSA": see the module's docstring
        return jwt.encode(
            {"alg": ALGORITHM, "kid": key.kid, "typ": "JWT"}, claims, key, algorithms=[ALGORITHM]
        )


@dataclass(frozen=True)
class BadgeFile:
    filename: str
    token: str


def open_badge_for(*, session: Session, user_id: int, code: str) -> BadgeFile:
    """The signed OpenBadgeCredential of one of the user's own valid credentials. Raises
    RuleViolation (the same refusal for a code that is not theirs and one that does not exist)
    and SigningKeyMissing."""
    credential = session.exec(select(Credential).where(Credential.code == code)).first()
    if credential is None or credential.holder_user_id != user_id:
        raise RuleViolation([Reason("not_found", "You have no credential with this code.")])
    if credential.revoked_at is not None:
        raise RuleViolation([Reason("revoked", "This credential was revoked; download its replacement.")])
    token = sign(open_badge_credential(credential, session.get(Cohort, credential.cohort_id)))
    return BadgeFile(f"open-badge-{credential.code}.jwt", token)


def revocation_bits(*, session: Session) -> bytes:
    """The bitstring: bit i (most significant bit first) is 1 when credential i is revoked."""
    largest = session.exec(select(func.max(Credential.id))).one() or 0
    size = max(MIN_STATUS_BITS, -(-(largest + 1) // 8) * 8)
    bits = bytearray(size // 8)
    for index in session.exec(select(Credential.id).where(Credential.revoked_at.is_not(None))):
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def encoded_list(bits: bytes) -> str:
    """Multibase base64url (no padding, prefix "u") of the GZIP-compressed bitstring. mtime=0:
    the same list is the same bytes."""
    return "u" + base64.urlsafe_b64encode(gzip.compress(bits, mtime=0)).decode("ascii").rstrip("=")


def status_list_jwt(*, session: Session, now: datetime) -> str:
    """The BitstringStatusListCredential of every credential's revocation, signed as a VC-JWT."""
    url = origin() + STATUS_LIST_PATH
    payload = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": _issuer(),
        "validFrom": _instant(now),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revocation_bits(session=session)),
        },
    }
    return sign(payload, subject=url + "#list")
