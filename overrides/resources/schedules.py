"""``cal.schedules``: working hours (``cal-api-version: 2024-06-11``).

::

    schedule = await cal.schedules.create(
        name="Office hours",
        time_zone="Europe/Paris",
        is_default=True,
        availability=[Availability(days=["Monday", "Tuesday"], start_time=time(9), end_time=time(17))],
        overrides=[AvailabilityOverride(date=date(2025, 12, 24), start_time=time(9), end_time=time(12))],
    )

Times are wall-clock ``HH:MM`` in the schedule's own ``time_zone``, so they take ``datetime.time``
(or ``"HH:MM"``) and never an instant. A user without a default schedule cannot be booked.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cal_client.api.schedules import (
    create_schedule,
    delete_schedule,
    get_default_schedule,
    get_schedule,
    get_schedules,
    update_schedule,
)
from cal_client.models.create_schedule_input_20240611 import CreateScheduleInput20240611
from cal_client.models.update_schedule_input_20240611 import UpdateScheduleInput20240611

from .._response import APIResponse
from ._availability import Availability, AvailabilityOverride
from ._base import RawView, Resource, raw_twin
from ._models import or_unset
from ._pagination import AsyncPaginator, single_page
from ._time import validate_time_zone
from ._validation import CalValidationError, optional_bool, optional_str, require_bool, require_int, require_str

if TYPE_CHECKING:
    from cal_client.models.schedule_availability_input_20240611 import ScheduleAvailabilityInput20240611
    from cal_client.models.schedule_output_20240611 import ScheduleOutput20240611
    from cal_client.models.schedule_override_input_20240611 import ScheduleOverrideInput20240611

__all__ = ["Schedules"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class Schedules(Resource):
    """The authenticated user's schedules."""

    @cached_property
    def with_raw_response(self) -> SchedulesWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return SchedulesWithRawResponse(self)

    async def create(
        self,
        *,
        name: str,
        time_zone: str,
        is_default: bool,
        availability: Sequence[Availability] | None = None,
        overrides: Sequence[AvailabilityOverride] | None = None,
    ) -> ScheduleOutput20240611:
        """Create a schedule (without ``availability``, Cal.com uses Monday-Friday 09:00-17:00)."""
        body = CreateScheduleInput20240611(
            name=require_str(name, name="name"),
            time_zone=validate_time_zone(time_zone, name="time_zone"),
            is_default=require_bool(is_default, name="is_default"),
            availability=or_unset(_availability(availability)),
            overrides=or_unset(_overrides(overrides)),
        )
        envelope = await self._call(create_schedule, body=body)
        return envelope.data

    async def get(self, schedule_id: int) -> ScheduleOutput20240611 | None:
        envelope = await self._call(get_schedule, schedule_id=require_int(schedule_id, name="schedule_id", minimum=1))
        return envelope.data

    async def get_default(self) -> ScheduleOutput20240611 | None:
        """The default schedule, or None when the user has none (Cal.com then sends ``data: null``)."""
        envelope = await self._call(get_default_schedule)
        return envelope.data

    def list(self) -> AsyncPaginator[ScheduleOutput20240611]:
        """Every schedule of the user; the API returns them all at once (one page)."""

        async def load() -> tuple[list[ScheduleOutput20240611], APIResponse[Any]]:
            response = await self._call_raw(get_schedules)
            return list(response.parsed.data), response

        return single_page(load, what="schedules.list")

    async def update(
        self,
        schedule_id: int,
        *,
        name: str | None = None,
        time_zone: str | None = None,
        is_default: bool | None = None,
        availability: Sequence[Availability] | None = None,
        overrides: Sequence[AvailabilityOverride] | None = None,
    ) -> ScheduleOutput20240611:
        """Change the given fields; ``availability``/``overrides`` replace the whole list."""
        schedule = require_int(schedule_id, name="schedule_id", minimum=1)
        body = UpdateScheduleInput20240611(
            name=or_unset(optional_str(name, name="name")),
            time_zone=or_unset(None if time_zone is None else validate_time_zone(time_zone, name="time_zone")),
            is_default=or_unset(optional_bool(is_default, name="is_default")),
            availability=or_unset(_availability(availability)),
            overrides=or_unset(_overrides(overrides)),
        )
        if not body.to_dict():
            raise CalValidationError("nothing to update: pass at least one field", argument="schedule_id")
        envelope = await self._call(update_schedule, schedule_id=schedule, body=body)
        return envelope.data

    async def delete(self, schedule_id: int) -> None:
        await self._call(delete_schedule, schedule_id=require_int(schedule_id, name="schedule_id", minimum=1))


def _wall_clock(value: object, *, name: str) -> str:
    if isinstance(value, _dt.time):
        if value.tzinfo is not None:
            raise CalValidationError(
                f"{name} is wall-clock time in the schedule's time_zone; pass a time without tzinfo", argument=name
            )
        if value.second or value.microsecond:
            raise CalValidationError(f"{name} must be whole minutes", argument=name)
        return value.strftime("%H:%M")
    if isinstance(value, str) and _HH_MM.match(value):
        return value
    raise CalValidationError(f"{name} must be a datetime.time or 'HH:MM' (24-hour), got {value!r}", argument=name)


def _day(value: object, *, name: str) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise CalValidationError(f"{name} must be a datetime.date or 'YYYY-MM-DD', got {value!r}", argument=name)


def _time_range(window: Availability | AvailabilityOverride, *, name: str, argument: str) -> tuple[str, str]:
    """``window``'s start and end as 'HH:MM', checked the same way for weekly hours and date overrides."""
    start = _wall_clock(window.start_time, name=f"{name}.start_time")
    end = _wall_clock(window.end_time, name=f"{name}.end_time")
    if end <= start:
        raise CalValidationError(f"{name}: end_time must be after start_time", argument=argument)
    return start, end


def _availability(availability: object) -> list[ScheduleAvailabilityInput20240611] | None:
    from cal_client.models.schedule_availability_input_20240611 import ScheduleAvailabilityInput20240611
    from cal_client.models.schedule_availability_input_20240611_days_item import (
        ScheduleAvailabilityInput20240611DaysItem,
    )

    if availability is None:
        return None
    if isinstance(availability, str) or not isinstance(availability, Sequence):
        raise CalValidationError("availability must be a list of Availability(...)", argument="availability")
    items = []
    for i, window in enumerate(availability):
        name = f"availability[{i}]"
        if not isinstance(window, Availability):
            raise CalValidationError(f"{name} must be an Availability(...)", argument="availability")
        # One str, bytes or mapping would be iterated into characters, byte values or keys.
        raw_days: object = window.days
        if (
            isinstance(raw_days, str | bytes | bytearray | Mapping)
            or not isinstance(raw_days, Sequence)
            or not raw_days
        ):
            raise CalValidationError(f"{name}.days must be a non-empty list of weekdays", argument="availability")
        for day in window.days:
            if day not in _WEEKDAYS:
                raise CalValidationError(
                    f"{name}.days: {day!r} is not one of {', '.join(_WEEKDAYS)}", argument="availability"
                )
        start, end = _time_range(window, name=name, argument="availability")
        days = [ScheduleAvailabilityInput20240611DaysItem(day) for day in window.days]
        items.append(ScheduleAvailabilityInput20240611(days=days, start_time=start, end_time=end))
    return items


def _overrides(overrides: object) -> list[ScheduleOverrideInput20240611] | None:
    from cal_client.models.schedule_override_input_20240611 import ScheduleOverrideInput20240611

    if overrides is None:
        return None
    if isinstance(overrides, str) or not isinstance(overrides, Sequence):
        raise CalValidationError("overrides must be a list of AvailabilityOverride(...)", argument="overrides")
    items = []
    for i, override in enumerate(overrides):
        name = f"overrides[{i}]"
        if not isinstance(override, AvailabilityOverride):
            raise CalValidationError(f"{name} must be an AvailabilityOverride(...)", argument="overrides")
        start, end = _time_range(override, name=name, argument="overrides")
        day = _day(override.date, name=f"{name}.date")
        items.append(ScheduleOverrideInput20240611(date=day, start_time=start, end_time=end))
    return items


class SchedulesWithRawResponse(RawView[Schedules], of=Schedules):
    """``cal.schedules`` methods returning ``RawResponse``; ``list`` pages carry ``.response`` already."""

    create = raw_twin(Schedules.create)
    get = raw_twin(Schedules.get)
    get_default = raw_twin(Schedules.get_default)
    update = raw_twin(Schedules.update)
    delete = raw_twin(Schedules.delete)
