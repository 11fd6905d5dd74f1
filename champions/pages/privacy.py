"""The privacy notice applicants consent to."""

import reflex as rx

from champions.components.layout import template

SECTIONS = [
    ("What we store", "Your name, email, date of birth, country, city, university or organization, field of study and motivation; your password only as an argon2id hash; your attendance, team, submissions, scores and awards as the program goes on; a record of decisions about your application."),
    ("Why", "To check your eligibility (age under 35 on the program's reference date), run the program, and award certificates and prizes at the year-end ceremony."),
    ("Who sees it", "The WeGO secretariat. Mentors see your team's submissions without names or countries while judging is blind. Award winners' names, countries and teams are published at the ceremony."),
    ("How long", "Application data of people not accepted is deleted one year after the cohort's ceremony. Participants' records are kept for three years after the ceremony; finalized award lists and the audit trail are kept as the program's record."),
    ("Your rights", "You may ask the secretariat for a copy of your data, its correction, or its deletion."),
]


@template
def privacy() -> rx.Component:
    return rx.vstack(
        rx.heading("Privacy notice", size="7", as_="h1"),
        rx.text("Version 2022-01", color_scheme="gray"),
        *[rx.vstack(rx.heading(h, size="4", as_="h2"), rx.text(t)) for h, t in SECTIONS],
        spacing="4",
        max_width="48rem",
    )
