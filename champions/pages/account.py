"""The caller's own account: change password; log out on every device; a private calendar
subscription (participants and mentors); download one's data; delete one's account
(participants)."""

import reflex as rx

from champions.components.forms import checkbox_choice, form_banner, new_password_fields, text_field
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.state.account import AccountState as S
from champions.state.notifications import NotificationsState as N


def _choice(choice) -> rx.Component:
    field_id = "notify-" + choice.name
    return checkbox_choice(choice.name, t_var(choice.label), choice.on, field_id, key=field_id)


def _notification_choices() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Email notifications"), size="4", as_="h2"),
            rx.text(
                t(
                    "Decisions on your application and security messages always come. Untick the "
                    "reminders and news you do not want by email (they still show under Notifications). "
                    "Dates in your emails are given in this browser's time zone and in Seoul time."
                ),
                size="2",
            ),
            rx.foreach(N.choices, _choice),
            rx.button(t("Save notification choices"), type="submit", disabled=~rx.State.is_hydrated),
            rx.cond(N.choices_saved, rx.text(t("Saved."), size="2", role="status")),
            spacing="3",
            width="100%",
        ),
        on_submit=N.save_choices,
        on_mount=N.load_choices,
        max_width="28rem",
        width="100%",
    )


def _address(label: str, value, control_id: str) -> rx.Component:
    """A read-only address to copy, with its visible label."""
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_weight": "500"}),
        rx.input(value=value, id=control_id, read_only=True, size="2", width="100%"),
        spacing="1",
        width="100%",
    )


def _calendar_feed() -> rx.Component:
    return rx.cond(
        S.feed_available,
        rx.vstack(
            rx.heading(t("Calendar subscription"), size="4", as_="h2"),
            rx.text(
                t(
                    "Subscribe in your calendar app to a private address: it always shows the current "
                    "lectures, workshop sessions, deadlines and the ceremony. Anyone with the address "
                    "sees your calendar: keep it to yourself. We show it once, when it is made; make a "
                    "new one if you lose it."
                ),
                size="2",
            ),
            form_banner(t_var(S.feed_message), color="green"),
            rx.cond(
                S.feed_url != "",
                rx.vstack(
                    _address(t("Calendar address (webcal)"), S.feed_webcal, "feed_webcal"),
                    _address(t("Calendar address (https)"), S.feed_url, "feed_url"),
                    rx.link(t("Subscribe in my calendar app"), href=S.feed_webcal),
                    spacing="2",
                    width="100%",
                ),
            ),
            rx.cond(
                S.feed_active,
                rx.vstack(
                    rx.text(t("Your address works; it was made {date}.", date=S.feed_since), size="2"),
                    rx.hstack(
                        rx.button(t("Make a new calendar address"), on_click=S.start_feed, variant="outline"),
                        rx.button(
                            t("Stop my calendar address"),
                            on_click=S.stop_feed,
                            color_scheme="red",
                            variant="soft",
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                    spacing="2",
                ),
                rx.button(t("Make my calendar address"), on_click=S.start_feed, variant="outline"),
            ),
            spacing="3",
            max_width="36rem",
            width="100%",
        ),
    )


@template
def account() -> rx.Component:
    return rx.vstack(
        rx.heading(t("My account"), size="7", as_="h1"),
        rx.form(
            rx.vstack(
                rx.heading(t("Change password"), size="4", as_="h2"),
                rx.text(t("Changing your password logs you out on every device."), size="2"),
                text_field(
                    t("Current password"),
                    "current_password",
                    S.errors.get("current_password", ""),
                    type_="password",
                    auto_complete="current-password",
                ),
                new_password_fields(S.errors),
                rx.button(t("Change password"), type="submit", disabled=~rx.State.is_hydrated),
                spacing="3",
                width="100%",
            ),
            on_submit=S.change_password,
            method="post",  # never a GET with passwords in the address, even before the page is live
            max_width="28rem",
            width="100%",
        ),
        _notification_choices(),
        rx.vstack(
            rx.heading(t("Sessions"), size="4", as_="h2"),
            rx.text(
                t(
                    "Lost a phone, or logged in on a shared computer? End every session of your account, "
                    "this one included."
                ),
                size="2",
            ),
            rx.button(
                t("Log out everywhere"), on_click=S.log_out_everywhere, color_scheme="red", variant="soft"
            ),
            spacing="3",
            max_width="28rem",
        ),
        _calendar_feed(),
        rx.cond(
            S.can_delete,  # participants
            rx.vstack(
                rx.heading(t("Winners page"), size="4", as_="h2"),
                rx.text(
                    t(
                        "If your team wins an award, the public winners page of your edition shows the "
                        "team, its city and countries. Your name is shown there only if you choose so "
                        "here; you can change your mind at any time."
                    ),
                    size="2",
                ),
                rx.el.label(
                    rx.hstack(
                        rx.checkbox(
                            checked=S.name_on_winners_page,
                            on_change=S.set_name_on_winners_page,
                            id="name_on_winners_page",
                        ),
                        rx.text(t("Show my name on the public winners page"), size="2"),
                        spacing="2",
                        align="center",
                    ),
                    html_for="name_on_winners_page",
                ),
                spacing="3",
                max_width="28rem",
            ),
        ),
        rx.vstack(
            rx.heading(t("Your data"), size="4", as_="h2"),
            rx.text(
                t("Everything we hold about you, as one JSON file. What we keep, why and for how long:"),
                " ",
                rx.link(t("privacy notice"), href="/privacy"),
                ".",
                size="2",
            ),
            rx.button(t("Download my data (JSON)"), on_click=S.download_my_data, variant="outline"),
            spacing="3",
            max_width="28rem",
        ),
        rx.cond(
            S.can_delete,
            rx.form(
                rx.vstack(
                    rx.heading(t("Delete my account"), size="4", as_="h2"),
                    rx.text(
                        t(
                            "Your personal data is removed or anonymized and you can no longer log in. "
                            "Finalized award lists keep the names they printed. This cannot be undone."
                        ),
                        size="2",
                    ),
                    text_field(
                        t("Your password, to confirm"),
                        "delete_password",
                        S.errors.get("delete_password", ""),
                        type_="password",
                        auto_complete="current-password",
                    ),
                    rx.button(
                        t("Delete my account"),
                        type="submit",
                        color_scheme="red",
                        disabled=~rx.State.is_hydrated,
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.delete_my_account,
                method="post",
                max_width="28rem",
                width="100%",
            ),
        ),
        spacing="6",
    )
