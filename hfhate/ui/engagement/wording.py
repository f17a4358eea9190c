"""How sessions and follow-ups read on screen: dates, times, types and confidence changes."""

from __future__ import annotations

from datetime import date, time

from hfhate.services.engagement.rules import confidence_change, engagement_reference


def day_text(day: date | None) -> str:
    """``Mon 10 Mar 2025``, or an empty string."""
    return "" if day is None else day.strftime("%a %d %b %Y")


def times_text(start: time, end: time) -> str:
    return f"{start:%H:%M} to {end:%H:%M}"


def type_text(session_type: str, specialised_topic: str = "") -> str:
    """``Specialised training: Antisemitism`` or the type's label."""
    ref = engagement_reference()
    label = ref.session_types.get(session_type, session_type)
    if session_type == "specialised_training" and specialised_topic:
        return f"{label}: {ref.topics.get(specialised_topic, specialised_topic)}"
    return label


def labels(codes: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in codes)


def average_text(average: float | None, responses: int | None) -> str:
    """``2.4 (28 answers)``, or a dash when the question was not asked then."""
    if average is None:
        return "not asked"
    answers = f" ({responses} answer{'s' if responses != 1 else ''})" if responses else ""
    return f"{average:.1f}{answers}"


def change_text(before: float | None, after: float | None) -> str:
    """``up 1.7``, ``down 0.3``, ``no change``, or an empty string when one side is missing."""
    change = confidence_change(before, after)
    if change is None:
        return ""
    if change > 0:
        return f"up {change:.1f}"
    if change < 0:
        return f"down {-change:.1f}"
    return "no change"


def due_text(due: date | None, today: date) -> str:
    """``due 14 Mar 2025`` or ``3 days overdue (due 9 Mar 2025)``."""
    if due is None:
        return ""
    late = (today - due).days
    if late > 0:
        return f"{late} day{'s' if late != 1 else ''} overdue (due {due:%d %b %Y})"
    if late == 0:
        return f"due today ({due:%d %b %Y})"
    return f"due {due:%d %b %Y}"
