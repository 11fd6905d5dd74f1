"""Sharing on the demo cohort of 2022: the participant's own certificates with their LinkedIn
link, and the public winners page, which names only members who chose to be shown, from the
ceremony on."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AwardEntry, Credential, Role, User
from champions.public_html import winners_html
from champions.services.accounts.personal_data import delete_account
from champions.services.awards.decisions import entry_members
from champions.services.awards.sharing import certificate_lines, set_winners_consent, winners_page
from champions.services.registration.cohorts import ceremony_start

ORIGIN = "https://champions.example"


@pytest.fixture(autouse=True)
def origin(monkeypatch):
    monkeypatch.setenv("CHAMPIONS_ORIGIN", ORIGIN)


def champion_entry(session) -> AwardEntry:
    return session.exec(select(AwardEntry).where(AwardEntry.award == "Champion Team")).one()


def test_certificate_lines_carry_the_verification_and_linkedin_links(session, demo):
    cohort, _ = demo
    credential = session.exec(select(Credential).where(Credential.holder_user_id.is_not(None))).first()
    lines = certificate_lines(session=session, user_id=credential.holder_user_id, cohort=cohort)
    line = next(line for line in lines if line.url.endswith(credential.code))
    assert line.url == f"{ORIGIN}/verify/{credential.code}"
    assert line.badge == f"/credentials/open-badge/{credential.code}"
    parts = urlsplit(line.linkedin)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    assert parse_qs(parts.query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": [f"{credential.award} · Smart City Champions 2022"],
        "organizationName": ["World Smart Sustainable Cities Organization (WeGO)"],
        "issueYear": ["2022"],
        "issueMonth": ["12"],
        "certId": [line.code],
        "certUrl": [line.url],
    }
    other = session.exec(
        select(User).where(User.id != credential.holder_user_id, User.role == Role.MENTOR)
    ).first()
    assert certificate_lines(session=session, user_id=other.id, cohort=cohort) == []


def test_the_winners_page_shows_only_consenting_members_and_only_from_the_ceremony_on(session, demo):
    cohort, _ = demo
    start = ceremony_start(cohort)
    assert winners_page(session=session, edition="2022", now=start - timedelta(seconds=1)) is None
    assert winners_page(session=session, edition="1999", now=start) is None
    entry = champion_entry(session)
    members = entry_members(entry)
    page = winners_page(session=session, edition="2022", now=start)
    champion = next(a for a in page.awards if a.award == "Champion Team")
    assert (champion.team, champion.city, champion.members) == (entry.team_name, entry.city, [])
    assert page.description.startswith(f"Champion Team: {entry.team_name} ({entry.city}). ")
    assert page.url == f"{ORIGIN}/winners/2022"

    set_winners_consent(session=session, user_id=members[0].user_id, shown=True)
    page = winners_page(session=session, edition="2022", now=start)
    assert next(a for a in page.awards if a.award == "Champion Team").members == [members[0].name]
    html = winners_html(page)
    assert '<meta property="og:title" content="Winners of Smart City Champions 2022">' in html
    assert members[0].name in html and members[1].name not in html

    set_winners_consent(session=session, user_id=members[0].user_id, shown=False)
    page = winners_page(session=session, edition="2022", now=start)
    assert next(a for a in page.awards if a.award == "Champion Team").members == []


def test_deleting_an_account_takes_the_name_off_the_winners_page(session, demo):
    member = entry_members(champion_entry(session))[0]
    set_winners_consent(session=session, user_id=member.user_id, shown=True)
    delete_account(session=session, user_id=member.user_id)
    page = winners_page(session=session, edition="2022", now=datetime(2023, 1, 1, tzinfo=UTC))
    assert next(a for a in page.awards if a.award == "Champion Team").members == []
    # The certificate stays verifiable under the name it printed.
    credential = session.exec(select(Credential).where(Credential.holder_user_id == member.user_id)).first()
    assert credential.holder_name == member.name and credential.revoked_at is None


def test_only_participants_choose_to_be_shown(session, demo):
    _, secretariat = demo
    with pytest.raises(RuleViolation) as refused:
        set_winners_consent(session=session, user_id=secretariat.id, shown=True)
    assert refused.value.reasons[0].message == "Only participants appear on the winners page."
    assert session.get(User, secretariat.id).name_on_winners_page is False
