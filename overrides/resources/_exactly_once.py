"""Exactly-once booking creation: send a tagged create, and after an ambiguous failure look before resending.

The behaviour is described in the ``cal_client.resources.bookings`` module docstring. In short: the
create carries a key in its metadata and is sent without transport retries; when its outcome is
unknown (timeout, reset after sending, 5xx), the attendee's bookings around ``start`` are listed and
a booking carrying the key is returned (``reconciled=True``); only if none does is it sent again.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from cal_client.api.bookings import create_booking, get_booking, get_bookings

from .. import _timing
from .._errors import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    BookingOutcomeUnknownError,
    CalError,
    ConflictError,
    NoSlotAvailableError,
    UnprocessableEntityError,
)
from ._booking import IDEMPOTENCY_KEY, CreatedBooking, carries_key, recurring_uid_of
from ._booking_request import BookingDetails, CreateOptions, CreateRequest, create_request, sort, window_instant
from ._time import TimeInput, format_utc, to_utc

if TYPE_CHECKING:
    from ._base import Resource

Window: TypeAlias = tuple[TimeInput | _dt.date, TimeInput | _dt.date]

__all__ = ["DEFAULT_CREATE_ATTEMPTS", "ExactlyOnce", "Window", "slot_taken"]

DEFAULT_CREATE_ATTEMPTS = 3
# Listing bookings to reconcile a create: bookings starting from a minute before ``start`` and
# ending within two days of it (no event type lasts longer), at most this many pages of 250.
_RECONCILE_BEFORE = _dt.timedelta(minutes=1)
_RECONCILE_AFTER = _dt.timedelta(days=2)
_RECONCILE_MAX_PAGES = 4
# Seconds to wait before reconciling, so a request still running server-side can finish.
_RECONCILE_DELAYS = (0.5, 1.0, 2.0, 4.0)
# Fragments of Cal.com's messages meaning "this time cannot be booked (any more)".
_SLOT_TAKEN_MARKERS = (
    "already has booking",
    "not available",
    "no_available_users",
    "no available users",
    "booking_seats_full",
    "seats are full",
    "fully booked",
    "already booked",
    "time_out_of_bounds",
)


class ExactlyOnce:
    """Creates bookings for a namespace, through its ``_call`` (so raw views see every response)."""

    def __init__(self, namespace: Resource) -> None:
        self._namespace = namespace

    async def create(self, request: CreateRequest, max_attempts: int) -> CreatedBooking:
        """``request`` booked at most once; with the caller's key, an earlier booking is returned instead."""
        if not request.caller_key:
            return await self._send(request, max_attempts)
        assert request.idempotency_key is not None
        async with self._namespace._client.coordinator.idempotency(request.idempotency_key):
            found = await self._precheck(request)
            if found is not None:
                return found
            return await self._send(request, max_attempts)

    async def first_available(
        self, window: Window, attendee: object, details: BookingDetails, max_attempts: int
    ) -> CreatedBooking:
        """The earliest slot of ``window`` booked, trying later ones while Cal.com says a slot was taken."""
        # Everything is checked before the first request, with the window start standing in for the slot.
        probe = create_request(start=window_instant(window[0]), attendee=attendee, options=_as_create(details))
        if not probe.caller_key:
            return await self._book_first(window, attendee, details, max_attempts)
        assert probe.idempotency_key is not None
        async with self._namespace._client.coordinator.idempotency(probe.idempotency_key):
            span = (
                to_utc(window_instant(window[0]), name="window"),
                to_utc(window_instant(window[1]), name="window"),
            )
            found = await self._precheck(probe, window=span)
            if found is not None:
                return found
            return await self._book_first(window, attendee, details, max_attempts)

    async def _book_first(
        self, window: Window, attendee: object, details: BookingDetails, attempts: int
    ) -> CreatedBooking:
        from .slots import Slots

        slots = await Slots(self._namespace._client).find(
            start=window[0],
            end=window[1],
            event_type_id=details.get("event_type_id"),
            event_type_slug=details.get("event_type_slug"),
            username=details.get("username"),
            team_slug=details.get("team_slug"),
            organization_slug=details.get("organization_slug"),
            duration=details.get("length_in_minutes"),
        )
        candidates = [slot for slot in slots.all() if slot.seats_remaining != 0]
        if not candidates:
            raise NoSlotAvailableError("no free slot in the window")
        tried: list[tuple[_dt.datetime, APIStatusError]] = []
        for slot in candidates[:attempts]:
            request = create_request(start=slot.start, attendee=attendee, options=_as_create(details))
            try:
                return await self._send(request, DEFAULT_CREATE_ATTEMPTS)
            except APIStatusError as exc:
                if not slot_taken(exc):
                    raise
                tried.append((slot.start, exc))
        raise NoSlotAvailableError(
            f"tried {len(tried)} slot(s) and each was taken before it could be booked; "
            f"{max(len(candidates) - len(tried), 0)} later slot(s) in the window were not tried "
            f"(max_attempts={attempts})",
            tried=tried,
        )

    async def _precheck(
        self, request: CreateRequest, *, window: tuple[_dt.datetime, _dt.datetime] | None = None
    ) -> CreatedBooking | None:
        """The booking an earlier attempt with the caller's key made, if any (nothing is sent before this)."""
        try:
            return await self._find_created(request, window=window)
        except CalError as exc:
            raise BookingOutcomeUnknownError(
                f"could not check whether a booking with this idempotency_key exists, so nothing was sent "
                f"(listing bookings failed: {exc}); retry later with the same key",
                idempotency_key=request.idempotency_key or "",
                start=request.start,
            ) from exc

    async def _send(self, request: CreateRequest, max_attempts: int) -> CreatedBooking:
        call = self._namespace._call
        key = request.idempotency_key
        if key is None:
            envelope = await call(create_booking, body=request.body)
            return CreatedBooking.from_data(envelope.data)
        # The transport must not resend a create that may have been processed: this loop decides.
        once = self._namespace._client.with_options(idempotent=False)
        # With the caller's key, an earlier call (another process, before a restart) may have booked.
        ambiguous_before = request.caller_key
        attempt = 0
        while True:
            attempt += 1
            try:
                envelope = await call(create_booking, _client=once, body=request.body)
            except APIConnectionError as exc:
                if not exc.maybe_processed:
                    raise
                failure: CalError = exc
            except APIStatusError as exc:
                if exc.status_code < 500 and exc.status_code != 408:
                    # After an ambiguous attempt, "already booked" may be our own first booking.
                    if ambiguous_before and exc.status_code in (400, 409, 422):
                        found = await self._reconcile(request, attempt)
                        if found is not None:
                            return found
                    raise
                failure = exc
            else:
                return CreatedBooking.from_data(envelope.data, idempotency_key=key)

            ambiguous_before = True
            found = await self._reconcile(request, attempt, cause=failure)
            if found is not None:
                return found
            if attempt >= max_attempts:
                failure.add_note(
                    f"cal_client: sent {attempt} time(s) and found no booking carrying metadata "
                    f"{IDEMPOTENCY_KEY}={key} after each failure"
                )
                raise failure

    async def _reconcile(
        self, request: CreateRequest, attempt: int, *, cause: BaseException | None = None
    ) -> CreatedBooking | None:
        """The booking made by ``request``'s key, if any; ``BookingOutcomeUnknownError`` if it cannot be told."""
        assert request.idempotency_key is not None
        await _timing.sleep(_RECONCILE_DELAYS[min(attempt, len(_RECONCILE_DELAYS)) - 1])
        try:
            return await self._find_created(request)
        except CalError as exc:
            raise BookingOutcomeUnknownError(
                f"the booking request failed ambiguously ({cause or 'conflict after a retry'}) and listing bookings "
                f"to check whether it was made failed too ({exc}); look for metadata "
                f"{IDEMPOTENCY_KEY}={request.idempotency_key} before booking again",
                idempotency_key=request.idempotency_key,
                start=request.start,
            ) from (cause or exc)

    async def _find_created(
        self, request: CreateRequest, *, window: tuple[_dt.datetime, _dt.datetime] | None = None
    ) -> CreatedBooking | None:
        call = self._namespace._call
        key = request.idempotency_key
        assert key is not None
        first, last = window or (request.start, request.start)
        query: dict[str, Any] = {
            "after_start": format_utc(first - _RECONCILE_BEFORE, name="start"),
            "before_end": format_utc(last + _RECONCILE_AFTER, name="start"),
            "sort_start": sort("asc"),
            "take": 250,
        }
        if request.attendee_email is not None:
            query["attendee_email"] = request.attendee_email
        if request.event_type_id is not None:
            query["event_type_id"] = str(request.event_type_id)
        matches: list[Any] = []
        for page_number in range(_RECONCILE_MAX_PAGES):
            envelope = await call(get_bookings, skip=page_number * 250, **query)
            items = list(envelope.data)
            matches.extend(booking for booking in items if carries_key(booking, key))
            pagination = getattr(envelope, "pagination", None)
            more = bool(pagination.has_next_page) if pagination is not None else len(items) >= 250
            if matches or not more:
                break
        if not matches:
            return None
        series = recurring_uid_of(matches[0])
        if series is not None:
            # The list may stop inside the window; the series UID returns every occurrence.
            series_envelope = await call(get_booking, booking_uid=series)
            data = series_envelope.data
            occurrences = data if isinstance(data, list) else [data]
            return CreatedBooking.from_data(occurrences, idempotency_key=key, reconciled=True)
        return CreatedBooking.from_data(matches[0], idempotency_key=key, reconciled=True)


def _as_create(details: BookingDetails) -> CreateOptions:
    # BookingDetails is CreateOptions less some optional keys, so a BookingDetails is a valid
    # CreateOptions; mypy only refuses it because a TypedDict value might carry undeclared keys.
    return cast("CreateOptions", details)


def slot_taken(exc: APIStatusError) -> bool:
    """Whether Cal.com refused the booking because the time is no longer free."""
    if isinstance(exc, ConflictError | UnprocessableEntityError):
        return True
    if not isinstance(exc, BadRequestError):
        return False
    text = f"{exc.code} {exc.message} {exc.details}".lower()
    return any(marker in text for marker in _SLOT_TAKEN_MARKERS)
