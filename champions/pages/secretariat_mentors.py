"""The secretariat invites mentors and secretariat members, and follows the invitations."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled, text_field
from champions.components.i18n import t, t_var
from champions.components.layout import table_region, template
from champions.services.accounts.invitations import InvitationLine
from champions.state.mentors_admin import MentorsAdminState as S


def _invitation_row(line: InvitationLine) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.name),
        rx.table.cell(line.email),
        rx.table.cell(
            rx.match(line.role, ("mentor", t("mentor")), ("secretariat", t("secretariat")), line.role)
        ),
        rx.table.cell(
            rx.text(
                rx.match(
                    line.state,
                    ("open", t("open")),
                    ("expired", t("expired")),
                    ("accepted", t("accepted")),
                    ("revoked", t("revoked")),
                    line.state,
                ),
                weight="medium",
            ),
            rx.text(line.detail, size="1", color_scheme="gray"),
        ),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    line.can_resend,
                    rx.button(
                        t("Resend"),
                        on_click=S.resend(line.id),
                        variant="soft",
                        size="1",
                        aria_label=t("Resend the invitation to {email}", email=line.email),
                    ),
                ),
                rx.cond(
                    line.can_revoke,
                    rx.button(
                        t("Revoke"),
                        on_click=S.revoke(line.id),
                        variant="soft",
                        color_scheme="red",
                        size="1",
                        aria_label=t("Revoke the invitation to {email}", email=line.email),
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
        rx.heading(t("Mentors"), size="7", as_="h1"),
        rx.form(
            rx.vstack(
                rx.heading(t("Invite a mentor or a secretariat member"), size="4", as_="h2"),
                rx.text(
                    t(
                        "They get an email with a link, valid for 7 days and usable once, where they "
                        "choose their own password; their account is made then."
                    ),
                    size="2",
                ),
                form_banner(S.message, color="green"),
                form_banner(t_var(S.error)),
                text_field(t("Full name"), "full_name", S.errors.get("full_name", ""), id="invite_name"),
                text_field(t("Email"), "email", S.errors.get("email", ""), type_="email", id="invite_email"),
                labeled(
                    t("Role"),
                    dropdown(
                        rx.el.option(t("Mentor"), value="mentor"),
                        rx.el.option(t("Secretariat"), value="secretariat"),
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
                rx.button(t("Send invitation"), type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.invite,
            reset_on_submit=False,
            max_width="28rem",
            width="100%",
        ),
        rx.heading(t("Invitations"), size="4", as_="h2"),
        rx.cond(
            S.invitations.length() > 0,
            table_region(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(t("Name")),
                            rx.table.column_header_cell(t("Email")),
                            rx.table.column_header_cell(t("Role")),
                            rx.table.column_header_cell(t("State")),
                            rx.table.column_header_cell(t("Actions")),
                        )
                    ),
                    rx.table.body(rx.foreach(S.invitations, _invitation_row)),
                    width="100%",
                    data_testid="invitations",
                ),
                "Invitations",
            ),
            rx.text(t("No invitations yet."), size="2"),
        ),
        rx.heading(t("Mentor accounts"), size="4", as_="h2"),
        table_region(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("Name")), rx.table.column_header_cell(t("Email"))
                    )
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
