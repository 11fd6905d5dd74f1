"""Helpers shared by the browser tests: data set up through the services, logins, DB reads."""

import asyncio
import concurrent.futures
import json
from datetime import date

from playwright.sync_api import Page, expect
from sqlmodel import select

from champions.models import Application, User
from champions.services.accounts import start_session
from champions.services.applications import RegistrationForm, check_registration, register_applicant
from champions.services.cohorts import open_cohort
from champions.services.demo import DEMO_PASSWORD

MOTIVATION = " ".join(["I want to make my city safer and more inclusive for everyone."] * 6)


def login(page: Page, server, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def add_applicant(server, email: str, full_name: str, country: str = "KE") -> int:
    """Register an applicant to the open cohort through the services; returns the application id."""
    from champions.services.passwords import hash_password

    form = RegistrationForm(full_name=full_name, email=email, password="correct horse battery",
                            date_of_birth="2001-06-15", country=country, city="Nairobi",
                            affiliation="University of Nairobi", field_of_study="Urban planning",
                            motivation=MOTIVATION, consent=True)
    with server.session() as session:
        cohort = open_cohort(session=session, today=date.today())
        checked = check_registration(session=session, cohort=cohort, form=form, today=date.today())
        _, application = register_applicant(session=session, cohort=cohort, checked=checked,
                                            password_hash=hash_password(form.password))
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
