"""The request bodies and queries of ``cal.bookings``, built from checked keyword arguments.

Every body is a generated request model made with its typed constructor (nothing here writes
Cal.com's camelCase keys by hand); the models' ``to_dict`` is what goes on the wire. The keyword
arguments of ``create`` are declared once, in ``CreateOptions``; ``book_first_available`` takes the
``BookingDetails`` part of them.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from .._errors import CalValidationError
from ._booking import IDEMPOTENCY_KEY, Attendee
from ._models import or_unset, present, with_extra
from ._selectors import event_type_selector
from ._time import format_utc, to_utc, validate_time_zone
from ._validation import (
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
    from cal_client.models.cancel_booking_input_20240813 import CancelBookingInput20240813
    from cal_client.models.cancel_seated_booking_input_20240813 import CancelSeatedBookingInput20240813
    from cal_client.models.create_booking_attendee import CreateBookingAttendee
    from cal_client.models.create_booking_input_20240813 import CreateBookingInput20240813
    from cal_client.models.create_instant_booking_input_20240813 import CreateInstantBookingInput20240813
    from cal_client.models.create_recurring_booking_input_20240813 import CreateRecurringBookingInput20240813
    from cal_client.models.decline_booking_input_20240813 import DeclineBookingInput20240813
    from cal_client.models.mark_absent_booking_input_20240813 import MarkAbsentBookingInput20240813
    from cal_client.models.reassign_to_user_booking_input_20240813 import ReassignToUserBookingInput20240813
    from cal_client.models.reschedule_booking_input_20240813 import RescheduleBookingInput20240813
    from cal_client.models.reschedule_seated_booking_input_20240813 import RescheduleSeatedBookingInput20240813

    CreateBody = CreateBookingInput20240813 | CreateInstantBookingInput20240813 | CreateRecurringBookingInput20240813

__all__ = [
    "BookingDetails",
    "BookingStatusFilter",
    "CreateOptions",
    "CreateRequest",
    "SortOrder",
    "cancel_body",
    "check_keywords",
    "create_request",
    "decline_body",
    "list_query",
    "mark_absent_body",
    "reassign_body",
    "reschedule_body",
    "sort",
    "window_instant",
]

BookingStatusFilter = Literal["upcoming", "recurring", "past", "cancelled", "unconfirmed"]
SortOrder = Literal["asc", "desc"]

_STATUSES = ("upcoming", "recurring", "past", "cancelled", "unconfirmed")
_ORDERS = ("asc", "desc")
_MAX_KEY_LENGTH = 500  # Cal.com's longest metadata string value


class BookingDetails(TypedDict, total=False):
    """What is booked besides the time: the keyword arguments ``create`` and ``book_first_available`` share.

    Name the event type with ``event_type_id``, or ``event_type_slug`` with ``username`` or
    ``team_slug`` (plus ``organization_slug`` inside an organisation).
    """

    event_type_id: int | None
    event_type_slug: str | None
    username: str | None
    team_slug: str | None
    organization_slug: str | None
    length_in_minutes: int | None
    """For an event type with several lengths; default: the event type's."""
    guests: Sequence[str] | None
    """E-mails of further guests."""
    location: Mapping[str, Any] | Any | None
    """One of Cal.com's location objects (``{"type": "integration", "integration": "cal-video"}``) or a
    generated ``BookingInput...Location20240813`` model."""
    metadata: Mapping[str, str | int | float | bool] | None
    booking_fields_responses: Mapping[str, Any] | None
    """Answers to the event type's booking questions, by field slug."""
    extra_body: Mapping[str, Any] | None
    """Raw body keys merged over the built body (its ``metadata`` merges with ``metadata``)."""
    idempotency_key: str | None
    """Your own key for this booking: sending it again returns the booking already made."""


class CreateOptions(BookingDetails, total=False):
    """Every keyword argument of ``bookings.create`` besides ``start``, ``attendee`` and ``max_attempts``."""

    recurrence_count: int | None
    """Book that many occurrences of a recurring event type."""
    instant: bool
    """An instant team meeting (default False)."""
    routing: Mapping[str, Any] | Any | None
    """Routing-form context (a mapping or the generated ``Routing`` model)."""
    email_verification_code: str | None
    exactly_once: bool
    """Tag, reconcile and retry a create whose outcome is unknown (default True)."""


@dataclass(frozen=True)
class CreateRequest:
    body: CreateBody
    start: _dt.datetime
    idempotency_key: str | None
    attendee_email: str | None
    event_type_id: int | None
    caller_key: bool = False
    """The key came from the caller, so an earlier attempt (any process) may have made the booking."""


def check_keywords(given: Mapping[str, object], declared: type, method: str) -> None:
    """Refuse a keyword ``declared`` (a TypedDict) does not list, as Python refuses an unknown keyword."""
    unknown = sorted(set(given) - set(declared.__annotations__))
    if unknown:
        close = difflib.get_close_matches(unknown[0], declared.__annotations__, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise TypeError(f"{method}() got an unexpected keyword argument {unknown[0]!r}{hint}")


def window_instant(value: object) -> object:
    """A ``book_first_available`` window bound: a date stands for its midnight UTC."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return _dt.datetime.combine(value, _dt.time(), _dt.UTC)
    return value


def create_request(*, start: object, attendee: object, options: CreateOptions) -> CreateRequest:
    """The checked create request: its generated body model, its key and what reconciling needs."""
    moment = to_utc(start, name="start")
    person = _attendee(attendee)
    selector = event_type_selector(
        event_type_id=options.get("event_type_id"),
        event_type_slug=options.get("event_type_slug"),
        username=options.get("username"),
        team_slug=options.get("team_slug"),
        organization_slug=options.get("organization_slug"),
    )
    guests = options.get("guests")
    location = options.get("location")
    routing = options.get("routing")
    answers = options.get("booking_fields_responses")
    once = require_bool(options.get("exactly_once", True), name="exactly_once")
    extra_body = options.get("extra_body")
    extra = dict(require_mapping(extra_body, name="extra_body")) if extra_body is not None else {}
    caller_key = _caller_key(options.get("idempotency_key"), exactly_once=once)
    key = caller_key or (uuid.uuid4().hex if once else None)
    metadata = _metadata(options.get("metadata"), extra.pop("metadata", None), key, exactly_once=once)
    # Keyword arguments of the three create inputs' constructors (they share these fields).
    fields: dict[str, Any] = {
        "start": format_utc(moment, name="start"),
        "attendee": person,
        "event_type_id": or_unset(selector.event_type_id),
        "event_type_slug": or_unset(selector.event_type_slug),
        "username": or_unset(selector.username),
        "team_slug": or_unset(selector.team_slug),
        "organization_slug": or_unset(selector.organization_slug),
        "length_in_minutes": or_unset(
            optional_int(options.get("length_in_minutes"), name="length_in_minutes", minimum=1)
        ),
        "guests": or_unset(None if guests is None else require_str_list(guests, name="guests", email=True)),
        "location": or_unset(None if location is None else _location(location)),
        "routing": or_unset(None if routing is None else _routing(routing)),
        "email_verification_code": or_unset(
            optional_str(options.get("email_verification_code"), name="email_verification_code")
        ),
    }
    if answers is not None:
        answers = require_mapping(answers, name="booking_fields_responses")
    body = _create_body(
        fields,
        metadata,
        answers,
        recurrence_count=options.get("recurrence_count"),
        instant=require_bool(options.get("instant", False), name="instant"),
    )
    body = with_extra(body, extra)
    return CreateRequest(
        body=body,
        start=moment,
        idempotency_key=key,
        # Read back from the body: extra_body may have replaced them, and reconciling looks for what was sent.
        attendee_email=present(body.attendee.email),
        event_type_id=present(body.event_type_id),
        caller_key=caller_key is not None,
    )


def _create_body(
    fields: dict[str, Any],
    metadata: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None,
    *,
    recurrence_count: object,
    instant: bool,
) -> CreateBody:
    """The create input for the kind of booking asked for (single, recurring or instant)."""
    from cal_client.models.create_booking_input_20240813 import CreateBookingInput20240813
    from cal_client.models.create_booking_input_20240813_booking_fields_responses import (
        CreateBookingInput20240813BookingFieldsResponses,
    )
    from cal_client.models.create_booking_input_20240813_metadata import CreateBookingInput20240813Metadata
    from cal_client.types import UNSET

    if recurrence_count is not None:
        from cal_client.models.create_recurring_booking_input_20240813 import CreateRecurringBookingInput20240813
        from cal_client.models.create_recurring_booking_input_20240813_booking_fields_responses import (
            CreateRecurringBookingInput20240813BookingFieldsResponses,
        )
        from cal_client.models.create_recurring_booking_input_20240813_metadata import (
            CreateRecurringBookingInput20240813Metadata,
        )

        if instant:
            raise CalValidationError("a booking is either recurring or instant, not both", argument="instant")
        return CreateRecurringBookingInput20240813(
            **fields,
            recurrence_count=require_int(recurrence_count, name="recurrence_count", minimum=1),
            metadata=UNSET if metadata is None else CreateRecurringBookingInput20240813Metadata.from_dict(metadata),
            booking_fields_responses=(
                UNSET
                if answers is None
                else CreateRecurringBookingInput20240813BookingFieldsResponses.from_dict(answers)
            ),
        )
    if instant:
        from cal_client.models.create_instant_booking_input_20240813 import CreateInstantBookingInput20240813
        from cal_client.models.create_instant_booking_input_20240813_booking_fields_responses import (
            CreateInstantBookingInput20240813BookingFieldsResponses,
        )
        from cal_client.models.create_instant_booking_input_20240813_metadata import (
            CreateInstantBookingInput20240813Metadata,
        )

        return CreateInstantBookingInput20240813(
            **fields,
            instant=True,
            metadata=UNSET if metadata is None else CreateInstantBookingInput20240813Metadata.from_dict(metadata),
            booking_fields_responses=(
                UNSET if answers is None else CreateInstantBookingInput20240813BookingFieldsResponses.from_dict(answers)
            ),
        )
    return CreateBookingInput20240813(
        **fields,
        metadata=UNSET if metadata is None else CreateBookingInput20240813Metadata.from_dict(metadata),
        booking_fields_responses=(
            UNSET if answers is None else CreateBookingInput20240813BookingFieldsResponses.from_dict(answers)
        ),
    )


def _attendee(value: object) -> CreateBookingAttendee:
    """``attendee`` (an ``Attendee``, a mapping with snake_case or camelCase keys, or a model), checked."""
    from cal_client.models.create_booking_attendee import CreateBookingAttendee
    from cal_client.models.create_booking_attendee_language import CreateBookingAttendeeLanguage
    from cal_client.types import UNSET

    name: object
    time_zone: object
    email: object
    phone: object
    language: object
    if isinstance(value, Attendee):
        name, time_zone, email, phone, language = (
            value.name,
            value.time_zone,
            value.email,
            value.phone_number,
            value.language,
        )
    elif isinstance(value, Mapping) or hasattr(value, "to_dict"):
        fields = _attendee_fields(value)
        name, time_zone, email, phone, language = (
            fields.get("name"),
            fields.get("timeZone"),
            fields.get("email"),
            fields.get("phoneNumber"),
            fields.get("language"),
        )
    else:
        raise CalValidationError(
            f"attendee must be an Attendee(...) or a mapping, not {type(value).__name__}", argument="attendee"
        )
    checked_email = optional_email(email, name="attendee.email")
    checked_phone = optional_str(phone, name="attendee.phone_number")
    if checked_email is None and checked_phone is None:
        raise CalValidationError("attendee needs an email or a phone_number", argument="attendee.email")
    locale = None
    if language is not None:
        locale = str(getattr(language, "value", None) or require_str(language, name="attendee.language"))
    return CreateBookingAttendee(
        name=require_str(name, name="attendee.name"),
        time_zone=validate_time_zone(time_zone, name="attendee.time_zone"),
        email=or_unset(checked_email),
        phone_number=or_unset(checked_phone),
        # The model defaults to English; an attendee who named no language gets Cal.com's default.
        language=UNSET if locale is None else CreateBookingAttendeeLanguage(locale),
    )


def _attendee_fields(value: object) -> dict[str, Any]:
    from ._validation import body_part

    if not isinstance(value, Mapping):
        return body_part(value, name="attendee")
    raw = require_mapping(value, name="attendee")
    aliases = {"time_zone": "timeZone", "phone_number": "phoneNumber"}
    fields = {aliases.get(key, key): item for key, item in raw.items()}
    unknown = set(fields) - {"name", "timeZone", "email", "phoneNumber", "language"}
    if unknown:
        raise CalValidationError(f"attendee has unknown keys: {', '.join(sorted(unknown))}", argument="attendee")
    return fields


def _location(value: object) -> Any:
    """A location model: given as one, or built from Cal.com's location object by its ``type``."""
    if not isinstance(value, Mapping):
        if hasattr(value, "to_dict"):
            return value
        raise CalValidationError(
            f"location must be a mapping or a generated location model, not {type(value).__name__}",
            argument="location",
        )
    location = require_mapping(value, name="location")
    model = _location_models().get(location.get("type"))
    if model is None:
        # A location type this SDK does not know yet goes as given; Cal.com is the judge of it.
        return dict(location)
    try:
        return model.from_dict(location)
    except (KeyError, TypeError, ValueError) as exc:
        raise CalValidationError(
            f"location of type {location['type']!r} is incomplete or malformed ({exc!r}); see "
            f"{model.__name__} for its fields",
            argument="location",
        ) from exc


def _location_models() -> dict[object, Any]:
    from cal_client.models.booking_input_address_location_20240813 import BookingInputAddressLocation20240813
    from cal_client.models.booking_input_attendee_address_location_20240813 import (
        BookingInputAttendeeAddressLocation20240813,
    )
    from cal_client.models.booking_input_attendee_defined_location_20240813 import (
        BookingInputAttendeeDefinedLocation20240813,
    )
    from cal_client.models.booking_input_attendee_phone_location_20240813 import (
        BookingInputAttendeePhoneLocation20240813,
    )
    from cal_client.models.booking_input_integration_location_20240813 import (
        BookingInputIntegrationLocation20240813,
    )
    from cal_client.models.booking_input_link_location_20240813 import BookingInputLinkLocation20240813
    from cal_client.models.booking_input_organizers_default_app_location_20240813 import (
        BookingInputOrganizersDefaultAppLocation20240813,
    )
    from cal_client.models.booking_input_phone_location_20240813 import BookingInputPhoneLocation20240813

    return {
        "address": BookingInputAddressLocation20240813,
        "attendeeAddress": BookingInputAttendeeAddressLocation20240813,
        "attendeeDefined": BookingInputAttendeeDefinedLocation20240813,
        "attendeePhone": BookingInputAttendeePhoneLocation20240813,
        "integration": BookingInputIntegrationLocation20240813,
        "link": BookingInputLinkLocation20240813,
        "organizersDefaultApp": BookingInputOrganizersDefaultAppLocation20240813,
        "phone": BookingInputPhoneLocation20240813,
    }


def _routing(value: object) -> Any:
    from cal_client.models.routing import Routing

    if not isinstance(value, Mapping) and hasattr(value, "to_dict"):
        return value
    routing = require_mapping(value, name="routing")
    try:
        return Routing.from_dict(routing)
    except (KeyError, TypeError, ValueError) as exc:
        raise CalValidationError(
            f"routing is incomplete or malformed ({exc!r}); it needs teamMemberIds", argument="routing"
        ) from exc


def _metadata(given: object, extra: object, key: str | None, *, exactly_once: bool) -> dict[str, Any] | None:
    """The booking's metadata: the caller's, merged with ``extra_body['metadata']``, plus the key."""
    reserved = 1 if exactly_once else 0
    metadata = check_metadata(given if given is not None else {}, reserved_keys=reserved)
    if IDEMPOTENCY_KEY in metadata:
        raise CalValidationError(f"metadata key {IDEMPOTENCY_KEY!r} is reserved by cal_client", argument="metadata")
    # Metadata given through extra_body merges with ``metadata`` instead of replacing it, so the
    # exactly-once key always goes out (without it a retry could not be told from a new booking).
    if extra is not None:
        more = check_metadata(extra, name="extra_body['metadata']", reserved_keys=reserved)
        if IDEMPOTENCY_KEY in more:
            raise CalValidationError(
                f"metadata key {IDEMPOTENCY_KEY!r} is reserved by cal_client", argument="extra_body"
            )
        metadata = check_metadata({**more, **metadata}, reserved_keys=reserved)
    if key is not None:
        metadata[IDEMPOTENCY_KEY] = key
    return metadata or None


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


# -- the other bodies ----------------------------------------------------------------------------


def reschedule_body(
    *,
    start: object,
    reason: object,
    rescheduled_by: object,
    seat_uid: object,
    email_verification_code: object,
) -> RescheduleBookingInput20240813 | RescheduleSeatedBookingInput20240813:
    from cal_client.models.reschedule_booking_input_20240813 import RescheduleBookingInput20240813
    from cal_client.models.reschedule_seated_booking_input_20240813 import RescheduleSeatedBookingInput20240813

    moment = format_utc(start, name="start")
    by = or_unset(optional_email(rescheduled_by, name="rescheduled_by"))
    code = or_unset(optional_str(email_verification_code, name="email_verification_code"))
    if seat_uid is not None:
        if reason is not None:
            raise CalValidationError("Cal.com takes no reason when rescheduling one seat", argument="reason")
        return RescheduleSeatedBookingInput20240813(
            start=moment,
            seat_uid=require_path_segment(seat_uid, name="seat_uid"),
            rescheduled_by=by,
            email_verification_code=code,
        )
    return RescheduleBookingInput20240813(
        start=moment,
        rescheduled_by=by,
        rescheduling_reason=or_unset(optional_str(reason, name="reason")),
        email_verification_code=code,
    )


def cancel_body(
    *, reason: object, cancel_subsequent: object, seat_uid: object
) -> CancelBookingInput20240813 | CancelSeatedBookingInput20240813:
    from cal_client.models.cancel_booking_input_20240813 import CancelBookingInput20240813
    from cal_client.models.cancel_seated_booking_input_20240813 import CancelSeatedBookingInput20240813

    if seat_uid is not None:
        if reason is not None or cancel_subsequent is not None:
            raise CalValidationError(
                "cancelling one seat takes only seat_uid (Cal.com rejects reason/cancel_subsequent with it)",
                argument="reason" if reason is not None else "cancel_subsequent",
            )
        return CancelSeatedBookingInput20240813(seat_uid=require_path_segment(seat_uid, name="seat_uid"))
    return CancelBookingInput20240813(
        cancellation_reason=or_unset(optional_str(reason, name="reason")),
        cancel_subsequent_bookings=or_unset(optional_bool(cancel_subsequent, name="cancel_subsequent")),
    )


def decline_body(*, reason: object) -> DeclineBookingInput20240813:
    from cal_client.models.decline_booking_input_20240813 import DeclineBookingInput20240813

    return DeclineBookingInput20240813(reason=or_unset(optional_str(reason, name="reason")))


def mark_absent_body(*, host: object, attendees: object) -> MarkAbsentBookingInput20240813:
    from cal_client.models.mark_absent_attendee import MarkAbsentAttendee
    from cal_client.models.mark_absent_booking_input_20240813 import MarkAbsentBookingInput20240813

    flag = optional_bool(host, name="host")
    marks: list[MarkAbsentAttendee] | None = None
    if attendees is not None:
        given = require_mapping(attendees, name="attendees")
        if not given:
            raise CalValidationError("attendees must name at least one attendee", argument="attendees")
        marks = [
            MarkAbsentAttendee(
                email=require_email(email, name="attendees"),
                absent=require_bool(absent, name=f"attendees[{email!r}]"),
            )
            for email, absent in given.items()
        ]
    if flag is None and marks is None:
        raise CalValidationError("pass host=... and/or attendees={...}", argument="attendees")
    return MarkAbsentBookingInput20240813(host=or_unset(flag), attendees=or_unset(marks))


def reassign_body(*, reason: object) -> ReassignToUserBookingInput20240813:
    from cal_client.models.reassign_to_user_booking_input_20240813 import ReassignToUserBookingInput20240813

    return ReassignToUserBookingInput20240813(reason=or_unset(optional_str(reason, name="reason")))


# -- queries ---------------------------------------------------------------------------------------


def sort(order: object, *, name: str = "sort") -> Any:
    # The four generated sort enums share the values asc/desc; any of them serialises the same.
    from cal_client.models.get_bookings_sort_start import GetBookingsSortStart

    return GetBookingsSortStart(require_choice(order, name=name, choices=_ORDERS))


def list_query(**filters: Any) -> dict[str, Any]:
    """The ``GET /v2/bookings`` arguments of ``bookings.list``'s filters, checked."""
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
