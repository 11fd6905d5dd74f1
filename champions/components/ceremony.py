"""The year-end ceremony's card on a participant's pages."""

import reflex as rx

from champions.components.i18n import t


def ceremony_card(ceremony) -> rx.Component:
    """`ceremony`: a Ceremony var (day, when_seoul, when_local, mode, venue, join_url). Its
    values (dates, a place) are isolated (`bdi`) so they read in their own direction in Arabic."""
    return rx.cond(
        ceremony.day != "",
        rx.card(
            rx.vstack(
                rx.heading(t("Year-end ceremony"), size="4", as_="h2"),
                rx.cond(
                    ceremony.when_seoul != "",
                    rx.text(rx.text.strong(t("Seoul time:")), " ", rx.el.bdi(ceremony.when_seoul)),
                    rx.text(rx.text.strong(t("Date:")), " ", rx.el.bdi(ceremony.day)),
                ),
                rx.cond(
                    ceremony.when_local != "",
                    rx.text(rx.text.strong(t("Your time:")), " ", rx.el.bdi(ceremony.when_local)),
                ),
                rx.text(
                    rx.text.strong(t("Mode:")),
                    " ",
                    # The words of champions/services/registration/views.py CEREMONY_MODES.
                    rx.match(
                        ceremony.mode,
                        ("Online", t("Online")),
                        ("In person", t("In person")),
                        ("Hybrid (in person and online)", t("Hybrid (in person and online)")),
                        ceremony.mode,
                    ),
                ),
                rx.cond(
                    ceremony.venue != "", rx.text(rx.text.strong(t("Venue:")), " ", rx.el.bdi(ceremony.venue))
                ),
                rx.cond(
                    ceremony.join_url != "",
                    rx.link(t("Join the ceremony online"), href=ceremony.join_url, is_external=True),
                ),
                spacing="1",
            ),
            width="100%",
            data_testid="ceremony",
        ),
    )
