"""Every setting an administrator may change, in one list: name, words, unit, type, bounds,
the shipped default, and the checks that hold across settings.

A setting's name is ``group.field``: the groups are the notice rules (``notices``), the
reminder letters (``reminders``), the retention periods (``retention``), the laptop limits
(``laptop``), the council's details printed in the wording (``council``), how long a
partner has to acknowledge a referral (``referrals``) and the reports' trend alerts and
small-number threshold (``reports``). Each group's
values are checked together by the problem function its service already had (the reduced
amount is at most the full one, changes stop later than the warning starts, ...), so a value
is refused here for the same reasons everywhere. No Qt, no store: the laptop and the server
both use this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hfhate.printing.fonts import describe_characters, unprintable_characters
from hfhate.printing.template import MAX_DAYS_TO_PAY, shipped_document
from hfhate.services.laptop_settings import (
    IDLE_MINUTES_RANGE,
    MOST_DAYS,
    LaptopSettings,
    laptop_settings_problems,
)
from hfhate.services.notices.settings import (
    NoticeSettings,
    default_settings,
    notice_settings_problems,
)
from hfhate.services.retention.settings import (
    BOUNDS as RETENTION_BOUNDS,
)
from hfhate.services.retention.settings import (
    RetentionSettings,
    retention_settings_problems,
)

MONEY, WHOLE, DATE, TEXT = "money", "whole", "date", "text"
LONGEST_TEXT = 300
GROUPS: dict[str, str] = {
    "notices": "Notices",
    "reminders": "Reminder letters",
    "retention": "Retention periods",
    "laptop": "Laptop limits",
    "council": "Council's details in the wording",
    "referrals": "Referrals",
    "reports": "Reports",
}


@dataclass(frozen=True)
class Setting:
    """One named setting."""

    name: str  # "notices.amount_pence"
    label: str  # in the council's words
    unit: str  # "", "days", "months", "years", "minutes", "years of age", "characters"
    type: str  # MONEY (whole pence), WHOLE, DATE (ISO text) or TEXT
    default: int | str
    low: int | None = None
    high: int | None = None

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def field(self) -> str:
        return self.name.split(".", 1)[1]


def _notice_settings() -> tuple[Setting, ...]:
    shipped = default_settings().to_json()
    rows: list[tuple[str, str, str, str, int | None, int | None]] = [
        ("amount_pence", "Amount of a fixed penalty notice", "", MONEY, 1, 250_000),
        ("reduced_amount_pence", "Reduced amount if paid early", "", MONEY, 1, 250_000),
        ("reduced_period_days", "Days to pay the reduced amount", "days", WHOLE, 1, 60),
        ("no_proceedings_days", "Days without proceedings after a notice", "days", WHOLE, 14, 90),
        (
            "prosecution_months",
            "Months to start proceedings after the offence",
            "months",
            WHOLE,
            1,
            6,
        ),
        ("minimum_age", "Youngest age a notice may be given", "years of age", WHOLE, 10, 25),
        (
            "override_under_age",
            "Under this age a supervisor approves",
            "years of age",
            WHOLE,
            10,
            25,
        ),
        (
            "circumstances_min_chars",
            "Shortest description of the circumstances",
            "characters",
            WHOLE,
            1,
            2000,
        ),
        ("pspo_in_force_from", "The order is in force from", "", DATE, None, None),
        ("pspo_in_force_until", "The order is in force until", "", DATE, None, None),
    ]
    return tuple(
        Setting(f"notices.{field}", label, unit, kind, shipped[field], low, high)
        for field, label, unit, kind, low, high in rows
    )


def _reminder_settings() -> tuple[Setting, ...]:
    letters = shipped_document()["letters"]
    return tuple(
        Setting(
            f"reminders.reminder_{n}_days_to_pay",
            f"Days to pay given by the {word} reminder",
            "days",
            WHOLE,
            int(letters[f"reminder_{n}"]["days_to_pay"]),
            1,
            MAX_DAYS_TO_PAY,
        )
        for n, word in ((1, "first"), (2, "second"))
    )


_RETENTION_LABELS = {
    "notice_years": "Keep notices and warnings after they are closed",
    "photo_years": "Keep their photos after they are closed",
    "cancelled_photo_days": "Keep photos of a cancelled notice",
    "register_years": "Keep session registers and follow-ups",
    "draft_days": "Keep unfinished drafts",
    "victim_years": "Keep incidents and victims' and witnesses' records",
}
_LAPTOP_LABELS = {
    "idle_lock_minutes": ("Lock a window left idle after", "minutes", *IDLE_MINUTES_RANGE),
    "stale_warn_days": ("Warn at sign-in after days without a sync", "days", 1, MOST_DAYS),
    "stale_block_days": ("Only view and sync after days without a sync", "days", 1, MOST_DAYS),
}
_COUNCIL_LABELS = {
    "council_name": "Council's name",
    "team": "Team",
    "council_address": "Council's address",
    "payee": "Pay to",
    "payment_address": "Address for payments by post",
    "payment_counter": "Where to pay in person",
    "representations_address": "Address for representations",
    "phone": "Phone number",
    "phone_hours": "Phone lines open",
    "web": "Web page to pay",
    "pspo_name": "Name of the order",
    "maximum_fine": "Maximum fine on conviction",
    "retention": "How long records are kept (as printed)",
    "privacy_web": "Privacy notice web page",
}
# Referrals: how many days a partner has to acknowledge one before it shows as overdue.
REFERRAL_ACKNOWLEDGE_DAYS = 10
_REFERRAL_SETTINGS = (
    Setting(
        "referrals.acknowledge_days",
        "Days a partner has to acknowledge a referral",
        "days",
        WHOLE,
        REFERRAL_ACKNOWLEDGE_DAYS,
        1,
        90,
    ),
)

# Reports: the trend alerts' windows and minimum count, and the small-number threshold below
# which a published count is shown as "fewer than N".
REPORT_DEFAULTS = {
    "reports.trend_recent_months": 3,
    "reports.trend_baseline_months": 12,
    "reports.trend_minimum_count": 5,
    "reports.small_number_threshold": 5,
}
_REPORT_SETTINGS = (
    Setting(
        "reports.trend_recent_months",
        "Trend alerts: recent months compared",
        "months",
        WHOLE,
        REPORT_DEFAULTS["reports.trend_recent_months"],
        1,
        12,
    ),
    Setting(
        "reports.trend_baseline_months",
        "Trend alerts: months of baseline before them",
        "months",
        WHOLE,
        REPORT_DEFAULTS["reports.trend_baseline_months"],
        6,
        36,
    ),
    Setting(
        "reports.trend_minimum_count",
        "Trend alerts: fewest records in the recent months for an alert",
        "records",
        WHOLE,
        REPORT_DEFAULTS["reports.trend_minimum_count"],
        3,
        50,
    ),
    Setting(
        "reports.small_number_threshold",
        'Published reports: counts below this are shown as "fewer than"',
        "",
        WHOLE,
        REPORT_DEFAULTS["reports.small_number_threshold"],
        2,
        20,
    ),
)


def _build() -> tuple[Setting, ...]:
    retention = RetentionSettings().to_json()
    laptop = LaptopSettings().to_json()
    council = shipped_document()["settings"]
    return (
        *_notice_settings(),
        *_reminder_settings(),
        *(
            Setting(
                f"retention.{field}",
                _RETENTION_LABELS[field],
                unit,
                WHOLE,
                retention[field],
                low,
                high,
            )
            for field, (low, high, unit) in RETENTION_BOUNDS.items()
        ),
        *(
            Setting(f"laptop.{field}", label, unit, WHOLE, laptop[field], low, high)
            for field, (label, unit, low, high) in _LAPTOP_LABELS.items()
        ),
        *(
            Setting(f"council.{field}", label, "", TEXT, council[field])
            for field, label in _COUNCIL_LABELS.items()
        ),
        *_REFERRAL_SETTINGS,
        *_REPORT_SETTINGS,
    )


CATALOGUE: tuple[Setting, ...] = _build()
BY_NAME: Mapping[str, Setting] = {setting.name: setting for setting in CATALOGUE}


def shipped_values() -> dict[str, Any]:
    """Every setting's shipped default, by name."""
    return {setting.name: setting.default for setting in CATALOGUE}


def describe(setting: Setting, value: Any) -> str:
    """A value as a person reads it: £100.00, 14 days, 8 July 2024."""
    if setting.type == MONEY and isinstance(value, int):
        return f"£{value / 100:,.2f}"
    if setting.type == DATE and isinstance(value, str):
        try:
            return f"{date.fromisoformat(value):%-d %B %Y}"
        except ValueError:
            return value
    return f"{value} {setting.unit}".strip()


def parse_value(setting: Setting, text: str) -> int | str:
    """A value typed by a person (``£500``, ``14``, ``2027-01-01``) as the setting keeps it;
    ValueError with the plain reason when it cannot be read."""
    text = text.strip()
    if setting.type == MONEY:
        found = re.fullmatch(r"£?\s*(\d{1,7})(?:\.(\d{2}))?", text.replace(",", ""))
        if found is None:
            raise ValueError("Enter an amount in pounds, such as 100 or 60.00.")
        return int(found.group(1)) * 100 + int(found.group(2) or 0)
    if setting.type == WHOLE:
        if not re.fullmatch(r"\d{1,7}", text):
            raise ValueError(f"Enter a whole number of {setting.unit or 'units'}.")
        return int(text)
    if setting.type == DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD.") from None
    return text


def value_problem(setting: Setting, value: Any) -> str:
    """What is wrong with ``value`` for this one setting, or ""."""
    if setting.type in (MONEY, WHOLE):
        if not isinstance(value, int) or isinstance(value, bool):
            return "Enter a whole number." if setting.type == WHOLE else "Enter an amount."
        if (
            setting.low is not None
            and value < setting.low
            or (setting.high is not None and value > setting.high)
        ):
            low, high = setting.low or 0, setting.high or 0
            if setting.type == MONEY:
                return f"Use {describe(setting, low)} to {describe(setting, high)}."
            return f"Use {low} to {high} {setting.unit}.".replace("  ", " ")
        return ""
    if not isinstance(value, str):
        return "Enter a text." if setting.type == TEXT else "Enter a date."
    if setting.type == DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            return "Enter a date as YYYY-MM-DD."
        return ""
    if not value.strip():
        return "This cannot be empty."
    if len(value) > LONGEST_TEXT:
        return f"Use at most {LONGEST_TEXT} characters."
    if "{" in value or "}" in value:
        return "Braces { } cannot be used here."
    missing = unprintable_characters(value)
    if missing:
        return f"These characters cannot be printed: {describe_characters(missing)}"
    return ""


def _group_values(values: Mapping[str, Any], group: str) -> dict[str, Any]:
    prefix = group + "."
    return {k.removeprefix(prefix): v for k, v in values.items() if k.startswith(prefix)}


_COMBINED: dict[str, Callable[[dict[str, Any]], dict[str, str]]] = {
    "notices": lambda v: notice_settings_problems(NoticeSettings.from_json(v)),
    "retention": lambda v: retention_settings_problems(RetentionSettings.from_json(v)),
    "laptop": lambda v: laptop_settings_problems(LaptopSettings.from_json(v)),
}


def problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Every problem with a whole set of values (one per setting name), by setting name:
    each value on its own, then the checks across each group's values."""
    found = {
        name: problem
        for name, setting in BY_NAME.items()
        if name in values and (problem := value_problem(setting, values[name]))
    }
    if found:
        return found
    for group, check in _COMBINED.items():
        for field, problem in check(_group_values(values, group)).items():
            found[f"{group}.{field}"] = problem
    return found


def notice_settings_of(values: Mapping[str, Any]) -> NoticeSettings:
    return NoticeSettings.from_json(_group_values(values, "notices"))


def retention_settings_of(values: Mapping[str, Any]) -> RetentionSettings:
    return RetentionSettings.from_json(_group_values(values, "retention"))


def laptop_settings_of(values: Mapping[str, Any]) -> LaptopSettings:
    return LaptopSettings.from_json(_group_values(values, "laptop"))


def council_details_of(values: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in _group_values(values, "council").items()}


def reminder_days_of(values: Mapping[str, Any], reminder: int) -> int:
    return int(values[f"reminders.reminder_{reminder}_days_to_pay"])


def acknowledge_days_of(values: Mapping[str, Any]) -> int:
    """Days a partner has to acknowledge a referral (the shipped 10 if none is held)."""
    return int(values.get("referrals.acknowledge_days", REFERRAL_ACKNOWLEDGE_DAYS))


def report_setting_of(values: Mapping[str, Any], name: str) -> int:
    """One of the ``reports`` settings (its shipped default if none is held)."""
    return int(values.get(name, REPORT_DEFAULTS[name]))
