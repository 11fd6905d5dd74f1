"""Verifiable certificates of the demo cohort of 2022: one credential per certificate, issued at
finalization, kept when the list is finalized again unchanged, revoked and replaced when it
changed; printed with its code, URL and QR code; looked up by code (throttled per address)."""

import shutil
import subprocess
from datetime import timedelta

import zxingcpp
from sqlmodel import func, select

from champions.models import ClientEvent, Credential, CredentialKind, TeamMember, User
from champions.services.awards.credentials import (
    REPLACED,
    certificate_holders,
    find_verification,
    grouped,
    normalized_code,
    verify_for_client,
)
from champions.services.awards.decisions import finalize_awards, finalized_entries, unlock_awards
from champions.services.awards.exports import export_awards

from .conftest import NOW, team_named
from .test_documents import pdf_text


def credentials(session, **where) -> list[Credential]:
    query = select(Credential).order_by(Credential.id)
    for name, value in where.items():
        query = query.where(getattr(Credential, name) == value)
    return list(session.exec(query))


def qr_texts(pdf_path, page: int) -> list[str]:
    """The QR codes zxing-cpp reads on one page rendered by poppler's pdftoppm (grayscale)."""
    assert shutil.which("pdftoppm")
    raw = subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-f", str(page), "-l", str(page), str(pdf_path)],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    magic, width, height, _, pixels = raw.split(maxsplit=4)
    assert magic == b"P5"
    image = memoryview(pixels).cast("B", (int(height), int(width)))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def test_finalizing_issues_one_credential_per_certificate(session, demo):
    cohort, _ = demo
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    holders = certificate_holders(entries)
    issued = credentials(session, cohort_id=cohort.id)
    assert len(issued) == len(holders) == 99
    assert {c.kind: 0 for c in issued}.keys() == set(CredentialKind)
    assert sorted(c.holder_name for c in issued) == sorted(name for _, name in holders)
    assert all(normalized_code(c.code) == c.code and len(c.code) == 16 for c in issued)
    assert len({c.code for c in issued}) == 99
    assert all(c.revoked_at is None for c in issued)


def test_certificates_print_each_code_its_url_and_a_qr_code_of_it(session, demo, tmp_path, monkeypatch):
    monkeypatch.setenv("CHAMPIONS_ORIGIN", "https://champions.example")
    cohort, secretariat = demo
    export = export_awards(session=session, cohort=cohort, fmt="certificates", actor_id=secretariat.id)
    path = tmp_path / "certificates.pdf"
    path.write_bytes(export.content)
    pages = pdf_text(path)
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    by_key = {}
    for c in credentials(session, cohort_id=cohort.id):
        by_key[(c.kind, c.category_id, c.award, c.team_id, c.team_name, c.holder_user_id, c.holder_name)] = c
    codes = [by_key[key].code for key, _ in certificate_holders(entries)]
    assert len(pages) == len(codes) == 99
    for page, code in zip(pages, codes):
        assert f"https://champions.example/verify/{code}" in page
        assert f"code {grouped(code)}" in page
    assert qr_texts(path, 1) == [f"https://champions.example/verify/{codes[0]}"]
    assert qr_texts(path, 99) == [f"https://champions.example/verify/{codes[98]}"]
    # Exporting again issues nothing new.
    export_awards(session=session, cohort=cohort, fmt="certificates", actor_id=secretariat.id)
    assert session.exec(select(func.count()).select_from(Credential)).one() == 99


def test_an_unchanged_list_keeps_its_codes_and_a_changed_one_revokes_and_replaces(session, demo):
    cohort, secretariat = demo
    before = {c.id: c.code for c in credentials(session)}
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="Checking.")
    assert {c.id: c.code for c in credentials(session, revoked_at=None)} == before  # re-opened: still valid
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    assert {c.id: c.code for c in credentials(session, revoked_at=None)} == before

    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="A name was misspelled.")
    champion = team_named(session, "Green Shade")
    member = session.exec(
        select(User)
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == champion.id)
        .order_by(User.id)
    ).first()
    old_name = member.full_name
    member.full_name = "Corrected Name"
    session.add(member)
    later = NOW + timedelta(days=1)
    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=later)
    session.commit()
    revoked = [c for c in credentials(session) if c.revoked_at is not None]
    # Their completion certificate, individual recognition and team award all carry the name.
    assert sorted((c.holder_name, c.kind) for c in revoked) == sorted(
        (old_name, c.kind) for c in credentials(session, holder_user_id=member.id, holder_name=old_name)
    )
    assert len(revoked) == len(credentials(session, holder_name="Corrected Name")) >= 2
    for old in revoked:
        new = session.get(Credential, old.replaced_by)
        assert (new.holder_name, new.holder_user_id, new.category_id, new.award) == (
            "Corrected Name",
            member.id,
            old.category_id,
            old.award,
        )
        assert new.revoked_at is None and new.code != old.code
        verification = find_verification(session=session, code=old.code.lower())
        assert verification.valid is False
        assert verification.revoked_on == "2 December 2022"
        assert verification.revoked_reason == REPLACED
    assert len(credentials(session, revoked_at=None)) == 99


def test_verification_shows_the_certificate_and_nothing_else(session, demo):
    credential = credentials(session, kind=CredentialKind.TEAM_AWARD)[0]
    verification = find_verification(session=session, code=grouped(credential.code).lower())
    assert verification.lines() == [
        ("Status", "Valid"),
        ("Holder", credential.holder_name),
        ("Award", credential.award),
        ("Type", "Team award"),
        ("Team", credential.team_name),
        ("Edition", "Smart City Champions 2022"),
        ("Date", "8 December 2022"),
        ("Issuer", "World Smart Sustainable Cities Organization (WeGO)"),
        ("Code", grouped(credential.code)),
    ]
    assert find_verification(session=session, code="A" * 16) is None
    assert find_verification(session=session, code=credential.code[:-1]) is None
    assert find_verification(session=session, code=f"{credential.code}' OR 1=1 --") is None


def test_look_ups_from_one_address_are_throttled_found_or_not(session, demo, monkeypatch):
    monkeypatch.setenv("CHAMPIONS_VERIFICATIONS_PER_ADDRESS", "3")
    code = credentials(session)[0].code
    answers = [
        verify_for_client(session=session, code=c, client="203.0.113.9", now=NOW)
        for c in ("B" * 16, "not a code", code)
    ]
    assert [(v is not None, r) for v, r in answers] == [(False, None), (False, None), (True, None)]
    verification, refusal = verify_for_client(session=session, code=code, client="203.0.113.9", now=NOW)
    assert verification is None
    assert refusal.message == "Too many verifications from your network. Try again in 60 minutes."
    other, refusal = verify_for_client(session=session, code=code, client="198.51.100.4", now=NOW)
    assert other is not None and refusal is None
    assert session.exec(select(func.count()).select_from(ClientEvent)).one() == 4
    later, refusal = verify_for_client(
        session=session, code=code, client="203.0.113.9", now=NOW + timedelta(hours=1, seconds=1)
    )
    assert later is not None and refusal is None
