"""Helpers shared by the browser tests: data set up through the services, logins, DB reads."""

import asyncio
import concurrent.futures
import json
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, select, update

from champions.demo.seed import DEMO_LANGUAGES, DEMO_PASSWORD, SECRETARIAT_EMAIL, current_edition
from champions.infra.db import make_engine
from champions.models import Application, ApplicationStatus, Cohort, User
from champions.services.accounts.accounts import start_session
from champions.services.accounts.passwords import hash_password
from champions.services.messages.templates import KINDS
from champions.services.registration.applications import (
    RegistrationForm,
    check_registration,
    decide_applications,
    register_applicant,
)
from champions.services.registration.cohorts import open_cohort

MOTIVATION = " ".join(["I want to make my city safer and more inclusive for everyone."] * 6)


def wait_hydrated(page: Page, timeout: float = 20000) -> None:
    """Until the page's own loading is done (its on_load events): the prerendered page shows at
    once, before its script runs (champions/components/first_paint.py)."""
    expect(page.locator('main[data-hydrated="true"]')).to_be_attached(timeout=timeout)


def login(page: Page, server, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def choose_template_kind(page: Page, kind: str) -> None:
    """Choose a kind on /secretariat/messages and wait for its default wording: the server's
    answer re-creates the template's fields, so anything typed before it would be replaced."""
    page.get_by_label("Kind of message").select_option(value=kind)
    expect(page.get_by_label("Template subject")).to_have_value(KINDS[kind].subject, timeout=15000)


PARTICIPANT_PASSWORD = "correct horse battery"


def add_applicant(server, email: str, full_name: str, country: str = "KE") -> int:
    """Register an applicant to the open cohort through the services; returns the application id."""
    form = RegistrationForm(
        full_name=full_name,
        email=email,
        password="correct horse battery",
        date_of_birth="2001-06-15",
        country=country,
        city="Nairobi",
        affiliation="University of Nairobi",
        field_of_study="Urban planning",
        motivation=MOTIVATION,
        consent=True,
    )
    with server.session() as session:
        cohort = open_cohort(session=session, today=date.today())
        checked = check_registration(session=session, cohort=cohort, form=form, today=date.today())
        _, application = register_applicant(
            session=session, cohort=cohort, checked=checked, password_hash=hash_password(form.password)
        )
        session.commit()
        return application.id


def session_token_for(server, email: str) -> str:
    with server.session() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        token = start_session(session=session, user=user)
        session.commit()
        return token


def application_status(server, application_id: int) -> str:
    with server.session() as session:
        return session.get(Application, application_id).status.value


def count_users(server, email: str) -> int:
    with server.session() as session:
        return len(list(session.exec(select(User).where(User.email == email))))


def count_invitations(server, email: str) -> int:
    from champions.models import Invitation

    with server.session() as session:
        return len(list(session.exec(select(Invitation).where(Invitation.email == email))))


def run_async(coroutine):
    """Run a coroutine in its own thread and loop (Playwright's sync API owns this thread's)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def expect_status(page: Page, status: str) -> None:
    expect(page.get_by_test_id("application-status")).to_have_text(status, timeout=15000)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def audited_statuses(server, application_id: int) -> list[tuple[str, str]]:
    """(before, after) status of every audited decision on the application, oldest first."""
    from champions.models import AuditEntry

    with server.session() as session:
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.entity == "application", AuditEntry.entity_id == str(application_id))
            .order_by(AuditEntry.id)
        )
        return [(json.loads(e.before)["status"], json.loads(e.after)["status"]) for e in entries]


def cohort_with_participants(
    session, name: str, people: list[tuple[str, str]], **settings
) -> tuple[Cohort, list[User], User]:
    """A cohort of its own whose registration closed long ago (so the open cohort stays the
    demo's), with `settings` applied and these (email, full name) people accepted, all with
    PARTICIPANT_PASSWORD. Returns (cohort, users, the demo secretariat). Flushes."""
    cohort = current_edition(date.today() - timedelta(days=300))
    cohort.name, cohort.title = name, name
    for key, value in settings.items():
        setattr(cohort, key, value)
    session.add(cohort)
    session.flush()
    secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
    password_hash, users = hash_password(PARTICIPANT_PASSWORD), []
    for i, (email, full_name) in enumerate(people):
        form = RegistrationForm(
            full_name=full_name,
            email=email,
            password=PARTICIPANT_PASSWORD,
            date_of_birth="2001-06-15",
            country=["UG", "KR", "BR"][i % 3],
            city="Kampala",
            affiliation="Makerere University",
            field_of_study="Planning",
            motivation=MOTIVATION,
            consent=True,
        )
        checked = check_registration(
            session=session, cohort=cohort, form=form, today=cohort.registration_opens
        )
        user, application = register_applicant(
            session=session, cohort=cohort, checked=checked, password_hash=password_hash
        )
        decide_applications(
            session=session,
            actor=secretariat,
            cohort_id=cohort.id,
            application_ids=[application.id],
            decision=ApplicationStatus.ACCEPTED,
        )
        users.append(user)
    return cohort, users, secretariat


# textContent, not innerText: it needs no layout, so watching every change of a page costs little.
_WATCH_PHRASES = """
(phrases) => {
  window.__shown = [];
  const look = () => {
    const text = document.body ? document.body.textContent : "";
    for (const phrase of phrases)
      if (!window.__shown.includes(phrase) && text.includes(phrase)) window.__shown.push(phrase);
  };
  new MutationObserver(look).observe(document, {childList: true, subtree: true, characterData: true});
}
"""


def watch_phrases(page: Page, *phrases: str) -> None:
    """From the next navigation on, note which of these phrases the page shows, however briefly
    (what it shows before its data arrives included); read them with `phrases_shown`."""
    page.add_init_script(f"({_WATCH_PHRASES})({json.dumps(list(phrases))})")


def phrases_shown(page: Page) -> set[str]:
    return set(page.evaluate("window.__shown || []"))


def demo_accounts_unchosen(db_url: str) -> None:
    """The demo's participant and one mentor read Korean and Arabic (champions/demo/seed.py); the
    browser tests log in as them and expect English: here they have not chosen a language."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            session.exec(update(User).where(User.email.in_(list(DEMO_LANGUAGES))).values(language=""))
            session.commit()
    finally:
        engine.dispose()
