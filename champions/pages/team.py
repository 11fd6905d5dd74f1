"""The participant's Phase 2 page: their team, the workshops (session, deadline countdown in
their zone and Seoul time, the submission form, the version history) and the team's youth
recommendations."""

import reflex as rx

from champions.components.ceremony import ceremony_card
from champions.components.forms import field_error, form_banner, labeled, text_field
from champions.components.i18n import t, t_var, tc, tn
from champions.components.layout import template
from champions.components.relative_time import relative_time
from champions.services.phase2.recommendations import MAX_WORDS, MIN_WORDS, SDG11_TARGETS
from champions.services.phase2.uploads import ALLOWED
from champions.state.ceremony import CeremonyState
from champions.state.team import TeamState as S

_ACCEPT = ",".join(ALLOWED)
# Sends the workshop's form (text fields and files) to the upload route with this browser's
# session cookie, and hands the JSON answer to TeamState.after_submit.
_SUBMIT_JS = """
(async (id) => {
  const form = document.getElementById("submit-form-" + id);
  try {
    const response = await fetch("/api/workshops/" + id + "/versions",
                                 {method: "POST", body: new FormData(form), credentials: "same-origin"});
    let body = null;
    try { body = await response.json(); } catch (error) {}
    if (!body) body = {ok: false, errors: {"": "The server refused the upload (" + response.status + ")."}};
    if (body.ok) form.reset();
    body.workshop = String(id);
    return body;
  } catch (error) {
    return {ok: false, workshop: String(id),
            errors: {"": "The upload did not reach the server. Check your connection and try again."}};
  }
})("""


def _team_forms() -> rx.Component:
    e = S.errors
    return rx.vstack(
        rx.cond(
            S.eligible_text != "", rx.callout(t_var(S.eligible_text), color_scheme="amber", width="100%")
        ),
        rx.cond(
            S.eligible_text == "",
            rx.flex(
                rx.card(
                    rx.form(
                        rx.vstack(
                            rx.heading(t("Create a team"), size="4", as_="h2"),
                            text_field(t("Team name"), "name", e.get("create_name", ""), id="create_name"),
                            text_field(
                                t("The smart city challenge you tackle"),
                                "challenge",
                                e.get("create_challenge", ""),
                                id="create_challenge",
                            ),
                            text_field(
                                t("The city it concerns"), "city", e.get("create_city", ""), id="create_city"
                            ),
                            field_error(t_var(e.get("create", ""))),
                            rx.button(t("Create team"), type="submit"),
                            spacing="2",
                            width="100%",
                        ),
                        on_submit=S.create,
                    ),
                    flex="1 1 18rem",
                ),
                rx.card(
                    rx.form(
                        rx.vstack(
                            rx.heading(t("Join a team"), size="4", as_="h2"),
                            text_field(
                                t("Invite code"),
                                "code",
                                e.get("join_code", ""),
                                id="join_code",
                                autocomplete="off",
                            ),
                            field_error(t_var(e.get("join", ""))),
                            rx.button(t("Join team"), type="submit"),
                            spacing="2",
                            width="100%",
                        ),
                        on_submit=S.join,
                    ),
                    flex="1 1 18rem",
                ),
                spacing="4",
                wrap="wrap",
                width="100%",
            ),
        ),
        width="100%",
    )


def _my_team() -> rx.Component:
    team, e = S.team, S.errors
    return rx.card(
        rx.vstack(
            rx.heading(team["name"], size="6", as_="h2", data_testid="team-name"),
            rx.text(
                rx.text.strong(t("Challenge:")),
                " ",
                team["challenge"],
                " · ",
                rx.text.strong(t("City:")),
                " ",
                team["city"],
            ),
            rx.text(
                t("Invite code:"),
                " ",
                rx.code(team["code"], size="5", data_testid="invite-code"),
                " — ",
                t("teams have {min} to {max} members.", min=S.team_min, max=S.team_max),
            ),
            rx.cond(team["locked"] != "", rx.badge(t("Locked by the secretariat"), color_scheme="amber")),
            rx.cond(team["coach"] != "", rx.text(t("Coaching mentor: {name}", name=team["coach"]))),
            rx.heading(t("Members"), size="3", as_="h3"),
            rx.el.ul(
                rx.foreach(S.members, lambda m: rx.el.li(m["name"], " · ", m["country"])),
                data_testid="members",
            ),
            # A locked team's details are the secretariat's to change (they go on certificates).
            rx.cond(
                team["locked"] == "",
                rx.el.details(
                    rx.el.summary(t("Edit the team's details")),
                    rx.form(
                        rx.vstack(
                            text_field(
                                t("Team name"),
                                "name",
                                e.get("edit_name", ""),
                                id="edit_name",
                                default_value=team["name"],
                            ),
                            text_field(
                                t("The smart city challenge you tackle"),
                                "challenge",
                                e.get("edit_challenge", ""),
                                id="edit_challenge",
                                default_value=team["challenge"],
                            ),
                            text_field(
                                t("The city it concerns"),
                                "city",
                                e.get("edit_city", ""),
                                id="edit_city",
                                default_value=team["city"],
                            ),
                            field_error(t_var(e.get("edit", ""))),
                            rx.button(t("Save details"), type="submit", variant="outline"),
                            spacing="2",
                            width="100%",
                        ),
                        on_submit=S.edit,
                    ),
                ),
                rx.text(
                    t("To change the team's name, challenge or city, ask the secretariat."),
                    size="2",
                    color_scheme="gray",
                ),
            ),
            rx.cond(
                team["leave_refusal"] == "",
                rx.button(t("Leave the team"), color_scheme="red", variant="soft", on_click=S.leave),
                rx.text(t_var(team["leave_refusal"]), size="2", color_scheme="gray"),
            ),
            field_error(t_var(e.get("leave", ""))),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _version(version) -> rx.Component:
    return rx.el.li(
        rx.text(
            rx.text.strong(t("Version {number}", number=version["number"])),
            " · ",
            version["when"],
            " · ",
            t("by {name}", name=version["by"]),
            rx.cond(
                version["extension"] != "",
                rx.badge(t_var(version["extension"]), color_scheme="amber", ml="2"),
            ),
            rx.cond(
                version["counted"] != "", rx.badge(t_var(version["counted"]), color_scheme="green", ml="2")
            ),
        ),
        rx.text(version["title"], weight="medium"),
        rx.text(version["summary"], size="2", white_space="pre-wrap"),
        rx.cond(
            version["link"] != "", rx.link(version["link"], href=version["link"], is_external=True, size="2")
        ),
        rx.el.ul(
            rx.foreach(
                S.files[version["key"]],
                lambda f: rx.el.li(rx.link(f["name"], href=f["url"], size="2"), " (", f["size"], ")"),
            )
        ),
        style={"margin_bottom": "0.75rem"},
    )


def _submit_form(w) -> rx.Component:
    def error(name: str):
        return S.submit_errors.get(w["id"] + ":" + name, "")

    return rx.el.form(
        rx.vstack(
            rx.heading(t("Submit a new version"), size="3", as_="h4"),
            labeled(
                t("Title"),
                rx.input(name="title", id="title-" + w["id"], width="100%"),
                "title-" + w["id"],
                error("title"),
            ),
            labeled(
                t("Summary (up to 500 words)"),
                rx.text_area(name="summary", id="summary-" + w["id"], rows="5", width="100%"),
                "summary-" + w["id"],
                error("summary"),
            ),
            labeled(
                t("Link (optional)"),
                rx.input(name="link", id="link-" + w["id"], type="url", width="100%"),
                "link-" + w["id"],
                error("link"),
            ),
            labeled(
                t("Files (up to 5; PDF, PowerPoint, Word, Excel, PNG or JPG; 20 MB each)"),
                rx.el.input(type="file", name="files", id="files-" + w["id"], multiple=True, accept=_ACCEPT),
                "files-" + w["id"],
                error("files"),
            ),
            rx.cond(
                w["has_versions"] != "",
                rx.el.label(
                    rx.el.input(type="checkbox", name="keep_previous", value="yes", default_checked=True),
                    " ",
                    t("Keep the files of version {number}", number=w["latest"]),
                    style={"display": "flex", "gap": "0.4rem", "align_items": "center"},
                ),
            ),
            field_error(error("")),
            rx.button(
                rx.cond(S.submit_busy == w["id"], t("Uploading…"), t("Submit version")),
                type="button",
                disabled=S.submit_busy == w["id"],
                on_click=[
                    S.submitting(w["id"]),
                    rx.call_script(_SUBMIT_JS + w["id"] + ")", callback=S.after_submit),
                ],
            ),
            spacing="2",
            width="100%",
        ),
        id="submit-form-" + w["id"],
        on_submit=rx.prevent_default,
    )


def _state_text(w) -> rx.Var:
    """ "submitted: version 2, Mon 2 May 2022, 14:00 KST", or the state alone when no version counts."""
    return rx.cond(
        w["counted_number"] != "",
        t(
            "{state}: version {number}, {when}",
            state=t_var(w["state"]),
            number=w["counted_number"],
            when=w["counted_when"],
        ),
        t_var(w["state"]),
    )


def _session(w) -> rx.Component:
    """ "Mon 2 May 2022, 14:00–17:00 KST · hybrid · Seoul Global Center", the mode in the page's language."""
    return rx.fragment(
        w["session_when"],
        " · ",
        t_var(w["session_mode"]),
        rx.cond(w["session_venue"] != "", rx.fragment(" · ", w["session_venue"])),
    )


def _criterion(line) -> rx.Component:
    return rx.el.li(
        t(
            "{name}: {average} (scale {min}–{max})",
            name=line.name,
            average=line.average,
            min=line.scale_min,
            max=line.scale_max,
        )
    )


def _workshop(w) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(
                    t("Workshop {position}: {title}", position=w["position"], title=w["name"]),
                    size="4",
                    as_="h3",
                ),
                rx.badge(_state_text(w), size="2", data_testid="state-" + w["id"]),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(w["session"] != "", rx.text(rx.text.strong(t("Session:")), " ", _session(w))),
            rx.text(
                t("Opens {date}", date=w["opens"]),
                " · ",
                rx.cond(
                    w["judged"] == "judged",
                    tc("a workshop: its submissions are scored", "judged"),
                    tc("a workshop: its submissions are scored", "not judged"),
                ),
                size="2",
                color_scheme="gray",
            ),
            rx.text(
                rx.text.strong(t("Deadline:")),
                " ",
                w["deadline"],
                " (",
                w["deadline_seoul"],
                ") — ",
                relative_time(w["deadline_iso"]),
            ),
            rx.cond(w["extension"] != "", rx.text(w["extension"], color_scheme="amber", size="2")),
            rx.cond(w["brief"] != "", rx.box(rx.markdown(w["brief"]), font_size="0.95rem")),
            rx.cond(w["can_submit"] != "", _submit_form(w)),
            rx.cond(
                w["closed_reason"] != "",
                rx.text(t_var(w["closed_reason"]), color_scheme="gray", data_testid="closed-" + w["id"]),
            ),
            rx.cond(
                w["has_versions"] != "",
                rx.vstack(
                    rx.heading(t("Versions"), size="3", as_="h4"),
                    rx.el.ol(
                        rx.foreach(S.versions[w["id"]], _version),
                        reversed=True,
                        data_testid="versions-" + w["id"],
                    ),
                    spacing="1",
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="workshop-" + w["id"],
    )


def _feedback() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Mentors' feedback"), size="5", as_="h2"),
        rx.foreach(
            S.feedback,
            lambda f: rx.card(
                rx.vstack(
                    rx.heading(
                        rx.cond(
                            f["position"] != "",
                            t("Workshop {position}: {title}", position=f["position"], title=f["name"]),
                            f["workshop"],
                        ),
                        size="4",
                        as_="h3",
                    ),
                    rx.text(rx.text.strong(t("Score:")), " ", f["score"], data_testid="feedback-score"),
                    rx.el.ul(rx.foreach(S.feedback_criteria_lines[f["key"]], _criterion)),
                    rx.foreach(
                        S.feedback_comments[f["key"]],
                        lambda comment: rx.el.blockquote(
                            rx.text(comment, white_space="pre-wrap"),
                            style={
                                "border_left": "3px solid var(--accent-7)",
                                "padding_left": "0.75rem",
                                "margin": "0",
                            },
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
                data_testid="feedback",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _hinted(label, control: rx.Component, control_id: str, error, hint) -> rx.Component:
    """forms.labeled with a hint in the viewer's language (labeled's hint is plain text): the
    control described by its hint, or by its error while one shows."""
    hint_id, error_id = f"{control_id}-hint", f"{control_id}-error"
    control.custom_attrs["aria-invalid"] = rx.cond(error != "", "true", "false")
    control.custom_attrs["aria-describedby"] = rx.cond(error != "", error_id, hint_id)
    return rx.vstack(
        rx.el.label(label, html_for=control_id, style={"font_weight": "500"}),
        control,
        rx.text(hint, size="1", color_scheme="gray", id=hint_id),
        field_error(error, error_id),
        spacing="1",
        width="100%",
        align="stretch",
    )


def _target(code: str, title: str) -> rx.Component:
    control_id = "target-" + code.replace(".", "-")
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name="target_" + code.replace(".", "_"),
            id=control_id,
            default_checked=S.rec_targets.contains(code),
        ),
        f" {code} {title}",
        html_for=control_id,
        style={"display": "flex", "gap": "0.4rem", "align_items": "baseline"},
    )


def _recommendation_version(v) -> rx.Component:
    return rx.el.li(
        rx.text(
            rx.text.strong(t("Version {number}", number=v["number"])),
            " · ",
            v["title"],
            " · ",
            tn("{words} word", "{words} words", v["word_count"], words=v["word_count_text"]),
            " · ",
            t("SDG {targets}", targets=v["targets"]),
            " · ",
            v["when"],
            rx.cond(v["by"] != "", rx.fragment(" ", t("by {name}", name=v["by"]))),
            rx.cond(v["counted"] != "", rx.fragment(" — ", rx.text.strong(t_var(v["counted"])))),
            size="2",
        )
    )


def _recommendations() -> rx.Component:
    r, e = S.rec, S.rec_errors
    return rx.card(
        rx.vstack(
            rx.heading(t("Our youth recommendations"), size="5", as_="h2"),
            rx.text(
                t(
                    "Your team's recommendations to advance the youth development agenda: a title, "
                    "{min} to {max} words, and the SDG 11 targets they serve. "
                    "Every save is a new version; the last one before the final workshop's deadline counts.",
                    min=MIN_WORDS,
                    max=format(MAX_WORDS, ","),
                ),
                size="2",
            ),
            rx.cond(r["deadline"] != "", rx.text(rx.text.strong(t("Deadline:")), " ", r["deadline"])),
            rx.cond(
                r["can_save"] != "",
                rx.form(
                    rx.vstack(
                        text_field(
                            t("Title of the recommendations"),
                            "title",
                            e.get("title", ""),
                            default_value=r["title"],
                            id="recommendation_title",
                        ),
                        _hinted(
                            t("Recommendations"),
                            rx.text_area(
                                name="body",
                                id="recommendation_body",
                                rows="12",
                                width="100%",
                                default_value=r["body"],
                            ),
                            "recommendation_body",
                            e.get("body", ""),
                            t(
                                "{min} to {max} words; leave an empty line between paragraphs.",
                                min=MIN_WORDS,
                                max=format(MAX_WORDS, ","),
                            ),
                        ),
                        rx.el.fieldset(
                            rx.el.legend(t("SDG 11 targets served"), style={"font_weight": "500"}),
                            *[_target(code, title) for code, title in SDG11_TARGETS.items()],
                            field_error(e.get("targets", "")),
                            style={"border": "none", "padding": "0", "margin": "0"},
                        ),
                        form_banner(t_var(e.get("", ""))),
                        rx.button(t("Save recommendations"), type="submit"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=S.save_recommendations,
                    key=r["version"],
                    width="100%",
                ),
                rx.text(t_var(r["closed_reason"]), color_scheme="gray", data_testid="recommendations-closed"),
            ),
            rx.cond(
                S.rec_versions.length() > 0,
                rx.vstack(
                    rx.heading(t("Versions"), size="3", as_="h3"),
                    rx.el.ol(
                        rx.foreach(S.rec_versions, _recommendation_version),
                        reversed=True,
                        data_testid="recommendation-versions",
                    ),
                    spacing="1",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@template
def team() -> rx.Component:
    return rx.vstack(
        rx.heading(t("My team"), size="7", as_="h1"),
        ceremony_card(CeremonyState.ceremony),
        rx.cond(
            S.notice != "",
            rx.text(t_var(S.notice)),
            rx.cond(
                S.loaded,
                rx.vstack(
                    rx.text(
                        S.cohort,
                        " · ",
                        t("times in your zone ({zone}) and in Seoul time", zone=S.zone),
                        color_scheme="gray",
                    ),
                    form_banner(S.message, color="green"),
                    rx.cond(S.team.length() > 0, _my_team(), _team_forms()),
                    rx.cond(S.feedback.length() > 0, _feedback()),
                    rx.heading(t("Workshops"), size="5", as_="h2"),
                    rx.foreach(S.workshops, _workshop),
                    rx.cond(S.team.length() > 0, _recommendations()),
                    spacing="4",
                    width="100%",
                ),
                rx.text(t("Loading…")),
            ),
        ),
        spacing="4",
        width="100%",
    )
