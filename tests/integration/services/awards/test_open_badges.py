"""Open Badges 3.0 credentials of the demo cohort of 2022, checked by a verifier of its own that
shares no code with the issuer: the signature with `cryptography` against the published JWK
Set, the required fields of the 3.0 data model, and the credential's bit in the published
Bitstring Status List. One changed byte anywhere in the credential fails it."""

import base64
import gzip
import json
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.infra.signing_keys import SigningKeyMissing, generate_key, public_jwks, rotate_key
from champions.models import Credential, TeamMember, User
from champions.services.awards.decisions import finalize_awards, unlock_awards
from champions.services.awards.open_badges import open_badge_for, status_list_jwt

from .conftest import NOW, team_named

ORIGIN = "https://champions.example"


@pytest.fixture(autouse=True)
def keys(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAMPIONS_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CHAMPIONS_ORIGIN", ORIGIN)
    generate_key()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Invalid(Exception):
    pass


def verified(token: str, jwks: dict) -> tuple[dict, dict]:
    """(header, payload) of a compact JWS signed with EdDSA by a key of the JWK Set; raises
    Invalid otherwise."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(unb64(header_b64))
        payload = json.loads(unb64(payload_b64))
    except ValueError as malformed:
        raise Invalid(f"malformed: {malformed}") from None
    if header.get("alg") != "EdDSA":
        raise Invalid("algorithm")
    [jwk] = [k for k in jwks["keys"] if k["kid"] == header.get("kid")] or [None]
    if jwk is None or jwk["kty"] != "OKP" or jwk["crv"] != "Ed25519" or "d" in jwk:
        raise Invalid("key")
    try:
        Ed25519PublicKey.from_public_bytes(unb64(jwk["x"])).verify(
            unb64(signature_b64), f"{header_b64}.{payload_b64}".encode()
        )
    except InvalidSignature:
        raise Invalid("signature") from None
    return header, payload


def required_fields_problems(vc: dict) -> list[str]:
    """What an OpenBadgeCredential (Open Badges 3.0 on VC 2.0, VC-JWT) lacks."""
    problems = []
    if vc.get("@context", [])[:2] != [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]:
        problems.append("@context")
    if not {"VerifiableCredential", "OpenBadgeCredential"} <= set(vc.get("type", [])):
        problems.append("type")
    issuer = vc.get("issuer", {})
    if not (
        issuer.get("id", "").startswith("https://")
        and "Profile" in issuer.get("type", [])
        and issuer.get("name")
    ):
        problems.append("issuer")
    for name in ("id", "name", "validFrom"):
        if not vc.get(name):
            problems.append(name)
    subject = vc.get("credentialSubject", {})
    if "AchievementSubject" not in subject.get("type", []):
        problems.append("credentialSubject.type")
    achievement = subject.get("achievement", {})
    if "Achievement" not in achievement.get("type", []):
        problems.append("achievement.type")
    for name in ("id", "name", "description"):
        if not achievement.get(name):
            problems.append(f"achievement.{name}")
    if not achievement.get("criteria", {}).get("narrative"):
        problems.append("achievement.criteria")
    if achievement.get("image", {}).get("type") != "Image":
        problems.append("achievement.image")
    # VC-JWT (Open Badges 3.0 §8.2): registered claims mirror the credential.
    if vc.get("iss") != issuer.get("id") or vc.get("jti") != vc.get("id"):
        problems.append("iss/jti")
    return problems


def revoked_in_status_list(vc: dict, status_token: str, jwks: dict) -> bool:
    status = vc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    _, status_list = verified(status_token, jwks)
    assert status_list["id"] == status["statusListCredential"]
    assert "BitstringStatusListCredential" in status_list["type"]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(unb64(encoded[1:]))
    assert len(bits) >= 16 * 1024
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def holder_credential(session) -> Credential:
    return session.exec(
        select(Credential).where(Credential.holder_user_id.is_not(None)).order_by(Credential.id)
    ).first()


def test_a_downloaded_credential_verifies_independently_and_fails_with_one_byte_changed(session, demo):
    credential = holder_credential(session)
    token = open_badge_for(session=session, user_id=credential.holder_user_id, code=credential.code).token
    jwks = json.loads(json.dumps(public_jwks()))  # as the app serves it
    header, vc = verified(token, jwks)
    assert header["typ"] == "JWT"
    assert required_fields_problems(vc) == []
    assert vc["id"] == f"{ORIGIN}/verify/{credential.code}"
    assert vc["credentialSubject"]["identifier"][0]["identityHash"] == credential.holder_name
    assert vc["credentialSubject"]["achievement"]["name"] == credential.award
    assert vc["issuer"]["name"] == "World Smart Sustainable Cities Organization (WeGO)"
    assert vc["validFrom"] == credential.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    status_token = status_list_jwt(session=session, now=NOW)
    assert revoked_in_status_list(vc, status_token, jwks) is False

    header_b64, payload_b64, signature_b64 = token.split(".")
    payload, signature = unb64(payload_b64), unb64(signature_b64)
    for i in range(len(payload)):
        changed = payload[:i] + bytes([payload[i] ^ 0x01]) + payload[i + 1 :]
        with pytest.raises(Invalid):
            verified(f"{header_b64}.{b64(changed)}.{signature_b64}", jwks)
    for i in range(len(signature)):
        changed = signature[:i] + bytes([signature[i] ^ 0x01]) + signature[i + 1 :]
        with pytest.raises(Invalid):
            verified(f"{header_b64}.{payload_b64}.{b64(changed)}", jwks)


def test_a_revoked_credential_is_listed_and_can_no_longer_be_downloaded(session, demo):
    cohort, secretariat = demo
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="A name was misspelled.")
    member = session.exec(
        select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_named(session, "Green Shade").id)
        .order_by(User.id)
    ).first()
    old = session.exec(select(Credential).where(Credential.holder_user_id == member.id)).first()
    token = open_badge_for(session=session, user_id=member.id, code=old.code).token
    member.full_name = "Corrected Name"
    session.add(member)
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW + timedelta(days=1))
    jwks = public_jwks()
    _, vc = verified(token, jwks)
    assert revoked_in_status_list(vc, status_list_jwt(session=session, now=NOW), jwks) is True
    with pytest.raises(RuleViolation) as refused:
        open_badge_for(session=session, user_id=member.id, code=old.code)
    assert refused.value.reasons[0].message == "This credential was revoked; download its replacement."
    new = session.get(Credential, old.replaced_by)
    _, new_vc = verified(open_badge_for(session=session, user_id=member.id, code=new.code).token, jwks)
    assert revoked_in_status_list(new_vc, status_list_jwt(session=session, now=NOW), jwks) is False


def test_only_the_holder_can_download_a_credential(session, demo):
    credential = holder_credential(session)
    other = session.exec(select(User).where(User.id != credential.holder_user_id)).first()
    for user_id, code in ((other.id, credential.code), (credential.holder_user_id, "A" * 16)):
        with pytest.raises(RuleViolation) as refused:
            open_badge_for(session=session, user_id=user_id, code=code)
        assert refused.value.reasons[0].message == "You have no credential with this code."


def test_rotated_keys_stay_published_and_what_they_signed_still_verifies(session, demo, tmp_path):
    credential = holder_credential(session)
    before = open_badge_for(session=session, user_id=credential.holder_user_id, code=credential.code).token
    new_kid, old_kid = rotate_key()
    jwks = public_jwks()
    assert sorted(k["kid"] for k in jwks["keys"]) == sorted([new_kid, old_kid])
    assert all("d" not in k for k in jwks["keys"])
    assert verified(before, jwks)[0]["kid"] == old_kid
    after = open_badge_for(session=session, user_id=credential.holder_user_id, code=credential.code).token
    assert verified(after, jwks)[0]["kid"] == new_kid
    old_file = tmp_path / "keys" / f"{old_kid}.jwk"
    assert "d" not in json.loads(old_file.read_text())  # the old private half is gone
    assert old_file.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "keys").stat().st_mode & 0o777 == 0o700


def test_without_a_key_nothing_is_signed(session, demo, monkeypatch, tmp_path):
    monkeypatch.setenv("CHAMPIONS_KEYS_DIR", str(tmp_path / "none"))
    credential = holder_credential(session)
    with pytest.raises(SigningKeyMissing) as missing:
        open_badge_for(session=session, user_id=credential.holder_user_id, code=credential.code)
    assert (
        str(missing.value) == "The issuer's signing key is missing: run `python -m champions keys generate`."
    )
