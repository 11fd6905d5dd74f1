"""/invitation?token=…: an invited mentor or secretariat member chooses their password."""

import reflex as rx

from champions.components.forms import form_banner, new_password_fields
from champions.components.layout import template
from champions.state.invitation import InvitationState as S


@template
def invitation() -> rx.Component:
    return rx.vstack(
        rx.heading("Create your account", size="7", as_="h1"),
        form_banner(S.link_error),
        rx.cond(
            S.link_error != "",
            rx.link("Back to the home page", href="/"),
            rx.cond(
                S.email != "",
                rx.form(
                    rx.vstack(
                        rx.text(
                            "Welcome, ",
                            rx.text.strong(S.full_name),
                            ". You are invited to Smart City Champions as ",
                            S.role,
                            ". Choose the password of your account ",
                            rx.text.strong(S.email),
                            ".",
                        ),
                        new_password_fields(S.errors),
                        rx.button(
                            "Create my account", type="submit", size="3", disabled=~rx.State.is_hydrated
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=S.accept,
                    method="post",
                    width="100%",
                ),
                rx.text("Checking your invitation…"),
            ),
        ),
        spacing="4",
        max_width="28rem",
        width="100%",
    )
