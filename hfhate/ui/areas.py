"""The app's areas: what each is for, who may open it, and the function that builds its screen.

Each screen function imports its module when the area is first opened, not when this module is
imported, so start-up does not load every screen (and reportlab, QtPdf...) before the window
shows. ``tests/test_startup_imports.py`` keeps it so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from hfhate.models import Role
from hfhate.ui.context import UiContext
from hfhate.ui.print_queue import print_queue_page  # itself imports the queue when first called

Screen = Callable[[UiContext], QWidget]


@dataclass(frozen=True)
class Area:
    """One area of the app: its title, what it is for, who may open it, and its screen."""

    title: str
    description: str
    roles: frozenset[Role]
    screen: Screen


def new_notice_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.notices.new_notice_page import NewNoticePage

    return NewNoticePage(ctx)


def drafts_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.notices.drafts_page import DraftsPage

    return DraftsPage(ctx)


def notices_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.notices.list_page import NoticesPage

    return NoticesPage(ctx)


def warnings_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.notices.list_page import WarningsPage

    return WarningsPage(ctx)


def due_actions_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.notices.due_page import DueActionsPage

    return DueActionsPage(ctx)


def sessions_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.engagement.sessions_page import SessionsPage

    return SessionsPage(ctx)


def follow_ups_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.engagement.follow_ups_page import FollowUpsPage

    return FollowUpsPage(ctx)


def staff_training_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.engagement.training_page import StaffTrainingPage

    return StaffTrainingPage(ctx)


def incidents_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.victims.incidents_page import IncidentsPage

    return IncidentsPage(ctx)


def people_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.victims.people_page import PeoplePage

    return PeoplePage(ctx)


def referrals_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.victims.referrals_page import ReferralsPage

    return ReferralsPage(ctx)


def users_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.accounts.users_page import UsersPage

    return UsersPage(ctx)


def laptop_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.laptop_page import LaptopPage

    return LaptopPage(ctx)


def settings_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.settings.page import SettingsPage

    return SettingsPage(ctx)


def lists_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.reference.lists_page import ListsPage

    return ListsPage(ctx)


def laptops_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.laptops.laptops_page import LaptopsPage

    return LaptopsPage(ctx)


def audit_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.audit_page import AuditPage

    return AuditPage(ctx)


def retention_review_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.retention.review_page import RetentionReviewPage

    return RetentionReviewPage(ctx)


def sync_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.sync.sync_page import SyncPage

    return SyncPage(ctx)


def reports_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.reports.dashboard_page import DashboardPage

    return DashboardPage(ctx)


def subject_access_screen(ctx: UiContext) -> QWidget:
    from hfhate.ui.subject_access.page import SubjectAccessPage

    return SubjectAccessPage(ctx)


OFFICERS = frozenset({Role.AUTHORISED_OFFICER})
NOTICE_READERS = frozenset({Role.AUTHORISED_OFFICER, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR})
ENGAGEMENT = frozenset({Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
VICTIMS = frozenset({Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR})

AREAS: tuple[Area, ...] = (
    Area(
        "New notice",
        "record a warning or issue a fixed penalty notice, offline",
        OFFICERS,
        new_notice_screen,
    ),
    Area(
        "Drafts",
        "warnings and notices you started: resume or discard them",
        OFFICERS,
        drafts_screen,
    ),
    Area(
        "Notices",
        "find fixed penalty notices, follow them, record payments and decisions",
        NOTICE_READERS,
        notices_screen,
    ),
    Area(
        "Warnings",
        "find the warnings given before any notice",
        NOTICE_READERS,
        warnings_screen,
    ),
    Area(
        "Due actions",
        "notices unpaid past their dates, and representations to decide",
        SUPERVISORS,
        due_actions_screen,
    ),
    Area(
        "Reports",
        "what happened in the borough over a period, trends to act on, the partnership report",
        SUPERVISORS,
        reports_screen,
    ),
    Area(
        "Print queue",
        "print many notices or reminder letters as one PDF, preview, print",
        SUPERVISORS,
        print_queue_page,
    ),
    Area(
        "Sessions",
        "record and find school programmes, training and community sessions",
        ENGAGEMENT,
        sessions_screen,
    ),
    Area(
        "Follow-ups",
        "actions and disclosures arising from sessions, and what is overdue",
        ENGAGEMENT,
        follow_ups_screen,
    ),
    Area(
        "Staff training",
        "who was trained when, and who is due training again",
        ENGAGEMENT,
        staff_training_screen,
    ),
    Area(
        "Incidents",
        "hate crimes and incidents disclosed or witnessed, with the victims and witnesses",
        VICTIMS,
        incidents_screen,
    ),
    Area(
        "People",
        "victims and witnesses: what is linked to each, their consent, referrals, feedback",
        VICTIMS,
        people_screen,
    ),
    Area(
        "Referrals",
        "referrals to partners: sent, acknowledged, outcome; those waiting too long",
        VICTIMS,
        referrals_screen,
    ),
    Area(
        "Subject access",
        "requests to see what is held about a person: search, review, export, correct",
        SUPERVISORS,
        subject_access_screen,
    ),
    Area(
        "Users",
        "add users, reset passwords, deactivate accounts",
        ADMINISTRATORS,
        users_screen,
    ),
    Area(
        "Settings",
        "notice amounts and periods, reminders, retention, laptop limits, council's details",
        ADMINISTRATORS,
        settings_screen,
    ),
    Area(
        "Laptop",
        "this laptop's name and the device code in notice numbers",
        ADMINISTRATORS,
        laptop_screen,
    ),
    Area(
        "Audit trail",
        "who did what, when, on which laptop",
        frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR}),
        audit_screen,
    ),
    Area(
        "Lists",
        "wards, prohibitions, hostility categories, partners and schools that forms offer",
        ADMINISTRATORS,
        lists_screen,
    ),
    Area(
        "Laptops",
        "every enrolled laptop: who used it last, its last sync, what it holds unsent; revoke",
        ADMINISTRATORS,
        laptops_screen,
    ),
    Area(
        "Retention review",
        "what is past its retention period, and erasing its personal data",
        SUPERVISORS,
        retention_review_screen,
    ),
    Area(
        "Sync",
        "send this laptop's changes to the server and receive others'; what needs attention",
        frozenset(Role),
        sync_screen,
    ),
)
