"""Event types (``cal-api-version`` 2024-06-14): what can be booked, for how long, from which schedule."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .._errors import ApiError, bad_request, conflict, not_found
from .._routing import Call, Route, ok, route
from .._store import EventType, Store, User
from .._validation import MAX_MINUTES, Arr, Bool, Int, Obj, Rule, Str, require_valid, validate

Json = dict[str, Any]
ROUTES: list[Route] = []
BOOKING_SITE = "https://cal.com"
VERSIONS = ("2024-06-14",)

CUSTOM_FIELD_TYPES = (
    "phone",
    "address",
    "text",
    "number",
    "textarea",
    "select",
    "multiselect",
    "multiemail",
    "checkbox",
    "radio",
    "boolean",
    "url",
)
WITH_OPTIONS = ("select", "multiselect", "checkbox", "radio")
FIELD_KEYS = {
    "slug": Str(),
    "label": Str(),
    "placeholder": Str(),
    "required": Bool(),
    "hidden": Bool(),
    "disableOnPrefill": Bool(),
    "options": Arr(item=Str()),
}
# What Cal.com sends for the default booking fields (event-types_2024_06_14/transformers/
# internal-to-api/booking-fields.ts): no label or placeholder unless the user set one (the DB's
# default fields have none, and JSON drops undefined), title typed "text". Same facts as the
# corpus in tests/corpus.
DEFAULT_FIELDS: list[Json] = [
    {"type": "name", "slug": "name", "required": True, "disableOnPrefill": False},
    {"type": "email", "slug": "email", "required": True, "disableOnPrefill": False, "hidden": False},
    {"type": "radioInput", "slug": "location", "required": False, "hidden": False},
    {"type": "text", "slug": "title", "required": True, "disableOnPrefill": False, "hidden": True},
    {"type": "textarea", "slug": "notes", "required": False, "disableOnPrefill": False, "hidden": False},
    {"type": "multiemail", "slug": "guests", "required": False, "disableOnPrefill": False, "hidden": False},
    {"type": "textarea", "slug": "rescheduleReason", "required": False, "disableOnPrefill": False, "hidden": False},
]
LOCATION_KEYS: dict[str, dict[str, Rule]] = {
    "address": {"address": Str(required=True), "public": Bool(required=True)},
    "link": {"link": Str(required=True), "public": Bool(required=True)},
    "phone": {"phone": Str(required=True), "public": Bool(required=True)},
    "integration": {"integration": Str(required=True, enum=("cal-video", "google-meet", "office365-video", "zoom"))},
    "attendeeAddress": {},
    "attendeePhone": {},
    "attendeeDefined": {},
}
CREATE = {
    "lengthInMinutes": Int(required=True, minimum=1, maximum=MAX_MINUTES),
    "lengthInMinutesOptions": Arr(item=Int(minimum=1, maximum=MAX_MINUTES)),
    "title": Str(required=True, non_empty=True),
    "slug": Str(required=True, non_empty=True),
    "description": Str(),
    "locations": Arr(item=Obj()),
    "bookingFields": Arr(item=Obj()),
    "disableGuests": Bool(),
    "slotInterval": Int(minimum=1, maximum=MAX_MINUTES),
    "minimumBookingNotice": Int(minimum=0, maximum=MAX_MINUTES),
    "beforeEventBuffer": Int(minimum=0, maximum=MAX_MINUTES),
    "afterEventBuffer": Int(minimum=0, maximum=MAX_MINUTES),
    "scheduleId": Int(),
    "hidden": Bool(),
    "confirmationPolicy": Obj(),
    "seats": Obj(),
    "recurrence": Obj(),
    "bookingRequiresAuthentication": Bool(),
    "lockTimeZoneToggleOnBookingPage": Bool(),
}
UPDATE = {name: dataclasses.replace(rule, required=False) for name, rule in CREATE.items()}
# Echoed back as given: their output shape equals the input shape.
ECHOED = (
    "bookerLayouts",
    "color",
    "customName",
    "hideCalendarNotes",
    "hideCalendarEventDetails",
    "hideOrganizerEmail",
    "requiresBookerEmailVerification",
    "useDestinationCalendarEmail",
    "calVideoSettings",
    "onlyShowFirstAvailableSlot",
    "offsetStart",
    "bookingLimitsCount",
    "bookingLimitsDuration",
)


def output(store: Store, event_type: EventType) -> Json:
    data: Json = {key: event_type.extras[key] for key in ECHOED if key in event_type.extras}
    data |= {
        "id": event_type.id,
        "ownerId": event_type.owner_id,
        "lengthInMinutes": event_type.length,
        "title": event_type.title,
        "slug": event_type.slug,
        "description": event_type.description,
        "locations": [_location_output(loc) for loc in event_type.locations],
        "bookingFields": _fields_output(event_type.booking_fields),
        "disableGuests": event_type.disable_guests,
        "slotInterval": event_type.slot_interval,
        "minimumBookingNotice": event_type.minimum_notice,
        "beforeEventBuffer": event_type.before_buffer,
        "afterEventBuffer": event_type.after_buffer,
        "recurrence": None,
        "metadata": {},
        "price": 0,
        "currency": "usd",
        "lockTimeZoneToggleOnBookingPage": bool(event_type.extras.get("lockTimeZoneToggleOnBookingPage", False)),
        "forwardParamsSuccessRedirect": True,
        "successRedirectUrl": None,
        "isInstantEvent": False,
        "scheduleId": event_type.schedule_id,
        "hidden": event_type.hidden,
        "bookingRequiresAuthentication": bool(event_type.extras.get("bookingRequiresAuthentication", False)),
        "confirmationPolicy": event_type.extras.get("confirmationPolicy", {"disabled": True}),
        # FakeCal emulates seats off and no booking window only, in the shapes Cal.com sends them
        # (transformers/internal-to-api/seats.ts, future-booking-limits.ts).
        "seats": {"disabled": True},
        "bookingWindow": event_type.extras.get("bookingWindow", {"disabled": True}),
        "users": [_user_output(store.users[event_type.owner_id])],
        "bookingUrl": event_type.extras.get("bookingUrl", f"{BOOKING_SITE}/{event_type.slug}"),
        # The defaults output-event-types.service.ts sends for what FakeCal does not emulate.
        "onlyShowFirstAvailableSlot": False,
        "offsetStart": 0,
        "useDestinationCalendarEmail": False,
        "calVideoSettings": {"sendTranscriptionEmails": True},
        "bookerActiveBookingsLimit": {"disabled": True},
        "disableCancelling": {"disabled": False},
        "disableRescheduling": {"disabled": False},
        "interfaceLanguage": None,
        "allowReschedulingPastBookings": False,
        "allowReschedulingCancelledBookings": False,
        "showOptimizedSlots": False,
    }
    for key, default in (
        ("requiresBookerEmailVerification", False),
        ("hideCalendarNotes", False),
        ("hideCalendarEventDetails", False),
        ("hideOrganizerEmail", False),
    ):
        data.setdefault(key, default)
    if event_type.length_options:
        # Cal.com keeps the options in the event type's metadata (multipleDuration) and sends both.
        data["lengthInMinutesOptions"] = event_type.length_options
        data["metadata"] = {"multipleDuration": event_type.length_options}
    return data


def _user_output(user: User) -> Json:
    """An event type's user as Cal.com's transformUsers writes it."""
    return {
        "id": user.id,
        "name": user.name,
        "username": user.username,
        "avatarUrl": user.avatar_url,
        "brandColor": None,
        "darkBrandColor": None,
        "weekStart": user.week_start,
        "metadata": user.metadata,
    }


def create_event_type(store: Store, owner: User, body: Json) -> EventType:
    """Store an event type from a validated create body (also used to seed the sandbox)."""
    _check_slug_free(store, owner, body["slug"])
    event_type = EventType(id=store.next_id("event_type"), owner_id=owner.id, title="", slug="", length=1)
    _apply(store, owner, event_type, body)
    store.event_types[event_type.id] = event_type
    return event_type


@route(ROUTES, "POST", "/v2/event-types", versions=VERSIONS, status=201)
def create(call: Call) -> Json:
    body = require_valid(call.body, CREATE)
    return ok(output(call.store, create_event_type(call.store, call.user(), body)))


@route(ROUTES, "GET", "/v2/event-types", versions=VERSIONS, auth="optional")
def list_event_types(call: Call) -> Json:
    caller = call.principal.user if call.principal else None
    username = call.arg("username")
    usernames = call.args("usernames") or ([username] if username else [])
    if call.arg("orgSlug") or call.arg("orgId"):
        return ok([])  # FakeCal has no organisations
    if usernames:
        owners = []
        for name in usernames:
            owner = call.store.user_by_username(name)
            if owner is None:
                raise not_found(f"User with username={name} not found")
            owners.append(owner.id)
    elif caller is not None:
        owners = [caller.id]
    else:
        raise bad_request("Pass username or usernames, or authenticate to list your own event types")
    found = [
        e
        for e in call.store.event_types.values()
        if e.owner_id in owners
        and (not e.hidden or (caller is not None and caller.id == e.owner_id))
        and (call.arg("eventSlug") is None or e.slug == call.arg("eventSlug"))
    ]
    return ok([output(call.store, e) for e in sorted(found, key=lambda e: e.id)])


@route(ROUTES, "GET", "/v2/event-types/{eventTypeId}", versions=VERSIONS)
def get(call: Call) -> Json:
    return ok(output(call.store, _owned(call)))


@route(ROUTES, "PATCH", "/v2/event-types/{eventTypeId}", versions=VERSIONS)
def update(call: Call) -> Json:
    event_type = _owned(call)
    body = require_valid(call.body, UPDATE)
    if "slug" in body and body["slug"] != event_type.slug:
        _check_slug_free(call.store, call.user(), body["slug"])
    _apply(call.store, call.user(), event_type, body)
    return ok(output(call.store, event_type))


@route(ROUTES, "DELETE", "/v2/event-types/{eventTypeId}", versions=VERSIONS)
def delete(call: Call) -> Json:
    event_type = _owned(call)
    del call.store.event_types[event_type.id]
    summary = {"id": event_type.id, "lengthInMinutes": event_type.length, "title": event_type.title}
    return ok(summary | {"slug": event_type.slug})


def _owned(call: Call) -> EventType:
    event_type_id = call.int_param("eventTypeId")
    event_type = call.store.event_types.get(event_type_id)
    if event_type is None:
        raise not_found(f"Event type with id={event_type_id} not found")
    call.owned_by_caller(event_type.owner_id, f"Event type with id={event_type_id}")
    return event_type


def _check_slug_free(store: Store, owner: User, slug: str) -> None:
    if any(e.owner_id == owner.id and e.slug == slug for e in store.event_types.values()):
        raise conflict(f"User already has an event type with slug '{slug}'")


def _apply(store: Store, owner: User, event_type: EventType, body: Json) -> None:
    _refuse_unemulated(body)
    if "scheduleId" in body:
        schedule = store.schedules.get(body["scheduleId"])
        if schedule is None:
            raise not_found(f"Schedule with id={body['scheduleId']} not found")
        if schedule.owner_id != owner.id:
            raise ApiError(403, f"Schedule with id={body['scheduleId']} does not belong to the event type's owner")
        event_type.schedule_id = schedule.id
    if "locations" in body:
        event_type.locations = [_location_input(loc) for loc in body["locations"]]
    if "bookingFields" in body:
        event_type.booking_fields = [_field_input(f) for f in body["bookingFields"]]
    simple = {
        "title": "title",
        "slug": "slug",
        "lengthInMinutes": "length",
        "description": "description",
        "slotInterval": "slot_interval",
        "minimumBookingNotice": "minimum_notice",
        "beforeEventBuffer": "before_buffer",
        "afterEventBuffer": "after_buffer",
        "hidden": "hidden",
        "disableGuests": "disable_guests",
    }
    for key, attribute in simple.items():
        if key in body:
            setattr(event_type, attribute, int(body[key]) if isinstance(body[key], float) else body[key])
    if "lengthInMinutesOptions" in body:
        options = [int(v) for v in body["lengthInMinutesOptions"]]
        if options and event_type.length not in options:
            raise bad_request("lengthInMinutes must be one of lengthInMinutesOptions")
        event_type.length_options = options
    if "confirmationPolicy" in body:
        policy = body["confirmationPolicy"]
        event_type.requires_confirmation = not policy.get("disabled", False)
    for key in (*ECHOED, "confirmationPolicy", "lockTimeZoneToggleOnBookingPage", "bookingRequiresAuthentication"):
        if key in body:
            event_type.extras[key] = body[key]
    # Cal.com's public booking page for the event type (its web app, not this API).
    # A managed user has no public booking page: Cal.com sends "" (buildBookingUrl).
    event_type.extras["bookingUrl"] = (
        "" if owner.oauth_client_id else f"{BOOKING_SITE}/{owner.username}/{event_type.slug}"
    )


def _refuse_unemulated(body: Json) -> None:
    # Seated and recurring event types change what a booking is; FakeCal says so instead of faking it.
    for key, marker in (("seats", "seatsPerTimeSlot"), ("recurrence", "occurrences")):
        value = body.get(key)
        if isinstance(value, dict) and marker in value and not value.get("disabled"):
            raise bad_request(f"FakeCal does not emulate {key}-enabled event types; send {{'disabled': true}}")


def _location_input(location: Json) -> Json:
    kind = location.get("type")
    if not isinstance(kind, str) or kind not in LOCATION_KEYS:
        raise bad_request(f"locations: unknown location type {kind!r}")
    errors = validate(location, {"type": Str(required=True), **LOCATION_KEYS[kind]})
    if errors:
        raise ApiError(400, "Bad Request Exception", details={"errors": errors})
    return {key: location[key] for key in ("type", *LOCATION_KEYS[kind]) if key in location}


def _location_output(location: Json) -> Json:
    if location["type"] in ("address", "link", "phone", "integration"):
        return dict(location)
    return {"type": "unknown", "location": json.dumps(location, separators=(",", ":"))}


def _field_input(field: Json) -> Json:
    errors = validate(field, {"type": Str(), **FIELD_KEYS})
    if errors:
        raise ApiError(400, "Bad Request Exception", details={"errors": errors})
    kind = field.get("type")
    if kind in CUSTOM_FIELD_TYPES:
        if not isinstance(field.get("slug"), str) or not isinstance(field.get("label"), str):
            raise bad_request(f"bookingFields: a {kind} field needs a slug and a label")
        keys = [k for k in FIELD_KEYS if k != "options" or kind in WITH_OPTIONS]
        custom = {"type": kind, "isDefault": False, "required": False, "hidden": False}
        custom |= {k: field[k] for k in keys if k in field}
        if kind != "boolean" and kind not in ("multiselect", "checkbox", "radio"):
            custom.setdefault("placeholder", "")
        if kind in WITH_OPTIONS:
            custom.setdefault("options", [])
        return custom
    slug = kind if kind in ("name", "email") else field.get("slug")
    if slug not in [d["slug"] for d in DEFAULT_FIELDS]:
        raise bad_request(f"bookingFields: unknown booking field {field.get('type') or field.get('slug')!r}")
    return {"slug": slug, **{k: field[k] for k in FIELD_KEYS if k in field and k not in ("slug", "options")}}


def _fields_output(fields: list[Json]) -> list[Json]:
    defaults = {d["slug"]: {**d, "isDefault": True} for d in DEFAULT_FIELDS}
    custom: list[Json] = []
    for field in fields:
        if field.get("isDefault") is False:
            custom.append(dict(field))
        else:
            defaults[field["slug"]].update({k: v for k, v in field.items() if k != "slug"})
    return [*defaults.values(), *custom]
