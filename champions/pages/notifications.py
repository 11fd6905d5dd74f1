"""The caller's notifications: every message the program sent them, newest first (the same as
their emails, without the unsubscribe link); opening the page marks them read."""

import reflex as rx

from champions.components.i18n import t
from champions.components.layout import template
from champions.state.notifications import NotificationsState as S


def _line(line) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(line.subject, size="3", as_="h2", dir="auto"),
                rx.cond(line.unread, rx.badge(t("New"), color_scheme="teal")),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.text(rx.el.bdi(line.sent), size="1", color_scheme="gray"),
            # The message's own direction (English today, the recipient's language later).
            rx.text(
                line.body, dir="auto", size="2", white_space="pre-wrap", style={"overflow_wrap": "anywhere"}
            ),
            rx.link(t("Open the page it is about"), href=line.link, size="2"),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@template
def notifications() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Notifications"), size="7", as_="h1"),
        rx.text(
            t("What the program told you, by email and here."),
            " ",
            rx.link(t("Choose which reminders you get on your account page."), href="/account"),
            size="2",
        ),
        rx.cond(
            S.loaded & (S.lines.length() == 0),
            rx.text(t("Nothing yet: decisions, reminders and news of your team will show here."), size="2"),
        ),
        rx.foreach(S.lines, _line),
        spacing="4",
        max_width="48rem",
        width="100%",
    )
