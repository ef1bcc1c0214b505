"""``AvailableSlots``: what ``GET /v2/slots`` really returns, as a mapping of day to slots.

Cal.com answers ``{"status": "success", "data": {"2050-09-05": [{"start": ...}, ...]}}``: day keys
(``YYYY-MM-DD`` in the requested ``timeZone``), each with a list of slot objects (``start``; ``end``
with ``format="range"``; seat counts on seated event types). The published spec describes bare
strings without the envelope; the SDK's patched spec and this wrapper follow the wire format.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ._time import parse_aware

if TYPE_CHECKING:
    from cal_client.models.slot_20240904 import Slot20240904

__all__ = ["AvailableSlots"]


class AvailableSlots(Mapping[_dt.date, list["Slot20240904"]]):
    """Day → slots of that day, earliest first. Slot ``start``/``end`` are timezone-aware datetimes.

    Days are ``datetime.date`` keys (``slots[date(2050, 9, 5)]``; an ISO string also works). Days
    without a free slot are absent. ``all()`` flattens every slot in time order, ``first()`` is the
    earliest.
    """

    __slots__ = ("_days", "time_zone")

    def __init__(self, days: Mapping[_dt.date, list[Slot20240904]], *, time_zone: str | None = None) -> None:
        self._days = {day: sorted(slots, key=lambda slot: slot.start) for day, slots in sorted(days.items())}
        self.time_zone = time_zone
        """The zone the days and offsets are expressed in (None: UTC, the API's default)."""

    def __getitem__(self, day: _dt.date | str) -> list[Slot20240904]:
        key = _dt.date.fromisoformat(day) if isinstance(day, str) else day
        if isinstance(key, _dt.datetime):
            key = key.date()
        return self._days[key]

    def __iter__(self) -> Iterator[_dt.date]:
        return iter(self._days)

    def __len__(self) -> int:
        return len(self._days)

    def __repr__(self) -> str:
        return f"AvailableSlots({self.count} slots over {len(self)} days)"

    @property
    def count(self) -> int:
        """Number of slots over all days."""
        return sum(len(slots) for slots in self._days.values())

    def all(self) -> list[Slot20240904]:
        """Every slot, earliest first."""
        return sorted((slot for slots in self._days.values() for slot in slots), key=lambda slot: slot.start)

    def first(self) -> Slot20240904 | None:
        """The earliest slot, or None when there is none."""
        slots = self.all()
        return slots[0] if slots else None

    def starts(self) -> list[_dt.datetime]:
        """The start of every slot, earliest first."""
        return [slot.start for slot in self.all()]


def aware_slot(slot: Slot20240904) -> Slot20240904:
    """``slot`` with aware ``start``/``end`` (offsets are always sent; a bare time would mean UTC)."""
    slot.start = parse_aware(slot.start)
    if isinstance(slot.end, _dt.datetime | str):
        slot.end = parse_aware(slot.end)
    return slot
