"""The namespaces on ``AsyncCal`` (``cal.bookings``, ``cal.slots`` ...) and the types they use.

Each namespace method takes keyword arguments with Python types, checks them before sending
anything (``CalValidationError``), calls one generated endpoint through ``AsyncCal.call`` and
returns the envelope's ``data`` as the generated model. ``<namespace>.with_raw_response.<method>``
returns the same result with its HTTP response(s). Lists return an ``AsyncPaginator``.

Importing this package loads nothing heavy: each name is imported from its module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._availability import Availability, AvailabilityOverride
    from ._base import RawResponse
    from ._booking import IDEMPOTENCY_KEY, Attendee, BookingOutcomeUnknownError, CreatedBooking, NoSlotAvailableError
    from ._booking_request import BookingDetails, CreateOptions
    from ._pagination import AsyncPaginator, Page, PaginationLimitError
    from ._slots import AvailableSlots
    from ._validation import CalValidationError
    from .bookings import Bookings
    from .calendars import Calendars
    from .event_types import EventTypes
    from .managed_users import ManagedUsers
    from .me import Me
    from .schedules import Schedules
    from .slots import Slots
    from .webhooks import EventTypeWebhooks, OAuthClientWebhooks, OrganizationWebhooks, Webhooks

__all__ = [
    "IDEMPOTENCY_KEY",
    "AsyncPaginator",
    "Attendee",
    "Availability",
    "AvailabilityOverride",
    "AvailableSlots",
    "BookingDetails",
    "BookingOutcomeUnknownError",
    "Bookings",
    "CalValidationError",
    "Calendars",
    "CreateOptions",
    "CreatedBooking",
    "EventTypeWebhooks",
    "EventTypes",
    "ManagedUsers",
    "Me",
    "NoSlotAvailableError",
    "OAuthClientWebhooks",
    "OrganizationWebhooks",
    "Page",
    "PaginationLimitError",
    "RawResponse",
    "Schedules",
    "Slots",
    "Webhooks",
]

_EXPORTS: dict[str, str] = {
    "AsyncPaginator": "._pagination",
    "Attendee": "._booking",
    "Availability": "._availability",
    "AvailabilityOverride": "._availability",
    "AvailableSlots": "._slots",
    "BookingDetails": "._booking_request",
    "BookingOutcomeUnknownError": "._booking",
    "Bookings": ".bookings",
    "CalValidationError": "._validation",
    "Calendars": ".calendars",
    "CreateOptions": "._booking_request",
    "CreatedBooking": "._booking",
    "EventTypeWebhooks": ".webhooks",
    "EventTypes": ".event_types",
    "IDEMPOTENCY_KEY": "._booking",
    "ManagedUsers": ".managed_users",
    "Me": ".me",
    "NoSlotAvailableError": "._booking",
    "OAuthClientWebhooks": ".webhooks",
    "OrganizationWebhooks": ".webhooks",
    "Page": "._pagination",
    "PaginationLimitError": "._pagination",
    "RawResponse": "._base",
    "Schedules": ".schedules",
    "Slots": ".slots",
    "Webhooks": ".webhooks",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
