"""FakeCal's state: plain records in dicts, one ``Store`` per fake (``FakeCal.reset()`` makes a new one)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Bookings in these states hold their time: nobody else can book or reserve it.
BUSY_STATUSES = ("accepted", "pending", "awaiting_host")


@dataclass
class User:
    id: int
    email: str
    username: str
    name: str
    time_zone: str = "UTC"
    week_start: str = "Monday"
    time_format: int | None = 12
    locale: str = "en"
    bio: str | None = None
    avatar_url: str | None = None
    metadata: Json = field(default_factory=dict)
    default_schedule_id: int | None = None
    oauth_client_id: str | None = None
    created: dt.datetime = field(default_factory=lambda: dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


@dataclass
class OAuthClient:
    id: str
    secret: str
    owner_id: int


@dataclass
class TokenPair:
    user_id: int
    client_id: str
    access_token: str
    refresh_token: str
    access_expires: dt.datetime
    refresh_expires: dt.datetime


@dataclass
class Window:
    start: dt.time
    end: dt.time


@dataclass
class Availability:
    days: list[str]
    window: Window


@dataclass
class Override:
    date: dt.date
    window: Window


@dataclass
class Schedule:
    id: int
    owner_id: int
    name: str
    time_zone: str
    availability: list[Availability]
    overrides: list[Override] = field(default_factory=list)


@dataclass
class EventType:
    id: int
    owner_id: int
    title: str
    slug: str
    length: int
    length_options: list[int] = field(default_factory=list)
    description: str = ""
    locations: list[Json] = field(default_factory=list)
    booking_fields: list[Json] = field(default_factory=list)
    slot_interval: int | None = None
    minimum_notice: int = 120  # Cal.com's default minimumBookingNotice, in minutes
    before_buffer: int = 0
    after_buffer: int = 0
    schedule_id: int | None = None
    hidden: bool = False
    requires_confirmation: bool = False
    disable_guests: bool = False
    extras: Json = field(default_factory=dict)


@dataclass
class Attendee:
    name: str
    email: str
    time_zone: str
    language: str = "en"
    phone: str | None = None
    absent: bool = False


@dataclass
class Booking:
    id: int
    uid: str
    event_type_id: int
    host_id: int
    title: str
    status: str
    start: dt.datetime
    end: dt.datetime
    attendees: list[Attendee]
    created: dt.datetime
    updated: dt.datetime | None = None
    description: str | None = None
    guests: list[str] = field(default_factory=list)
    location: str | None = None
    metadata: Json = field(default_factory=dict)
    responses: Json = field(default_factory=dict)
    cancellation_reason: str | None = None
    cancelled_by_email: str | None = None
    rescheduling_reason: str | None = None
    rescheduled_by_email: str | None = None
    rescheduled_from_uid: str | None = None
    rescheduled_to_uid: str | None = None
    absent_host: bool = False

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass
class Reservation:
    uid: str
    event_type_id: int
    slot_start: dt.datetime
    slot_end: dt.datetime
    reservation_minutes: int
    until: dt.datetime
    user_id: int | None = None


@dataclass
class Webhook:
    id: str
    user_id: int
    subscriber_url: str
    active: bool
    triggers: list[str]
    secret: str | None = None
    payload_template: str | None = None


@dataclass
class Store:
    users: dict[int, User] = field(default_factory=dict)
    api_keys: dict[str, int] = field(default_factory=dict)  # sha256 of the key without "cal_" -> user id
    oauth_clients: dict[str, OAuthClient] = field(default_factory=dict)
    tokens: list[TokenPair] = field(default_factory=list)
    schedules: dict[int, Schedule] = field(default_factory=dict)
    event_types: dict[int, EventType] = field(default_factory=dict)
    bookings: dict[str, Booking] = field(default_factory=dict)
    reservations: dict[str, Reservation] = field(default_factory=dict)
    webhooks: dict[str, Webhook] = field(default_factory=dict)
    _ids: dict[str, itertools.count[int]] = field(default_factory=dict)

    def next_id(self, kind: str) -> int:
        return next(self._ids.setdefault(kind, itertools.count(1)))

    def add_api_key(self, key: str, user_id: int) -> None:
        self.api_keys[api_key_hash(key)] = user_id

    def user_for_api_key(self, key: str) -> User | None:
        user_id = self.api_keys.get(api_key_hash(key))
        return None if user_id is None else self.users.get(user_id)

    def user_by_username(self, username: str) -> User | None:
        return next((u for u in self.users.values() if u.username == username), None)

    def busy_bookings(self, host_id: int, *, except_uid: str | None = None) -> list[Booking]:
        return [
            b
            for b in self.bookings.values()
            if b.host_id == host_id and b.status in BUSY_STATUSES and b.uid != except_uid
        ]


def api_key_hash(key: str) -> str:
    # Cal.com strips the "cal_" prefix and stores a SHA-256 of the rest; so does FakeCal.
    return hashlib.sha256(key.removeprefix("cal_").encode()).hexdigest()


def booking_uid() -> str:
    """A ~22-character base58 string, the shape of Cal.com's short-uuid booking UIDs."""
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(22))
