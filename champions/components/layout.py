"""The page template: header with navigation by role, main content, footer."""

from collections.abc import Callable
from functools import wraps

import reflex as rx

from champions.components.i18n import language_switcher, t, tn
from champions.infra.translations import N_
from champions.state.auth import AuthState
from champions.state.contacts import ContactsState
from champions.state.notifications import NotificationsState

NAV = {
    "": [(N_("Home"), "/"), (N_("Register"), "/register"), (N_("Log in"), "/login")],
    "participant": [
        (N_("My application"), "/my-application"),
        (N_("Lectures"), "/schedule"),
        (N_("My team"), "/team"),
        (N_("Awards"), "/awards"),
    ],
    "mentor": [(N_("Mentor home"), "/mentor")],
}
# The secretariat's pages grouped by the program's parts: every link stays visible (no hidden
# menus to open), each group under a visible label, wrapping into rows on narrow screens.
SECRETARIAT_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("Edition"),
        [
            (N_("Dashboard"), "/secretariat"),
            (N_("Editions"), "/secretariat/editions"),
            (N_("Settings"), "/secretariat/settings"),
        ],
    ),
    (N_("Applicants"), [(N_("Applications"), "/secretariat/applications")]),
    (
        N_("Phase 1"),
        [
            (N_("Lectures"), "/secretariat/lectures"),
            (N_("Roster"), "/secretariat/roster"),
            (N_("Progress"), "/secretariat/progress"),
        ],
    ),
    (N_("Phase 2"), [(N_("Workshops"), "/secretariat/workshops"), (N_("Teams"), "/secretariat/teams")]),
    (
        N_("Judging"),
        [
            (N_("Judging"), "/secretariat/judging"),
            (N_("Mentors"), "/secretariat/mentors"),
            (N_("Results"), "/secretariat/results"),
        ],
    ),
    (N_("Awards"), [(N_("Awards"), "/secretariat/awards")]),
    (
        N_("Records"),
        [
            (N_("Messages"), "/secretariat/messages"),
            (N_("Audit"), "/secretariat/audit"),
            (N_("Outbox"), "/secretariat/outbox"),
        ],
    ),
]
NAV["secretariat"] = [link for _, links in SECRETARIAT_GROUPS for link in links]


def _links(items: list[tuple[str, str]]) -> rx.Component:
    return rx.hstack(
        *[rx.link(t(label), href=href, size="3", weight="medium") for label, href in items],
        spacing="4",
        wrap="wrap",
    )


def table_region(table: rx.Component, label: str, **props) -> rx.Component:
    """A data table that scrolls sideways inside its own area on a narrow screen (WCAG 1.4.10),
    focusable so a keyboard can scroll it (2.1.1); styles.css turns Radix's own scroll area,
    which a keyboard cannot reach, off inside it. `label` names the table for the reader of the
    code; the table's headers name it for a screen reader (an aria-label here would be found by
    every form label lookup of the same words)."""
    del label
    return rx.box(table, class_name="table-scroll", tab_index=0, width="100%", **props)


def _group(label: str, items: list[tuple[str, str]]) -> rx.Component:
    label_id = "nav-group-" + label.lower().replace(" ", "-")
    return rx.el.li(
        rx.el.span(t(label), id=label_id, class_name="nav-group-label"),
        rx.el.ul(
            *[rx.el.li(rx.link(t(text), href=href, size="2", weight="medium")) for text, href in items],
            aria_labelledby=label_id,
            class_name="nav-group-links",
        ),
        class_name="nav-group",
    )


def _secretariat_links() -> rx.Component:
    return rx.el.ul(*[_group(label, items) for label, items in SECRETARIAT_GROUPS], class_name="nav-groups")


def navigation() -> rx.Component:
    return rx.el.nav(
        rx.match(
            AuthState.user_role,
            ("participant", _links(NAV["participant"])),
            ("mentor", _links(NAV["mentor"])),
            ("secretariat", _secretariat_links()),
            _links(NAV[""]),
        ),
        aria_label=t("Main"),
    )


def bell() -> rx.Component:
    """The link to /notifications with the number of unread ones (read when it mounts, that is
    on every page of a logged-in person)."""
    return rx.link(
        rx.icon("bell", size=16, aria_hidden="true"),
        rx.text(t("Notifications"), as_="span"),
        rx.cond(
            NotificationsState.unread > 0,
            rx.badge(
                tn("{count} unread", "{count} unread", NotificationsState.unread),
                color_scheme="red",
                variant="solid",
            ),
        ),
        href="/notifications",
        size="2",
        on_mount=NotificationsState.count,
        # Wraps rather than overflow: a badge's words (Arabic's "one unread message") never wrap.
        style={"display": "inline-flex", "align_items": "center", "gap": "0.25rem", "flex_wrap": "wrap"},
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                # Text, not a heading: the page's own title is its one h1.
                rx.text("Smart City Champions", size="5", weight="bold", as_="span"),
                href="/",
                underline="none",
            ),
            navigation(),
            language_switcher(),
            rx.cond(
                AuthState.user_role != "",
                rx.hstack(
                    bell(),
                    rx.link(AuthState.user_name, href="/account", size="2"),
                    rx.button(t("Log out"), on_click=AuthState.logout, variant="soft", size="2"),
                    align="center",
                    spacing="3",
                    wrap="wrap",
                ),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
        ),
        style={"padding": "0.75rem 1rem", "border_bottom": "1px solid var(--gray-5)"},
    )


def _named_links(links) -> rx.Component:
    return rx.foreach(
        links,
        lambda link: rx.cond(
            link.url != "",
            rx.link(link.name, href=link.url, is_external=True, size="1"),
            rx.text(link.name, size="1", as_="span"),
        ),
    )


def contacts_block(size: str = "1") -> rx.Component:
    """The program's contacts and partners (what the secretariat set; nothing when empty)."""
    c = ContactsState.contacts
    return rx.vstack(
        rx.cond(
            (c.email != "") | (c.phone != "") | (c.website != ""),
            rx.flex(
                rx.text(t("Contact the secretariat:"), size=size, weight="medium"),
                rx.cond(c.email != "", rx.link(c.email, href="mailto:" + c.email, size=size)),
                rx.cond(c.phone != "", rx.link(c.phone, href="tel:" + c.phone, size=size)),
                rx.cond(
                    c.website != "",
                    rx.link(t("Official website"), href=c.website, is_external=True, size=size),
                ),
                _named_links(c.social),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
        ),
        rx.cond(c.address != "", rx.text(c.address, size=size, white_space="pre-line")),
        rx.cond(
            c.partners.length() > 0,
            rx.flex(
                rx.text(t("Partners:"), size=size, weight="medium"),
                _named_links(c.partners),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
        ),
        spacing="1",
        align="center",
    )


def layout(content: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.a(t("Skip to content"), href="#main", class_name="skip-link"),
        header(),
        rx.el.main(
            content,
            id="main",
            # The skip link moves focus here, so the next Tab starts in the content.
            tab_index=-1,
            # "true" once the page's own loading (its on_load events) is done: what a browser
            # test waits for before it reads or clicks (the prerendered page shows at once).
            custom_attrs={"data-hydrated": rx.State.is_hydrated},
            style={"max_width": "70rem", "margin": "0 auto", "padding": "1.5rem 1rem 3rem"},
        ),
        rx.el.footer(
            rx.vstack(
                contacts_block(),
                rx.text(
                    t("A program of WeGO, the World Smart Sustainable Cities Organization"),
                    " · ",
                    rx.link(t("Privacy notice"), href="/privacy"),
                    " · ",
                    rx.link(t("Accessibility"), href="/accessibility"),
                    size="1",
                    color_scheme="gray",
                ),
                spacing="2",
                align="center",
            ),
            on_mount=ContactsState.load,
            style={"padding": "1rem", "text_align": "center"},
        ),
        class_name="page",
    )


def template(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
    """Decorator: wrap a page's content in the common layout."""

    @wraps(page)
    def wrapped() -> rx.Component:
        return layout(page())

    return wrapped
