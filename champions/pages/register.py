"""The registration form."""

import reflex as rx

from champions.components.forms import dropdown, field_error, form_banner, labeled, text_field
from champions.components.layout import template
from champions.state.registration import COUNTRY_CHOICES, ConfirmEmailState, RegistrationState

E = RegistrationState.errors


@template
def register() -> rx.Component:
    c = RegistrationState.cohort
    return rx.vstack(
        rx.heading("Apply to Smart City Champions", size="7", as_="h1"),
        rx.cond(
            c.title,
            rx.text(
                c.title,
                ": registration closes on ",
                c.closes,
                ". ",
                c.age_rule,
                data_testid="registration-facts",
            ),
            rx.text("Registration is closed at the moment."),
        ),
        form_banner(RegistrationState.answer, color="green"),
        rx.form(
            rx.vstack(
                form_banner(RegistrationState.form_error),
                text_field(
                    "Full name",
                    "full_name",
                    E.get("full_name", ""),
                    auto_complete="name",
                    hint="In your own script, as it should appear on certificates.",
                ),
                text_field("Email", "email", E.get("email", ""), type_="email", auto_complete="email"),
                text_field(
                    "Password",
                    "password",
                    E.get("password", ""),
                    type_="password",
                    auto_complete="new-password",
                    hint="10 to 256 characters.",
                ),
                text_field("Date of birth", "date_of_birth", E.get("date_of_birth", ""), type_="date"),
                labeled(
                    "Country",
                    dropdown(
                        rx.el.option("Choose your country", value=""),
                        *[rx.el.option(choice, value=choice) for choice in COUNTRY_CHOICES],
                        name="country",
                        id="country",
                        default_value="",
                        style={
                            "padding": "0.5rem",
                            "font_size": "1rem",
                            "width": "100%",
                            "border_radius": "6px",
                            "border": "1px solid var(--gray-7)",
                        },
                    ),
                    "country",
                    E.get("country", ""),
                ),
                text_field("City", "city", E.get("city", "")),
                text_field("University or organization", "affiliation", E.get("affiliation", "")),
                text_field("Field of study", "field_of_study", E.get("field_of_study", "")),
                labeled(
                    "Motivation",
                    rx.text_area(
                        name="motivation",
                        id="motivation",
                        rows="8",
                        width="100%",
                        on_change=RegistrationState.count_motivation,
                    ),
                    "motivation",
                    E.get("motivation", ""),
                ),
                rx.text(
                    RegistrationState.motivation_words,
                    " words (50 to 500)",
                    size="2",
                    color_scheme="gray",
                    aria_live="polite",
                ),
                rx.hstack(
                    rx.el.input(type="checkbox", name="consent", id="consent"),
                    rx.el.label(
                        "I agree to the ",
                        rx.link("privacy notice", href="/privacy", is_external=True),
                        html_for="consent",
                    ),
                    align="center",
                ),
                field_error(E.get("consent", "")),
                rx.button(
                    rx.cond(RegistrationState.busy, "Submitting…", "Submit application"),
                    type="submit",
                    size="3",
                    disabled=RegistrationState.busy | ~rx.State.is_hydrated,
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=RegistrationState.submit,
            method="post",  # never a GET with the password in the address, even before the page is live
            width="100%",
        ),
        spacing="4",
        max_width="40rem",
        width="100%",
    )


@template
def confirm_email() -> rx.Component:
    return rx.vstack(
        rx.heading("Confirm your email", size="7", as_="h1"),
        rx.cond(
            ConfirmEmailState.message == "",
            rx.text("Checking your link…"),
            rx.cond(
                ConfirmEmailState.confirmed,
                form_banner(ConfirmEmailState.message, color="green"),
                form_banner(ConfirmEmailState.message),
            ),
        ),
        rx.cond(
            ConfirmEmailState.confirmed,
            rx.link("Log in", href="/login"),
            rx.link("Register", href="/register"),
        ),
        spacing="4",
        max_width="28rem",
        width="100%",
    )
