"""Log in."""

import reflex as rx

from champions.components.forms import form_banner, text_field
from champions.components.i18n import t
from champions.components.layout import template
from champions.state.auth import AuthState


@template
def login() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Log in"), size="7", as_="h1"),
        rx.form(
            rx.vstack(
                form_banner(AuthState.login_error),
                text_field(t("Email"), "email", type_="email", auto_complete="username", id="login_email"),
                text_field(
                    t("Password"),
                    "password",
                    type_="password",
                    auto_complete="current-password",
                    id="login_password",
                ),
                rx.button(
                    rx.cond(AuthState.login_busy, t("Logging in…"), t("Log in")),
                    type="submit",
                    size="3",
                    disabled=AuthState.login_busy | ~rx.State.is_hydrated,
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=AuthState.login,
            method="post",  # never a GET with the password in the address, even before the page is live
            width="100%",
        ),
        rx.link(t("Forgot your password?"), href="/forgot-password"),
        rx.text(t("New here?"), " ", rx.link(t("Apply to the program"), href="/register"), "."),
        spacing="4",
        max_width="28rem",
        width="100%",
    )
