"""``hfhate enrol`` and ``hfhate sync``: join a server, and sync once from the command line."""

from __future__ import annotations

import argparse
import sys

from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.sync import client
from hfhate.sync.outbox import needs_attention_count, waiting_count
from hfhate.sync.transport import SyncError


def configure_enrol(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True, help="the server's address, https://...")
    parser.add_argument("--code", required=True, help="the one-time code from the server")


def run_enrol(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Enrol this laptop with the server (administrators)."""
    try:
        answer = client.enrol(store, actor, args.url, args.code)
    except SyncError as error:
        print(f"hfhate: {error}", file=sys.stderr)
        return 1
    print(f"Enrolled with {args.url} as device {answer.device_code:03d}.")
    return 0


def configure_sync(parser: argparse.ArgumentParser) -> None:
    """``hfhate sync`` takes no options beyond --user and --data-dir."""


def run_sync(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Send this user's waiting changes to the server and bring back what changed there."""
    try:
        report = client.sync(store, actor, args.password)
    except SyncError as error:
        with store.session_factory() as session:
            waiting = waiting_count(session)
        print(f"hfhate: sync stopped: {error} ({waiting} changes waiting)", file=sys.stderr)
        return 1
    with store.session_factory() as session:
        waiting, attention = waiting_count(session), needs_attention_count(session)
    print(f"Synced: {report.pushed} sent, {report.duplicates} already on the server, "
          f"{report.pulled} received, {report.held_back} held back (unsent changes here).")
    print(f"Waiting: {waiting}. Needs attention: {attention}.")
    return 0
