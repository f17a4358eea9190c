"""The fields of a notice's detail, in groups, as words: offence, recipient, money, evidence,
victims and witnesses, and the supervisor's approval when one was needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, utc_now
from hfhate.printing.particulars import pounds
from hfhate.services.notices.lifecycle import balance_due, refund_due, time_barred
from hfhate.services.notices.rules import age_on
from hfhate.services.reference import reference
from hfhate.services.reference_lists import ReferenceLists, shipped_lists
from hfhate.services.retention.erased_fields import erased_note
from hfhate.ui.formatting import london_time
from hfhate.ui.notices.table_model import OWING
from hfhate.ui.notices.timeline import how_paid

if TYPE_CHECKING:
    from hfhate.services.notices.queries import NoticeView

Rows = list[tuple[str, str, str]]  # (key, label, text)


def _day(value: Any) -> str:
    return value.strftime("%d %b %Y") if value is not None else ""


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _shown(lists: ReferenceLists, list_name: str, code: str) -> str:
    """An entry's words, said to be retired when it is (an old record keeps it)."""
    label = lists.label(list_name, code)
    return f"{label} (no longer in use)" if lists.is_retired(list_name, code) else label


def offence_rows(notice: FixedPenaltyNotice, lists: ReferenceLists | None = None) -> Rows:
    lists = lists or shipped_lists()
    kind = "Warning" if notice.kind is NoticeKind.WARNING else "Fixed penalty notice"
    location = ""
    if notice.latitude is not None and notice.longitude is not None:
        location = f"{notice.latitude:.5f}, {notice.longitude:.5f}"
    earlier = "No"
    if notice.earlier_warning:
        earlier = "Yes, linked to the warning record" if notice.earlier_warning_id else "Yes"
    return [
        ("number", "Number", notice.number or "None (no notice was issued)"),
        ("kind", "Type", kind),
        ("status", "Status", notice.status.label),
        ("offence_at", "Offence date and time", london_time(notice.offence_at)),
        (
            "issued_at",
            "Recorded" if notice.kind is NoticeKind.WARNING else "Issued",
            london_time(notice.issued_at),
        ),
        *deadline_rows(notice),
        ("place", "Place", notice.place),
        ("postcode", "Postcode", notice.postcode),
        ("ward", "Ward", _shown(lists, "wards", notice.ward)),
        ("location", "Map position", location or "Not recorded"),
        (
            "prohibition",
            "Prohibition breached",
            _shown(lists, "prohibitions", notice.prohibition),
        ),
        (
            "hostilities",
            "Hostility shown",
            ", ".join(_shown(lists, "hostilities", h) for h in notice.hostilities),
        ),
        ("circumstances", "Circumstances", _erased(notice) or notice.circumstances),
        ("earlier_warning", "Warned before", earlier),
        (
            "officer",
            "Officer",
            f"{notice.officer_name} ({notice.officer_authorisation_number})"
            if notice.officer_authorisation_number
            else notice.officer_name,
        ),
    ]


def deadline_rows(notice: FixedPenaltyNotice) -> Rows:
    """The last day proceedings may start (six months after the offence), for a notice."""
    if notice.prosecute_by is None:
        return []
    deadline = _day(notice.prosecute_by)
    if time_barred(notice, london_date(utc_now())) and notice.status in OWING:
        deadline += " (time-barred: proceedings can no longer start; write it off)"
    return [("prosecute_by", "Proceedings must start by", deadline)]


def _erased(notice: FixedPenaltyNotice) -> str:
    """The note that stands for erased values, or "" while the notice keeps them."""
    return erased_note(notice.erased_at) if notice.erased_at is not None else ""


def recipient_rows(notice: FixedPenaltyNotice) -> Rows:
    if notice.erased_at is not None:
        band = notice.recipient_age_band or "not recorded"
        return [
            ("recipient_erased", "Recipient", _erased(notice)),
            ("recipient_age_band", "Estimated age", band),
        ]
    ref = reference()
    born = notice.recipient_date_of_birth
    if born is not None:
        age = f"{_day(born)} (aged {age_on(born, london_date(notice.offence_at))} then)"
    elif notice.recipient_age_band:
        age = f"Not given; estimated age {notice.recipient_age_band}"
    else:
        age = "Not given"
    identity = ref.identity_methods.get(notice.identity_method, notice.identity_method)
    if notice.identity_document:
        identity = f"{identity}: {notice.identity_document}"
    return [
        ("recipient_name", "Name", notice.recipient_name),
        ("recipient_date_of_birth", "Date of birth", age),
        ("recipient_address", "Address", notice.recipient_address or "Not given"),
        ("recipient_postcode", "Postcode", notice.recipient_postcode or "Not given"),
        ("identity", "Identity", identity),
        ("recipient_description", "Description", notice.recipient_description or "None"),
        ("appears_vulnerable", "Appears vulnerable", _yes(notice.appears_vulnerable)),
    ]


def money_rows(view: NoticeView) -> Rows:
    notice = view.notice
    if notice.amount_pence is None:
        return []
    today = london_date(utc_now())
    received = notice.paid_amount_pence or 0
    payments = [e for e in view.events if e.action == "record_payment"]
    paid = "Not paid"
    if received:
        paid = f"{pounds(received)} on {_day(notice.paid_on)}"
        if len(payments) > 1:
            last = _day(notice.paid_on)
            paid = f"{pounds(received)} in {len(payments)} payments, the last on {last}"
        if payments:
            paid += f" ({how_paid(payments[-1].details)})"
    rows = [
        ("amount", "Amount", pounds(notice.amount_pence)),
        (
            "reduced_amount",
            "Reduced amount",
            f"{pounds(notice.reduced_amount_pence)} if paid by {_day(notice.reduced_until)}",
        ),
        ("pay_by", "Pay by", _day(notice.pay_by)),
        ("no_proceedings_until", "No proceedings until", _day(notice.no_proceedings_until)),
    ]
    if notice.reminder_pay_by is not None:
        rows.append(("reminder_pay_by", "Reminder gives until", _day(notice.reminder_pay_by)))
    rows.append(("paid", "Paid" if notice.status is NoticeStatus.PAID else "Received", paid))
    balance = balance_due(notice, today)
    if notice.status in OWING and balance is not None:
        if received:
            rows.append(("balance", "Balance to pay if paid today", pounds(balance)))
        else:
            rows.append(("due_today", "Due if paid today", pounds(balance)))
    refund = refund_due(notice)
    if refund:
        rows.append(("refund", "Refund due", pounds(refund)))
    return rows


def evidence_rows(view: NoticeView) -> Rows:
    count = len(view.photos)
    return [
        (
            "body_worn_video",
            "Body-worn video",
            _erased(view.notice) or view.notice.body_worn_video or "None recorded",
        ),
        ("photos", "Photos", f"{count} (below)" if count else "None"),
    ]


def people_rows(notice: FixedPenaltyNotice) -> Rows:
    if notice.erased_at is not None:
        return [("people_erased", "People", _erased(notice))]
    referrals = reference().referrals
    rows = []
    for number, person in enumerate(notice.people, start=1):
        role = str(person.get("role", "victim")).capitalize()
        parts = [person.get("name", "")]
        if person.get("contact"):
            parts.append(f"contact {person['contact']}")
        parts.append(
            "consents to be contacted"
            if person.get("consent_to_contact")
            else "does not consent to be contacted"
        )
        offered = person.get("referral_offered", "none")
        if offered and offered != "none":
            answer = "accepted" if person.get("referral_accepted") else "declined"
            parts.append(f"referral to {referrals.get(offered, offered)} offered, {answer}")
        else:
            parts.append("no referral offered")
        rows.append((f"person_{number}", role, "; ".join(parts)))
    return rows or [("people", "People", "None recorded")]


def approval_rows(view: NoticeView) -> Rows:
    if not view.notice.override_reason:
        return []
    return [
        ("override_by", "Approved by", view.override_by or "A supervisor"),
        ("override_reason", "Reason", view.notice.override_reason),
    ]


def fill_groups(
    groups: dict[str, QGroupBox], view: NoticeView, lists: ReferenceLists | None = None
) -> dict[str, QLabel]:
    """Replace each group's rows with the notice's values; returns the value labels by key.

    ``lists``: the reference lists on this laptop (default: the shipped ones)."""
    rows = {
        "Offence": offence_rows(view.notice, lists),
        "Recipient": recipient_rows(view.notice),
        "Money": money_rows(view),
        "Evidence": evidence_rows(view),
        "Victims and witnesses": people_rows(view.notice),
        "Supervisor's approval": approval_rows(view),
    }
    values: dict[str, QLabel] = {}
    for name, group_rows in rows.items():
        box = groups[name]
        old = box.findChild(QWidget, "fields", Qt.FindChildOption.FindDirectChildrenOnly)
        fields = QWidget()
        fields.setObjectName("fields")
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label, text in group_rows:
            value = QLabel(text)
            value.setObjectName(f"value_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            value.setAccessibleDescription(text)
            caption = QLabel(f"{label}:")
            caption.setProperty("role", "hint")
            form.addRow(caption, value)
            values[key] = value
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout), "each group box is laid out in a column"
        if old is not None:
            old.hide()  # at once: deletion waits for the event loop
            layout.replaceWidget(old, fields)
            old.deleteLater()
        else:
            layout.insertWidget(0, fields)
    return values
