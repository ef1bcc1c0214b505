"""``cal.slots``: free slots and slot reservations (``cal-api-version: 2024-09-04``).

::

    slots = await cal.slots.find(event_type_id=42, start=monday, end=friday, time_zone="Europe/Paris")
    for day, day_slots in slots.items():
        print(day, [slot.start.strftime("%H:%M") for slot in day_slots])

    hold = await cal.slots.reserve(event_type_id=42, slot_start=slots.first().start)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from cal_client.api.slots import (
    delete_reserved_slot,
    get_available_slots,
    get_reserved_slot,
    reserve_slot,
    update_reserved_slot,
)

from .._errors import ResponseParseError
from ._base import RawView, Resource, raw_twin
from ._models import or_unset
from ._selectors import event_type_selector
from ._slots import AvailableSlots, aware_slot
from ._time import TimeInput, format_day_or_time, format_utc, parse_aware, validate_time_zone
from ._validation import (
    CalValidationError,
    optional_int,
    require_choice,
    require_int,
    require_path_segment,
)

if TYPE_CHECKING:
    from cal_client.models.get_reserved_slot_data_20240904 import GetReservedSlotData20240904
    from cal_client.models.reserve_slot_input_20240904 import ReserveSlotInput20240904
    from cal_client.models.reserve_slot_output_20240904 import ReserveSlotOutput20240904
    from cal_client.models.slot_20240904 import Slot20240904

__all__ = ["Slots"]

SlotFormat = Literal["time", "range"]


class Slots(Resource):
    """Free slots (``find``) and temporary holds on a slot (``reserve`` and friends)."""

    @cached_property
    def with_raw_response(self) -> SlotsWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return SlotsWithRawResponse(self)

    async def find(
        self,
        *,
        start: TimeInput | _dt.date,
        end: TimeInput | _dt.date,
        event_type_id: int | None = None,
        event_type_slug: str | None = None,
        username: str | None = None,
        team_slug: str | None = None,
        usernames: Sequence[str] | None = None,
        organization_slug: str | None = None,
        time_zone: str | None = None,
        duration: int | None = None,
        format: SlotFormat | None = None,
        booking_uid_to_reschedule: str | None = None,
    ) -> AvailableSlots:
        """Free slots between ``start`` and ``end``, by day.

        Name the event type with exactly one of: ``event_type_id``; ``event_type_slug`` with
        ``username`` or ``team_slug`` (plus ``organization_slug`` in an organisation); or
        ``usernames`` (two or more) with ``organization_slug`` for a dynamic group event.

        ``start``/``end`` are aware datetimes or ISO strings with an offset, or whole days
        (``datetime.date``: the day from 00:00 for ``start``, to 23:59:59 for ``end``).
        ``time_zone`` (IANA) sets the day keys and the offsets of the returned times (default UTC).
        ``format="range"`` adds each slot's ``end``; ``duration`` (minutes) picks one of a
        multi-length event type's durations.
        """
        query: dict[str, Any] = {
            "start": format_day_or_time(start, name="start"),
            "end": format_day_or_time(end, name="end"),
        }
        _check_order(start, end)
        selector = event_type_selector(
            event_type_id=event_type_id,
            event_type_slug=event_type_slug,
            username=username,
            team_slug=team_slug,
            organization_slug=organization_slug,
            usernames=usernames,
            allow_usernames=True,
        )
        query.update(
            event_type_id=selector.event_type_id,
            event_type_slug=selector.event_type_slug,
            username=selector.username,
            team_slug=selector.team_slug,
            usernames=selector.usernames,
            organization_slug=selector.organization_slug,
        )
        if time_zone is not None:
            query["time_zone"] = validate_time_zone(time_zone, name="time_zone")
        query["duration"] = optional_int(duration, name="duration", minimum=1)
        if format is not None:
            query["format_"] = require_choice(format, name="format", choices=("time", "range"))
        if booking_uid_to_reschedule is not None:
            query["booking_uid_to_reschedule"] = require_path_segment(
                booking_uid_to_reschedule, name="booking_uid_to_reschedule"
            )
        response = await self._call_raw(get_available_slots, **{k: v for k, v in query.items() if v is not None})
        days: dict[_dt.date, list[Slot20240904]] = {}
        for key, slots in response.parsed.data.additional_properties.items():
            try:
                day = _dt.date.fromisoformat(key)
            except ValueError as exc:
                raise ResponseParseError(
                    f"GET /v2/slots: expected day keys like '2050-09-05', got {key!r}", response=response.http_response
                ) from exc
            days[day] = [aware_slot(slot) for slot in slots]
        return AvailableSlots(days, time_zone=time_zone)

    async def reserve(
        self,
        *,
        event_type_id: int,
        slot_start: TimeInput,
        slot_duration: int | None = None,
        reservation_duration: int | None = None,
    ) -> ReserveSlotOutput20240904:
        """Hold a slot so nobody else can book it for ``reservation_duration`` minutes (default 5).

        A custom ``reservation_duration`` needs credentials. A booked (or full seated) slot
        raises ``UnprocessableEntityError`` (422).
        """
        body = _reservation_body(event_type_id, slot_start, slot_duration, reservation_duration)
        envelope = await self._call(reserve_slot, body=body)
        output: ReserveSlotOutput20240904 = envelope.data
        return output

    async def get_reservation(self, uid: str) -> GetReservedSlotData20240904 | None:
        """A reservation by its ``reservationUid`` (None when Cal.com returns no data)."""
        envelope = await self._call(get_reserved_slot, uid=require_path_segment(uid, name="uid"))
        output: GetReservedSlotData20240904 | None = envelope.data
        return output

    async def update_reservation(
        self,
        uid: str,
        *,
        event_type_id: int,
        slot_start: TimeInput,
        slot_duration: int | None = None,
        reservation_duration: int | None = None,
    ) -> ReserveSlotOutput20240904:
        """Move or extend a reservation (same fields as ``reserve``)."""
        segment = require_path_segment(uid, name="uid")
        body = _reservation_body(event_type_id, slot_start, slot_duration, reservation_duration)
        envelope = await self._call(update_reserved_slot, uid=segment, body=body)
        output: ReserveSlotOutput20240904 = envelope.data
        return output

    async def delete_reservation(self, uid: str) -> None:
        """Release a reservation."""
        await self._call(delete_reserved_slot, uid=require_path_segment(uid, name="uid"))


def _reservation_body(
    event_type_id: object, slot_start: object, slot_duration: object, reservation_duration: object
) -> ReserveSlotInput20240904:
    from cal_client.models.reserve_slot_input_20240904 import ReserveSlotInput20240904

    return ReserveSlotInput20240904(
        event_type_id=require_int(event_type_id, name="event_type_id", minimum=1),
        slot_start=format_utc(slot_start, name="slot_start"),
        slot_duration=or_unset(optional_int(slot_duration, name="slot_duration", minimum=1)),
        reservation_duration=or_unset(optional_int(reservation_duration, name="reservation_duration", minimum=1)),
    )


def _check_order(start: object, end: object) -> None:
    def instant(value: object) -> _dt.datetime:
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return _dt.datetime.combine(value, _dt.time(), _dt.UTC)
        if isinstance(value, str) and len(value.strip()) == 10:
            return _dt.datetime.combine(_dt.date.fromisoformat(value.strip()), _dt.time(), _dt.UTC)
        return parse_aware(value) if isinstance(value, _dt.datetime | str) else _dt.datetime.min.replace(tzinfo=_dt.UTC)

    if instant(end) < instant(start):
        raise CalValidationError("end is before start", argument="end")


class SlotsWithRawResponse(RawView[Slots], of=Slots):
    """``cal.slots`` methods returning ``RawResponse``."""

    find = raw_twin(Slots.find)
    reserve = raw_twin(Slots.reserve)
    get_reservation = raw_twin(Slots.get_reservation)
    update_reservation = raw_twin(Slots.update_reservation)
    delete_reservation = raw_twin(Slots.delete_reservation)
