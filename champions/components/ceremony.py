"""The year-end ceremony's card on a participant's pages."""

import reflex as rx


def ceremony_card(ceremony) -> rx.Component:
    """`ceremony`: a Ceremony var (day, when_seoul, when_local, mode, venue, join_url)."""
    return rx.cond(
        ceremony.day != "",
        rx.card(
            rx.vstack(
                rx.heading("Year-end ceremony", size="4", as_="h2"),
                rx.cond(
                    ceremony.when_seoul != "",
                    rx.text(rx.text.strong("Seoul time: "), ceremony.when_seoul),
                    rx.text(rx.text.strong("Date: "), ceremony.day),
                ),
                rx.cond(
                    ceremony.when_local != "", rx.text(rx.text.strong("Your time: "), ceremony.when_local)
                ),
                rx.text(rx.text.strong("Mode: "), ceremony.mode),
                rx.cond(ceremony.venue != "", rx.text(rx.text.strong("Venue: "), ceremony.venue)),
                rx.cond(
                    ceremony.join_url != "",
                    rx.link("Join the ceremony online", href=ceremony.join_url, is_external=True),
                ),
                spacing="1",
            ),
            width="100%",
            data_testid="ceremony",
        ),
    )
