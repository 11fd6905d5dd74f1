"""The secretariat creates mentor accounts."""

import reflex as rx

from champions.components.forms import form_banner, text_field
from champions.components.layout import table_region, template
from champions.state.mentors_admin import MentorsAdminState as S


@template
def secretariat_mentors() -> rx.Component:
    return rx.vstack(
        rx.heading("Mentors", size="7", as_="h1"),
        rx.form(
            rx.vstack(
                rx.heading("Create a mentor account", size="4", as_="h2"),
                form_banner(S.message, color="green"),
                text_field("Full name", "full_name", S.errors.get("full_name", ""), id="mentor_name"),
                text_field("Email", "email", S.errors.get("email", ""), type_="email", id="mentor_email"),
                text_field(
                    "Temporary password",
                    "password",
                    S.errors.get("password", ""),
                    type_="password",
                    id="mentor_password",
                    hint="10 to 256 characters; give it to the mentor privately.",
                    auto_complete="new-password",
                ),
                rx.button("Create mentor account", type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.create_mentor,
            reset_on_submit=False,
            max_width="28rem",
            width="100%",
        ),
        rx.heading("Mentor accounts", size="4", as_="h2"),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(rx.table.column_header_cell("Name"), rx.table.column_header_cell("Email"))
                ),
                rx.table.body(
                    rx.foreach(
                        S.mentors, lambda m: rx.table.row(rx.table.cell(m.name), rx.table.cell(m.email))
                    )
                ),
                width="100%",
            ),
            "Mentor accounts",
        ),
        spacing="4",
        width="100%",
    )
