"""Users, their roles at regions, their substitutes while away, and API tokens."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, Index, String, UniqueConstraint, cast, literal
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column, relationship

from webapp.auth.roles import CASE_READERS
from webapp.clock import now_utc
from webapp.db import Base


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    creation_unit_id: Mapped[int | None] = mapped_column(ForeignKey("creation_unit.id"), index=True)
    """Set for the staff of a brand creation unit (培育创建单位): they act as its applicant."""
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    """Stored in each browser session at sign-in; signing out counts it up, so every session cookie
    issued before, even a copied one, stops signing anyone in (Flask's sessions live in the cookie)."""

    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="RoleGrant.id"
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username}>"

    # Flask-Login's user protocol, written out so that the model imports nothing from Flask.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    def has_role(self, role: str) -> bool:
        return any(g.role == role for g in self.grants)

    @property
    def role_pairs(self) -> list[tuple[str, str]]:
        return [(g.role, g.region_code) for g in self.grants]

    @property
    def reads_cases(self) -> bool:
        """Holds a role that reads case trails (the audit pages); see `roles.CASE_READERS`."""
        return any(g.role in CASE_READERS for g in self.grants)

    @property
    def owner_keys(self) -> set[str]:
        """The subjects this user acts for as their owner (see `engine.owner_key`)."""
        return {unit_owner_key(self.creation_unit_id)} if self.creation_unit_id else set()


_UNIT = "unit"


def unit_owner_key(unit_id: int) -> str:
    """How a case names the creation unit that owns it (`unit:3`): the one place the key is written."""
    return f"{_UNIT}:{unit_id}"


def unit_owner_key_sql(unit_id: InstrumentedAttribute[int | None]) -> ColumnElement[str]:
    """`unit_owner_key` in SQL, to join a unit's staff to the cases their unit owns."""
    return literal(f"{_UNIT}:") + cast(unit_id, String)


def owner_unit_id(owner_key: str | None) -> int | None:
    """The creation unit an owner key names, if it names one (the inverse of `unit_owner_key`)."""
    prefix, _sep, number = (owner_key or "").partition(":")
    return int(number) if prefix == _UNIT and number.isdecimal() and len(number) <= 9 else None


class RoleGrant(Base):
    """A role held at one region, e.g. `official` at 岐山县 (610323) or `expert` at 宝鸡市."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("user_id", "role", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))

    user: Mapped[User] = relationship(back_populates="grants")

    def __repr__(self) -> str:
        return f"<RoleGrant {self.role}@{self.region_code} user={self.user_id}>"


class Substitution(Base):
    """代理: while `principal` is away from `starts_on` to `ends_on` (both included, China dates),
    `substitute` may act on the tasks `principal` may act on, including those assigned to him by name;
    the trail then says "substitute for principal". Cancelled by setting `cancelled_at`."""

    __tablename__ = "substitution"
    __table_args__ = (Index("ix_substitution_substitute", "substitute_id", "ends_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    principal_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    substitute_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    """Who set it: the principal himself, or an administrator of his region while he is away."""
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    cancelled_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<Substitution {self.substitute_id} for {self.principal_id} {self.starts_on}..{self.ends_on}>"


class CounterScope(StrEnum):
    ACCOUNT = "account"
    """One username tried from one address: a guesser elsewhere cannot lock its owner out."""
    ADDRESS = "address"
    """Every username tried from one address, more loosely."""


class SignInCounter(Base):
    """Failed sign-ins counted for one key of the throttle (web and API alike); see `auth.throttle`."""

    __tablename__ = "sign_in_counter"
    __table_args__ = (UniqueConstraint("scope", "username", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[CounterScope] = mapped_column(String(10))
    username: Mapped[str] = mapped_column(String(60))
    """Empty for the ADDRESS scope."""
    source: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    strikes: Mapped[int] = mapped_column(default=0)
    """Locks so far: each lasts twice as long as the one before."""
    last_failure_at: Mapped[datetime | None] = mapped_column(index=True)
    locked_until: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<SignInCounter {self.scope} {self.username!r}@{self.source} failures={self.failures}>"


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    """The holder's label, e.g. the script that uses it; the secret itself is never stored."""
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"
