"""/forgot-password (ask for a link) and /reset-password?token=… (choose a new password)."""

import reflex as rx

from champions.components.forms import form_banner, new_password_fields, text_field
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.state.password_reset import ForgotPasswordState as F
from champions.state.password_reset import ResetPasswordState as R


@template
def forgot_password() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Forgot your password?"), size="7", as_="h1"),
        rx.text(t("Enter the email of your account: we send it a link to choose a new password.")),
        form_banner(F.answer, color="green"),
        rx.form(
            rx.vstack(
                text_field(
                    t("Email"), "email", F.errors.get("email", ""), type_="email", auto_complete="username"
                ),
                rx.button(t("Send me a link"), type="submit", size="3", disabled=~rx.State.is_hydrated),
                spacing="4",
                width="100%",
            ),
            on_submit=F.ask,
            method="post",
            width="100%",
        ),
        rx.link(t("Back to log in"), href="/login"),
        spacing="4",
        max_width="28rem",
        width="100%",
    )


@template
def reset_password() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Choose a new password"), size="7", as_="h1"),
        form_banner(t_var(R.link_error)),
        rx.cond(
            R.link_error != "",
            rx.link(t("Ask for a new link"), href="/forgot-password"),
            rx.form(
                rx.vstack(
                    new_password_fields(R.errors),
                    rx.button(
                        t("Set my new password"), type="submit", size="3", disabled=~rx.State.is_hydrated
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=R.submit,
                method="post",
                width="100%",
            ),
        ),
        spacing="4",
        max_width="28rem",
        width="100%",
    )
