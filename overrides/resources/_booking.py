"""The booking types: ``Attendee`` (who books), ``CreatedBooking`` (what ``create`` returns), the results.

``CreatedBooking`` is one result shape for every kind of booking ``POST /v2/bookings`` can make.

What Cal.com returns depends on the event type, not on the request: one booking object, a list of
occurrences (recurring), an object with a ``seatUid`` (seated) or a list of seated occurrences.
``CreatedBooking`` always has the same attributes, so code that books does not branch on the
event type::

    created = await cal.bookings.create(...)
    created.uid          # the booking to store, reschedule or cancel (first occurrence if recurring)
    created.seat_uid     # the attendee's seat on a seated event type, else None
    created.bookings     # every booking made: one, or each occurrence of a recurring series
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from .._errors import BookingOutcomeUnknownError, NoSlotAvailableError
from ._time import parse_aware

if TYPE_CHECKING:
    from cal_client.models.booking_output_20240813 import BookingOutput20240813
    from cal_client.models.create_recurring_seated_booking_output_20240813 import (
        CreateRecurringSeatedBookingOutput20240813,
    )
    from cal_client.models.create_seated_booking_output_20240813 import CreateSeatedBookingOutput20240813
    from cal_client.models.get_recurring_seated_booking_output_20240813 import (
        GetRecurringSeatedBookingOutput20240813,
    )
    from cal_client.models.get_seated_booking_output_20240813 import GetSeatedBookingOutput20240813
    from cal_client.models.recurring_booking_output_20240813 import RecurringBookingOutput20240813

    AnyBooking: TypeAlias = (
        BookingOutput20240813
        | RecurringBookingOutput20240813
        | CreateSeatedBookingOutput20240813
        | CreateRecurringSeatedBookingOutput20240813
        | GetSeatedBookingOutput20240813
        | GetRecurringSeatedBookingOutput20240813
    )
    ListedBooking: TypeAlias = (
        BookingOutput20240813
        | GetRecurringSeatedBookingOutput20240813
        | GetSeatedBookingOutput20240813
        | RecurringBookingOutput20240813
    )
    """One item of ``GET /v2/bookings``."""
    FetchedBooking: TypeAlias = (
        ListedBooking | list[GetRecurringSeatedBookingOutput20240813] | list[RecurringBookingOutput20240813]
    )
    """``GET /v2/bookings/{uid}``: one booking, or every occurrence when given a recurring series UID."""
    RescheduledBooking: TypeAlias = (
        BookingOutput20240813
        | CreateRecurringSeatedBookingOutput20240813
        | CreateSeatedBookingOutput20240813
        | RecurringBookingOutput20240813
    )

__all__ = [
    "IDEMPOTENCY_KEY",
    "Attendee",
    "BookingKind",
    "BookingOutcomeUnknownError",
    "CreatedBooking",
    "NoSlotAvailableError",
]

IDEMPOTENCY_KEY = "calClientIdempotencyKey"
"""The ``metadata`` key under which ``bookings.create`` stores its client-generated key."""

BookingKind = Literal["single", "recurring", "seated", "recurring_seated"]


@dataclass(frozen=True)
class Attendee:
    """Who books. ``time_zone`` is an IANA name; Cal.com needs ``email`` or ``phone_number``."""

    name: str
    time_zone: str
    email: str | None = None
    phone_number: str | None = None
    language: str | None = None
    """A Cal.com locale such as ``"en"`` or ``"pt-BR"`` (booking e-mails are sent in it)."""


@dataclass(frozen=True)
class CreatedBooking:
    """The booking(s) one ``create`` made. See the module docstring."""

    kind: BookingKind
    bookings: tuple[AnyBooking, ...]
    """Every booking made, earliest first: one, or each occurrence of a recurring series."""
    seat_uid: str | None = None
    """The attendee's seat (seated event types); pass it to ``cancel``/``reschedule`` to act on this seat only."""
    idempotency_key: str | None = field(default=None, repr=False)
    """The key stored in ``metadata["calClientIdempotencyKey"]`` (None when exactly-once was turned off)."""
    reconciled: bool = False
    """True when the create failed ambiguously and the booking was found by listing afterwards."""

    @property
    def booking(self) -> AnyBooking:
        """The first (or only) booking."""
        return self.bookings[0]

    @property
    def uid(self) -> str:
        """The UID to store: the booking's, or the first occurrence's for a recurring series."""
        return self.booking.uid

    @property
    def uids(self) -> list[str]:
        return [booking.uid for booking in self.bookings]

    @property
    def id(self) -> int:
        return self.booking.id

    @property
    def recurring_booking_uid(self) -> str | None:
        """The series UID of a recurring booking (``GET /v2/bookings/{it}`` returns every occurrence)."""
        return recurring_uid_of(self.booking)

    @property
    def is_recurring(self) -> bool:
        return self.kind in ("recurring", "recurring_seated")

    @property
    def is_seated(self) -> bool:
        return self.kind in ("seated", "recurring_seated")

    @property
    def status(self) -> str:
        return str(self.booking.status.value)

    @property
    def start(self) -> _dt.datetime:
        """Start of the first booking, timezone-aware."""
        return parse_aware(self.booking.start)

    @property
    def end(self) -> _dt.datetime:
        return parse_aware(self.booking.end)

    @property
    def created_at(self) -> _dt.datetime:
        return parse_aware(self.booking.created_at)

    @property
    def starts(self) -> list[_dt.datetime]:
        """Start of every occurrence, timezone-aware."""
        return [parse_aware(booking.start) for booking in self.bookings]

    @classmethod
    def from_data(
        cls,
        data: AnyBooking | Sequence[AnyBooking],
        *,
        idempotency_key: str | None = None,
        reconciled: bool = False,
    ) -> CreatedBooking:
        """Normalise the ``data`` of a create (or of the get/list used to reconcile one)."""
        items: list[AnyBooking] = list(data) if isinstance(data, Sequence) else [data]
        if not items:
            raise ValueError("a created booking needs at least one booking")
        items.sort(key=lambda booking: parse_aware(booking.start))
        seat = None
        for booking in items:
            seat = seat_uid_of(booking, idempotency_key)
            if seat is not None:
                break
        seated = seat is not None or any(has_seats(booking) for booking in items)
        recurring = isinstance(data, Sequence) or any(recurring_uid_of(booking) for booking in items)
        kinds: dict[tuple[bool, bool], BookingKind] = {
            (False, False): "single",
            (False, True): "seated",
            (True, False): "recurring",
            (True, True): "recurring_seated",
        }
        kind = kinds[recurring, seated]
        return cls(
            kind=kind, bookings=tuple(items), seat_uid=seat, idempotency_key=idempotency_key, reconciled=reconciled
        )


def _extra(model: Any, key: str) -> Any:
    extra = getattr(model, "additional_properties", None)
    return extra.get(key) if isinstance(extra, dict) else None


def _str_attr(model: Any, attribute: str, key: str) -> str | None:
    value = getattr(model, attribute, None)
    if isinstance(value, str):
        return value
    value = _extra(model, key)
    return value if isinstance(value, str) else None


def recurring_uid_of(booking: Any) -> str | None:
    return _str_attr(booking, "recurring_booking_uid", "recurringBookingUid")


def has_seats(booking: Any) -> bool:
    if _str_attr(booking, "seat_uid", "seatUid") is not None:
        return True
    return any(_str_attr(attendee, "seat_uid", "seatUid") for attendee in getattr(booking, "attendees", None) or ())


def metadata_value(model: Any, key: str) -> Any:
    """``model.metadata[key]`` whether metadata is a generated model, a dict or absent."""
    metadata = getattr(model, "metadata", None)
    if metadata is None:
        metadata = _extra(model, "metadata")
    if isinstance(metadata, dict):
        return metadata.get(key)
    extra = getattr(metadata, "additional_properties", None)
    return extra.get(key) if isinstance(extra, dict) else None


def seat_uid_of(booking: Any, idempotency_key: str | None = None) -> str | None:
    """The seat this create made: the response's ``seatUid``, else the attendee seat tagged with our key."""
    seat = _str_attr(booking, "seat_uid", "seatUid")
    if seat is not None or idempotency_key is None:
        return seat
    for attendee in getattr(booking, "attendees", None) or ():
        if metadata_value(attendee, IDEMPOTENCY_KEY) == idempotency_key:
            return _str_attr(attendee, "seat_uid", "seatUid")
    return None


def carries_key(booking: Any, idempotency_key: str) -> bool:
    """Whether ``booking`` (or one of its seats) was made by the create that used ``idempotency_key``."""
    if metadata_value(booking, IDEMPOTENCY_KEY) == idempotency_key:
        return True
    return any(
        metadata_value(attendee, IDEMPOTENCY_KEY) == idempotency_key
        for attendee in getattr(booking, "attendees", None) or ()
    )
