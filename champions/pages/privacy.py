"""The privacy notice applicants consent to."""

import reflex as rx

from champions.components.i18n import t
from champions.components.layout import template
from champions.infra.translations import N_

SECTIONS = [
    (
        N_("What we store"),
        N_(
            "Your name, email, date of birth, country, city, university or organization, field of study "
            "and motivation; your password only as an argon2id hash; your logins (when, from which "
            "network address, for throttling); your attendance, reflections, team, submissions and awards"
            " as the program goes on; emails we send you; a record of decisions about your application "
            "and of changes that affect you (the audit trail)."
        ),
    ),
    (
        N_("Why"),
        N_(
            "To check your eligibility (age under 35 on the program's reference date), run the program, "
            "protect accounts from password guessing, and award certificates and prizes at the year-end "
            "ceremony."
        ),
    ),
    (
        N_("Who sees it"),
        N_(
            "The WeGO secretariat. Mentors see your team's submissions without names or countries while "
            "judging is blind. Award winners' names, countries and teams are published at the ceremony."
        ),
    ),
    (
        N_("How long"),
        N_(
            "Application data of people not accepted is deleted one year after the cohort's ceremony. "
            "Participants' records are kept for three years after the ceremony. Login records are kept "
            "for as long as they are needed to stop password guessing. Finalized award lists (names, "
            "countries, teams) and the audit trail (what was done and when, without your name, email or "
            "date of birth once you delete your account) are kept as the program's record."
        ),
    ),
    (
        N_("Your rights"),
        N_(
            "On your account page you can download everything we hold about you as a JSON file, and "
            "delete your account: your personal data is then removed or anonymized everywhere except in "
            "finalized award lists. You may also ask the secretariat to correct your data."
        ),
    ),
]


@template
def privacy() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Privacy notice"), size="7", as_="h1"),
        rx.text(t("Version {version}", version="2022-01"), color_scheme="gray"),
        *[
            rx.vstack(rx.heading(t(heading), size="4", as_="h2"), rx.text(t(body)))
            for heading, body in SECTIONS
        ],
        spacing="4",
        max_width="48rem",
    )
