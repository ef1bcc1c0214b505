"""``cal.event_types``: the user's event types (``cal-api-version: 2024-06-14``).

::

    intro = await cal.event_types.create(title="Intro call", slug="intro", length_in_minutes=30)
    await cal.event_types.update(intro.id, hidden=True)
    async for event_type in cal.event_types.list():
        print(event_type.slug)

Options that are "an object or disabled" (``seats``, ``recurrence``, ``confirmation_policy``,
``booking_limits_count``, ``booking_limits_duration``) take the object as a mapping (or the generated
model), or ``{"disabled": True}``. Anything not listed goes in ``extra_body``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cal_client.api.event_types import (
    create_event_type,
    delete_event_type,
    get_event_type_by_id,
    get_event_types,
    update_event_type,
)
from cal_client.models.create_event_type_input_20240614 import CreateEventTypeInput20240614
from cal_client.models.update_event_type_input_20240614 import UpdateEventTypeInput20240614

from .._response import APIResponse
from ._base import RawView, Resource, raw_twin
from ._fields import Field, build_body
from ._pagination import AsyncPaginator, single_page
from ._validation import CalValidationError, optional_int, optional_str, require_int, require_str_list

if TYPE_CHECKING:
    from cal_client.models.delete_data_20240614 import DeleteData20240614
    from cal_client.models.event_type_output_20240614 import EventTypeOutput20240614
    from cal_client.models.team_event_type_output_20240614 import TeamEventTypeOutput20240614

__all__ = ["EventTypes"]

_FIELDS: dict[str, Field] = {
    "title": Field("title", "str"),
    "slug": Field("slug", "str"),
    "length_in_minutes": Field("lengthInMinutes", "int"),
    "length_in_minutes_options": Field("lengthInMinutesOptions", "ints"),
    "description": Field("description", "str"),
    "locations": Field("locations", "objects"),
    "booking_fields": Field("bookingFields", "objects"),
    "disable_guests": Field("disableGuests", "bool"),
    "slot_interval": Field("slotInterval", "int"),
    "minimum_booking_notice": Field("minimumBookingNotice", "count"),
    "before_event_buffer": Field("beforeEventBuffer", "count"),
    "after_event_buffer": Field("afterEventBuffer", "count"),
    "schedule_id": Field("scheduleId", "int"),
    "hidden": Field("hidden", "bool"),
    "seats": Field("seats", "object"),
    "recurrence": Field("recurrence", "object"),
    "confirmation_policy": Field("confirmationPolicy", "object"),
    "booking_limits_count": Field("bookingLimitsCount", "object"),
    "booking_limits_duration": Field("bookingLimitsDuration", "object"),
    "booking_window": Field("bookingWindow", "object"),
    "booker_layouts": Field("bookerLayouts", "object"),
    "color": Field("color", "object"),
    "destination_calendar": Field("destinationCalendar", "object"),
    "requires_booker_email_verification": Field("requiresBookerEmailVerification", "bool"),
    "hide_calendar_notes": Field("hideCalendarNotes", "bool"),
    "hide_calendar_event_details": Field("hideCalendarEventDetails", "bool"),
    "hide_organizer_email": Field("hideOrganizerEmail", "bool"),
    "lock_time_zone_toggle_on_booking_page": Field("lockTimeZoneToggleOnBookingPage", "bool"),
    "only_show_first_available_slot": Field("onlyShowFirstAvailableSlot", "bool"),
    "booking_requires_authentication": Field("bookingRequiresAuthentication", "bool"),
    "custom_name": Field("customName", "str"),
    "success_redirect_url": Field("successRedirectUrl", "str"),
}


class EventTypes(Resource):
    """Event types of the authenticated user (team event types live under teams)."""

    @cached_property
    def with_raw_response(self) -> EventTypesWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return EventTypesWithRawResponse(self)

    async def create(
        self,
        *,
        title: str,
        slug: str,
        length_in_minutes: int,
        length_in_minutes_options: Sequence[int] | None = None,
        description: str | None = None,
        locations: Sequence[Mapping[str, Any] | Any] | None = None,
        booking_fields: Sequence[Mapping[str, Any] | Any] | None = None,
        disable_guests: bool | None = None,
        slot_interval: int | None = None,
        minimum_booking_notice: int | None = None,
        before_event_buffer: int | None = None,
        after_event_buffer: int | None = None,
        schedule_id: int | None = None,
        hidden: bool | None = None,
        seats: Mapping[str, Any] | Any | None = None,
        recurrence: Mapping[str, Any] | Any | None = None,
        confirmation_policy: Mapping[str, Any] | Any | None = None,
        booking_limits_count: Mapping[str, Any] | Any | None = None,
        booking_limits_duration: Mapping[str, Any] | Any | None = None,
        booking_window: Mapping[str, Any] | Any | None = None,
        booker_layouts: Mapping[str, Any] | Any | None = None,
        color: Mapping[str, Any] | Any | None = None,
        destination_calendar: Mapping[str, Any] | Any | None = None,
        requires_booker_email_verification: bool | None = None,
        hide_calendar_notes: bool | None = None,
        hide_calendar_event_details: bool | None = None,
        hide_organizer_email: bool | None = None,
        lock_time_zone_toggle_on_booking_page: bool | None = None,
        only_show_first_available_slot: bool | None = None,
        booking_requires_authentication: bool | None = None,
        custom_name: str | None = None,
        success_redirect_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> EventTypeOutput20240614:
        """Create an event type; ``title``, ``slug`` and ``length_in_minutes`` are required.

        Durations and buffers are whole minutes. ``locations`` are Cal.com location objects, e.g.
        ``{"type": "integration", "integration": "cal-video"}`` or
        ``{"type": "address", "address": "1 Main St", "public": True}``.
        """
        values = dict(locals())
        del values["self"], values["extra_body"]
        body = build_body(_FIELDS, values, extra_body=extra_body)
        envelope = await self._call(create_event_type, body=CreateEventTypeInput20240614.from_dict(body))
        return envelope.data

    async def get(self, event_type_id: int) -> EventTypeOutput20240614 | TeamEventTypeOutput20240614 | None:
        """An event type by id: a team event type comes back as ``TeamEventTypeOutput20240614``
        (None when Cal.com answers without data)."""
        type_id = require_int(event_type_id, name="event_type_id", minimum=1)
        envelope = await self._call(get_event_type_by_id, event_type_id=type_id)
        return envelope.data

    def list(
        self,
        *,
        username: str | None = None,
        event_slug: str | None = None,
        usernames: Sequence[str] | None = None,
        org_slug: str | None = None,
        org_id: int | None = None,
    ) -> AsyncPaginator[EventTypeOutput20240614]:
        """Event types: the caller's own, or a user's public ones (``username``, ``event_slug``, ...).

        The API returns the whole list at once: awaiting gives one page holding every item.
        """
        query: dict[str, Any] = {}
        if (user := optional_str(username, name="username")) is not None:
            query["username"] = user
        if (event_slug_value := optional_str(event_slug, name="event_slug")) is not None:
            if user is None:
                raise CalValidationError("event_slug needs username=... as well", argument="username")
            query["event_slug"] = event_slug_value
        if usernames is not None:
            query["usernames"] = ",".join(require_str_list(usernames, name="usernames"))
        if (org := optional_str(org_slug, name="org_slug")) is not None:
            query["org_slug"] = org
        if (org_number := optional_int(org_id, name="org_id", minimum=1)) is not None:
            query["org_id"] = org_number

        async def load() -> tuple[list[EventTypeOutput20240614], APIResponse[Any]]:
            response = await self._call_raw(get_event_types, **query)
            return list(response.parsed.data), response

        return single_page(load, what="event_types.list")

    async def update(
        self,
        event_type_id: int,
        *,
        title: str | None = None,
        slug: str | None = None,
        length_in_minutes: int | None = None,
        length_in_minutes_options: Sequence[int] | None = None,
        description: str | None = None,
        locations: Sequence[Mapping[str, Any] | Any] | None = None,
        booking_fields: Sequence[Mapping[str, Any] | Any] | None = None,
        disable_guests: bool | None = None,
        slot_interval: int | None = None,
        minimum_booking_notice: int | None = None,
        before_event_buffer: int | None = None,
        after_event_buffer: int | None = None,
        schedule_id: int | None = None,
        hidden: bool | None = None,
        seats: Mapping[str, Any] | Any | None = None,
        recurrence: Mapping[str, Any] | Any | None = None,
        confirmation_policy: Mapping[str, Any] | Any | None = None,
        booking_limits_count: Mapping[str, Any] | Any | None = None,
        booking_limits_duration: Mapping[str, Any] | Any | None = None,
        booking_window: Mapping[str, Any] | Any | None = None,
        booker_layouts: Mapping[str, Any] | Any | None = None,
        color: Mapping[str, Any] | Any | None = None,
        destination_calendar: Mapping[str, Any] | Any | None = None,
        requires_booker_email_verification: bool | None = None,
        hide_calendar_notes: bool | None = None,
        hide_calendar_event_details: bool | None = None,
        hide_organizer_email: bool | None = None,
        lock_time_zone_toggle_on_booking_page: bool | None = None,
        only_show_first_available_slot: bool | None = None,
        booking_requires_authentication: bool | None = None,
        custom_name: str | None = None,
        success_redirect_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> EventTypeOutput20240614:
        """Change the given fields of an event type (the others are left as they are)."""
        values = dict(locals())
        del values["self"], values["event_type_id"], values["extra_body"]
        type_id = require_int(event_type_id, name="event_type_id", minimum=1)
        body = build_body(_FIELDS, values, extra_body=extra_body)
        if not body:
            raise CalValidationError("nothing to update: pass at least one field", argument="event_type_id")
        envelope = await self._call(
            update_event_type, event_type_id=type_id, body=UpdateEventTypeInput20240614.from_dict(body)
        )
        return envelope.data

    async def delete(self, event_type_id: int) -> DeleteData20240614:
        """Delete an event type; returns its id, title, slug and length."""
        type_id = require_int(event_type_id, name="event_type_id", minimum=1)
        envelope = await self._call(delete_event_type, event_type_id=type_id)
        return envelope.data


class EventTypesWithRawResponse(RawView[EventTypes], of=EventTypes):
    """``cal.event_types`` methods returning ``RawResponse``; ``list`` pages carry ``.response`` already."""

    create = raw_twin(EventTypes.create)
    get = raw_twin(EventTypes.get)
    update = raw_twin(EventTypes.update)
    delete = raw_twin(EventTypes.delete)
