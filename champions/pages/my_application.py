"""The applicant's own application."""

import reflex as rx

from champions.components.ceremony import ceremony_card
from champions.components.forms import form_banner
from champions.components.layout import template
from champions.state.ceremony import CeremonyState
from champions.state.my_application import MyApplicationState as S

STATUS_COLORS = {
    "accepted": "green",
    "waitlisted": "amber",
    "rejected": "red",
    "withdrawn": "gray",
    "submitted": "blue",
}


def _detail(label: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label), rx.data_list.value(value))


@template
def my_application() -> rx.Component:
    a = S.application
    return rx.vstack(
        rx.heading("My application", size="7", as_="h1"),
        ceremony_card(CeremonyState.ceremony),
        rx.cond(
            a.id != 0,
            rx.vstack(
                rx.text(a.cohort, size="4", weight="medium"),
                rx.hstack(
                    rx.text("Status:", weight="bold"),
                    rx.badge(
                        a.status,
                        size="3",
                        color_scheme=rx.match(a.status, *STATUS_COLORS.items(), "gray"),
                        data_testid="application-status",
                    ),
                    align="center",
                ),
                rx.text(a.status_text),
                rx.cond(
                    a.status == "accepted",
                    rx.link(
                        "See your lectures, check in and follow your Phase 1 progress",
                        href="/schedule",
                        weight="bold",
                    ),
                ),
                rx.data_list.root(
                    _detail("Submitted", a.submitted),
                    _detail("Country", a.country),
                    _detail("City", a.city),
                    _detail("University or organization", a.affiliation),
                    _detail("Eligibility", a.age_line),
                ),
                rx.heading("Next dates", size="4", as_="h2"),
                rx.cond(
                    a.upcoming.length() > 0,
                    rx.el.ul(
                        rx.foreach(
                            a.upcoming, lambda m: rx.el.li(rx.text(rx.text.strong(m.when), " — ", m.what))
                        )
                    ),
                    rx.text("The program's dates have passed."),
                ),
                form_banner(S.message, color="blue"),
                rx.cond(
                    ((a.status == "submitted") | (a.status == "waitlisted") | (a.status == "accepted"))
                    & (a.upcoming.length() > 0),
                    rx.alert_dialog.root(
                        rx.alert_dialog.trigger(
                            rx.button("Withdraw my application", color_scheme="red", variant="soft")
                        ),
                        rx.alert_dialog.content(
                            rx.alert_dialog.title("Withdraw your application?"),
                            rx.alert_dialog.description("You cannot undo this."),
                            rx.hstack(
                                rx.alert_dialog.cancel(rx.button("Keep it", variant="soft")),
                                rx.alert_dialog.action(
                                    rx.button("Withdraw", color_scheme="red", on_click=S.withdraw)
                                ),
                                justify="end",
                            ),
                        ),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                S.loaded,
                rx.text("You have no application yet. ", rx.link("Apply", href="/register")),
                rx.text("Loading your application…"),
            ),
        ),
        spacing="4",
        width="100%",
    )
