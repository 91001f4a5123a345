"""Magic links: the one action an external person takes on a step, without an account.

A token signed with itsdangerous (HMAC-SHA256, timestamped) names one step run,
one recipient, one customer action and a random link id: the signature gives scope,
the timestamp expiry. A signature cannot be taken back, so a `LinkLedger` records
every issued link and gives revocation and single use; a token it never recorded
is refused too. Mail scanners follow GETs: the page's GET calls `verify`, which
consumes nothing, and only the POST behind its confirm button calls `redeem`.

The payload is signed, not encrypted: the step run id and recipient email are
readable in the URL (and in any log of full URLs). An opaque random token looked
up in the ledger would hide them, at the price of a lookup per GET.

Errors::

    MagicLinkError        the person's link cannot be used; str() is for them,
    ├── LinkInvalid       `detail` is for the log
    ├── LinkExpired
    ├── LinkRevoked
    └── LinkAlreadyUsed
    LinkConfigError (ValueError)   csops is set up or called wrongly
    └── LinkSecretError
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from itsdangerous.timed import TimestampSigner
from pydantic import BaseModel, ConfigDict, ValidationError

from domain.workflow import CustomerAction

logger = logging.getLogger(__name__)

# Bumping the salt invalidates every link issued before, e.g. after a payload change.
_SALT = "csops.magic-link.v1"
_MIN_SECRET_LENGTH = 32
_PLACEHOLDER_MARKS = ("change", "placeholder", "example", "secret", "your", "xxxx")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_SIGNED = {"step_run_id", "recipient", "action", "link_id"}
_ASK_FOR_NEW = "Ask your customer success manager for a new link."


class MagicLinkError(Exception):
    """A link a person opened cannot be used; the message tells them what to do."""

    message = "This link cannot be used. " + _ASK_FOR_NEW

    def __init__(self, detail: str, link_id: str | None = None) -> None:
        super().__init__(self.message)
        self.detail = detail
        self.link_id = link_id


class LinkInvalid(MagicLinkError):
    """Bad signature, tampered payload, unknown link, or the wrong step or person."""

    message = "This link is not valid; it may be incomplete. " + _ASK_FOR_NEW


class LinkExpired(MagicLinkError):
    """The link is older than the issuer's max age."""

    message = "This link has expired. " + _ASK_FOR_NEW


class LinkRevoked(MagicLinkError):
    """The link was withdrawn, e.g. the step was reassigned or cancelled."""

    message = "This link was withdrawn because the request changed. " + _ASK_FOR_NEW


class LinkAlreadyUsed(MagicLinkError):
    """The link's one use has happened."""

    message = (
        "This link was already used and nothing more is needed. If that was not "
        "you, tell your customer success manager."
    )


class LinkConfigError(ValueError):
    """The link issuer is set up or called wrongly; the message names the fix."""


class LinkSecretError(LinkConfigError):
    """The signing secret is too short or a placeholder."""


class LinkClaim(BaseModel):
    """What a verified link lets its holder do, and for which step run."""

    model_config = ConfigDict(frozen=True)

    step_run_id: str
    recipient: str
    action: CustomerAction
    link_id: str
    issued_at: datetime
    expires_at: datetime


class _ClockedSigner(TimestampSigner):
    """A timestamp signer that reads the issuer's clock, so tests can move time."""

    def __init__(self, *args, clock: Callable[[], datetime], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock

    def get_timestamp(self) -> int:
        return int(self.clock().timestamp())


class LinkState(StrEnum):
    """Where a link stands in the ledger."""

    active = "active"
    used = "used"
    revoked = "revoked"
    unknown = "unknown"


class LinkLedger(Protocol):
    """Where issued links, revocations and uses are recorded.

    The run store implements this with a SQL table (link id as key, step run id
    indexed, used_at, revoked_at); `consume` is then one UPDATE ... WHERE used_at IS
    NULL AND revoked_at IS NULL whose row count says whether this call used the
    link, and each use becomes an event of the run. Until then, tests and the demo
    use `InMemoryLinkLedger`.
    """

    def record_issued(self, claim: LinkClaim) -> None:
        """Remember a newly issued link as active."""

    def state(self, link_id: str) -> LinkState:
        """The link's state; `unknown` for a link never recorded."""

    def consume(self, link_id: str, at: datetime) -> LinkState:
        """Mark an active link used, atomically; return its state before the call."""

    def revoke(self, link_id: str, at: datetime) -> None:
        """Withdraw one link."""

    def revoke_step_run(self, step_run_id: str, at: datetime) -> int:
        """Withdraw every unused link of a step run; return how many."""


@dataclass
class _LedgerRow:
    claim: LinkClaim
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def state(self) -> LinkState:
        if self.used_at is not None:
            return LinkState.used
        return LinkState.active if self.revoked_at is None else LinkState.revoked


class InMemoryLinkLedger:
    """A LinkLedger in a dict, for tests and the demo; thread-safe, not durable."""

    def __init__(self) -> None:
        self._rows: dict[str, _LedgerRow] = {}
        self._lock = threading.Lock()

    def record_issued(self, claim: LinkClaim) -> None:
        with self._lock:
            self._rows[claim.link_id] = _LedgerRow(claim)

    def state(self, link_id: str) -> LinkState:
        row = self._rows.get(link_id)
        return row.state if row is not None else LinkState.unknown

    def consume(self, link_id: str, at: datetime) -> LinkState:
        with self._lock:
            before = self.state(link_id)
            if before is LinkState.active:
                self._rows[link_id].used_at = at
            return before

    def revoke(self, link_id: str, at: datetime) -> None:
        with self._lock:
            if link_id in self._rows:
                self._rows[link_id].revoked_at = at

    def revoke_step_run(self, step_run_id: str, at: datetime) -> int:
        with self._lock:
            mine = [
                row
                for row in self._rows.values()
                if row.claim.step_run_id == step_run_id
                and row.state is LinkState.active
            ]
            for row in mine:
                row.revoked_at = at
            return len(mine)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class MagicLinks:
    """Issues, verifies and redeems magic links for step runs.

    Args:
        secret: The signing secret (setting CSOPS_LINK_SECRET), 32+ characters.
        base_url: The magic-link page; a link is `{base_url}/{token}`. https, or
            http on localhost for the demo.
        ledger: Records issued links, revocations and uses.
        max_age: How long a link stays valid after it is issued.
        previous_secrets: Older secrets whose links still verify (key rotation).
        clock: The current instant, timezone-aware; tests pass one they move.
    """

    def __init__(
        self,
        secret: str,
        *,
        base_url: str,
        ledger: LinkLedger,
        max_age: timedelta = timedelta(days=7),
        previous_secrets: Sequence[str] = (),
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        for key in (*previous_secrets, secret):
            check_link_secret(key)
        self.base_url = _checked_base_url(base_url)
        self.ledger = ledger
        self.max_age = max_age
        self.clock = clock
        self._serializer = URLSafeTimedSerializer(
            [*previous_secrets, secret],
            salt=_SALT,
            signer=_ClockedSigner,
            signer_kwargs={
                "clock": clock,
                "key_derivation": "hmac",
                "digest_method": hashlib.sha256,
            },
        )

    def issue_link(
        self, *, step_run_id: str, recipient: str, action: CustomerAction
    ) -> tuple[str, str]:
        """A new link for `recipient` to take `action` on one step run.

        Returns the token and the URL to send. Earlier links for the same step run
        stay valid until they expire; revoke them when the request changes.
        """
        # The signature's timestamp has whole seconds; the claim matches it.
        issued_at = datetime.fromtimestamp(int(self.clock().timestamp()), UTC)
        claim = LinkClaim(
            step_run_id=step_run_id,
            recipient=_normal_email(recipient),
            action=action,
            link_id=secrets.token_urlsafe(16),
            issued_at=issued_at,
            expires_at=issued_at + self.max_age,
        )
        token = self._serializer.dumps(claim.model_dump(mode="json", include=_SIGNED))
        self.ledger.record_issued(claim)
        logger.info("issued link %s for step run %s", claim.link_id, step_run_id)
        return token, f"{self.base_url}/{token}"

    def verify(
        self,
        token: str,
        *,
        step_run_id: str | None = None,
        recipient: str | None = None,
        action: CustomerAction | None = None,
    ) -> LinkClaim:
        """Check a link for the page's GET without using it up.

        Scope arguments, when given, must match the link (the page knows which
        step run it serves; a reassigned step names its new recipient).
        Raises a MagicLinkError subclass whose message is for the person.
        """
        claim = self._read(token)
        _check_scope(claim, step_run_id, recipient, action)
        _raise_for_state(self.ledger.state(claim.link_id), claim.link_id)
        return claim

    def redeem(
        self,
        token: str,
        *,
        step_run_id: str | None = None,
        recipient: str | None = None,
        action: CustomerAction | None = None,
    ) -> LinkClaim:
        """Use a link up, for the POST that commits the person's action.

        Checks what `verify` checks, then consumes the link in the ledger in one
        atomic step: of two concurrent redeems, exactly one succeeds.
        """
        claim = self.verify(
            token, step_run_id=step_run_id, recipient=recipient, action=action
        )
        before = self.ledger.consume(claim.link_id, self.clock())
        _raise_for_state(before, claim.link_id)
        logger.info(
            "redeemed link %s for step run %s", claim.link_id, claim.step_run_id
        )
        return claim

    def _read(self, token: str) -> LinkClaim:
        try:
            payload, signed_at = self._serializer.loads(token, return_timestamp=True)
        except BadSignature as error:
            raise LinkInvalid(f"bad signature: {error}") from error
        # The age is checked here, not by itsdangerous, which calls a link signed
        # after the verifier's clock expired; a link signed under a simulated
        # future `tick --now` is not expired (breaker report D4).
        if self.clock() - signed_at > self.max_age:
            raise LinkExpired(f"signed {signed_at.isoformat()}, over the max age")
        if not isinstance(payload, dict):
            raise LinkInvalid("payload is not a link claim")
        times = {"issued_at": signed_at, "expires_at": signed_at + self.max_age}
        try:
            return LinkClaim.model_validate({**payload, **times})
        except ValidationError as error:
            raise LinkInvalid(f"payload is not a link claim: {error}") from error


def check_link_secret(secret: str) -> str:
    """The secret, if fit to sign links; raises LinkSecretError naming the fix."""
    lowered = secret.lower()
    placeholder = any(mark in lowered for mark in _PLACEHOLDER_MARKS)
    if len(secret) < _MIN_SECRET_LENGTH or placeholder or len(set(secret)) < 8:
        raise LinkSecretError(
            f"the magic-link secret is too short (min {_MIN_SECRET_LENGTH}) or a "
            "placeholder; set CSOPS_LINK_SECRET to a random value, e.g. the output "
            "of: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return secret


def _checked_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    local = parts.hostname in _LOCAL_HOSTS
    if (
        not parts.hostname
        or parts.query
        or parts.fragment
        or (parts.scheme != "https" and not (local and parts.scheme == "http"))
    ):
        raise LinkConfigError(
            f"base_url {base_url!r} is not an https page URL without query or "
            "fragment (http only on localhost); e.g. https://cs.example.com/links"
        )
    return base_url.rstrip("/")


def _normal_email(recipient: str) -> str:
    email = recipient.strip().lower()
    if email.count("@") != 1 or email.startswith("@") or email.endswith("@"):
        raise LinkConfigError(
            f"recipient {recipient!r} is not an email address; pass the email of "
            "the contact the step is assigned to"
        )
    return email


def _check_scope(
    claim: LinkClaim,
    step_run_id: str | None,
    recipient: str | None,
    action: CustomerAction | None,
) -> None:
    if step_run_id is not None and claim.step_run_id != step_run_id:
        raise LinkInvalid(f"link is for step run {claim.step_run_id}", claim.link_id)
    if recipient is not None and claim.recipient != _normal_email(recipient):
        raise LinkInvalid("link is for another recipient", claim.link_id)
    if action is not None and claim.action != action:
        raise LinkInvalid(f"link is for action {claim.action}", claim.link_id)


def _raise_for_state(state: LinkState, link_id: str) -> None:
    if state is LinkState.unknown:
        raise LinkInvalid("link was never recorded in the ledger", link_id)
    if state is LinkState.revoked:
        raise LinkRevoked("link was revoked", link_id)
    if state is LinkState.used:
        raise LinkAlreadyUsed("link was already redeemed", link_id)
