"""The SQL LinkLedger: issued magic links, their revocation and single use, audited.

Implements `tools.magic_links.LinkLedger` over two tables. `magic_links` holds one
row per issued link; `consume` is one `UPDATE ... WHERE used_at IS NULL AND
revoked_at IS NULL`, whose row count says whether this call used the link, so of two
concurrent redeems exactly one wins on both databases. `link_audit` gets a row for
every use: issued, redeemed, refused (with the state that refused it), revoked.
`state` writes nothing: the page's GET, which mail scanners follow, commits nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from tools.db import Base, Database
from tools.magic_links import LinkClaim, LinkState
from tools.runs.tables import Instant


class MagicLinkRow(Base):
    __tablename__ = "magic_links"
    __table_args__ = (sa.Index("ix_magic_links_step_run_id", "step_run_id"),)

    link_id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    step_run_id: Mapped[str] = mapped_column(sa.String(40))
    recipient: Mapped[str] = mapped_column(sa.String(320))
    action: Mapped[str] = mapped_column(sa.String(20))
    issued_at: Mapped[datetime] = mapped_column(Instant())
    expires_at: Mapped[datetime] = mapped_column(Instant())
    used_at: Mapped[datetime | None] = mapped_column(Instant())
    revoked_at: Mapped[datetime | None] = mapped_column(Instant())


class LinkAuditRow(Base):
    __tablename__ = "link_audit"
    __table_args__ = (sa.Index("ix_link_audit_link_id", "link_id", "id"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    link_id: Mapped[str] = mapped_column(sa.String(40))
    at: Mapped[datetime] = mapped_column(Instant())
    event: Mapped[str] = mapped_column(sa.String(16))
    detail: Mapped[str] = mapped_column(sa.Text, default="")


class SqlLinkLedger:
    """A LinkLedger in the csops database; each call is its own transaction.

    `SqlLinkLedger.joining(session)` writes in the caller's transaction instead: the
    sweep issues links for the nudges it drafts, and both commit together.
    """

    def __init__(self, database: Database | None, session: Session | None = None):
        self.database = database
        self._joined = session

    @classmethod
    def joining(cls, session: Session) -> SqlLinkLedger:
        """A ledger that writes in `session`'s transaction and never commits."""
        return cls(None, session)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        if self._joined is not None:
            yield self._joined
            return
        with self.database.session() as session:
            yield session

    def record_issued(self, claim: LinkClaim) -> None:
        with self._session() as session:
            session.add(
                MagicLinkRow(
                    link_id=claim.link_id,
                    step_run_id=claim.step_run_id,
                    recipient=claim.recipient,
                    action=claim.action.value,
                    issued_at=claim.issued_at,
                    expires_at=claim.expires_at,
                )
            )
            _audit(session, claim.link_id, claim.issued_at, "issued", claim.recipient)

    def state(self, link_id: str) -> LinkState:
        with self._session() as session:
            return _state(session.get(MagicLinkRow, link_id))

    def consume(self, link_id: str, at: datetime) -> LinkState:
        use = (
            sa.update(MagicLinkRow)
            .where(
                MagicLinkRow.link_id == link_id,
                MagicLinkRow.used_at.is_(None),
                MagicLinkRow.revoked_at.is_(None),
            )
            .values(used_at=at.astimezone(UTC))
        )
        with self._session() as session:
            if session.execute(use).rowcount == 1:
                _audit(session, link_id, at, "redeemed")
                return LinkState.active
            before = _state(session.get(MagicLinkRow, link_id))
            _audit(session, link_id, at, "refused", before.value)
            return before

    def record_refused(self, link_id: str, at: datetime, why: str) -> None:
        """Audit a use refused before the ledger was asked (expired, used, ...)."""
        with self._session() as session:
            _audit(session, link_id, at, "refused", why)

    def revoke(self, link_id: str, at: datetime) -> None:
        with self._session() as session:
            self._revoke(session, [link_id], at)

    def revoke_step_run(self, step_run_id: str, at: datetime) -> int:
        live = sa.select(MagicLinkRow.link_id).where(
            MagicLinkRow.step_run_id == step_run_id,
            MagicLinkRow.used_at.is_(None),
            MagicLinkRow.revoked_at.is_(None),
        )
        with self._session() as session:
            link_ids = list(session.scalars(live))
            self._revoke(session, link_ids, at)
            return len(link_ids)

    def audit_trail(self, link_id: str) -> list[tuple[str, str]]:
        """(event, detail) pairs of one link, oldest first."""
        query = (
            sa.select(LinkAuditRow.event, LinkAuditRow.detail)
            .where(LinkAuditRow.link_id == link_id)
            .order_by(LinkAuditRow.id)
        )
        with self._session() as session:
            return [tuple(row) for row in session.execute(query)]

    @staticmethod
    def _revoke(session: Session, link_ids: list[str], at: datetime) -> None:
        if not link_ids:
            return
        session.execute(
            sa.update(MagicLinkRow)
            .where(
                MagicLinkRow.link_id.in_(link_ids), MagicLinkRow.revoked_at.is_(None)
            )
            .values(revoked_at=at.astimezone(UTC))
        )
        for link_id in link_ids:
            _audit(session, link_id, at, "revoked")


def _state(row: MagicLinkRow | None) -> LinkState:
    if row is None:
        return LinkState.unknown
    if row.used_at is not None:
        return LinkState.used
    return LinkState.active if row.revoked_at is None else LinkState.revoked


def _audit(
    session: Session, link_id: str, at: datetime, event: str, detail: str = ""
) -> None:
    session.add(
        LinkAuditRow(link_id=link_id, at=at.astimezone(UTC), event=event, detail=detail)
    )
