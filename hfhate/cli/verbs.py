"""Command-line verbs. Each signs in like the window does and is audited under that user.

A verb is a function ``run_X(args, store, actor) -> int`` registered in ``VERBS`` with its
argparse set-up; later issues add ``print``, ``sync`` and ``report`` the same way.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hfhate.cli import (
    key_verbs,
    notice_verbs,
    print_verbs,
    report_verbs,
    retention_verbs,
    sync_verbs,
)
from hfhate.cli.passphrase import terminal_passphrase
from hfhate.cli.tables import print_table as _print_table
from hfhate.config import Paths
from hfhate.models.store import Store, StoreError
from hfhate.models.users import roles_label
from hfhate.security.errors import SecurityError
from hfhate.services import accounts, audit
from hfhate.services.actor import Actor
from hfhate.services.errors import ServiceError
from hfhate.startup import prepare_store

log = logging.getLogger(__name__)

# Exit codes: 0 done, 1 refused or failed, 2 bad store or usage, 3 sign-in refused.
EXIT_FAILED, EXIT_STORE, EXIT_SIGN_IN = 1, 2, 3


@dataclass(frozen=True)
class Verb:
    """One command: its help line, how to add its options, and what it does."""

    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Store, Actor], int]


def _configure_users(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inactive", action="store_true", help="include deactivated users")


def run_users(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """List user accounts (administrators and supervisors)."""
    with store.session_factory.begin() as session:
        users = accounts.list_users(session, actor)
        audit.audit(session, actor, "users_listed", details={"via": "command line"})
        rows = [
            (
                u.username,
                u.full_name,
                roles_label(u.roles),
                u.authorisation_number or "",
                "active" if u.active else "deactivated",
            )
            for u in users
            if u.active or args.inactive
        ]
    _print_table(("Username", "Name", "Roles", "Authorisation", "Status"), rows)
    return 0


def _configure_audit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "check",
        nargs="?",
        choices=("verify",),
        help="verify: check the whole chain only, and name its first broken link",
    )
    parser.add_argument("--last", type=int, default=20, metavar="N", help="show the last N events")


def run_audit(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Check the audit trail's hash chain; without ``verify`` show the latest events too."""
    with store.session_factory.begin() as session:
        events = [] if args.check else audit.list_events(session, actor, limit=max(args.last, 0))
        check = audit.verify_store_chain(session, store.paths.store, store.key)
        rows = [
            (
                e.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                e.username or "",
                audit.describe_event(session, e),
            )
            for e in events
        ]
        audit.audit(
            session, actor, "audit_checked", details={"via": "command line", "intact": check.intact}
        )
    if rows:
        _print_table(("When", "User", "What happened"), rows)
    if check.broken is None:
        print(f"Audit trail intact, {check.events:,} rows.")
        return 0
    print(f"AUDIT TRAIL BROKEN at {check.broken.describe()}.", file=sys.stderr)
    return EXIT_FAILED


VERBS: dict[str, Verb] = {
    "users": Verb("list user accounts", _configure_users, run_users),
    "audit": Verb(
        "check the audit trail and show the latest events (audit verify: check only)",
        _configure_audit,
        run_audit,
    ),
    "notices": Verb(
        "list notices by status, ward and date, to pick numbers to print",
        notice_verbs.configure_notices,
        notice_verbs.run_notices,
    ),
    "print": Verb(
        "print notices by number into one PDF (A4 or 80 mm roll)",
        print_verbs.configure_print,
        print_verbs.run_print,
    ),
    "letters": Verb(
        "print first or second reminder letters into one PDF",
        print_verbs.configure_letters,
        print_verbs.run_letters,
    ),
    "wording": Verb(
        "export or import the wording of printed notices and letters",
        print_verbs.configure_wording,
        print_verbs.run_wording,
    ),
    "enrol": Verb(
        "enrol this laptop with the sync server (administrators)",
        sync_verbs.configure_enrol,
        sync_verbs.run_enrol,
    ),
    "store-key": Verb(
        "say where this laptop's store key is kept, or move it (administrators)",
        key_verbs.configure_store_key,
        key_verbs.run_store_key,
    ),
    "sync": Verb(
        "send your waiting changes to the server and receive what changed there",
        sync_verbs.configure_sync,
        sync_verbs.run_sync,
    ),
    "retention": Verb(
        "review what is past its retention period; --erase --yes erases it (supervisors)",
        retention_verbs.configure_retention,
        retention_verbs.run_retention,
    ),
    "report": Verb(
        "write the partnership report for a period into a PDF (supervisors)",
        report_verbs.configure_report,
        report_verbs.run_report,
    ),
    "export": Verb(
        "write the notices, warnings or sessions list to a CSV file, with its filters",
        report_verbs.configure_export,
        report_verbs.run_export,
    ),
}


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    for name, verb in VERBS.items():
        parser = sub.add_parser(name, parents=[common], help=verb.help, description=verb.help)
        parser.add_argument("--user", required=True, metavar="NAME", help="your username")
        verb.configure(parser)


def run(args: argparse.Namespace, paths: Paths, env: Mapping[str, str], *, demo: bool) -> int:
    verb = VERBS[args.verb]
    try:
        # A command never makes a store, except a demo one: a mistyped folder is refused.
        ready = prepare_store(paths, demo=demo, create=demo, ask_passphrase=terminal_passphrase())
    except (StoreError, SecurityError) as error:
        log.error("Store refused: %s", error)
        print(f"hfhate: {error}", file=sys.stderr)
        return EXIT_STORE
    store = ready.store
    try:
        password = env.get("HFHATE_PASSWORD")
        if password is None:
            password = getpass.getpass(f"Password for {args.user}: ")
        # Verbs that talk to the server sign in there with the same password.
        args.password = password
        actor = sign_in(store, ready.device_id, args.user, {"HFHATE_PASSWORD": password})
        if actor is None:
            print(f"hfhate: {accounts.SIGN_IN_FAILED}", file=sys.stderr)
            return EXIT_SIGN_IN
        try:
            return verb.run(args, store, actor)
        except ServiceError as error:
            log.warning("%s refused for %s: %s", args.verb, actor.username, error)
            print(f"hfhate: {error}", file=sys.stderr)
            return EXIT_FAILED
    finally:
        store.close()


def sign_in(
    store: Store, device_id: uuid.UUID, username: str, env: Mapping[str, str]
) -> Actor | None:
    """Sign in with the password from HFHATE_PASSWORD or the terminal; audited either way."""
    password = env.get("HFHATE_PASSWORD")
    if password is None:
        password = getpass.getpass(f"Password for {username}: ")
    with store.session_factory.begin() as session:
        actor = accounts.attempt_sign_in(session, device_id, username, password)
        if actor is not None and accounts.must_change_password(session, actor):
            print(
                "hfhate: your password was reset: sign in to the app once to choose a new one.",
                file=sys.stderr,
            )
            return None
        return actor
