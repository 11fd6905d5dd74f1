"""`python -m champions …`: the command line, built on the same services as the app."""

import argparse
import getpass
import os
import sys
from datetime import date

from champions.infra.reasons import RuleViolation

ROLES = ("secretariat", "mentor", "participant")


def _migrate(_args) -> int:
    from champions.infra.migrations import migrate

    migrate()
    print("Database is at the latest migration.")
    return 0


def _create_user(args) -> int:
    from champions.infra.db import session_scope
    from champions.models import Role
    from champions.services.accounts.accounts import create_user
    from champions.services.accounts.passwords import hash_password, password_problems

    password = os.environ.get("CHAMPIONS_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Repeat password: ") != password:
                print("error: the passwords differ", file=sys.stderr)
                return 2
    problems = password_problems(password)
    if problems:
        print(f"error: password: {problems[0].message}", file=sys.stderr)
        return 2
    try:
        with session_scope() as session:
            user = create_user(
                session=session,
                email=args.email,
                full_name=args.name,
                role=Role(args.role),
                password_hash=hash_password(password),
            )
            print(f"Created {user.role.value} {user.email} (id {user.id}).")
    except RuleViolation as violation:
        for reason in violation.reasons:
            print(f"error: {reason.field or 'input'}: {reason.message}", file=sys.stderr)
        return 2
    return 0


def _invite(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.accounts.invitations import INVITATION_VALID, invite
    from champions.services.messages.outbox import smtp_url

    try:
        with session_scope() as session:
            invitation = invite(
                session=session, actor_id=None, email=args.email, full_name=args.name, role=args.role
            )
            print(
                f"Invited {invitation.email} as {invitation.role.value}: the link, valid for "
                f"{INVITATION_VALID.days} days, is in the outbox"
                + (" and is being delivered by SMTP." if smtp_url() else " (no SMTP server is configured).")
            )
    except RuleViolation as violation:
        for reason in violation.reasons:
            option = {"full_name": "--name", "": "error"}.get(reason.field, f"--{reason.field}")
            print(f"error: {option}: {reason.message}", file=sys.stderr)
        return 2
    return 0


def _set_role(args) -> int:
    from champions.infra.db import session_scope
    from champions.models import Role
    from champions.services.accounts.accounts import change_role

    try:
        with session_scope() as session:
            user = change_role(session=session, email=args.email, role=Role(args.role))
            print(f"{user.email} is now {user.role.value}; their sessions have ended.")
    except RuleViolation as violation:
        for reason in violation.reasons:
            print(f"error: {reason.field or 'input'}: {reason.message}", file=sys.stderr)
        return 2
    return 0


def _seed_demo(_args) -> int:
    from champions.demo.seed import DEMO_PASSWORD, demo_logins, seed_demo
    from champions.infra.db import session_scope
    from champions.services.accounts.passwords import hash_password

    with session_scope() as session:
        loaded = seed_demo(session=session, password_hash=hash_password(DEMO_PASSWORD), today=date.today())
    print("Demo cohort loaded." if loaded else "Demo cohort already present; nothing changed.")
    print(f"Demo logins (all with password '{DEMO_PASSWORD}'):")
    for login in demo_logins():
        print(f"  {login.role:<30} {login.email}")
    return 0


def _eligibility(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.registration.cohorts import current_cohort, get_cohort
    from champions.services.registration.eligibility import (
        InvalidBirthDate,
        check_eligibility,
        format_day,
        parse_birth_date,
    )

    try:
        born = parse_birth_date(args.birth_date, today=date.today())
    except InvalidBirthDate as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with session_scope() as session:
        cohort = (
            get_cohort(session=session, name=args.cohort)
            if args.cohort
            else current_cohort(session=session, today=date.today())
        )
        if cohort is None:
            print(
                f"error: no cohort named {args.cohort!r}" if args.cohort else "error: no cohort",
                file=sys.stderr,
            )
            return 2
        reference = cohort.reference_date
        if args.on:
            try:
                reference = date.fromisoformat(args.on)
            except ValueError:
                print(f"error: --on {args.on!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
                return 2
        result = check_eligibility(
            born, reference_date=reference, min_age=cohort.min_age, max_age_exclusive=cohort.max_age_exclusive
        )
    if result.eligible:
        print(f"ELIGIBLE: age {result.age} on {format_day(reference)} (cohort {cohort.name}).")
        return 0
    print(f"INELIGIBLE: age {result.age} on {format_day(reference)} (cohort {cohort.name}).")
    for reason in result.reasons:
        print(f"  {reason.code}: {reason.message}")
    return 1


def _cohort_named(session, name: str):
    from champions.services.registration.cohorts import get_cohort

    cohort = get_cohort(session=session, name=name)
    if cohort is None:
        print(f"error: no cohort named {name!r}", file=sys.stderr)
    return cohort


def _owner_only_file(path: "str | os.PathLike", data: bytes) -> None:
    """Write `data` to a file only its owner may read (0600, also when it existed): exports
    hold names, emails and results."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(handle, 0o600)
    with os.fdopen(handle, "wb") as out:
        out.write(data)


def _language_argument(parser: argparse.ArgumentParser) -> None:
    """`--language`: the language of the texts the command writes (English unless given)."""
    from champions.infra.translations import LANGUAGES

    parser.add_argument(
        "--language", default="en", choices=list(LANGUAGES), help="the texts' language (default: en)"
    )


def _write(path: str, text: str, what: str) -> int:
    try:
        _owner_only_file(path, text.encode("utf-8"))
    except OSError as error:
        print(f"error: cannot write {path}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"Wrote {what} to {os.path.abspath(path)}.")
    return 0


def _calendar(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.phase1.calendar import cohort_calendar

    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        text = cohort_calendar(session=session, cohort=cohort, language=args.language)
    return _write(args.out, text, f"the {cohort.name} calendar ({text.count('BEGIN:VEVENT')} events)")


def _attendance_report(args) -> int:
    from champions.infra.db import session_scope
    from champions.infra.spreadsheet import to_csv
    from champions.services.phase1.lectures import list_lectures
    from champions.services.phase1.progress import attendance_report, phase1_progress

    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        progresses = phase1_progress(session=session, cohort=cohort)
        fields, rows = attendance_report(
            progresses, list_lectures(session=session, cohort_id=cohort.id), args.language
        )
    complete = sum(1 for p in progresses if p.complete)
    return _write(
        args.out,
        to_csv(fields, rows),
        f"{len(rows)} participants ({complete} with Phase 1 complete) of cohort {cohort.name}",
    )


def _rank(args) -> int:
    import json

    from champions.infra.db import session_scope
    from champions.infra.spreadsheet import to_csv
    from champions.services.results.ranking import judging_results, ranking_document, ranking_rows

    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        results = judging_results(session=session, cohort=cohort)
        if args.format == "json":
            text = json.dumps(ranking_document(results, cohort), ensure_ascii=False, indent=2) + "\n"
        else:
            text = to_csv(*ranking_rows(results, cohort, args.language))
    if args.out:
        return _write(args.out, text, f"the ranking of {len(results.teams)} teams of cohort {cohort.name}")
    sys.stdout.write(text)
    return 0


def _stats(args) -> int:
    import json

    from champions.infra.db import session_scope
    from champions.infra.spreadsheet import to_csv
    from champions.services.dashboard.export import dashboard_json, dashboard_table
    from champions.services.dashboard.figures import Filters, cohort_dashboard, filter_refusal

    filters = Filters(args.region or "", (args.country or "").upper())
    refusal = filter_refusal(filters)
    if refusal is not None:
        print(f"error: {refusal.message}", file=sys.stderr)
        return 2
    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        board = cohort_dashboard(session=session, cohort=cohort, filters=filters)
    if args.format == "json":
        sys.stdout.write(json.dumps(dashboard_json(board), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(to_csv(*dashboard_table(board, args.format.removeprefix("csv-"), args.language)))
    return 0


def _backup(args) -> int:
    from pathlib import Path

    from champions.infra.backup import back_up
    from champions.infra.db import database_url
    from champions.infra.files import files_dir

    try:
        manifest = back_up(url=database_url(), files_dir=files_dir(), out=Path(args.out))
    except RuleViolation as violation:
        print(f"error: {violation.reasons[0].message}", file=sys.stderr)
        return 1
    out = Path(args.out).resolve()
    print(
        f"Backed up the database ({manifest.database['size']:,} bytes, revision "
        f"{manifest.database['revision']}) "
        f"and {len(manifest.files)} files ({manifest.files_bytes:,} bytes) to {out}; SHA-256 sums in "
        f"{out / 'manifest.json'}."
    )
    if manifest.missing:
        print(
            f"warning: {len(manifest.missing)} files named in the database were not found: "
            f"{', '.join(manifest.missing[:5])}",
            file=sys.stderr,
        )
    return 0


def _restore(args) -> int:
    from pathlib import Path

    from sqlalchemy import make_url

    from champions.infra.backup import restore
    from champions.infra.db import database_url
    from champions.infra.files import DEFAULT_FILES_DIR

    target_files = Path(os.environ.get("CHAMPIONS_FILES_DIR") or DEFAULT_FILES_DIR).resolve()
    try:
        manifest = restore(source=Path(args.source), url=database_url(), files_dir=target_files)
    except RuleViolation as violation:
        print(f"error: {violation.reasons[0].message}", file=sys.stderr)
        return 1
    shown = make_url(database_url()).render_as_string(hide_password=True)  # a PostgreSQL URL may hold one
    print(
        f"Restored the backup of {manifest.created_at} (revision {manifest.database['revision']}) and "
        f"{len(manifest.files)} files into {shown} and {target_files}."
    )
    return 0


def _export_document(args, make_export, what: str) -> int:
    """The shared steps of the export commands: find the cohort, make the export (its rule's
    reason, or missing fonts, printed as the error), write it owner-only to --out (a folder
    takes the export's own file name)."""
    from pathlib import Path

    from champions.infra.db import session_scope
    from champions.infra.fonts import FontsMissing
    from champions.infra.typeset import TypesetFailed

    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        try:
            export = make_export(
                session=session, cohort=cohort, fmt=args.format, actor_id=None, language=args.language
            )
        except RuleViolation as violation:
            print(violation.reasons[0].message, file=sys.stderr)
            return 1
        except (FontsMissing, TypesetFailed) as missing:
            print(missing, file=sys.stderr)
            return 1
    out = Path(args.out)
    if out.is_dir():
        out = out / export.filename
    out.parent.mkdir(parents=True, exist_ok=True)
    _owner_only_file(out, export.content)
    print(
        f"Wrote the {args.format} export of cohort {cohort.name}'s {what} ({len(export.content):,} bytes) "
        f"to {out.resolve()}"
    )
    return 0


def _export_awards(args) -> int:
    from champions.services.awards.exports import export_awards

    return _export_document(args, export_awards, "award list")


def _print_violation(violation: RuleViolation) -> int:
    """The reasons, each named by the command-line option it is about."""
    for reason in violation.reasons:
        where = "--" + reason.field.replace("_", "-") if reason.field else "error"
        print(f"error: {where}: {reason.message}", file=sys.stderr)
    return 2


def _edition_form(args):
    from dataclasses import fields

    from champions.services.editions.rules import EditionForm

    values = {}
    for f in fields(EditionForm):
        given = getattr(args, f.name, None)
        if given is not None:
            values[f.name] = given
    return EditionForm(**values)


def _edition_create(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.editions.editions import create_edition
    from champions.services.editions.views import edition_text

    try:
        with session_scope() as session:
            cohort = create_edition(session=session, actor_id=None, form=_edition_form(args))
            text = edition_text(cohort, today=date.today())
    except RuleViolation as violation:
        return _print_violation(violation)
    sys.stdout.write(f"Created the {cohort.name} edition.\n{text}")
    return 0


def _edition_clone(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.editions.clone import clone_edition
    from champions.services.editions.views import edition_text

    try:
        with session_scope() as session:
            source = _cohort_named(session, args.source)
            if source is None:
                return 2
            cohort = clone_edition(
                session=session,
                actor_id=None,
                source_id=source.id,
                name=args.name,
                title=args.title,
                weeks=str(args.weeks),
            )
            text = edition_text(cohort, today=date.today())
    except RuleViolation as violation:
        return _print_violation(violation)
    sys.stdout.write(
        f"Created the {cohort.name} edition from {args.source}, {args.weeks} weeks later.\n{text}"
    )
    return 0


def _edition_show(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.editions.views import edition_text

    with session_scope() as session:
        cohort = _cohort_named(session, args.name)
        if cohort is None:
            return 2
        sys.stdout.write(edition_text(cohort, today=date.today()))
    return 0


def _edition_list(_args) -> int:
    from champions.infra.db import session_scope
    from champions.services.editions.views import edition_status
    from champions.services.registration.cohorts import list_cohorts

    with session_scope() as session:
        cohorts = list_cohorts(session=session)
        if not cohorts:
            print("No editions yet: create one with `python -m champions edition create`.")
        for cohort in cohorts:
            print(f"{cohort.name:<12} {cohort.title:<40} {edition_status(cohort, date.today())}")
    return 0


def _edition_archive(args) -> int:
    from champions.infra.db import session_scope
    from champions.services.editions.editions import archive_edition

    try:
        with session_scope() as session:
            cohort = _cohort_named(session, args.name)
            if cohort is None:
                return 2
            archive_edition(session=session, actor_id=None, cohort_id=cohort.id, reason=args.reason)
    except RuleViolation as violation:
        return _print_violation(violation)
    print(f"Archived the {args.name} edition: it is read-only now.")
    return 0


def _add_edition_commands(commands) -> None:
    from champions.services.editions.rules import EditionForm

    p = commands.add_parser(
        "edition", help="create, clone, show, list or archive the program's editions (cohorts)"
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create an edition (every setting is checked)")
    defaults = EditionForm()
    options = {
        "name": "e.g. 2027",
        "title": "e.g. Smart City Champions 2027",
        "registration_opens": "YYYY-MM-DD",
        "registration_closes": "YYYY-MM-DD, before Phase 1 starts",
        "phase1_start": "YYYY-MM-DD",
        "phase1_end": "YYYY-MM-DD",
        "phase2_start": "YYYY-MM-DD, after Phase 1 ends",
        "phase2_end": "YYYY-MM-DD",
        "ceremony_date": "YYYY-MM-DD, after Phase 2 ends",
    }
    for name, text in options.items():
        create.add_argument("--" + name.replace("_", "-"), dest=name, required=True, help=text)
    optional = {
        "ceremony_time": "HH:MM in --ceremony-zone (default: not set yet)",
        "ceremony_zone": f"default {defaults.ceremony_zone}",
        "ceremony_venue": "where the ceremony takes place",
        "ceremony_mode": "online, offline or hybrid (default hybrid)",
        "ceremony_join_url": "the ceremony's join link",
        "capacity": f"accepted participants (default {defaults.capacity})",
        "waitlist_capacity": "waitlist places (default: no limit)",
        "max_age_exclusive": f"applicants must be under this age (default {defaults.max_age_exclusive})",
        "age_reference_date": "the day ages are counted on (default: Phase 1's first day)",
        "min_age": "a minimum age (default: none)",
        "team_min": f"smallest team (default {defaults.team_min})",
        "team_max": f"largest team (default {defaults.team_max})",
        "phase1_required": f"lectures that complete Phase 1 (default {defaults.phase1_required})",
        "phase2_requires_phase1": "yes or no (default yes)",
        "reviewers_per_submission": f"mentors per submission (default {defaults.reviewers_per_submission})",
    }
    for name, text in optional.items():
        create.add_argument("--" + name.replace("_", "-"), dest=name, help=text)
    create.set_defaults(run=_edition_create)

    clone = actions.add_parser(
        "clone",
        help="a new edition from an earlier one: lectures, workshops, rubrics and award categories, "
        "every date moved by whole weeks; never people, teams, submissions or scores",
    )
    clone.add_argument("--from", dest="source", required=True, metavar="NAME", help="the edition to copy")
    clone.add_argument("--name", required=True)
    clone.add_argument("--title", required=True)
    clone.add_argument("--weeks", required=True, type=int, help="whole weeks to move every date by, e.g. 52")
    clone.set_defaults(run=_edition_clone)

    show = actions.add_parser("show", help="print an edition's settings")
    show.add_argument("name")
    show.set_defaults(run=_edition_show)

    listing = actions.add_parser("list", help="list the editions with their status")
    listing.set_defaults(run=_edition_list)

    archive = actions.add_parser("archive", help="make an edition read-only everywhere (audited)")
    archive.add_argument("name")
    archive.add_argument("--reason", required=True)
    archive.set_defaults(run=_edition_archive)


def _verify(args) -> int:
    from champions.infra.db import session_scope
    from champions.public_html import UNKNOWN_CODE
    from champions.services.awards.credentials import find_verification

    with session_scope() as session:
        verification = find_verification(session=session, code=args.code)
    if verification is None:
        print(UNKNOWN_CODE, file=sys.stderr)
        return 2
    width = max(len(label) for label, _ in verification.lines())
    for label, value in verification.lines():
        print(f"{label + ':':<{width + 1}} {value}")
    return 0 if verification.valid else 1


def _keys_generate(args) -> int:
    from champions.infra.signing_keys import generate_key, keys_dir

    try:
        kid, made = generate_key(if_missing=args.if_missing)
    except FileExistsError as exists:
        print(f"error: {exists}", file=sys.stderr)
        return 1
    print(f"{'Made' if made else 'Kept'} the signing key {kid} in {keys_dir()}")
    return 0


def _keys_rotate(_args) -> int:
    from champions.infra.signing_keys import keys_dir, rotate_key

    kid, old = rotate_key()
    print(
        f"Made the signing key {kid} in {keys_dir()}"
        + (f"; {old} stays published, public half only" if old else "")
    )
    return 0


def _export_recommendations(args) -> int:
    from champions.services.phase2.booklet import export_recommendations

    return _export_document(args, export_recommendations, "youth recommendations")


def _notifications_run_due(args) -> int:
    from champions.infra.db import session_scope
    from champions.infra.mail import smtp_url
    from champions.services.messages.outbox import send_pending, smtp_parallel
    from champions.services.messages.scheduler import schedule_due

    with session_scope() as session:
        report = schedule_due(session=session)
    held = f", {report.held} held for review" if report.held else ""
    print(
        f"Reminders: {report.scheduled} newly due, {report.sent} queued for sending{held}, "
        f"{report.dropped} dropped with their reason."
    )
    if args.no_send or not smtp_url():
        print(
            "Emails were left in the outbox" + ("." if args.no_send else " (CHAMPIONS_SMTP_URL is not set).")
        )
        return 0
    with session_scope() as session:
        sent = send_pending(session=session, parallel=smtp_parallel())
    print(f"Emails delivered: {sent}.")
    return 0


def _notifications_approve_held(args) -> int:
    from champions.infra.db import session_scope
    from champions.infra.reasons import RuleViolation
    from champions.models import Role
    from champions.services.accounts.accounts import find_user_by_email
    from champions.services.messages.review import approve_held, held_lines

    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        held = held_lines(session=session, cohort=cohort, limit=100_000)
        if args.dry_run:
            print(f"{len(held)} messages of {cohort.name} are held for review.")
            for line in held:
                print(f"  {line.recipient}: {line.subject}")
            return 0
        actor = find_user_by_email(session=session, email=args.as_email) if args.as_email else None
        if actor is None or actor.role != Role.SECRETARIAT or not actor.is_active:
            print("error: --as: name an active secretariat account; it approves them.", file=sys.stderr)
            return 2
        try:
            released, dropped = approve_held(session=session, actor=actor, cohort=cohort)
        except RuleViolation as violation:
            return _print_violation(violation)
    print(f"Approved: {released} sent, {dropped} dropped (their moment passed); audited.")
    return 0


def _message(args) -> int:
    from pathlib import Path

    from champions.infra.db import session_scope
    from champions.infra.reasons import RuleViolation
    from champions.models import Role
    from champions.services.accounts.accounts import find_user_by_email
    from champions.services.messages.bulk import preview_bulk, send_bulk

    text = Path(args.template).read_text(encoding="utf-8")
    subject, _, body = text.partition("\n")
    with session_scope() as session:
        cohort = _cohort_named(session, args.cohort)
        if cohort is None:
            return 2
        try:
            preview = preview_bulk(
                session=session, cohort=cohort, segment=args.segment, subject=subject, body=body
            )
            if args.dry_run:
                print(f"{preview.count} people would get: {preview.subject}")
                for name in preview.names:
                    print(f"  {name}")
                return 0
            actor = find_user_by_email(session=session, email=args.as_email) if args.as_email else None
            if actor is None or actor.role != Role.SECRETARIAT or not actor.is_active:
                print(
                    "error: --as: name an active secretariat account; it sends the message.", file=sys.stderr
                )
                return 2
            count = send_bulk(
                session=session, actor=actor, cohort=cohort, segment=args.segment, subject=subject, body=body
            )
        except RuleViolation as violation:
            return _print_violation(violation)
    print(f"Sent to {count} people of {cohort.name} ({args.segment}); audited.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from champions.services.dashboard.export import TABLES as DASHBOARD_TABLES

    parser = argparse.ArgumentParser(prog="python -m champions", description="Champions command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("migrate", help="apply the database migrations")
    p.set_defaults(run=_migrate)

    p = commands.add_parser(
        "create-user",
        help="create an account (password from CHAMPIONS_PASSWORD, stdin or a prompt): the first "
        "secretariat account of an installation; invite mentors and other staff instead",
    )
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.set_defaults(run=_create_user)

    p = commands.add_parser(
        "invite", help="invite a mentor or secretariat member by email (they choose their own password)"
    )
    p.add_argument("--role", choices=("mentor", "secretariat"), required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--name", required=True)
    p.set_defaults(run=_invite)

    p = commands.add_parser("set-role", help="give an account another role (ends its sessions; audited)")
    p.add_argument("email")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(run=_set_role)

    _add_edition_commands(commands)

    p = commands.add_parser("seed-demo", help="load the demo cohorts once and print the demo logins")
    p.set_defaults(run=_seed_demo)

    p = commands.add_parser(
        "eligibility", help="check the age rule for a date of birth (exit 0 eligible, 1 not, 2 invalid)"
    )
    p.add_argument("--birth-date", required=True, metavar="YYYY-MM-DD")
    p.add_argument(
        "--cohort", metavar="NAME", help="default: the cohort open for registration, else the latest"
    )
    p.add_argument("--on", metavar="YYYY-MM-DD", help="reference date instead of the cohort's")
    p.set_defaults(run=_eligibility)

    p = commands.add_parser(
        "calendar", help="write a cohort's calendar (lectures and workshops) as an .ics file"
    )
    p.add_argument("--cohort", required=True, metavar="NAME")
    p.add_argument("--out", required=True, metavar="PATH.ics")
    _language_argument(p)
    p.set_defaults(run=_calendar)

    p = commands.add_parser(
        "attendance-report",
        help="write one CSV row per accepted participant: each lecture's status, the total, completion",
    )
    p.add_argument("--cohort", required=True, metavar="NAME")
    p.add_argument("--out", required=True, metavar="PATH.csv")
    _language_argument(p)
    p.set_defaults(run=_attendance_report)

    p = commands.add_parser("rank", help="print the team ranking with every figure behind it (JSON or CSV)")
    p.add_argument("--cohort", required=True, metavar="NAME")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--out", metavar="PATH", help="write to a file instead of printing")
    _language_argument(p)  # the CSV's; the JSON's keys stay English
    p.set_defaults(run=_rank)

    p = commands.add_parser(
        "backup",
        help="copy the database (consistent, while the app runs; SQLite, or PostgreSQL "
        "with pg_dump) and the files, "
        "with a manifest of SHA-256 sums",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    p.set_defaults(run=_backup)

    p = commands.add_parser(
        "restore", help="restore a backup into an empty database and an empty files folder"
    )
    p.add_argument("source", metavar="DIR", help="a folder written by `backup`")
    p.set_defaults(run=_restore)

    p = commands.add_parser(
        "stats", help="print the figures of a cohort's dashboard (JSON, or one table as CSV)"
    )
    p.add_argument("--cohort", required=True, metavar="NAME")
    p.add_argument(
        "--format", default="json", choices=["json"] + [f"csv-{table}" for table in DASHBOARD_TABLES]
    )
    p.add_argument("--region", help="only applicants from this WeGO region, e.g. Europe")
    p.add_argument("--country", help="only applicants from this country (ISO code, e.g. KR)")
    _language_argument(p)  # a CSV table's; the JSON's keys and words stay English
    p.set_defaults(run=_stats)

    p = commands.add_parser(
        "export-awards", help="write the finalized award list as CSV, XLSX, PDF or certificates"
    )
    p.add_argument("--cohort", required=True, help="the cohort's name, e.g. 2022")
    p.add_argument("--format", required=True, choices=["csv", "xlsx", "pdf", "certificates"])
    p.add_argument(
        "--out", required=True, help="a file, or a folder to write into under the export's own name"
    )
    _language_argument(p)
    p.set_defaults(run=_export_awards)

    p = commands.add_parser(
        "export-recommendations", help="write an edition's youth recommendations as a PDF booklet or CSV"
    )
    p.add_argument("--cohort", required=True, help="the cohort's name, e.g. 2022")
    p.add_argument("--format", required=True, choices=["pdf", "csv"])
    p.add_argument(
        "--out", required=True, help="a file, or a folder to write into under the export's own name"
    )
    _language_argument(p)
    p.set_defaults(run=_export_recommendations)

    p = commands.add_parser("notifications", help="the reminders and messages the program sends")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    run_due = actions.add_parser(
        "run-due",
        help="one pass of the scheduler: queue every reminder due now, then deliver the outbox "
        "(for cron; safe beside the app's own pass: each message goes once)",
    )
    run_due.add_argument("--no-send", action="store_true", help="queue in the outbox only; do not deliver")
    run_due.set_defaults(run=_notifications_run_due)
    approve = actions.add_parser(
        "approve-held",
        help="approve every reminder of an edition held for review (audited as --as); --dry-run lists them",
    )
    approve.add_argument("--cohort", required=True, help="the edition's name, e.g. 2022")
    approve.add_argument("--as", dest="as_email", default="", help="the secretariat account that approves")
    approve.add_argument("--dry-run", action="store_true", help="list what is held; approve nothing")
    approve.set_defaults(run=_notifications_approve_held)

    p = commands.add_parser(
        "message",
        help="send a message to a segment of an edition's people (in the app and by email; audited)",
    )
    p.add_argument("--cohort", required=True, help="the edition's name, e.g. 2022")
    p.add_argument(
        "--segment",
        required=True,
        help="applicants:submitted|accepted|waitlisted|rejected|withdrawn, participants, at-risk, "
        "teams, team:ID, mentors",
    )
    p.add_argument(
        "--template",
        required=True,
        help="a UTF-8 text file: its first line is the subject, the rest the body "
        "({name} and {edition} are filled in)",
    )
    p.add_argument(
        "--as", dest="as_email", default="", help="the secretariat account that sends it (audited)"
    )
    p.add_argument("--dry-run", action="store_true", help="print the count and the recipients; send nothing")
    p.set_defaults(run=_message)
    p = commands.add_parser(
        "verify",
        help="print what /verify/CODE shows for a certificate's code (exit 0 valid, 1 revoked, 2 unknown)",
    )
    p.add_argument("code", help="the code printed on the certificate, with or without dashes")
    p.set_defaults(run=_verify)

    p = commands.add_parser(
        "keys",
        help="the issuer's signing keys for Open Badges (in CHAMPIONS_KEYS_DIR, outside the repository)",
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    generate = actions.add_parser("generate", help="make the signing key (refused when one exists)")
    generate.add_argument("--if-missing", action="store_true", help="do nothing when a key exists")
    generate.set_defaults(run=_keys_generate)
    rotate = actions.add_parser(
        "rotate", help="make a new signing key; the old one's public half stays published"
    )
    rotate.set_defaults(run=_keys_rotate)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
