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
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Unpack

from cal_client.api.bookings import (
    cancel_booking,
    confirm_booking,
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

from .._errors import BookingOutcomeUnknownError, CalValidationError, NoSlotAvailableError
from ._base import RawView, Resource, raw_twin
from ._booking import Attendee, CreatedBooking
from ._booking_request import (
    BookingDetails,
    BookingStatusFilter,
    CreateOptions,
    SortOrder,
    cancel_body,
    check_keywords,
    create_request,
    decline_body,
    list_query,
    mark_absent_body,
    reassign_body,
    reschedule_body,
)
from ._exactly_once import DEFAULT_CREATE_ATTEMPTS, ExactlyOnce
from ._pagination import AsyncPaginator, Page, check_page_size, check_position
from ._time import TimeInput
from ._validation import require_int, require_path_segment, require_str

if TYPE_CHECKING:
    from cal_client.models.booking_output_20240813 import BookingOutput20240813
    from cal_client.models.get_recurring_seated_booking_output_20240813 import (
        GetRecurringSeatedBookingOutput20240813,
    )
    from cal_client.models.reassign_booking_output_20240813_data import ReassignBookingOutput20240813Data
    from cal_client.models.recording_item import RecordingItem
    from cal_client.models.recurring_booking_output_20240813 import RecurringBookingOutput20240813

    from ._booking import FetchedBooking, ListedBooking, RescheduledBooking

__all__ = [
    "Attendee",
    "BookingDetails",
    "BookingOutcomeUnknownError",
    "BookingStatusFilter",
    "Bookings",
    "BookingsWithRawResponse",
    "CreateOptions",
    "NoSlotAvailableError",
    "SortOrder",
]


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
        max_attempts: int = DEFAULT_CREATE_ATTEMPTS,
        **options: Unpack[CreateOptions],
    ) -> CreatedBooking:
        """Book ``start`` (an aware datetime or ISO string with offset) for ``attendee``.

        Name the event type with ``event_type_id``, or ``event_type_slug`` with ``username`` or
        ``team_slug`` (plus ``organization_slug`` inside an organisation). ``location`` is one of
        Cal.com's location objects (e.g. ``{"type": "integration", "integration": "cal-video"}``)
        or a generated ``BookingInput...Location20240813`` model. ``recurrence_count`` books that
        many occurrences of a recurring event type; ``instant=True`` an instant team meeting.
        Every keyword argument is listed, with its type, in ``CreateOptions``.

        Returns a ``CreatedBooking`` whatever the event type (single, recurring, seated).
        ``exactly_once`` (default on) is described in the module docstring; ``max_attempts``
        bounds the sends. ``idempotency_key``: your own key for this booking; sending it again (from
        any process, after a timeout or a restart) returns the booking already made.
        """
        check_keywords(options, CreateOptions, "create")
        request = create_request(start=start, attendee=attendee, options=options)
        attempts = require_int(max_attempts, name="max_attempts", minimum=1)
        return await ExactlyOnce(self).create(request, attempts)

    async def book_first_available(
        self,
        *,
        window: tuple[TimeInput | _dt.date, TimeInput | _dt.date],
        attendee: Attendee | Mapping[str, Any],
        max_attempts: int = 3,
        **details: Unpack[BookingDetails],
    ) -> CreatedBooking:
        """Book the earliest free slot in ``window`` = ``(start, end)``.

        Looks the slots up once, then books them earliest first: when Cal.com answers that a slot
        was taken in the meantime, the next one is tried, up to ``max_attempts`` slots. Any other
        error is raised at once. Raises ``NoSlotAvailableError`` when the window has no slot or
        every slot tried was taken. Each attempt is an exactly-once ``create``. With
        ``idempotency_key``, a booking an earlier call made with that key anywhere in the window is
        returned instead of booking again, and every slot tried carries the key. The keyword
        arguments are ``create``'s, listed in ``BookingDetails``.
        """
        check_keywords(details, BookingDetails, "book_first_available")
        if not isinstance(window, tuple) or len(window) != 2:
            raise CalValidationError("window must be a (start, end) tuple", argument="window")
        attempts = require_int(max_attempts, name="max_attempts", minimum=1)
        return await ExactlyOnce(self).first_available(window, attendee, details, attempts)

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
        query = list_query(
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
        segment = require_path_segment(uid, name="uid")
        body = reschedule_body(
            start=start,
            reason=reason,
            rescheduled_by=rescheduled_by,
            seat_uid=seat_uid,
            email_verification_code=email_verification_code,
        )
        envelope = await self._call(reschedule_booking, booking_uid=segment, body=body)
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
        segment = require_path_segment(uid, name="uid")
        body = cancel_body(reason=reason, cancel_subsequent=cancel_subsequent, seat_uid=seat_uid)
        envelope = await self._call(cancel_booking, booking_uid=segment, body=body)
        data: FetchedBooking = envelope.data
        return data

    async def confirm(self, uid: str) -> FetchedBooking:
        """Accept a booking that requires confirmation (event type owner only)."""
        envelope = await self._call(confirm_booking, booking_uid=require_path_segment(uid, name="uid"))
        data: FetchedBooking = envelope.data
        return data

    async def decline(self, uid: str, *, reason: str | None = None) -> FetchedBooking:
        """Reject a booking that requires confirmation (event type owner only)."""
        segment = require_path_segment(uid, name="uid")
        envelope = await self._call(decline_booking, booking_uid=segment, body=decline_body(reason=reason))
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
        segment = require_path_segment(uid, name="uid")
        body = mark_absent_body(host=host, attendees=attendees)
        envelope = await self._call(mark_no_show, booking_uid=segment, body=body)
        data: BookingOutput20240813 | RecurringBookingOutput20240813 = envelope.data
        return data

    async def reassign(
        self, uid: str, *, user_id: int | None = None, reason: str | None = None
    ) -> ReassignBookingOutput20240813Data:
        """Reassign a round-robin booking: to the next available host, or to ``user_id``."""
        segment = require_path_segment(uid, name="uid")
        if user_id is None:
            if reason is not None:
                raise CalValidationError("reason is only sent when reassigning to a user_id", argument="reason")
            envelope = await self._call(reassign_booking, booking_uid=segment)
        else:
            envelope = await self._call(
                reassign_booking_to_user,
                booking_uid=segment,
                user_id=require_int(user_id, name="user_id", minimum=1),
                body=reassign_body(reason=reason),
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


class BookingsWithRawResponse(RawView[Bookings], of=Bookings):
    """``cal.bookings`` methods returning ``RawResponse``; ``list`` pages carry ``.response`` already."""

    create = raw_twin(Bookings.create)
    book_first_available = raw_twin(Bookings.book_first_available)
    get = raw_twin(Bookings.get)
    get_series = raw_twin(Bookings.get_series)
    reschedule = raw_twin(Bookings.reschedule)
    cancel = raw_twin(Bookings.cancel)
    confirm = raw_twin(Bookings.confirm)
    decline = raw_twin(Bookings.decline)
    mark_absent = raw_twin(Bookings.mark_absent)
    reassign = raw_twin(Bookings.reassign)
    calendar_links = raw_twin(Bookings.calendar_links)
    references = raw_twin(Bookings.references)
    recordings = raw_twin(Bookings.recordings)
    transcripts = raw_twin(Bookings.transcripts)
