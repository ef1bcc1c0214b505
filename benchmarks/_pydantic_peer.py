"""The peer the parsing benchmark compares against: pydantic v2 models of the same booking shape.

Written the way a hand-made pydantic SDK would: camelCase aliases, extra keys kept, the spec's
string timestamps left as strings (the generated models keep them as strings too), and the
recurring occurrence's extra field as an optional one instead of a second model.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class Host(_Model):
    id: int
    name: str
    email: str
    display_email: str
    username: str
    time_zone: str


class Attendee(_Model):
    name: str
    email: str
    display_email: str
    time_zone: str
    absent: bool
    language: str | None = None
    phone_number: str | None = None


class EventType(_Model):
    id: int
    slug: str


class Booking(_Model):
    id: int
    uid: str
    title: str
    description: str | None
    hosts: list[Host]
    status: Literal["cancelled", "accepted", "rejected", "pending"]
    start: str
    end: str
    duration: int
    event_type_id: int
    event_type: EventType
    location: str | None
    absent_host: bool
    created_at: str
    updated_at: str | None
    attendees: list[Attendee]
    booking_fields_responses: dict[str, Any]
    cancellation_reason: str | None = None
    cancelled_by_email: str | None = None
    rescheduling_reason: str | None = None
    rescheduled_by_email: str | None = None
    rescheduled_from_uid: str | None = None
    rescheduled_to_uid: str | None = None
    meeting_url: str | None = None
    metadata: dict[str, Any] | None = None
    rating: float | None = None
    ics_uid: str | None = None
    guests: list[str] | None = None
    recurring_booking_uid: str | None = None


class Pagination(_Model):
    total_items: int
    remaining_items: int
    returned_items: int
    items_per_page: int
    current_page: int
    total_pages: int
    has_next_page: bool
    has_previous_page: bool


class BookingPage(_Model):
    status: Literal["success", "error"]
    data: list[Booking]
    pagination: Pagination
    error: dict[str, Any] | None = None
