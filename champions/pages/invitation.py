"""/invitation?token=…: an invited mentor or secretariat member chooses their password."""

import reflex as rx

from champions.components.forms import form_banner, new_password_fields
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.state.invitation import InvitationState as S


def _invited_as() -> rx.Var:
    """The sentence of the invitation's role (the words of ROLE_WORDS,
    champions/services/accounts/invitations.py)."""
    return rx.match(
        S.role,
        ("a mentor", t("You are invited to Smart City Champions as a mentor.")),
        (
            "a member of the secretariat",
            t("You are invited to Smart City Champions as a member of the secretariat."),
        ),
        t("You are invited to Smart City Champions as {role}.", role=t_var(S.role)),
    )


@template
def invitation() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Create your account"), size="7", as_="h1"),
        form_banner(t_var(S.link_error)),
        rx.cond(
            S.link_error != "",
            rx.link(t("Back to the home page"), href="/"),
            rx.cond(
                S.email != "",
                rx.form(
                    rx.vstack(
                        rx.text(
                            t("Welcome, {name}.", name=S.full_name),
                            " ",
                            _invited_as(),
                            " ",
                            t("Choose the password of your account {email}.", email=S.email),
                        ),
                        new_password_fields(S.errors),
                        rx.button(
                            t("Create my account"), type="submit", size="3", disabled=~rx.State.is_hydrated
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=S.accept,
                    method="post",
                    width="100%",
                ),
                rx.text(t("Checking your invitation…")),
            ),
        ),
        spacing="4",
        max_width="28rem",
        width="100%",
    )
