"""``cal.bookings``: create (exactly once), read, list, reschedule, cancel and manage bookings.

Every request sends ``cal-api-version: 2024-08-13``. The everyday flow::

    slots = await cal.slots.find(event_type_id=42, start=monday, end=friday)
    created = await cal.bookings.create(
        event_type_id=42,
        start=slots.first().start,
        attendee=Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London"),
    )
    store(created.uid)
    await cal.bookings.reschedule(created.uid, start=new_start)
    await cal.bookings.cancel(created.uid, reason="no longer needed")

Exactly-once creation
---------------------
Cal.com has no idempotency key, so a create whose outcome is unknown (a read timeout, a connection
reset after the request was sent, a 5xx) cannot simply be sent again. ``create`` therefore tags each
booking with a fresh key in ``metadata["calClientIdempotencyKey"]``, sends it without transport
retries, and after an ambiguous failure lists the attendee's bookings around ``start``
(``GET /v2/bookings``): if a booking carries the key it is returned (``reconciled=True``), otherwise the
create is sent again, at most ``max_attempts`` times in all. A retry that Cal.com refuses as a
conflict is checked the same way, since the conflict may be with the first attempt's booking.

Limits: reconciling needs credentials that may list bookings (an API key or managed-user token);
without them, or if listing fails, ``BookingOutcomeUnknownError`` is raised, carrying the key, instead
of risking a second booking. The key takes one of the 50 metadata entries Cal.com allows.

A caller's own key (``idempotency_key=``) makes a retry safe across the caller's deadline, a process
restart or another worker: before sending, ``create`` looks for a booking already carrying that key
and returns it (``reconciled=True``); a conflict is checked the same way, so a retry never reports
its own earlier booking as taken. While the create is in flight the key is reserved in the client's
coordinator (``RedisCoordinator``: across processes), so two workers holding the same key never send
at the same time. Use one key per intended booking (an order id, a request id), at most 500 characters.
"""

from __future__ import annotations

import builtins
import datetime as _dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from cal_client.api.bookings import (
    cancel_booking,
    confirm_booking,
    create_booking,
    decline_booking,
    get_booking,
    get_booking_recordings,
    get_booking_references,
    get_booking_transcripts,
    get_bookings,
    get_calendar_links,
    mark_no_show,
    reassign_booking,
    reassign_booking_to_user,
    reschedule_booking,
)
from cal_client.models.booking_reference import BookingReference
from cal_client.models.calendar_link import CalendarLink
from cal_client.models.get_booking_references_type import GetBookingReferencesType

from .. import _timing
from .._errors import (
    APIConnectionError,
    APIStatusError,
    BadRequestError,
    CalError,
    ConflictError,
    UnprocessableEntityError,
)
from ._base import Resource, raw_response_wrapper
from ._booking import (
    IDEMPOTENCY_KEY,
    Attendee,
    BookingOutcomeUnknownError,
    CreatedBooking,
    NoSlotAvailableError,
    carries_key,
    recurring_uid_of,
)
from ._pagination import AsyncPaginator, Page, check_page_size, check_position
from ._selectors import event_type_selector
from ._time import TimeInput, format_utc, to_utc, validate_time_zone
from ._validation import (
    CalValidationError,
    body_part,
    check_metadata,
    optional_bool,
    optional_email,
    optional_int,
    optional_str,
    require_bool,
    require_choice,
    require_email,
    require_int,
    require_int_list,
    require_mapping,
    require_path_segment,
    require_str,
    require_str_list,
)

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
    from cal_client.models.reassign_booking_output_20240813_data import ReassignBookingOutput20240813Data
    from cal_client.models.recording_item import RecordingItem
    from cal_client.models.recurring_booking_output_20240813 import RecurringBookingOutput20240813

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

__all__ = ["Attendee", "BookingOutcomeUnknownError", "Bookings", "NoSlotAvailableError"]

BookingStatusFilter = Literal["upcoming", "recurring", "past", "cancelled", "unconfirmed"]
SortOrder = Literal["asc", "desc"]

_STATUSES = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")
_ORDERS = ("asc", "desc")
_DEFAULT_CREATE_ATTEMPTS = 3
_MAX_KEY_LENGTH = 500  # Cal.com's longest metadata string value
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


@dataclass(frozen=True)
class _CreateRequest:
    body: Any
    start: _dt.datetime
    idempotency_key: str | None
    attendee_email: str | None
    event_type_id: int | None
    caller_key: bool = False
    """The key came from the caller, so an earlier attempt (any process) may have made the booking."""


class Bookings(Resource):
    """Bookings (``/v2/bookings``)."""

    @cached_property
    def with_raw_response(self) -> BookingsWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return BookingsWithRawResponse(self)

    # -- create ---------------------------------------------------------------------------------

    async def create(
        self,
        *,
        start: TimeInput,
        attendee: Attendee | Mapping[str, Any],
        event_type_id: int | None = None,
        event_type_slug: str | None = None,
        username: str | None = None,
        team_slug: str | None = None,
        organization_slug: str | None = None,
        length_in_minutes: int | None = None,
        guests: Sequence[str] | None = None,
        location: Mapping[str, Any] | Any | None = None,
        metadata: Mapping[str, str | int | float | bool] | None = None,
        booking_fields_responses: Mapping[str, Any] | None = None,
        recurrence_count: int | None = None,
        instant: bool = False,
        routing: Mapping[str, Any] | Any | None = None,
        email_verification_code: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        exactly_once: bool = True,
        max_attempts: int = _DEFAULT_CREATE_ATTEMPTS,
        idempotency_key: str | None = None,
    ) -> CreatedBooking:
        """Book ``start`` (an aware datetime or ISO string with offset) for ``attendee``.

        Name the event type with ``event_type_id``, or ``event_type_slug`` with ``username`` or
        ``team_slug`` (plus ``organization_slug`` inside an organisation). ``location`` is one of
        Cal.com's location objects (e.g. ``{"type": "integration", "integration": "cal-video"}``)
        or a generated ``BookingInput...Location20240813`` model. ``recurrence_count`` books that
        many occurrences of a recurring event type; ``instant=True`` an instant team meeting.

        Returns a ``CreatedBooking`` whatever the event type (single, recurring, seated).
        ``exactly_once`` (default on) is described in the module docstring; ``max_attempts``
        bounds the sends. ``idempotency_key``: your own key for this booking; sending it again (from
        any process, after a timeout or a restart) returns the booking already made.
        """
        request = _create_request(
            start=start,
            attendee=attendee,
            event_type_id=event_type_id,
            event_type_slug=event_type_slug,
            username=username,
            team_slug=team_slug,
            organization_slug=organization_slug,
            length_in_minutes=length_in_minutes,
            guests=guests,
            location=location,
            metadata=metadata,
            booking_fields_responses=booking_fields_responses,
            recurrence_count=recurrence_count,
            instant=instant,
            routing=routing,
            email_verification_code=email_verification_code,
            extra_body=extra_body,
            exactly_once=exactly_once,
            idempotency_key=idempotency_key,
        )
        attempts = require_int(max_attempts, name="max_attempts", minimum=1)
        if not request.caller_key:
            return await self._create(request, attempts)
        assert request.idempotency_key is not None
        async with self._client.coordinator.idempotency(request.idempotency_key):
            found = await self._precheck(request)
            if found is not None:
                return found
            return await self._create(request, attempts)

    async def _precheck(
        self, request: _CreateRequest, *, window: tuple[_dt.datetime, _dt.datetime] | None = None
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

    async def _create(self, request: _CreateRequest, max_attempts: int) -> CreatedBooking:
        key = request.idempotency_key
        if key is None:
            envelope = await self._call(create_booking, body=request.body)
            return CreatedBooking.from_data(envelope.data)
        # The transport must not resend a create that may have been processed: this loop decides.
        once = self._client.with_options(idempotent=False)
        # With the caller's key, an earlier call (another process, before a restart) may have booked.
        ambiguous_before = request.caller_key
        attempt = 0
        while True:
            attempt += 1
            try:
                envelope = await self._call(create_booking, _client=once, body=request.body)
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
        self, request: _CreateRequest, attempt: int, *, cause: BaseException | None = None
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
        self, request: _CreateRequest, *, window: tuple[_dt.datetime, _dt.datetime] | None = None
    ) -> CreatedBooking | None:
        key = request.idempotency_key
        assert key is not None
        first, last = window or (request.start, request.start)
        query: dict[str, Any] = {
            "after_start": format_utc(first - _RECONCILE_BEFORE, name="start"),
            "before_end": format_utc(last + _RECONCILE_AFTER, name="start"),
            "sort_start": _sort("asc"),
            "take": 250,
        }
        if request.attendee_email is not None:
            query["attendee_email"] = request.attendee_email
        if request.event_type_id is not None:
            query["event_type_id"] = str(request.event_type_id)
        matches: list[ListedBooking] = []
        for page_number in range(_RECONCILE_MAX_PAGES):
            envelope = await self._call(get_bookings, skip=page_number * 250, **query)
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
            series_envelope = await self._call(get_booking, booking_uid=series)
            data = series_envelope.data
            occurrences = data if isinstance(data, list) else [data]
            return CreatedBooking.from_data(occurrences, idempotency_key=key, reconciled=True)
        return CreatedBooking.from_data(matches[0], idempotency_key=key, reconciled=True)

    async def book_first_available(
        self,
        *,
        window: tuple[TimeInput | _dt.date, TimeInput | _dt.date],
        attendee: Attendee | Mapping[str, Any],
        event_type_id: int | None = None,
        event_type_slug: str | None = None,
        username: str | None = None,
        team_slug: str | None = None,
        organization_slug: str | None = None,
        length_in_minutes: int | None = None,
        guests: Sequence[str] | None = None,
        location: Mapping[str, Any] | Any | None = None,
        metadata: Mapping[str, str | int | float | bool] | None = None,
        booking_fields_responses: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        max_attempts: int = 3,
        idempotency_key: str | None = None,
    ) -> CreatedBooking:
        """Book the earliest free slot in ``window`` = ``(start, end)``.

        Looks the slots up once, then books them earliest first: when Cal.com answers that a slot
        was taken in the meantime, the next one is tried, up to ``max_attempts`` slots. Any other
        error is raised at once. Raises ``NoSlotAvailableError`` when the window has no slot or
        every slot tried was taken. Each attempt is an exactly-once ``create``. With
        ``idempotency_key``, a booking an earlier call made with that key anywhere in the window is
        returned instead of booking again, and every slot tried carries the key.
        """
        if not isinstance(window, tuple) or len(window) != 2:
            raise CalValidationError("window must be a (start, end) tuple", argument="window")
        attempts = require_int(max_attempts, name="max_attempts", minimum=1)
        booking_args: dict[str, Any] = {
            "attendee": attendee,
            "event_type_id": event_type_id,
            "event_type_slug": event_type_slug,
            "username": username,
            "team_slug": team_slug,
            "organization_slug": organization_slug,
            "length_in_minutes": length_in_minutes,
            "guests": guests,
            "location": location,
            "metadata": metadata,
            "booking_fields_responses": booking_fields_responses,
            "extra_body": extra_body,
        }
        # Everything is checked before the first request, with the window start standing in for the slot.
        probe = _create_request(
            start=_window_instant(window[0]), exactly_once=True, idempotency_key=idempotency_key, **booking_args
        )
        if not probe.caller_key:
            return await self._book_first(window, attempts, booking_args, None)
        assert probe.idempotency_key is not None
        async with self._client.coordinator.idempotency(probe.idempotency_key):
            span = (
                to_utc(_window_instant(window[0]), name="window"),
                to_utc(_window_instant(window[1]), name="window"),
            )
            found = await self._precheck(probe, window=span)
            if found is not None:
                return found
            return await self._book_first(window, attempts, booking_args, idempotency_key)

    async def _book_first(
        self,
        window: tuple[TimeInput | _dt.date, TimeInput | _dt.date],
        attempts: int,
        booking_args: dict[str, Any],
        idempotency_key: str | None,
    ) -> CreatedBooking:
        from .slots import Slots

        event_type_id = booking_args["event_type_id"]
        slots = await Slots(self._client).find(
            start=window[0],
            end=window[1],
            event_type_id=event_type_id,
            event_type_slug=booking_args["event_type_slug"],
            username=booking_args["username"],
            team_slug=booking_args["team_slug"],
            organization_slug=booking_args["organization_slug"],
            duration=booking_args["length_in_minutes"],
        )
        candidates = [slot for slot in slots.all() if slot.seats_remaining != 0]
        if not candidates:
            raise NoSlotAvailableError("no free slot in the window")
        tried: list[tuple[_dt.datetime, APIStatusError]] = []
        for slot in candidates[:attempts]:
            request = _create_request(
                start=slot.start, exactly_once=True, idempotency_key=idempotency_key, **booking_args
            )
            try:
                return await self._create(request, _DEFAULT_CREATE_ATTEMPTS)
            except APIStatusError as exc:
                if not _slot_taken(exc):
                    raise
                tried.append((slot.start, exc))
        raise NoSlotAvailableError(
            f"tried {len(tried)} slot(s) and each was taken before it could be booked; "
            f"{max(len(candidates) - len(tried), 0)} later slot(s) in the window were not tried "
            f"(max_attempts={attempts})",
            tried=tried,
        )

    # -- read -------------------------------------------------------------------------------------

    async def get(self, uid: str) -> ListedBooking:
        """One booking by its UID (``b.uid``, ``b.start`` ... need no narrowing).

        A recurring series' UID (``recurring_booking_uid``) names several bookings: read those with
        :meth:`get_series`; given one here, this raises ``CalValidationError`` saying so.
        """
        data = await self._fetch(uid, name="uid")
        if isinstance(data, list):
            raise CalValidationError(
                f"uid {uid!r} is a recurring series ({len(data)} occurrences), not one booking: "
                "use cal.bookings.get_series(uid) for its occurrences",
                argument="uid",
            )
        return data

    async def get_series(
        self, recurring_booking_uid: str
    ) -> list[RecurringBookingOutput20240813] | list[GetRecurringSeatedBookingOutput20240813]:
        """Every occurrence of a recurring series, by its ``recurring_booking_uid``."""
        data = await self._fetch(recurring_booking_uid, name="recurring_booking_uid")
        if not isinstance(data, list):
            raise CalValidationError(
                f"recurring_booking_uid {recurring_booking_uid!r} is one booking, not a recurring series: "
                "use cal.bookings.get(uid)",
                argument="recurring_booking_uid",
            )
        return data

    async def _fetch(self, uid: str, *, name: str) -> FetchedBooking:
        envelope = await self._call(get_booking, booking_uid=require_path_segment(uid, name=name))
        data: FetchedBooking = envelope.data
        return data

    def list(
        self,
        *,
        status: BookingStatusFilter | Sequence[BookingStatusFilter] | None = None,
        attendee_email: str | None = None,
        attendee_name: str | None = None,
        booking_uid: str | None = None,
        event_type_id: int | None = None,
        event_type_ids: Sequence[int] | None = None,
        team_id: int | None = None,
        team_ids: Sequence[int] | None = None,
        after_start: TimeInput | None = None,
        before_end: TimeInput | None = None,
        after_created_at: TimeInput | None = None,
        before_created_at: TimeInput | None = None,
        after_updated_at: TimeInput | None = None,
        before_updated_at: TimeInput | None = None,
        sort_start: SortOrder | None = None,
        sort_end: SortOrder | None = None,
        sort_created: SortOrder | None = None,
        sort_updated_at: SortOrder | None = None,
        take: int = 100,
        skip: int = 0,
    ) -> AsyncPaginator[ListedBooking]:
        """The bookings visible to the caller, filtered; ``take`` per page (≤ 250).

        ``await`` the result for the first page (with Cal.com's ``pagination``), or ``async for``
        over it for every booking across pages.
        """
        query = _list_query(
            status=status,
            attendee_email=attendee_email,
            attendee_name=attendee_name,
            booking_uid=booking_uid,
            event_type_id=event_type_id,
            event_type_ids=event_type_ids,
            team_id=team_id,
            team_ids=team_ids,
            after_start=after_start,
            before_end=before_end,
            after_created_at=after_created_at,
            before_created_at=before_created_at,
            after_updated_at=after_updated_at,
            before_updated_at=before_updated_at,
            sort_start=sort_start,
            sort_end=sort_end,
            sort_created=sort_created,
            sort_updated_at=sort_updated_at,
        )
        size = check_page_size(take, name="take")
        first = check_position(skip, name="skip")

        async def fetch(position: int, page_size: int) -> Page[ListedBooking]:
            response = await self._call_raw(get_bookings, skip=position, take=page_size, **query)
            envelope = response.parsed
            return Page(
                items=list(envelope.data),
                position=position,
                size=page_size,
                pagination=envelope.pagination,
                response=response,
            )

        return AsyncPaginator(fetch, size=size, start=first, what="bookings.list")

    # -- change -----------------------------------------------------------------------------------

    async def reschedule(
        self,
        uid: str,
        *,
        start: TimeInput,
        reason: str | None = None,
        rescheduled_by: str | None = None,
        seat_uid: str | None = None,
        email_verification_code: str | None = None,
    ) -> RescheduledBooking:
        """Move a booking to ``start``; returns the new booking (it has a new UID: store it).

        ``rescheduled_by`` (an e-mail): the event type owner's e-mail confirms the new time at once.
        ``seat_uid`` moves one seat of a seated booking (Cal.com takes no ``reason`` then).
        """
        from cal_client.models.reschedule_booking_input_20240813 import RescheduleBookingInput20240813
        from cal_client.models.reschedule_seated_booking_input_20240813 import RescheduleSeatedBookingInput20240813

        segment = require_path_segment(uid, name="uid")
        body: dict[str, Any] = {"start": format_utc(start, name="start")}
        if (by := optional_email(rescheduled_by, name="rescheduled_by")) is not None:
            body["rescheduledBy"] = by
        if (code := optional_str(email_verification_code, name="email_verification_code")) is not None:
            body["emailVerificationCode"] = code
        model: Any
        if seat_uid is not None:
            if reason is not None:
                raise CalValidationError("Cal.com takes no reason when rescheduling one seat", argument="reason")
            body["seatUid"] = require_path_segment(seat_uid, name="seat_uid")
            model = RescheduleSeatedBookingInput20240813.from_dict(body)
        else:
            if (text := optional_str(reason, name="reason")) is not None:
                body["reschedulingReason"] = text
            model = RescheduleBookingInput20240813.from_dict(body)
        envelope = await self._call(reschedule_booking, booking_uid=segment, body=model)
        data: RescheduledBooking = envelope.data
        return data

    async def cancel(
        self,
        uid: str,
        *,
        reason: str | None = None,
        cancel_subsequent: bool | None = None,
        seat_uid: str | None = None,
    ) -> FetchedBooking:
        """Cancel a booking.

        ``cancel_subsequent=True`` on an occurrence of a recurring series also cancels the later
        ones. ``seat_uid`` removes one attendee's seat from a seated booking (no reason then).
        """
        from cal_client.models.cancel_booking_input_20240813 import CancelBookingInput20240813
        from cal_client.models.cancel_seated_booking_input_20240813 import CancelSeatedBookingInput20240813

        segment = require_path_segment(uid, name="uid")
        model: Any
        if seat_uid is not None:
            if reason is not None or cancel_subsequent is not None:
                raise CalValidationError(
                    "cancelling one seat takes only seat_uid (Cal.com rejects reason/cancel_subsequent with it)",
                    argument="reason" if reason is not None else "cancel_subsequent",
                )
            model = CancelSeatedBookingInput20240813.from_dict(
                {"seatUid": require_path_segment(seat_uid, name="seat_uid")}
            )
        else:
            body: dict[str, Any] = {}
            if (text := optional_str(reason, name="reason")) is not None:
                body["cancellationReason"] = text
            if (flag := optional_bool(cancel_subsequent, name="cancel_subsequent")) is not None:
                body["cancelSubsequentBookings"] = flag
            model = CancelBookingInput20240813.from_dict(body)
        envelope = await self._call(cancel_booking, booking_uid=segment, body=model)
        data: FetchedBooking = envelope.data
        return data

    async def confirm(self, uid: str) -> FetchedBooking:
        """Accept a booking that requires confirmation (event type owner only)."""
        envelope = await self._call(confirm_booking, booking_uid=require_path_segment(uid, name="uid"))
        data: FetchedBooking = envelope.data
        return data

    async def decline(self, uid: str, *, reason: str | None = None) -> FetchedBooking:
        """Reject a booking that requires confirmation (event type owner only)."""
        from cal_client.models.decline_booking_input_20240813 import DeclineBookingInput20240813

        segment = require_path_segment(uid, name="uid")
        body: dict[str, Any] = {}
        if (text := optional_str(reason, name="reason")) is not None:
            body["reason"] = text
        envelope = await self._call(
            decline_booking, booking_uid=segment, body=DeclineBookingInput20240813.from_dict(body)
        )
        data: FetchedBooking = envelope.data
        return data

    async def mark_absent(
        self,
        uid: str,
        *,
        host: bool | None = None,
        attendees: Mapping[str, bool] | None = None,
    ) -> BookingOutput20240813 | RecurringBookingOutput20240813:
        """Record no-shows: ``host=True`` for the host, ``attendees={"ada@example.com": True}`` per attendee."""
        from cal_client.models.mark_absent_booking_input_20240813 import MarkAbsentBookingInput20240813

        segment = require_path_segment(uid, name="uid")
        body: dict[str, Any] = {}
        if (flag := optional_bool(host, name="host")) is not None:
            body["host"] = flag
        if attendees is not None:
            marks = require_mapping(attendees, name="attendees")
            if not marks:
                raise CalValidationError("attendees must name at least one attendee", argument="attendees")
            body["attendees"] = [
                {
                    "email": require_email(email, name="attendees"),
                    "absent": require_bool(absent, name=f"attendees[{email!r}]"),
                }
                for email, absent in marks.items()
            ]
        if not body:
            raise CalValidationError("pass host=... and/or attendees={...}", argument="attendees")
        envelope = await self._call(
            mark_no_show, booking_uid=segment, body=MarkAbsentBookingInput20240813.from_dict(body)
        )
        data: BookingOutput20240813 | RecurringBookingOutput20240813 = envelope.data
        return data

    async def reassign(
        self, uid: str, *, user_id: int | None = None, reason: str | None = None
    ) -> ReassignBookingOutput20240813Data:
        """Reassign a round-robin booking: to the next available host, or to ``user_id``."""
        from cal_client.models.reassign_to_user_booking_input_20240813 import ReassignToUserBookingInput20240813

        segment = require_path_segment(uid, name="uid")
        if user_id is None:
            if reason is not None:
                raise CalValidationError("reason is only sent when reassigning to a user_id", argument="reason")
            envelope = await self._call(reassign_booking, booking_uid=segment)
        else:
            body: dict[str, Any] = {}
            if (text := optional_str(reason, name="reason")) is not None:
                body["reason"] = text
            envelope = await self._call(
                reassign_booking_to_user,
                booking_uid=segment,
                user_id=require_int(user_id, name="user_id", minimum=1),
                body=ReassignToUserBookingInput20240813.from_dict(body),
            )
        data: ReassignBookingOutput20240813Data = envelope.data
        return data

    # -- extras ---------------------------------------------------------------------------------

    async def calendar_links(self, uid: str) -> builtins.list[CalendarLink]:
        """The "add to calendar" links (Google, Outlook, ICS ...) of a booking."""
        envelope = await self._call(get_calendar_links, booking_uid=require_path_segment(uid, name="uid"))
        return envelope.data

    async def references(self, uid: str, *, type: str | None = None) -> builtins.list[BookingReference]:
        """The booking's references in external calendars and video apps (needs the SCALE plan)."""
        kwargs: dict[str, Any] = {"booking_uid": require_path_segment(uid, name="uid")}
        if type is not None:
            kwargs["type_"] = GetBookingReferencesType(require_str(type, name="type"))
        envelope = await self._call(get_booking_references, **kwargs)
        return envelope.data

    async def recordings(self, uid: str) -> builtins.list[RecordingItem]:
        """Cal Video recordings of the booking."""
        envelope = await self._call(get_booking_recordings, booking_uid=require_path_segment(uid, name="uid"))
        return envelope.data

    async def transcripts(self, uid: str) -> builtins.list[str]:
        """Download links of the booking's Cal Video transcripts."""
        envelope = await self._call(get_booking_transcripts, booking_uid=require_path_segment(uid, name="uid"))
        return envelope.data


# -- request building -------------------------------------------------------------------------------


def _window_instant(value: object) -> object:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return _dt.datetime.combine(value, _dt.time(), _dt.UTC)
    return value


def _attendee_body(value: object) -> dict[str, Any]:
    if isinstance(value, Attendee):
        fields: dict[str, Any] = {
            "name": value.name,
            "timeZone": value.time_zone,
            "email": value.email,
            "phoneNumber": value.phone_number,
            "language": value.language,
        }
    elif isinstance(value, Mapping):
        raw = require_mapping(value, name="attendee")
        aliases = {"time_zone": "timeZone", "phone_number": "phoneNumber"}
        fields = {aliases.get(key, key): item for key, item in raw.items()}
        unknown = set(fields) - {"name", "timeZone", "email", "phoneNumber", "language"}
        if unknown:
            raise CalValidationError(f"attendee has unknown keys: {', '.join(sorted(unknown))}", argument="attendee")
    elif hasattr(value, "to_dict"):
        fields = body_part(value, name="attendee")
    else:
        raise CalValidationError(
            f"attendee must be an Attendee(...) or a mapping, not {type(value).__name__}", argument="attendee"
        )
    body: dict[str, Any] = {
        "name": require_str(fields.get("name"), name="attendee.name"),
        "timeZone": validate_time_zone(fields.get("timeZone"), name="attendee.time_zone"),
    }
    email = optional_email(fields.get("email"), name="attendee.email")
    phone = optional_str(fields.get("phoneNumber"), name="attendee.phone_number")
    if email is None and phone is None:
        raise CalValidationError("attendee needs an email or a phone_number", argument="attendee.email")
    if email is not None:
        body["email"] = email
    if phone is not None:
        body["phoneNumber"] = phone
    language = fields.get("language")
    if language is not None:
        body["language"] = str(getattr(language, "value", None) or require_str(language, name="attendee.language"))
    return body


def _create_request(
    *,
    start: object,
    attendee: object,
    event_type_id: object = None,
    event_type_slug: object = None,
    username: object = None,
    team_slug: object = None,
    organization_slug: object = None,
    length_in_minutes: object = None,
    guests: object = None,
    location: object = None,
    metadata: object = None,
    booking_fields_responses: object = None,
    recurrence_count: object = None,
    instant: object = False,
    routing: object = None,
    email_verification_code: object = None,
    extra_body: object = None,
    exactly_once: object = True,
    idempotency_key: object = None,
) -> _CreateRequest:
    from cal_client.models.create_booking_input_20240813 import CreateBookingInput20240813
    from cal_client.models.create_instant_booking_input_20240813 import CreateInstantBookingInput20240813
    from cal_client.models.create_recurring_booking_input_20240813 import CreateRecurringBookingInput20240813

    moment = to_utc(start, name="start")
    body: dict[str, Any] = {"start": format_utc(moment, name="start"), "attendee": _attendee_body(attendee)}
    body.update(
        event_type_selector(
            event_type_id=event_type_id,
            event_type_slug=event_type_slug,
            username=username,
            team_slug=team_slug,
            organization_slug=organization_slug,
        )
    )
    if (minutes := optional_int(length_in_minutes, name="length_in_minutes", minimum=1)) is not None:
        body["lengthInMinutes"] = minutes
    if guests is not None:
        body["guests"] = require_str_list(guests, name="guests", email=True)
    if location is not None:
        body["location"] = body_part(location, name="location")
    if booking_fields_responses is not None:
        body["bookingFieldsResponses"] = require_mapping(booking_fields_responses, name="booking_fields_responses")
    if routing is not None:
        body["routing"] = body_part(routing, name="routing")
    if (code := optional_str(email_verification_code, name="email_verification_code")) is not None:
        body["emailVerificationCode"] = code
    once = require_bool(exactly_once, name="exactly_once")
    extra = require_mapping(extra_body, name="extra_body") if extra_body is not None else {}
    # Metadata given through extra_body merges with ``metadata`` instead of replacing it, so the
    # exactly-once key always goes out (without it a retry could not be told from a new booking).
    extra_metadata = extra.pop("metadata", None)
    user_metadata = check_metadata(metadata if metadata is not None else {}, reserved_keys=1 if once else 0)
    if IDEMPOTENCY_KEY in user_metadata:
        raise CalValidationError(f"metadata key {IDEMPOTENCY_KEY!r} is reserved by cal_client", argument="metadata")
    if extra_metadata is not None:
        more = check_metadata(extra_metadata, name="extra_body['metadata']", reserved_keys=1 if once else 0)
        if IDEMPOTENCY_KEY in more:
            raise CalValidationError(
                f"metadata key {IDEMPOTENCY_KEY!r} is reserved by cal_client", argument="extra_body"
            )
        user_metadata = check_metadata({**more, **user_metadata}, reserved_keys=1 if once else 0)
    caller_key = _caller_key(idempotency_key, exactly_once=once)
    key = caller_key or (uuid.uuid4().hex if once else None)
    if key is not None:
        user_metadata[IDEMPOTENCY_KEY] = key
    if user_metadata:
        body["metadata"] = user_metadata
    body.update(extra)

    model: Any
    is_instant = require_bool(instant, name="instant")
    if recurrence_count is not None:
        if is_instant:
            raise CalValidationError("a booking is either recurring or instant, not both", argument="instant")
        body["recurrenceCount"] = require_int(recurrence_count, name="recurrence_count", minimum=1)
        model = CreateRecurringBookingInput20240813.from_dict(body)
    elif is_instant:
        body["instant"] = True
        model = CreateInstantBookingInput20240813.from_dict(body)
    else:
        model = CreateBookingInput20240813.from_dict(body)
    return _CreateRequest(
        body=model,
        start=moment,
        idempotency_key=key,
        attendee_email=body["attendee"].get("email"),
        event_type_id=body.get("eventTypeId"),
        caller_key=caller_key is not None,
    )


def _caller_key(value: object, *, exactly_once: bool) -> str | None:
    if value is None:
        return None
    key = require_str(value, name="idempotency_key")
    if not exactly_once:
        raise CalValidationError(
            "idempotency_key needs exactly_once=True (the key is what exactly-once creation looks for)",
            argument="idempotency_key",
        )
    if len(key) > _MAX_KEY_LENGTH or not key.isprintable():
        raise CalValidationError(
            f"idempotency_key must be 1-{_MAX_KEY_LENGTH} printable characters (it is stored in the booking's "
            "metadata); use an order or request id, or a UUID",
            argument="idempotency_key",
        )
    return key


def _sort(order: object, *, name: str = "sort") -> Any:
    # The four generated sort enums share the values asc/desc; any of them serialises the same.
    from cal_client.models.get_bookings_sort_start import GetBookingsSortStart

    return GetBookingsSortStart(require_choice(order, name=name, choices=_ORDERS))


def _list_query(**filters: Any) -> dict[str, Any]:
    from cal_client.models.get_bookings_sort_created import GetBookingsSortCreated
    from cal_client.models.get_bookings_sort_end import GetBookingsSortEnd
    from cal_client.models.get_bookings_sort_start import GetBookingsSortStart
    from cal_client.models.get_bookings_sort_updated_at import GetBookingsSortUpdatedAt
    from cal_client.models.get_bookings_status_item import GetBookingsStatusItem

    query: dict[str, Any] = {}
    status = filters["status"]
    if status is not None:
        values = [status] if isinstance(status, str) else require_str_list(status, name="status")
        if not values:
            raise CalValidationError("status must name at least one status", argument="status")
        query["status"] = [GetBookingsStatusItem(require_choice(v, name="status", choices=_STATUSES)) for v in values]
    if (email := optional_email(filters["attendee_email"], name="attendee_email")) is not None:
        query["attendee_email"] = email
    if (name := optional_str(filters["attendee_name"], name="attendee_name")) is not None:
        query["attendee_name"] = name
    if (uid := optional_str(filters["booking_uid"], name="booking_uid")) is not None:
        query["booking_uid"] = uid
    if (type_id := optional_int(filters["event_type_id"], name="event_type_id", minimum=1)) is not None:
        query["event_type_id"] = str(type_id)
    if filters["event_type_ids"] is not None:
        query["event_type_ids"] = ",".join(map(str, require_int_list(filters["event_type_ids"], name="event_type_ids")))
    if (team := optional_int(filters["team_id"], name="team_id", minimum=1)) is not None:
        query["team_id"] = str(team)
    if filters["team_ids"] is not None:
        query["teams_ids"] = ",".join(map(str, require_int_list(filters["team_ids"], name="team_ids")))
    for name in (
        "after_start",
        "before_end",
        "after_created_at",
        "before_created_at",
        "after_updated_at",
        "before_updated_at",
    ):
        if filters[name] is not None:
            query[name] = format_utc(filters[name], name=name)
    sorts: dict[str, Any] = {
        "sort_start": GetBookingsSortStart,
        "sort_end": GetBookingsSortEnd,
        "sort_created": GetBookingsSortCreated,
        "sort_updated_at": GetBookingsSortUpdatedAt,
    }
    for name, enum in sorts.items():
        if filters[name] is not None:
            query[name] = enum(require_choice(filters[name], name=name, choices=_ORDERS))
    return query


def _slot_taken(exc: APIStatusError) -> bool:
    """Whether Cal.com refused the booking because the time is no longer free."""
    if isinstance(exc, ConflictError | UnprocessableEntityError):
        return True
    if not isinstance(exc, BadRequestError):
        return False
    text = f"{exc.code} {exc.message} {exc.details}".lower()
    return any(marker in text for marker in _SLOT_TAKEN_MARKERS)


class BookingsWithRawResponse:
    """``cal.bookings`` methods returning ``RawResponse``; ``list`` pages carry ``.response`` already."""

    def __init__(self, bookings: Bookings) -> None:
        self.create = raw_response_wrapper(bookings.create)
        self.book_first_available = raw_response_wrapper(bookings.book_first_available)
        self.get = raw_response_wrapper(bookings.get)
        self.get_series = raw_response_wrapper(bookings.get_series)
        self.reschedule = raw_response_wrapper(bookings.reschedule)
        self.cancel = raw_response_wrapper(bookings.cancel)
        self.confirm = raw_response_wrapper(bookings.confirm)
        self.decline = raw_response_wrapper(bookings.decline)
        self.mark_absent = raw_response_wrapper(bookings.mark_absent)
        self.reassign = raw_response_wrapper(bookings.reassign)
        self.calendar_links = raw_response_wrapper(bookings.calendar_links)
        self.references = raw_response_wrapper(bookings.references)
        self.recordings = raw_response_wrapper(bookings.recordings)
        self.transcripts = raw_response_wrapper(bookings.transcripts)
