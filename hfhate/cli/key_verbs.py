"""``hfhate store-key``: where this laptop's store key is kept, and an administrator's moves of it.

    hfhate store-key --user admin                       says where the key is kept
    hfhate store-key --user admin --change-passphrase   a new administrator passphrase
    hfhate store-key --user admin --to-credential-store the key into the system's credential store
    hfhate store-key --user admin --to-passphrase       the key out of it, under a passphrase

The store was opened (the key unlocked, the old passphrase typed where there is one) and the
administrator signed in before any of this runs; a new passphrase is asked at the terminal
only (``cli.passphrase``). Each change is audited; the key itself never changes.
"""

from __future__ import annotations

import argparse
import sys

from hfhate.cli.passphrase import terminal_passphrase
from hfhate.models import Role
from hfhate.models.store import Store
from hfhate.security import key_admin
from hfhate.security.errors import SecurityError
from hfhate.services import audit
from hfhate.services.actor import Actor, require

EXIT_FAILED = 1


def configure_store_key(parser: argparse.ArgumentParser) -> None:
    move = parser.add_mutually_exclusive_group()
    move.add_argument(
        "--change-passphrase", action="store_true", help="choose a new administrator passphrase"
    )
    move.add_argument(
        "--to-credential-store",
        action="store_true",
        help="keep the key in the system's credential store (no passphrase at start)",
    )
    move.add_argument(
        "--to-passphrase",
        action="store_true",
        help="take the key out of the credential store and lock it with a passphrase",
    )


def run_store_key(args: argparse.Namespace, store: Store, actor: Actor) -> int:
    """Say where the key is kept, or move it as asked (administrators)."""
    require(actor, Role.ADMINISTRATOR, to="see or change where the store key is kept")
    data_dir = store.paths.data_dir
    moving = args.change_passphrase or args.to_credential_store or args.to_passphrase
    try:
        if not moving:
            place = key_admin.key_place(data_dir)
            print(f"The store key of {data_dir} is kept in {key_admin.PLACE_WORDS[place]}.")
            return 0
        ask = terminal_passphrase()
        if args.to_credential_store:
            key_admin.to_credential_store(data_dir, store.key)
        elif ask is None:
            print(
                "hfhate: a new passphrase is asked at a terminal only; run this command in "
                "one. Nothing was changed.",
                file=sys.stderr,
            )
            return EXIT_FAILED
        elif args.change_passphrase:
            key_admin.change_passphrase(data_dir, store.key, ask)
        else:
            key_admin.to_passphrase(data_dir, store.key, ask)
    except SecurityError as error:
        print(f"hfhate: {error}", file=sys.stderr)
        return EXIT_FAILED
    place = key_admin.key_place(data_dir)
    with store.session_factory.begin() as session:
        audit.audit(session, actor, "store_key_moved", details={"to": place})
    print(f"Done: the store key of {data_dir} is now kept in {key_admin.PLACE_WORDS[place]}.")
    return 0
