"""The server's certificate authority: a council's own CA as a PEM file, checked and stored.

When the server's certificate was signed by a certificate authority the system does not know
(a council's own), an administrator gives this laptop that CA's certificate as a PEM file. It
is checked (it exists and holds a certificate) before it is kept in ``SyncState.ca_file``, and
the change is audited. The Sync area and ``hfhate enrol/sync --ca-file`` both use this.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from sqlalchemy.orm import Session

from hfhate.models import Role, SyncState
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.errors import ValidationFailed
from hfhate.services.ops import note_change


def ca_file_problem(path: str) -> str | None:
    """What is wrong with ``path`` as a CA file, in plain words; None if it can be used."""
    file = Path(path).expanduser()
    if not path.strip():
        return "Choose the certificate authority's file (a .pem or .crt file)."
    if not file.is_file():
        return f"There is no file at {file}."
    try:
        ssl.create_default_context(cafile=str(file))
    except (OSError, ValueError, ssl.SSLError):
        return (
            f"{file.name} is not a certificate in PEM form (text starting with "
            "-----BEGIN CERTIFICATE-----). Ask the server's administrator for the "
            "certificate authority's file."
        )
    return None


def stored_ca_file(session: Session) -> str | None:
    state = session.get(SyncState, 1)
    return state.ca_file if state is not None else None


def set_ca_file(session: Session, actor: Actor, path: str | None) -> str | None:
    """Trust the CA in ``path`` for this laptop's server (None: the usual authorities again).

    Returns the path kept (made absolute). Raises ``ValidationFailed`` for a file that is not
    a certificate, and when the laptop is not enrolled yet (the enrolment takes the file).
    """
    require(actor, Role.ADMINISTRATOR, to="choose the server's certificate authority")
    kept = None
    if path is not None:
        problem = ca_file_problem(path)
        if problem is not None:
            raise ValidationFailed({"ca_file": problem})
        kept = str(Path(path).expanduser().resolve())
    state = session.get(SyncState, 1)
    if state is None:
        raise ValidationFailed(
            {"ca_file": "Enrol this laptop first; the enrolment keeps the file chosen for it."}
        )
    if state.ca_file != kept:
        previous = state.ca_file
        state.ca_file = kept
        note_change(session, "sync_state")
        audit(session, actor, "sync_ca_file_set", details={"from": previous, "to": kept})
    return kept
