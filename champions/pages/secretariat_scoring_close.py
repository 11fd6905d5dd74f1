"""/secretariat/judging, the round's scoring close time (Seoul time): mentors with submissions
still to score are reminded 48 hours before it."""

import reflex as rx

from champions.components.forms import text_field
from champions.components.i18n import t
from champions.state.judging_admin import JudgingAdminState as S


def scoring_close_form() -> rx.Component:
    """When scoring closes (Seoul time): mentors with unscored submissions are reminded 48 h before."""
    e = S.closes_errors
    return rx.form(
        rx.vstack(
            rx.text(
                rx.cond(
                    S.closes["text"] != "",
                    t("Scoring closes {when}.", when=S.closes["text"]),
                    t("No scoring close time is set: mentors get no reminder before it."),
                ),
                size="2",
                data_testid="scoring-closes",
            ),
            rx.flex(
                rx.box(
                    text_field(
                        t("Scoring closes on (Seoul time)"),
                        "closes_day",
                        e.get("closes_day", ""),
                        type_="date",
                        default_value=S.closes["day"],
                        key=S.workshop + S.closes["day"],
                    ),
                    flex="1 1 10rem",
                ),
                rx.box(
                    text_field(
                        t("Time (Seoul)"),
                        "closes_time",
                        e.get("closes_time", ""),
                        type_="time",
                        default_value=S.closes["time"],
                        key=S.workshop + S.closes["time"],
                    ),
                    flex="1 1 7rem",
                ),
                rx.button(t("Save the close time"), type="submit", variant="soft"),
                spacing="2",
                align="end",
                wrap="wrap",
                width="100%",
            ),
            rx.text(
                t(
                    "Mentors with submissions still to score are reminded 48 hours before. Leave both "
                    "empty to remove the time."
                ),
                size="1",
                color_scheme="gray",
            ),
            spacing="2",
            width="100%",
        ),
        on_submit=S.save_scoring_close,
        reset_on_submit=False,
        width="100%",
    )
