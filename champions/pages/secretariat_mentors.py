"""The secretariat invites mentors and secretariat members, and follows the invitations."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled, text_field
from champions.components.layout import table_region, template
from champions.services.accounts.invitations import InvitationLine
from champions.state.mentors_admin import MentorsAdminState as S


def _invitation_row(line: InvitationLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.name),
        rx.table.cell(line.email),
        rx.table.cell(line.role),
        rx.table.cell(
            rx.text(line.state, weight="medium"), rx.text(line.detail, size="1", color_scheme="gray")
        ),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    line.can_resend,
                    rx.button(
                        "Resend",
                        on_click=S.resend(line.id),
                        variant="soft",
                        size="1",
                        aria_label="Resend the invitation to " + line.email,
                    ),
                ),
                rx.cond(
                    line.can_revoke,
                    rx.button(
                        "Revoke",
                        on_click=S.revoke(line.id),
                        variant="soft",
                        color_scheme="red",
                        size="1",
                        aria_label="Revoke the invitation to " + line.email,
                    ),
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
    )


@template
def secretariat_mentors() -> rx.Component:
    return rx.vstack(
        rx.heading("Mentors", size="7", as_="h1"),
        rx.form(
            rx.vstack(
                rx.heading("Invite a mentor or a secretariat member", size="4", as_="h2"),
                rx.text(
                    "They get an email with a link, valid for 7 days and usable once, where they "
                    "choose their own password; their account is made then.",
                    size="2",
                ),
                form_banner(S.message, color="green"),
                form_banner(S.error),
                text_field("Full name", "full_name", S.errors.get("full_name", ""), id="invite_name"),
                text_field("Email", "email", S.errors.get("email", ""), type_="email", id="invite_email"),
                labeled(
                    "Role",
                    dropdown(
                        rx.el.option("Mentor", value="mentor"),
                        rx.el.option("Secretariat", value="secretariat"),
                        name="role",
                        id="invite_role",
                        default_value="mentor",
                        style={
                            "padding": "0.5rem",
                            "font_size": "1rem",
                            "width": "100%",
                            "border_radius": "6px",
                            "border": "1px solid var(--gray-7)",
                        },
                    ),
                    "invite_role",
                    S.errors.get("role", ""),
                ),
                rx.button("Send invitation", type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.invite,
            reset_on_submit=False,
            max_width="28rem",
            width="100%",
        ),
        rx.heading("Invitations", size="4", as_="h2"),
        rx.cond(
            S.invitations.length() > 0,
            table_region(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("Name"),
                            rx.table.column_header_cell("Email"),
                            rx.table.column_header_cell("Role"),
                            rx.table.column_header_cell("State"),
                            rx.table.column_header_cell("Actions"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.invitations, _invitation_row)),
                    width="100%",
                    data_testid="invitations",
                ),
                "Invitations",
            ),
            rx.text("No invitations yet.", size="2"),
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
