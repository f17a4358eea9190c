"""``hfhate-server``: run the sync server and administer it.

``serve`` migrates the database (backing up a SQLite file first) and runs uvicorn, with
``--workers N`` on PostgreSQL (``workers.py``); ``backup`` and ``restore`` write and put back
the database and photos (``backup.py``), before any migration; the other
commands change the database directly: accounts (``users list|add|change|reset|deactivate|
reactivate``; ``create-user`` and ``deactivate-user`` as before), one-time enrolment codes,
devices (``devices`` marks those a copy of whose data folder was refused: cloned); and
``incomplete`` lists the notices still waiting for evidence photos; ``retention-periods``
shows or changes (from today) the periods the server checks erasures against; ``settings
list`` / ``settings set NAME VALUE --from DATE`` every setting with its history
(``settings_cli``); ``audit verify`` checks
every laptop's audit trail (exit 1 on a break), ``audit breaks`` lists the batches refused on
arrival for breaking one. Every
command first checks a SQLite database against its high-water mark: one that went back
(restored from a backup) gets a new epoch, as ``restored`` gives by hand.
Passwords come from ``$HFHATE_PASSWORD`` or are asked on the terminal, never on the
command line. Logs go to stderr without personal data: exceptions as their type and place;
``serve``'s as JSON lines (``request_log.py``).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hfhate import __version__
from hfhate.models import Role
from hfhate.safe_log import SafeFormatter
from hfhate.server import (
    account_admin,
    accounts,
    audit_chains,
    evidence,
    request_log,
    restore,
    retention,
    settings_cli,
    workers,
)
from hfhate.server.db import make_server_engine, make_sessions, migrate, new_epoch
from hfhate.server.devices_list import devices_table, list_devices
from hfhate.server.models import ServerSetting
from hfhate.server.settings import DATA_DIR_ENV, ServerSettings
from hfhate.services.retention.settings import BOUNDS as RETENTION_BOUNDS
from hfhate.services.retention.settings import retention_settings_problems


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=os.environ.get(DATA_DIR_ENV) or ".",
        help=f"folder of the SQLite database, the photos and the backups before migrations "
        f"(default: ${DATA_DIR_ENV}, else here)",
    )
    common.add_argument(
        "--database-url",
        metavar="URL",
        default=None,
        help="database URL (default: $HFHATE_DATABASE_URL, else SQLite in DIR)",
    )
    parser = argparse.ArgumentParser(
        prog="hfhate-server", description="The hfhate central sync server."
    )
    parser.add_argument("--version", action="version", version=f"hfhate-server {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", parents=[common], help="run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (several need PostgreSQL; default 1)",
    )
    serve.add_argument(
        "--graceful-timeout",
        type=int,
        default=workers.GRACEFUL_TIMEOUT,
        metavar="SECONDS",
        help="on SIGTERM, how long requests in flight may take to finish "
        f"(default {workers.GRACEFUL_TIMEOUT})",
    )
    serve.add_argument(
        "--no-migrate",
        action="store_true",
        help="serve the database as it is (run hfhate-server migrate first): "
        "/api/v1/health/ready says 503 until its schema is the head revision",
    )
    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    backup_cmd = sub.add_parser(
        "backup",
        parents=[common],
        help="write the database and the evidence photos to one file (owner-only; the photo "
        "key is not in it: keep that apart); the server may keep running",
    )
    backup_cmd.add_argument("--out", required=True, metavar="FILE", type=Path)
    restore_cmd = sub.add_parser(
        "restore",
        parents=[common],
        help="with the server stopped: put the database and photos of a backup back, "
        "and start a new epoch so laptops send again what the backup lacks",
    )
    restore_cmd.add_argument("file", metavar="FILE", type=Path)
    # create-user and deactivate-user: the older names (users add / users deactivate).
    user = sub.add_parser("create-user", parents=[common], help="add an account")
    user.add_argument("username")
    user.add_argument("--full-name", required=True)
    user.add_argument(
        "--role",
        action="append",
        required=True,
        dest="roles",
        choices=[r.value for r in Role],
        help="a role (repeat for several)",
    )
    user.add_argument("--authorisation-number", default=None)
    user.add_argument("--id", default=None, help="the account's id on the laptops, if made there")
    deactivate = sub.add_parser("deactivate-user", parents=[common], help="deactivate an account")
    deactivate.add_argument("username")
    _users_parser(sub, common)
    sub.add_parser("enrolment-code", parents=[common], help="print a one-time enrolment code")
    sub.add_parser("devices", parents=[common], help="list enrolled devices")
    revoke = sub.add_parser("revoke-device", parents=[common], help="revoke a device's access")
    revoke.add_argument("code", type=int, help="the device code, as in notice numbers")
    revoke.add_argument(
        "--erase",
        action="store_true",
        help="also order the laptop to erase its data at its next contact (a lost or stolen "
        "laptop): it sends what it has not sent yet, then destroys its key and store",
    )
    sub.add_parser(
        "incomplete",
        parents=[common],
        help="list the notices whose evidence photos have not all arrived",
    )
    audit_trails = sub.add_parser(
        "audit",
        parents=[common],
        help="laptops' audit trails: verify every device's chain, or list the batches "
        "refused because they broke one",
    )
    audit_trails.add_argument("check", choices=("verify", "breaks"))
    sub.add_parser(
        "restored",
        parents=[common],
        help="after restoring the database from a backup: start a new epoch, so "
        "laptops send again what the backup lacks (also noticed by itself "
        "when a laptop proves the database went back)",
    )
    periods = sub.add_parser(
        "retention-periods",
        parents=[common],
        help="show, or change with the options, the retention periods the server checks "
        "every erasure a laptop pushes against",
    )
    for name, (low, high, unit) in RETENTION_BOUNDS.items():
        periods.add_argument(
            f"--{name.replace('_', '-')}", type=int, metavar=unit.upper(), help=f"{low} to {high}"
        )
    settings_cli.add_parser(sub, common)
    return parser


def _users_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """``users list|add|change|reset|deactivate|reactivate``: accounts every laptop gets."""
    users = sub.add_parser(
        "users",
        parents=[common],
        help="accounts: list, add, change, reset a password, deactivate, reactivate "
        "(laptops get them at their next sync)",
    )
    verbs = users.add_subparsers(dest="verb", required=True, metavar="VERB")
    verbs.add_parser("list", parents=[common], help="every account")
    roles = argparse.ArgumentParser(add_help=False)
    roles.add_argument("--full-name", required=True)
    roles.add_argument(
        "--role",
        action="append",
        required=True,
        dest="roles",
        choices=[r.value for r in Role],
        help="a role (repeat for several)",
    )
    roles.add_argument("--authorisation-number", default="")
    add = verbs.add_parser(
        "add",
        parents=[common, roles],
        help="add an account; its password (from $HFHATE_PASSWORD or asked) is temporary: "
        "it chooses its own at its first sign-in",
    )
    add.add_argument("username")
    change = verbs.add_parser(
        "change", parents=[common, roles], help="change an account's name, roles or number"
    )
    change.add_argument("username")
    for verb, what in (
        ("reset", "give a temporary password, to be changed at the next sign-in"),
        ("deactivate", "refuse the account on the server and, from their next sync, laptops"),
        ("reactivate", "let a deactivated account sign in again"),
    ):
        verbs.add_parser(verb, parents=[common], help=what).add_argument("username")


def _log_safely() -> None:
    """Warnings and errors to stderr, exceptions as their type and place (no values)."""
    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    serving = args.command == "serve"
    if serving:
        request_log.log_as_json_lines()
    else:
        _log_safely()
    settings = ServerSettings.resolve(args.data_dir, args.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if serving:
        try:
            workers.check(settings, args.workers)
        except workers.Refused as refused:
            print(f"hfhate-server: {refused}", file=sys.stderr)
            return 2
    engine = make_server_engine(settings.database_url)
    try:
        if args.command in ("backup", "restore"):  # before any migration: the file as it is
            return _backup_or_restore(settings, engine, args)
        if serving and args.no_migrate:
            return workers.serve(
                settings, args.host, args.port, args.workers, args.graceful_timeout
            )
        migrate(engine, settings.backups)
        if began := restore.check_at_start(engine):
            print(
                f"hfhate-server: the database is behind its high-water mark (restored from a "
                f"backup?): new epoch {began}.",
                file=sys.stderr,
            )
        if serving:
            engine.dispose()
            return workers.serve(
                settings, args.host, args.port, args.workers, args.graceful_timeout
            )
        if args.command == "migrate":
            print("The server database is up to date.")
            return 0
        with make_sessions(engine).begin() as session:
            return _admin(session, args)
    except accounts.Refused as refused:
        print(f"hfhate-server: {refused}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _backup_or_restore(settings: ServerSettings, engine: Any, args: argparse.Namespace) -> int:
    from hfhate.server import backup, photo_key

    path = settings.photo_key_path
    key = photo_key.load_or_create(path) if path.exists() else b""
    try:
        if args.command == "backup":
            made = backup.take(settings, engine, key, args.out)
            print(
                f"Backed up the {made['database']} database (schema {made['server_schema']}, "
                f"epoch {made['epoch']}) and {made['photos']} photos to {args.out}. "
                f"Keep the photo key ({path}) apart from it."
            )
        else:
            began = backup.put_back(settings, engine, key, args.file)
            print(
                f"Restored {args.file}: new epoch {began}; laptops send again what the "
                "backup lacks at their next sync."
            )
    except backup.Failed as failed:
        print(f"hfhate-server: {failed}", file=sys.stderr)
        return 1
    return 0


def _password() -> str:
    return os.environ.get("HFHATE_PASSWORD") or getpass.getpass("Password: ")


def _users(session: Session, args: argparse.Namespace) -> int:
    """``users VERB``: problems with the details given are said field by field (exit 2)."""
    try:
        if args.verb == "list":
            for user in account_admin.list_accounts(session):
                state = "active" if user.active else "deactivated"
                if user.must_change_password:
                    state += ", must choose a new password"
                number = f"  {user.authorisation_number}" if user.authorisation_number else ""
                print(
                    f"{user.username}  {user.full_name}  {', '.join(user.roles)}{number}  {state}"
                )
        elif args.verb == "add":
            user = account_admin.add_account(
                session,
                username=args.username,
                full_name=args.full_name,
                roles=args.roles,
                authorisation_number=args.authorisation_number,
                password=_password(),
            )
            print(
                f"Account {user.username} added ({user.id}): it chooses its own password "
                "at its first sign-in."
            )
        elif args.verb == "change":
            user = account_admin.by_username(session, args.username)
            account_admin.change_account(
                session,
                user.id,
                full_name=args.full_name,
                roles=args.roles,
                authorisation_number=args.authorisation_number,
            )
            print(f"Account {user.username} changed.")
        elif args.verb == "reset":
            user = account_admin.by_username(session, args.username)
            account_admin.reset_password(session, user.id, _password())
            print(f"Password of {user.username} reset: it must be changed at the next sign-in.")
        else:
            user = account_admin.by_username(session, args.username)
            active = args.verb == "reactivate"
            account_admin.set_account_active(session, user.id, active=active)
            print(f"Account {user.username} {'reactivated' if active else 'deactivated'}.")
    except account_admin.FieldsRefused as refused:
        for name, problem in refused.fields.items():
            print(f"hfhate-server: {name.replace('_', ' ')}: {problem}", file=sys.stderr)
        return 2
    return 0


def _admin(session: Session, args: argparse.Namespace) -> int:
    if args.command == "users":
        return _users(session, args)
    if args.command == "create-user":
        password = _password()
        user = accounts.create_user(
            session,
            username=args.username,
            full_name=args.full_name,
            roles=args.roles,
            password=password,
            authorisation_number=args.authorisation_number,
            user_id=uuid.UUID(args.id) if args.id else None,
        )
        print(f"Account {user.username} added ({user.id}).")
    elif args.command == "deactivate-user":
        accounts.set_active(session, args.username, active=False)
        print(f"Account {args.username} deactivated; its sessions have ended.")
    elif args.command == "enrolment-code":
        code = accounts.issue_enrolment_code(session)
        print(code)
    elif args.command == "devices":
        print(devices_table(list_devices(session)))
    elif args.command == "incomplete":
        waiting = evidence.incomplete_notices(session, Path(args.data_dir))
        for notice in waiting:
            print(notice.line())
        print(f"{len(waiting)} notice{'s' if len(waiting) != 1 else ''} waiting for photos.")
    elif args.command == "audit":
        return _audit(session, args.check)
    elif args.command == "restored":
        setting = session.get_one(ServerSetting, "epoch")
        setting.value = new_epoch()
        print(f"New epoch {setting.value}: laptops send again what this database lacks.")
    elif args.command == "retention-periods":
        return _retention_periods(session, args)
    elif args.command == "settings":
        return settings_cli.run(session, args)
    elif args.command == "revoke-device":
        device = accounts.revoke_device(session, args.code, erase=args.erase)
        erasing = " and ordered to erase its data at its next contact" if args.erase else ""
        print(f"Device {device.code:03d} ({device.name}) revoked{erasing}.")
    return 0


def _retention_periods(session: object, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    now = retention.server_retention_settings(session)
    asked = {n: getattr(args, n) for n in RETENTION_BOUNDS if getattr(args, n) is not None}
    if asked:
        new = replace(now, **asked)
        problems = retention_settings_problems(new)
        if problems:
            for name, problem in problems.items():
                print(f"hfhate-server: --{name.replace('_', '-')}: {problem}", file=sys.stderr)
            return 2
        retention.set_server_retention_settings(session, new)
        now = new
    for name, value in now.to_json().items():
        print(f"{name.replace('_', ' ')}: {value} {RETENTION_BOUNDS[name][2]}")
    return 0


def _audit(session: Session, check: str) -> int:
    """``audit verify``: exit 1 if a chain is broken; ``audit breaks``: the refused batches."""
    reports = audit_chains.breaks(session)
    if check == "breaks":
        for line in reports:
            print(line)
        print(f"{len(reports)} refused batch{'es' if len(reports) != 1 else ''} on record.")
        return 0
    chains = audit_chains.verify_all(session)
    for chain in chains:
        print(chain.line())
    if not chains:
        print("No laptop has sent its audit trail yet.")
    if reports:
        print(
            f"{len(reports)} batch{'es' if len(reports) != 1 else ''} refused on arrival: "
            "hfhate-server audit breaks lists them."
        )
    return 1 if any(not c.check.intact for c in chains) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
