"""The mentor's home page."""

import reflex as rx

from champions.components.layout import template
from champions.state.auth import AuthState


@template
def mentor_home() -> rx.Component:
    return rx.vstack(
        rx.heading("Mentor home", size="7", as_="h1"),
        rx.text("Welcome, ", AuthState.user_name, "."),
        rx.text(
            "The submissions assigned to you for scoring will be listed here when the secretariat "
            "opens judging for a workshop."
        ),
        spacing="3",
    )
