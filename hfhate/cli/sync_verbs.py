"""``hfhate enrol`` and ``hfhate sync``: join a server, and sync once from the command line.

``hfhate sync`` says on stderr how far it has got after each batch sent and page received,
and on stdout what it did. Both take ``--ca-file PEM`` for a server whose certificate was
signed by the council's own certificate authority: the file is checked, kept for this laptop
(``SyncState.ca_file``, as the Sync area does) and audited; later syncs use it without the
option. ``--ca-file ""`` goes back to the usual certificate authorities. A fault in hfhate
during a sync is said in one line (its type) and logged with its place, never its message.
A laptop the server ordered erased sends what it can, erases its data folder
(``hfhate.sync.erase``), prints why and what was not sent, and exits with ``EXIT_ERASED``.
"""

from __future__ import annotations

import argparse
import logging
import sys

from hfhate.models.store import Store
from hfhate.safe_log import describe_exception
from hfhate.services.actor import Actor
from hfhate.services.errors import ValidationFailed

# The sync client (httpx, pydantic) is imported by the sync verbs only: every other command,
# ``hfhate print`` of a batch among them, starts without it.
log = logging.getLogger(__name__)
# The server ordered this laptop erased (revoked as lost or stolen), and it was.
EXIT_ERASED = 5
CA_HELP = (
    "the PEM file of the certificate authority that signed the server's certificate, "
    'when it is the council\'s own (kept for later syncs; "" for the usual ones)'
)


def configure_enrol(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True, help="the server's address, https://...")
    parser.add_argument("--code", required=True, help="the one-time code from the server")
    parser.add_argument("--ca-file", metavar="PEM", default=None, help=CA_HELP)


def run_enrol(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Enrol this laptop with the server (administrators)."""
    from hfhate.sync import client
    from hfhate.sync.ca import ca_file_problem, set_ca_file
    from hfhate.sync.transport import SyncError, transport_for

    ca_file = args.ca_file or None
    problem = ca_file_problem(ca_file) if ca_file else None
    if problem is not None:
        print(f"hfhate: {problem}", file=sys.stderr)
        return 1
    try:
        answer = client.enrol(
            store, actor, args.url, args.code, lambda url: transport_for(url, ca_file)
        )
    except SyncError as error:
        print(f"hfhate: {error}", file=sys.stderr)
        return 1
    if ca_file is not None:
        with store.session_factory.begin() as session:
            set_ca_file(session, actor, ca_file)
    print(f"Enrolled with {args.url} as device {answer.device_code:03d}.")
    return 0


def _show_progress(stage: str, done: int, total: int) -> None:
    """One line on stderr per batch sent or page received (stdout keeps the summary)."""
    from hfhate.sync import client

    verb = {client.SENDING: "Sent", client.RECEIVING: "Received"}.get(stage, stage)
    print(
        f"{verb} {done:,}" + (f" of {total:,}" if total else "") + " changes",
        file=sys.stderr,
        flush=True,
    )


def configure_sync(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ca-file", metavar="PEM", default=None, help=CA_HELP + "; administrators")


def run_sync(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Send this user's waiting changes to the server and bring back what changed there."""
    from hfhate.sync import client, erase
    from hfhate.sync.attention import set_aside_count
    from hfhate.sync.ca import set_ca_file, stored_ca_file
    from hfhate.sync.outbox import needs_attention_count, waiting_count
    from hfhate.sync.transport import EraseOrdered, SyncError, transport_for

    if args.ca_file is not None:
        try:
            with store.session_factory.begin() as session:
                set_ca_file(session, actor, args.ca_file or None)
        except ValidationFailed as failed:
            print(f"hfhate: {failed.field_errors['ca_file']}", file=sys.stderr)
            return 1
    with store.session_factory() as session:
        ca_file = stored_ca_file(session)
    try:
        report = client.sync(
            store,
            actor,
            args.password,
            lambda url: transport_for(url, ca_file),
            progress=_show_progress,
        )
    except EraseOrdered as order:  # revoked as lost: sent what it could, now erased
        note = erase.carry_out(store, order)
        print(f"hfhate: {order}\n\n{note}", file=sys.stderr, end="")
        return EXIT_ERASED
    except SyncError as error:
        with store.session_factory() as session:
            waiting = waiting_count(session)
        print(f"hfhate: sync stopped: {error} ({waiting} changes waiting)", file=sys.stderr)
        return 1
    except Exception as error:  # a fault in hfhate: its type and place, never its message
        log.error("sync failed: %s", describe_exception(error))
        print(
            f"hfhate: sync stopped because of an error in hfhate ({type(error).__name__}); "
            "nothing waiting to be sent has been lost. The log file says where.",
            file=sys.stderr,
        )
        return 1
    with store.session_factory() as session:
        waiting = waiting_count(session)
        attention = needs_attention_count(session) + set_aside_count(session)
    print(
        f"Synced: {report.pushed} sent, {report.duplicates} already on the server, "
        f"{report.pulled} received, {report.held_back} held back (unsent changes here), "
        f"{report.photos} photos sent, {report.downloaded} photos received."
    )
    if report.set_aside:
        print(
            f"{report.set_aside} received could not be kept on this laptop: they need "
            "attention (the Sync area says why) and are tried again at the next sync."
        )
    print(f"Waiting: {waiting}. Needs attention: {attention}.")
    if report.note:  # the server is a release newer: this laptop is to be upgraded soon
        print(report.note)
    return 0
