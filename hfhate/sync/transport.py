"""HTTP to the sync server: timeouts, retries with backoff, and replies checked before use.

Every failure becomes a ``SyncError`` with a plain message for the officer: the server
unreachable or too slow, a server fault, a web page instead of sync data (a captive Wi-Fi
portal answers 200 with HTML), or a body that does not match the wire schemas. Network
failures, 429 and 5xx replies are retried with exponential backoff and full jitter, and a
``Retry-After`` header is honoured. A certificate this laptop does not trust is said as such and
not retried. A refusal of this laptop as a copy of another laptop's data folder (status
``CLONED_STATUS``, the server's ``accounts.Cloned``) is ``DeviceCloned``. An answer carrying
``ERASE_HEADER`` (this laptop was revoked with an order to erase) is noted in
``erase_ordered_at``; a refusal carrying it is ``EraseOrdered``. ``transport_for``
trusts a council's own certificate authority (a PEM file, the Sync area's setting
``SyncState.ca_file``) when one is set. Nothing here touches the local store.
"""

from __future__ import annotations

import functools
import logging
import os
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from hfhate.sync import compat
from hfhate.sync.errors import EraseOrdered, ServerRefused, SyncError
from hfhate.sync.schemas import API_PREFIX, ERASE_HEADER

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
__all__ = [
    "DeviceCloned",
    "EraseOrdered",
    "RetryPolicy",
    "SyncError",
    "Transport",
    "transport_for",
    "verify_for",
]
CONTENT_TYPE = "Content-Type"
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# The server's answer to a device token sent with another install id (a copied data folder).
CLONED_STATUS = 410
KEPT = "Nothing was lost: your changes stay on this laptop and are sent at the next sync."
CLONED = (
    "The server refused this laptop: its data folder is a copy of another laptop's (copied, "
    "restored from a backup or a disk image, or the system was reinstalled). Nothing was "
    "sent. An administrator must enrol this laptop again with a new enrolment code; the "
    "changes made here wait under Needs attention, and notices numbered here since the copy "
    "are reissued under new numbers from there."
)


class DeviceCloned(SyncError):
    """The server refused this laptop's token as a copy of another laptop: enrol again."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry a request that failed on the way."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


class Transport:
    """Requests to one server, with this laptop's credentials once it has them."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        verify: bool | str | ssl.SSLContext = True,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.retry = retry or RetryPolicy()
        # Which release this laptop is, on every request (``compat``: the server answers in
        # that release's wire format, or says which side to upgrade).
        self.headers: dict[str, str] = compat.laptop_headers()
        # The headers of the last answer read (what the server says beside the body).
        self.last_headers: httpx.Headers = httpx.Headers()
        # When the server ordered this laptop erased, as its answers said ("" if not).
        self.erase_ordered_at = ""
        if verify is True:  # the usual trust, kept from one transport to the next
            verify = tls_context()
        self.client = httpx.Client(base_url=self.url + API_PREFIX, timeout=timeout, verify=verify)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(
        self,
        method: str,
        path: str,
        model: type[T],
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> T:
        """Send one request (retrying what may pass next time) and check the reply.

        ``content`` is sent as it is, said to be ``content_type`` when given (a body already
        encoded as JSON: ``application/json``).
        """
        problem = "The server could not be reached."
        headers = (
            self.headers if content_type is None else self.headers | {CONTENT_TYPE: content_type}
        )
        for attempt in range(self.retry.attempts):
            retry_after: float | None = None
            try:
                response = self.client.request(
                    method, path, json=json, params=params, content=content, headers=headers
                )
            except httpx.TimeoutException:
                problem = f"The server at {self.url} did not answer in time."
            except httpx.TransportError as error:
                untrusted = _untrusted_certificate(error)
                if untrusted is not None:
                    raise SyncError(
                        f"The server at {self.url} showed a certificate this laptop does not "
                        f"trust ({untrusted}). If the council uses its own certificate "
                        "authority, an administrator sets its file in the Sync area. "
                        f"{KEPT}"
                    ) from None
                problem = f"The server at {self.url} could not be reached."
            else:
                if response.status_code not in RETRIED_STATUSES:
                    self.last_headers = response.headers
                    self.erase_ordered_at = response.headers.get(ERASE_HEADER, "") or (
                        self.erase_ordered_at
                    )
                    return self._read(response, model)
                problem = f"The server at {self.url} had a problem (HTTP {response.status_code})."
                retry_after = _retry_after(response)
            log.warning(
                "sync request %s %s failed (%s), attempt %d", method, path, problem, attempt + 1
            )
            if attempt + 1 < self.retry.attempts:
                self.retry.sleep(self.retry.delay(attempt, retry_after))
        raise SyncError(f"{problem} {KEPT}")

    def _read(self, response: httpx.Response, model: type[T]) -> T:
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise SyncError(
                f"The reply from {self.url} was a web page, not sync data: a Wi-Fi sign-in "
                f"page may be in the way. Open a browser to sign in to the network. {KEPT}"
            )
        if response.status_code == CLONED_STATUS:
            raise DeviceCloned(CLONED)
        if response.status_code >= 400 and self.erase_ordered_at:
            raise EraseOrdered(self.erase_ordered_at)
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                raise SyncError(f"The reply from {self.url} could not be read. {KEPT}") from None
            detail = body.get("detail") if isinstance(body, dict) else None
            text = detail if isinstance(detail, str) else f"HTTP {response.status_code}"
            fields = body.get("fields") if isinstance(body, dict) else None
            raise ServerRefused(
                f"The server refused: {text} {KEPT}",
                status=response.status_code,
                detail=text,
                fields=fields if isinstance(fields, dict) else None,
            )
        try:  # parsed and checked in one pass by pydantic-core (pages can be large)
            return model.model_validate_json(response.content)
        except ValidationError as error:
            if any(e["type"] == "json_invalid" for e in error.errors()):
                raise SyncError(f"The reply from {self.url} could not be read. {KEPT}") from None
            raise SyncError(
                f"The reply from {self.url} was not what hfhate expects: the server may run "
                f"another version. {KEPT}"
            ) from None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _untrusted_certificate(error: BaseException) -> str | None:
    """The reason the server's certificate was refused, if that is why the request failed."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return str(cause.verify_message or cause.reason or "certificate refused")
        cause = cause.__cause__ or cause.__context__
    return None


def verify_for(ca_file: str | None) -> ssl.SSLContext:
    """What to check the server's certificate against: the CA in ``ca_file``, else the usual.

    Either is built once and kept while the file stays the same (``tls_context``).
    """
    if not ca_file:
        return tls_context()
    try:
        stat = os.stat(ca_file)
        return tls_context(ca_file, (stat.st_mtime_ns, stat.st_size))
    except (OSError, ssl.SSLError) as error:
        raise SyncError(
            f"The certificate authority file {ca_file} cannot be used ({error}). An "
            f"administrator can choose another in the Sync area. {KEPT}"
        ) from None


def tls_context(ca_file: str | None = None, stamp: tuple[int, int] | None = None) -> ssl.SSLContext:
    """The TLS context that trusts ``ca_file`` (of that modification time and size), or what
    httpx trusts by default; one of each is kept. Loading a certificate bundle costs tens of
    milliseconds: a laptop that syncs every few minutes, or asks the server a question between,
    loads it once."""
    return _tls_context(
        ca_file, stamp, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    )


@functools.lru_cache(maxsize=8)
def _tls_context(
    ca_file: str | None, stamp: tuple[int, int] | None, cert_file: str | None, cert_dir: str | None
) -> ssl.SSLContext:
    del stamp, cert_file, cert_dir  # part of the key: a changed file or setting is read again
    if ca_file is None:
        return httpx.create_ssl_context(verify=True)
    return ssl.create_default_context(cafile=ca_file)


def transport_for(
    url: str, ca_file: str | None = None, *, timeout: float = 30.0, retry: RetryPolicy | None = None
) -> Transport:
    """A transport to ``url`` that trusts ``ca_file`` (the council's own CA) when one is set."""
    return Transport(url, timeout=timeout, verify=verify_for(ca_file), retry=retry)
