"""The secretariat's settings: the program's contacts (email, phone, address, website, social
links) and partners, shown in the footer and on the landing page."""

import reflex as rx

from champions.components.forms import form_banner, labeled, text_field
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.state.settings_admin import SettingsAdminState as S


def _lines(label, name: str, hint) -> rx.Component:
    return labeled(
        label,
        rx.text_area(name=name, id=name, rows="4", width="100%", default_value=S.form[name]),
        name,
        S.errors.get(name, ""),
        rx.fragment(hint),  # a component: `labeled` asks whether there is a hint with Python's `if`
    )


@template
def secretariat_settings() -> rx.Component:
    f, e = S.form, S.errors
    return rx.vstack(
        rx.heading(t("Program settings"), size="7", as_="h1"),
        rx.text(
            t(
                "The secretariat's contacts appear in every page's footer and on the landing page; "
                "replies to the app's emails go to the email address."
            ),
            color_scheme="gray",
        ),
        rx.form(
            rx.vstack(
                text_field(
                    t("Secretariat email"),
                    "email",
                    e.get("email", ""),
                    type_="email",
                    default_value=f["email"],
                    id="contact_email",
                ),
                text_field(t("Phone"), "phone", e.get("phone", ""), type_="tel", default_value=f["phone"]),
                labeled(
                    t("Postal address"),
                    rx.text_area(
                        name="address", id="address", rows="3", width="100%", default_value=f["address"]
                    ),
                    "address",
                    e.get("address", ""),
                ),
                text_field(
                    t("Official website"),
                    "website",
                    e.get("website", ""),
                    type_="url",
                    default_value=f["website"],
                ),
                _lines(
                    t("Social links"),
                    "social",
                    t("One a line: name | https://… (for example: YouTube | https://…)."),
                ),
                _lines(
                    t("Partners"), "partners", t("One a line: name | https://… (the link may be left out).")
                ),
                form_banner(e.get("", "")),
                form_banner(t_var(S.message), color="green"),
                rx.button(t("Save settings"), type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.version.to_string(),
            max_width="36rem",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
