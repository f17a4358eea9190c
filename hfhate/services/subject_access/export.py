"""The reply to a subject access request: the supervisor's decisions on each hit, then one PDF
and one JSON file of the same items, each written atomically and readable by its owner only.

Every hit is included unless withheld with a reason, or set aside as another person's record
(a namesake: it is neither given nor listed). By default a hit whose date of birth differs is
set aside as someone else's, and a photo of a record the person is not the recipient of is
withheld (it shows the record's subject, another person). The decisions are kept on the
request (they sync with it), and the export is one "disclosure" row in the audit trail, to
the data subject, listing the ids of what was given.
"""

from __future__ import annotations

import base64
import io
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from hfhate.models import EvidencePhoto
from hfhate.printing.subject_access_pdf import AccessReply, ReplyItem, WithheldItem, write_reply
from hfhate.security.errors import SecurityError
from hfhate.security.private_files import write_private
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.changes import record_updated
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.evidence import read_photo
from hfhate.services.notices.wording import current_wording
from hfhate.services.subject_access.reply_items import reply_item
from hfhate.services.subject_access.requests import get_request
from hfhate.services.subject_access.rules import reason_problem
from hfhate.services.subject_access.search import Hit

EXPORTED = "subject_access_exported"
RECIPIENT = "data subject"
PHOTO_OF_ANOTHER = "third-party data: the photo is evidence about another person"


@dataclass(frozen=True)
class Decision:
    """An item included, or withheld with the reason the requester is told, or found to be
    about someone else (left out of the reply altogether)."""

    include: bool = True
    reason: str = ""
    someone_else: bool = False


@dataclass(frozen=True)
class Exported:
    """The two files written and how many items each holds."""

    pdf: Path
    json: Path
    included: int
    withheld: int


def default_decision(hit: Hit) -> Decision:
    if hit.flag:
        return Decision(False, someone_else=True)
    if hit.record_type == "evidence_photos" and hit.notice_role != "recipient":
        return Decision(False, PHOTO_OF_ANOTHER)
    return Decision()


def decision_problems(hits: Sequence[Hit], decisions: Mapping[str, Decision]) -> dict[str, str]:
    """One message per withheld item without a reason (keyed by the item's key)."""
    problems = {}
    for hit in hits:
        decision = decisions.get(hit.key, default_decision(hit))
        if not decision.include and not decision.someone_else:
            problem = reason_problem(decision.reason)
            if problem:
                problems[hit.key] = f"{hit.where}: {problem}"
    return problems


def export_reply(
    session: Session,
    actor: Actor,
    request_id: uuid.UUID,
    hits: Sequence[Hit],
    decisions: Mapping[str, Decision],
    *,
    folder: Path,
    evidence_dir: Path,
    photo_key: bytes,
    today: date,
) -> Exported:
    """Write the reply's PDF and JSON into ``folder``; keep the decisions; log the disclosure."""
    request = get_request(session, actor, request_id)
    problems = decision_problems(hits, decisions)
    if problems:
        raise ValidationFailed(problems)

    def read(photo: EvidencePhoto) -> bytes | None:
        try:
            return read_photo(evidence_dir, photo_key, photo.sha256, photo.media_type)
        except (OSError, SecurityError):
            return None

    included: list[ReplyItem] = []
    withheld: list[WithheldItem] = []
    for hit in hits:
        decision = decisions.get(hit.key, default_decision(hit))
        if decision.include:
            included.append(reply_item(session, hit, request.requester_name, read))
        elif not decision.someone_else:
            withheld.append(WithheldItem(hit.key, hit.where, decision.reason.strip()))
    settings = current_wording(session).settings
    reply = AccessReply(
        council_name=settings["council_name"],
        team=settings["team"],
        council_address=settings["council_address"],
        requester_name=request.requester_name,
        received_on=request.received_on,
        due_on=request.due_on,
        identified_by=request.identified_by,
        prepared_on=today,
        included=included,
        withheld=withheld,
    )
    stem = f"subject-access-{request.received_on:%Y-%m-%d}-{str(request.id)[-8:]}"
    pdf = io.BytesIO()
    write_reply(pdf, reply)
    write_private(folder / f"{stem}.pdf", pdf.getvalue())
    write_private(folder / f"{stem}.json", reply_json(reply).encode())
    kept = {
        hit.key: {"include": d.include, "reason": d.reason.strip(), "someone_else": d.someone_else}
        for hit in hits
        for d in [decisions.get(hit.key, default_decision(hit))]
    }
    included_ids = [hit.record_id for hit in hits if kept[hit.key]["include"]]
    details = {
        "count": len(included),
        "withheld": len(withheld),
        "someone_else": len(hits) - len(included) - len(withheld),
    }
    record_updated(session, actor, request, {"decisions": kept}, action=EXPORTED, audited=False)
    audit(
        session,
        actor,
        EXPORTED,
        record_type="subject_access_requests",
        record_id=request.id,
        details=details,
        recipients=[RECIPIENT],
        record_ids=included_ids,
    )
    return Exported(folder / f"{stem}.pdf", folder / f"{stem}.json", len(included), len(withheld))


def reply_json(reply: AccessReply) -> str:
    """The same items as the PDF, machine-readable (photos as base64)."""
    document = {
        "request": {
            "requester_name": reply.requester_name,
            "received_on": reply.received_on.isoformat(),
            "due_on": reply.due_on.isoformat(),
            "identified_by": reply.identified_by,
        },
        "controller": reply.council_name,
        "prepared_on": reply.prepared_on.isoformat(),
        "included": [
            {
                "key": item.key,
                "title": item.title,
                "fields": [{"label": label, "value": value} for label, value in item.fields],
                "photo_base64": base64.b64encode(item.photo).decode() if item.photo else None,
            }
            for item in reply.included
        ],
        "withheld": [
            {"key": item.key, "title": item.title, "reason": item.reason} for item in reply.withheld
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
