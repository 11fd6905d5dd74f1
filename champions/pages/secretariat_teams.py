"""The secretariat's teams: auto-form, move people, lock, coaching mentor, extensions."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled
from champions.components.i18n import t, t_var, tn
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.state.teams_admin import TeamsAdminState as S


def _move_menu(user, label) -> rx.Component:
    return dropdown(
        rx.el.option(t("Move to…"), value="", disabled=True),
        rx.foreach(S.teams, lambda team: rx.el.option(team["name"], value=team["id"])),
        value="",
        on_change=lambda team_id: S.move(user["user_id"], team_id),
        aria_label=label,
        style={**SELECT_STYLE, "width": "auto"},
    )


def _extension_form(team) -> rx.Component:
    prefix = "ext-" + team["id"] + "-"

    def error(name: str):
        return t_var(S.extension_errors.get(team["id"] + ":" + name, ""))

    return rx.el.details(
        rx.el.summary(t("Grant an extension")),
        rx.form(
            rx.el.input(type="hidden", name="team_id", value=team["id"]),
            rx.flex(
                rx.box(
                    labeled(
                        t("Workshop"),
                        dropdown(
                            rx.foreach(S.workshops, lambda w: rx.el.option(w["label"], value=w["id"])),
                            name="workshop_id",
                            id=prefix + "workshop",
                            style=SELECT_STYLE,
                        ),
                        prefix + "workshop",
                        error("workshop"),
                    ),
                    flex="2 1 12rem",
                ),
                rx.box(
                    labeled(
                        t("New deadline date (Seoul)"),
                        rx.input(type="date", name="deadline_day", id=prefix + "day"),
                        prefix + "day",
                        error("deadline_day"),
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    labeled(
                        t("Time (Seoul)"),
                        rx.input(type="time", name="deadline_time", id=prefix + "time"),
                        prefix + "time",
                    ),
                    flex="1 1 7rem",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            labeled(
                t("Reason"),
                rx.input(name="reason", id=prefix + "reason", width="100%"),
                prefix + "reason",
                error("reason"),
            ),
            rx.button(t("Grant extension"), type="submit", size="2", margin_top="0.5rem"),
            on_submit=S.extend,
        ),
    )


def _team(team) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(team["name"], size="4", as_="h2"),
                rx.badge(tn("{count} member", "{count} members", team["size"])),
                rx.cond(team["locked"] != "", rx.badge(t("locked"), color_scheme="amber")),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.text(team["challenge"], " · ", team["city"], size="2", color_scheme="gray"),
            rx.text(team["submissions"], size="2"),
            rx.el.ul(
                rx.foreach(
                    S.members[team["id"]],
                    lambda m: rx.el.li(
                        rx.flex(
                            rx.text(m["name"], " · ", m["country"]),
                            _move_menu(m, t("Move {name}", name=m["name"])),
                            spacing="2",
                            align="center",
                            wrap="wrap",
                        )
                    ),
                )
            ),
            rx.flex(
                rx.box(
                    labeled(
                        t("Coaching mentor"),
                        dropdown(
                            rx.el.option(t("none"), value=""),
                            rx.foreach(S.mentors, lambda m: rx.el.option(m["label"], value=m["id"])),
                            value=team["coach"],
                            id="coach-" + team["id"],
                            on_change=lambda mentor_id: S.set_coach(team["id"], mentor_id),
                            style=SELECT_STYLE,
                        ),
                        "coach-" + team["id"],
                    ),
                    min_width="12rem",
                ),
                rx.cond(
                    team["locked"] != "",
                    rx.button(
                        t("Unlock team"), variant="soft", size="2", on_click=S.set_locked(team["id"], False)
                    ),
                    rx.button(
                        t("Lock team"), variant="soft", size="2", on_click=S.set_locked(team["id"], True)
                    ),
                ),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            _extension_form(team),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@template
def secretariat_teams() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Teams"), size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), min_width="10rem"),
            rx.button(t("Auto-form teams from unassigned completers"), on_click=S.auto_form),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        rx.text(
            t(
                "Teams have {min} to {max} members; auto-forming spreads each country's members across "
                "teams and gives the same teams for the same people.",
                min=S.team_min,
                max=S.team_max,
            ),
            size="2",
            color_scheme="gray",
        ),
        form_banner(S.error),
        form_banner(S.message, color="green"),
        rx.heading(t("Completers without a team"), size="5", as_="h2"),
        rx.cond(
            S.unassigned.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.unassigned,
                    lambda u: rx.el.li(
                        rx.flex(
                            rx.text(u["name"], " · ", u["country"]),
                            _move_menu(u, t("Put in a team: {name}", name=u["name"])),
                            spacing="2",
                            align="center",
                            wrap="wrap",
                        )
                    ),
                ),
                data_testid="unassigned",
            ),
            rx.text(t("Everyone who completed Phase 1 is in a team.")),
        ),
        rx.heading(t("Teams"), size="5", as_="h2"),
        rx.foreach(S.teams, _team),
        spacing="4",
        width="100%",
    )
