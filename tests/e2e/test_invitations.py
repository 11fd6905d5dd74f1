"""Invitations end to end: the secretariat invites a mentor in the browser, resends the
invitation (the first link dies), the mentor follows the link from the outbox, chooses a
password and logs in; another invitation is revoked and its link refused. All audited."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from champions.demo.seed import SECRETARIAT_EMAIL
from champions.models import AuditEntry, Invitation, OutboxMessage, Role, User
from champions.services.accounts.invitations import INVALID_INVITATION
from tests.e2e.helpers import count_invitations, count_users, login

pytestmark = pytest.mark.e2e

INVITEE = "ngozi.invited@example.org"
REVOKED = "revoked.invitee@example.org"


def _link(server, email: str) -> str:
    with server.session() as session:
        body = session.exec(
            select(OutboxMessage.body)
            .where(OutboxMessage.to_email == email)
            .order_by(OutboxMessage.id.desc())
        ).first()
    return re.search(r"http\S+/invitation\?token=\S+", body).group(0)


def _invite(page, name: str, email: str, role: str = "mentor") -> None:
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Role").select_option(role)
    page.get_by_role("button", name="Send invitation").click()


def test_a_mentor_is_invited_chooses_a_password_and_logs_in(browser, server):
    page = browser.new_page()
    login(page, server, SECRETARIAT_EMAIL)
    page.wait_for_url(re.compile(r"/secretariat$"), timeout=20000)
    page.get_by_role("link", name="Mentors").click()
    expect(page.get_by_role("heading", name="Invite a mentor or a secretariat member")).to_be_visible(
        timeout=15000
    )
    expect(page.get_by_label("Temporary password")).to_have_count(0)  # nobody types a password for another

    _invite(page, "   ", INVITEE)
    expect(page.get_by_text("Enter a full name.")).to_be_visible(timeout=15000)
    assert count_invitations(server, INVITEE) == 0
    _invite(page, "Dr. Ngozi Adeyemi", INVITEE)
    expect(page.get_by_text(f"Invitation sent to {INVITEE}: the link works for 7 days.")).to_be_visible(
        timeout=15000
    )
    invitations = page.get_by_test_id("invitations")
    expect(invitations).to_contain_text(INVITEE)
    expect(invitations.get_by_role("row").filter(has_text=INVITEE)).to_contain_text("open")
    assert count_users(server, INVITEE) == 0  # the account is made by the invitee
    first_link = _link(server, INVITEE)
    assert first_link.startswith(server.url + "/invitation?token=")

    page.get_by_role("button", name=f"Resend the invitation to {INVITEE}").click()
    expect(page.get_by_text(f"A new link was sent to {INVITEE}.")).to_be_visible(timeout=15000)
    link = _link(server, INVITEE)
    assert link != first_link

    # The secretariat sees both emails in the outbox, never the links' secret.
    page.goto(server.url + "/secretariat/outbox")
    outbox = page.get_by_test_id("outbox")
    expect(outbox).to_contain_text(f"to {INVITEE}", timeout=15000)
    expect(outbox).to_contain_text("/invitation?token=[hidden]")
    expect(outbox).not_to_contain_text(link.split("token=")[1])

    invitee = browser.new_page()
    invitee.goto(first_link)
    expect(invitee.get_by_role("alert")).to_have_text(INVALID_INVITATION, timeout=15000)
    invitee.goto(link)
    expect(
        invitee.get_by_text("You are invited to Smart City Champions as a mentor.", exact=False)
    ).to_be_visible(timeout=15000)
    expect(invitee.get_by_text(INVITEE)).to_be_visible()
    invitee.get_by_label("New password", exact=True).fill("short")
    invitee.get_by_label("Repeat new password").fill("short")
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_text("Use at least 10 characters.")).to_be_visible(timeout=15000)
    assert count_users(server, INVITEE) == 0
    invitee.get_by_label("New password", exact=True).fill("ngozi's own password")
    invitee.get_by_label("Repeat new password").fill("ngozi's own password")
    invitee.get_by_role("button", name="Create my account").click()
    invitee.wait_for_url(re.compile(r"/login$"), timeout=20000)
    login(invitee, server, INVITEE, "ngozi's own password")
    invitee.wait_for_url(re.compile(r"/mentor$"), timeout=20000)
    expect(invitee.get_by_role("heading", name="Mentor home")).to_be_visible(timeout=15000)
    invitee.goto(server.url + "/secretariat/mentors")  # a mentor, not the secretariat
    invitee.wait_for_url(re.compile(r"/login$|/mentor$"), timeout=20000)
    expect(invitee.get_by_role("heading", name="Mentor home")).to_be_visible(timeout=15000)
    expect(invitee.get_by_text("mentor1@champions.example")).to_have_count(0)

    again = browser.new_page()
    again.goto(link)  # used once: dead
    expect(again.get_by_role("alert")).to_have_text(INVALID_INVITATION, timeout=15000)
    expect(again.get_by_label("New password", exact=True)).to_have_count(0)

    page.goto(server.url + "/secretariat/mentors")
    row = page.get_by_test_id("invitations").get_by_role("row").filter(has_text=INVITEE)
    expect(row).to_contain_text("accepted", timeout=15000)
    expect(row.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("cell", name="Dr. Ngozi Adeyemi", exact=True).first).to_be_visible()

    # Another invitation, revoked before it is used.
    _invite(page, "Revoked Invitee", REVOKED, role="secretariat")
    expect(page.get_by_text(f"Invitation sent to {REVOKED}: the link works for 7 days.")).to_be_visible(
        timeout=15000
    )
    page.get_by_role("button", name=f"Revoke the invitation to {REVOKED}").click()
    expect(page.get_by_text(f"The invitation to {REVOKED} is revoked.")).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("invitations").get_by_role("row").filter(has_text=REVOKED)).to_contain_text(
        "revoked"
    )
    revoked = browser.new_page()
    revoked.goto(_link(server, REVOKED))
    expect(revoked.get_by_role("alert")).to_have_text(INVALID_INVITATION, timeout=15000)
    assert count_users(server, REVOKED) == 0

    with server.session() as session:
        user = session.exec(select(User).where(User.email == INVITEE)).one()
        assert (user.full_name, user.role) == ("Dr. Ngozi Adeyemi", Role.MENTOR)
        ids = {
            i.email: str(i.id)
            for i in session.exec(select(Invitation).where(Invitation.email.in_([INVITEE, REVOKED])))
        }
        trail = session.exec(
            select(AuditEntry.action, AuditEntry.entity_id)
            .where(AuditEntry.entity == "invitation", AuditEntry.entity_id.in_(list(ids.values())))
            .order_by(AuditEntry.id)
        ).all()
    assert trail == [
        ("invitation.create", ids[INVITEE]),
        ("invitation.resend", ids[INVITEE]),
        ("invitation.accept", ids[INVITEE]),
        ("invitation.create", ids[REVOKED]),
        ("invitation.revoke", ids[REVOKED]),
    ]
