"""The registration form."""

import reflex as rx

from champions.components.forms import dropdown, field_error, form_banner, labeled, text_field
from champions.components.i18n import t, tn
from champions.components.layout import template
from champions.pages.landing import age_rule
from champions.state.registration import COUNTRY_CHOICES, ConfirmEmailState, RegistrationState

E = RegistrationState.errors


def _isolated(value: rx.Var) -> rx.Var:
    return "\u2068" + value + "\u2069"


@template
def register() -> rx.Component:
    c = RegistrationState.cohort
    return rx.vstack(
        rx.heading(t("Apply to Smart City Champions"), size="7", as_="h1"),
        rx.cond(
            c.title,
            rx.text(
                # The values isolated (FSI … PDI) so a date in Latin script reads in its own
                # direction inside an Arabic sentence.
                t(
                    "{edition}: registration closes on {day}.",
                    edition=_isolated(c.title),
                    day=_isolated(c.closes),
                ),
                " ",
                rx.el.bdi(age_rule(c)),
                data_testid="registration-facts",
            ),
            rx.text(t("Registration is closed at the moment.")),
        ),
        form_banner(RegistrationState.answer, color="green"),
        rx.form(
            rx.vstack(
                form_banner(RegistrationState.form_error),
                text_field(
                    t("Full name"),
                    "full_name",
                    E.get("full_name", ""),
                    auto_complete="name",
                    hint=t("In your own script, as it should appear on certificates."),
                ),
                text_field(t("Email"), "email", E.get("email", ""), type_="email", auto_complete="email"),
                text_field(
                    t("Password"),
                    "password",
                    E.get("password", ""),
                    type_="password",
                    auto_complete="new-password",
                    hint=t("10 to 256 characters."),
                ),
                text_field(t("Date of birth"), "date_of_birth", E.get("date_of_birth", ""), type_="date"),
                labeled(
                    t("Country"),
                    dropdown(
                        rx.el.option(t("Choose your country"), value=""),
                        rx.cond(
                            RegistrationState.countries,
                            rx.foreach(RegistrationState.countries, lambda c: rx.el.option(c[1], value=c[0])),
                            rx.fragment(*[rx.el.option(choice, value=choice) for choice in COUNTRY_CHOICES]),
                        ),
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
                text_field(t("City"), "city", E.get("city", "")),
                text_field(t("University or organization"), "affiliation", E.get("affiliation", "")),
                text_field(t("Field of study"), "field_of_study", E.get("field_of_study", "")),
                labeled(
                    t("Motivation"),
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
                    tn(
                        "{count} word (50 to 500)",
                        "{count} words (50 to 500)",
                        RegistrationState.motivation_words,
                    ),
                    size="2",
                    color_scheme="gray",
                    aria_live="polite",
                ),
                rx.hstack(
                    rx.el.input(type="checkbox", name="consent", id="consent"),
                    rx.el.label(
                        t("I agree to the "),
                        rx.link(t("privacy notice"), href="/privacy", is_external=True),
                        html_for="consent",
                    ),
                    align="center",
                ),
                field_error(E.get("consent", "")),
                rx.button(
                    rx.cond(RegistrationState.busy, t("Submitting…"), t("Submit application")),
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
        rx.heading(t("Confirm your email"), size="7", as_="h1"),
        rx.cond(
            ConfirmEmailState.message == "",
            rx.text(t("Checking your link…")),
            rx.cond(
                ConfirmEmailState.confirmed,
                form_banner(ConfirmEmailState.message, color="green"),
                form_banner(ConfirmEmailState.message),
            ),
        ),
        rx.cond(
            ConfirmEmailState.confirmed,
            rx.link(t("Log in"), href="/login"),
            rx.link(t("Register"), href="/register"),
        ),
        spacing="4",
        max_width="28rem",
        width="100%",
    )
