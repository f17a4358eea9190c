"""Running the user's operations on the store, as Anki's ``CollectionOp`` does.

``Operations.run`` opens one transaction for one click or save, runs a service call in it,
shows a service's refusal as the user's message, and after the commit announces what the
call changed (an ``OpChanges``) on the ``Changes`` signal that screens filter with
``changes.touches(...)``. ``Operations.read`` runs a query. No other UI code opens a session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypedDict, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session, sessionmaker

from hfhate.services.errors import ServiceError, ValidationFailed
from hfhate.services.ops import OpChanges, collected

if TYPE_CHECKING:
    from hfhate.models.store import Store
    from hfhate.ui.context import Changes

T = TypeVar("T")
ShowMessage = Callable[[str], object]  # what it returns (a message box's button) is ignored
ShowFieldErrors = Callable[[dict[str, str]], object]

REFUSED_TITLE = "This could not be done"


class RunOptions(TypedDict, total=False):
    """How ``Operations.run`` shows a refusal: its keyword arguments, for those that pass them
    on (``UiContext.run``)."""

    parent: QWidget | None
    show_error: ShowMessage | None
    show_field_errors: ShowFieldErrors | None
    refusals: tuple[type[Exception], ...]


@dataclass(frozen=True)
class Done(Generic[T]):
    """An operation that committed: what the service call returned, and what it changed."""

    value: T
    changes: OpChanges


class Operations:
    """One transaction per user action on the store behind ``session_factory``.

    ``changes`` hears what each operation changed; windows without a signed-in user (sign-in,
    the first administrator) and worker threads run without one.
    """

    def __init__(self, session_factory: sessionmaker[Session], changes: Changes | None = None):
        self._session_factory = session_factory
        self.changes = changes

    @classmethod
    def on(cls, store: Store) -> Operations:
        """Operations on ``store`` with nobody to tell (a worker thread's own store)."""
        return cls(store.session_factory)

    def read(self, query: Callable[[Session], T]) -> T:
        """What ``query(session)`` returns, read in a transaction of its own."""
        with self._session_factory.begin() as session:
            return query(session)

    def apply(self, operation: Callable[[Session], T]) -> Done[T]:
        """Run ``operation`` in one transaction and commit; the services' errors are raised.

        For work that handles errors itself (a worker thread, a dialog's own checks); nothing
        is announced.
        """
        with self._session_factory.begin() as session:
            value = operation(session)
            changes = collected(session)
        return Done(value, changes)

    def run(
        self,
        operation: Callable[[Session], T],
        *,
        parent: QWidget | None = None,
        show_error: ShowMessage | None = None,
        show_field_errors: ShowFieldErrors | None = None,
        refusals: tuple[type[Exception], ...] = (ServiceError,),
    ) -> Done[T] | None:
        """Run ``operation`` for the user; None when it was refused (and nothing was kept).

        A refusal (``ServiceError``, or the given ``refusals``) is shown with ``show_error``
        (by default a warning box over ``parent``); a ``ValidationFailed`` with
        ``show_field_errors`` when given (a form shows each message beside its field), else
        its messages together with ``show_error``. After the commit, the changes are announced.
        """
        shown = show_error or (lambda message: refused(parent, message))
        try:
            done = self.apply(operation)
        except ValidationFailed as failure:
            if show_field_errors is not None:
                show_field_errors(failure.field_errors)
            else:
                shown(" ".join(failure.field_errors.values()))
            return None
        except refusals as error:
            shown(str(error))
            return None
        self.announce(done.changes)
        return done

    def announce(self, changes: OpChanges) -> None:
        """Tell the screens what changed (nothing is said when nothing changed)."""
        if changes and self.changes is not None:
            self.changes.changed.emit(changes)


def refused(parent: QWidget | None, message: str) -> None:
    """The usual way to show a refused operation: a warning box."""
    QMessageBox.warning(parent, REFUSED_TITLE, message)
