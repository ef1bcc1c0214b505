# ruff: noqa: E501, E731, RUF005
# (payload data: long literal lines read better whole)
"""Builds tests/corpus/payloads/*.json and manifest.json from facts read in Cal.com's server code
(Tguntenaar/cal.com at 52a5afe, a 2025-10-01 fork of calcom/cal.com); each case names its upstream files.

    python tests/corpus/build_corpus.py
"""

import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent
REPO = "Tguntenaar/cal.com"
COMMIT = "52a5afeba506a40574f7f0efb2851ee017dae803"
BK = "packages/platform/types/bookings/2024-08-13/outputs/booking.output.ts"
OS = "apps/api/v2/src/ee/bookings/2024-08-13/services/output.service.ts"
ET = "apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api"
cases = []


def case(name, area, upstream, status, body, call=None, namespace=None, webhook=None, error=None):
    doc = {"area": area, "status": status, "body": body}
    if call:
        doc["call"] = call
    if namespace:
        doc["namespace"] = namespace
    if webhook:
        doc["webhook"] = webhook
    if error:
        doc["error"] = error
    (OUT / "payloads" / f"{name}.json").write_text(json.dumps(doc, indent=1) + "\n")
    cases.append(
        {
            "file": f"payloads/{name}.json",
            "area": area,
            "upstream": [{"repository": REPO, "file": f, "commit": COMMIT} for f in upstream],
        }
    )


host = {"id": 1187, "name": "Ada Lovelace", "email": "ada@example.com", "username": "ada", "timeZone": "Europe/London"}
att = {
    "name": "Grace Hopper",
    "email": "grace@example.org",
    "timeZone": "America/New_York",
    "language": "en",
    "absent": False,
}
booking = {
    "id": 4812337,
    "uid": "kT9x2mQpLr7vWb3nYc8dEf",
    "title": "30 min between Ada Lovelace and Grace Hopper",
    "description": None,
    "hosts": [host],
    "status": "accepted",
    "start": "2030-10-01T08:00:00.000Z",
    "end": "2030-10-01T08:30:00.000Z",
    "duration": 30,
    "eventTypeId": 90211,
    "eventType": {"id": 90211, "slug": "30min"},
    "meetingUrl": "https://app.cal.com/video/kT9x2mQpLr7vWb3nYc8dEf",
    "location": "https://app.cal.com/video/kT9x2mQpLr7vWb3nYc8dEf",
    "absentHost": False,
    "createdAt": "2030-09-28T14:12:45.382Z",
    "updatedAt": None,
    "metadata": {},
    "icsUid": "kT9x2mQpLr7vWb3nYc8dEf@Cal.com",
    "attendees": [dict(att, phoneNumber="+14155550123"), dict(att, name="Linus", email="linus@example.net")],
    "guests": ["linus@example.net"],
    "bookingFieldsResponses": {"name": "Grace Hopper", "email": "grace@example.org", "guests": ["linus@example.net"]},
}


def env(data, **extra):
    return {"status": "success", "data": data, **extra}


get_b = lambda uid: {"module": "cal_client.api.bookings.get_booking", "kwargs": {"booking_uid": uid}}
case(
    "booking_single",
    "bookings",
    [BK, OS],
    200,
    env(booking),
    get_b(booking["uid"]),
    {"method": "bookings.get", "args": [booking["uid"]]},
)
deleted = dict(
    booking,
    uid="dEl3t3dEvTyP3xxxxxxxxx",
    eventType=None,
    eventTypeId=None,
    location=None,
    attendees=[dict(att)],
    guests=None,
)
deleted.pop("guests")
case(
    "booking_deleted_event_type",
    "bookings",
    [BK, OS],
    200,
    env(deleted),
    get_b(deleted["uid"]),
    {"method": "bookings.get", "args": [deleted["uid"]]},
)
instant = dict(
    booking,
    uid="inStAnTaWaItInGhOsT123",
    status="awaiting_host",
    hosts=[],
    location="https://app.cal.com/video/inStAnTaWaItInGhOsT123",
)
case(
    "booking_instant_awaiting_host",
    "bookings",
    [BK, OS, "packages/prisma/schema.prisma"],
    200,
    env(instant),
    get_b(instant["uid"]),
)
cancelled = dict(
    booking,
    uid="cAnCeLlEdBoOkInG123456",
    status="cancelled",
    cancellationReason="Conflict",
    cancelledByEmail="ada@example.com",
)
case("booking_cancelled", "bookings", [BK, OS], 200, env(cancelled), get_b(cancelled["uid"]))
old = dict(
    booking,
    uid="oLdRеsch".encode("ascii", "ignore").decode() + "eduLeD12345678",
    status="cancelled",
    rescheduled=True,
    rescheduledToUid="nEwReScHeDuLeD12345678",
    rescheduledByEmail="grace@example.org",
    reschedulingReason="clash",
)
new = dict(
    booking,
    uid="nEwReScHeDuLeD12345678",
    rescheduledFromUid=old["uid"],
    start="2030-10-02T08:00:00.000Z",
    end="2030-10-02T08:30:00.000Z",
)
case("booking_rescheduled_from", "bookings", [BK, OS], 200, env(new), get_b(new["uid"]))
case("booking_rescheduled_original", "bookings", [BK, OS], 200, env(old), get_b(old["uid"]))
rec = [
    dict(
        booking,
        id=500 + i,
        uid=f"rEcUrRiNg0000000000{i:03d}",
        recurringBookingUid="0f4a0c1e-8d7b-4b1a-9d55-2b0c7a9d1e11",
        start=f"2030-10-{1 + 7 * i:02d}T08:00:00.000Z",
        end=f"2030-10-{1 + 7 * i:02d}T08:30:00.000Z",
    )
    for i in range(3)
]
case("booking_recurring_series", "bookings", [BK, OS], 200, env(rec), get_b(rec[0]["recurringBookingUid"]))
seat_att = {
    "name": "Grace Hopper",
    "email": "grace@example.org",
    "timeZone": "America/New_York",
    "language": "en",
    "absent": False,
    "seatUid": "3be561a9-31f1-4b8e-aefc-9d9a085f0dd1",
    "bookingFieldsResponses": {"name": "Grace Hopper", "email": "grace@example.org"},
    "metadata": {},
}
seated = {k: v for k, v in booking.items() if k not in ("attendees", "guests", "bookingFieldsResponses")}
seated.update(uid="sEaTeDbOoKiNg123456789", attendees=[seat_att])
case(
    "booking_seated",
    "bookings",
    [BK, OS, "packages/platform/types/bookings/2024-08-13/outputs/seated-booking.output.ts"],
    200,
    env(seated),
    get_b(seated["uid"]),
)
rec_seated = [
    dict(seated, uid=f"rEcSeAtEd0000000000{i:03d}", recurringBookingUid="7c4f7b9e-2a36-4b8b-9a37-0b0ad3f3c111")
    for i in range(2)
]
case(
    "booking_recurring_seated", "bookings", [BK, OS], 200, env(rec_seated), get_b(rec_seated[0]["recurringBookingUid"])
)
case(
    "bookings_list_mixed",
    "bookings",
    [BK, OS, "apps/api/v2/src/ee/bookings/2024-08-13/controllers/bookings.controller.ts"],
    200,
    env(
        [booking, deleted, instant, cancelled, rec[0], seated],
        pagination={
            "totalItems": 6,
            "remainingItems": 0,
            "returnedItems": 6,
            "itemsPerPage": 100,
            "currentPage": 1,
            "totalPages": 1,
            "hasNextPage": False,
            "hasPreviousPage": False,
        },
    ),
    {"module": "cal_client.api.bookings.get_bookings", "kwargs": {}},
)
case(
    "booking_create_single",
    "bookings",
    [BK, OS],
    201,
    env(booking),
    {
        "module": "cal_client.api.bookings.create_booking",
        "body": {
            "start": "2030-10-01T08:00:00Z",
            "eventTypeId": 90211,
            "attendee": {"name": "Grace Hopper", "email": "grace@example.org", "timeZone": "America/New_York"},
        },
    },
)
case(
    "booking_create_recurring",
    "bookings",
    [BK, OS],
    201,
    env(rec),
    {
        "module": "cal_client.api.bookings.create_booking",
        "body": {
            "start": "2030-10-01T08:00:00Z",
            "eventTypeId": 90212,
            "recurrenceCount": 3,
            "attendee": {"name": "Grace Hopper", "email": "grace@example.org", "timeZone": "America/New_York"},
        },
    },
)
case(
    "booking_create_seated",
    "bookings",
    [BK, OS],
    201,
    env(dict(seated, seatUid=seat_att["seatUid"])),
    {
        "module": "cal_client.api.bookings.create_booking",
        "body": {
            "start": "2030-10-01T08:00:00Z",
            "eventTypeId": 90213,
            "attendee": {"name": "Grace Hopper", "email": "grace@example.org", "timeZone": "America/New_York"},
        },
    },
)

# Event types: transformers internal-to-api
default_fields = [  # booking-fields.ts: label/placeholder only when customised (undefined is dropped)
    {"isDefault": True, "type": "name", "slug": "name", "required": True, "disableOnPrefill": False},
    {"isDefault": True, "type": "email", "slug": "email", "required": True, "disableOnPrefill": False, "hidden": False},
    {"isDefault": True, "type": "radioInput", "slug": "location", "required": False, "hidden": False},
    {"isDefault": True, "type": "text", "slug": "title", "required": True, "disableOnPrefill": False, "hidden": True},
    {
        "isDefault": True,
        "type": "textarea",
        "slug": "notes",
        "required": False,
        "disableOnPrefill": False,
        "hidden": False,
    },
    {
        "isDefault": True,
        "type": "multiemail",
        "slug": "guests",
        "required": False,
        "disableOnPrefill": False,
        "hidden": False,
    },
    {
        "isDefault": True,
        "type": "textarea",
        "slug": "rescheduleReason",
        "required": False,
        "disableOnPrefill": False,
        "hidden": False,
    },
]
locations = [
    {"type": "address", "address": "1 Infinite Loop", "public": True},
    {"type": "link", "link": "https://meet.example.com/ada", "public": False},
    {"type": "integration", "integration": "cal-video"},
    {"type": "phone", "phone": "+14155550123", "public": True},
    {"type": "unknown", "location": '{"type":"somewhere-new"}'},
]
et = {
    "id": 90211,
    "ownerId": 1187,
    "lengthInMinutes": 30,
    "title": "30 min",
    "slug": "30min",
    "description": "",
    "locations": locations,
    "bookingFields": default_fields,
    "disableGuests": False,
    "slotInterval": None,
    "minimumBookingNotice": 120,
    "beforeEventBuffer": 0,
    "afterEventBuffer": 0,
    "recurrence": None,
    "metadata": {},
    "price": 0,
    "currency": "usd",
    "lockTimeZoneToggleOnBookingPage": False,
    "seatsPerTimeSlot": None,
    "forwardParamsSuccessRedirect": True,
    "successRedirectUrl": None,
    "isInstantEvent": False,
    "seatsShowAvailabilityCount": None,
    "scheduleId": None,
    "bookingLimitsCount": {"disabled": True},
    "bookingLimitsDuration": {"disabled": True},
    "bookingWindow": {"type": "calendarDays", "value": 30, "rolling": True},
    "bookerLayouts": {"enabledLayouts": ["month", "week", "column"], "defaultLayout": "month"},
    "confirmationPolicy": {"disabled": True},
    "requiresBookerEmailVerification": False,
    "hideCalendarNotes": False,
    "color": {"lightThemeHex": "#292929", "darkThemeHex": "#fafafa"},
    "seats": {"disabled": True},
    "offsetStart": 0,
    "customName": "",
    "destinationCalendar": None,
    "useDestinationCalendarEmail": False,
    "hideCalendarEventDetails": False,
    "hideOrganizerEmail": False,
    "calVideoSettings": None,
    "hidden": False,
    "bookingRequiresAuthentication": False,
    "users": [
        {
            "id": 1187,
            "name": "Ada Lovelace",
            "username": "ada",
            "avatarUrl": None,
            "weekStart": "Monday",
            "brandColor": None,
            "darkBrandColor": None,
            "metadata": {},
        }
    ],
}
etf = [
    f"{ET}/{n}.ts"
    for n in (
        "seats",
        "booking-fields",
        "locations",
        "future-booking-limits",
        "requires-confirmation",
        "interval-limits",
    )
] + ["apps/api/v2/src/ee/event-types/event-types_2024_06_14/services/output-event-types.service.ts"]
case(
    "event_type_personal_seats_off",
    "event_types",
    etf,
    200,
    env(et),
    {"module": "cal_client.api.event_types.get_event_type_by_id", "kwargs": {"event_type_id": 90211}},
    {"method": "event_types.get", "args": [90211]},
)
et_seats = dict(
    et,
    id=90213,
    slug="group",
    seats={"seatsPerTimeSlot": 4, "showAttendeeInfo": False, "showAvailabilityCount": True},
    seatsPerTimeSlot=4,
    bookingWindow={"type": "range", "value": ["2030-10-01", "2030-12-31"]},
    confirmationPolicy={"type": "always", "blockUnconfirmedBookingsInBooker": True},
    recurrence=None,
    bookingFields=default_fields
    + [
        {
            "isDefault": False,
            "type": "select",
            "slug": "topic",
            "label": "Topic",
            "required": True,
            "options": ["A", "B"],
            "hidden": False,
            "placeholder": "",
        }
    ],
)
case(
    "event_type_personal_seats_on",
    "event_types",
    etf,
    200,
    env(et_seats),
    {"module": "cal_client.api.event_types.get_event_type_by_id", "kwargs": {"event_type_id": 90213}},
)
et_rec = dict(
    et,
    id=90212,
    slug="weekly",
    recurrence={"interval": 1, "occurrences": 3, "frequency": "weekly"},
    bookingWindow={"type": "businessDays", "value": 10, "rolling": False},
)
case(
    "event_types_list",
    "event_types",
    etf,
    200,
    env([et, et_seats, et_rec, dict(et, id=90214, slug="open", bookingWindow={"disabled": True})]),
    {"module": "cal_client.api.event_types.get_event_types", "kwargs": {}},
    {"method": "event_types.list", "kwargs": {}},
)
case(
    "event_type_create",
    "event_types",
    etf,
    201,
    env(et),
    {
        "module": "cal_client.api.event_types.create_event_type",
        "body": {"lengthInMinutes": 30, "title": "30 min", "slug": "30min"},
    },
)

# Slots
SL = "apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots-output.service.ts"
slots_time = env(
    {
        "2030-10-01": [{"start": "2030-10-01T09:00:00.000+02:00"}, {"start": "2030-10-01T09:30:00.000+02:00"}],
        "2030-10-02": [{"start": "2030-10-02T09:00:00.000+02:00"}],
    }
)
case(
    "slots_time",
    "slots",
    [SL],
    200,
    slots_time,
    {
        "module": "cal_client.api.slots.get_available_slots",
        "kwargs": {"start": "2030-10-01", "end": "2030-10-02", "event_type_id": 90211, "time_zone": "Europe/Paris"},
    },
)
slots_range = env(
    {
        "2030-10-01": [
            {
                "start": "2030-10-01T07:00:00.000Z",
                "end": "2030-10-01T07:30:00.000Z",
                "seatsBooked": 1,
                "seatsRemaining": 3,
                "seatsTotal": 4,
                "bookingUid": "sEaTeDbOoKiNg123456789",
            }
        ]
    }
)
case(
    "slots_range_seated",
    "slots",
    [SL],
    200,
    slots_range,
    {
        "module": "cal_client.api.slots.get_available_slots",
        "kwargs": {"start": "2030-10-01", "end": "2030-10-02", "event_type_id": 90213, "format_": "range"},
    },
)
res = {
    "eventTypeId": 90211,
    "slotStart": "2030-10-01T07:00:00.000Z",
    "slotEnd": "2030-10-01T07:30:00.000Z",
    "slotDuration": 30,
    "reservationUid": "e84be5a3-4696-49e3-acc7-b2f3999c3b94",
    "reservationDuration": 5,
    "reservationUntil": "2030-09-30T10:05:00.000Z",
}
RS = "packages/platform/types/slots/slots-2024-09-04/outputs/reserve-slot.output.ts"
case(
    "slot_reservation_create",
    "slots",
    [RS],
    201,
    env(res),
    {
        "module": "cal_client.api.slots.reserve_slot",
        "body": {"eventTypeId": 90211, "slotStart": "2030-10-01T07:00:00Z"},
    },
)
case(
    "slot_reservation_get",
    "slots",
    [RS],
    200,
    env({k: v for k, v in res.items() if k != "reservationDuration"}),
    {"module": "cal_client.api.slots.get_reserved_slot", "kwargs": {"uid": res["reservationUid"]}},
)
# Schedules
SC = "packages/platform/types/schedules/schedules-2024-06-11/outputs/schedule.output.ts"
sched = {
    "id": 2045,
    "ownerId": 1187,
    "name": "Working hours",
    "timeZone": "Europe/London",
    "availability": [
        {"days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "startTime": "09:00", "endTime": "17:00"}
    ],
    "isDefault": True,
    "overrides": [{"date": "2030-12-24", "startTime": "10:00", "endTime": "12:00"}],
}
case(
    "schedule_get",
    "schedules",
    [SC],
    200,
    env(sched),
    {"module": "cal_client.api.schedules.get_schedule", "kwargs": {"schedule_id": 2045}},
    {"method": "schedules.get", "args": [2045]},
)
case(
    "schedule_default_none",
    "schedules",
    [SC, "apps/api/v2/src/ee/schedules/schedules_2024_06_11/controllers/schedules.controller.ts"],
    200,
    env(None),
    {"module": "cal_client.api.schedules.get_default_schedule", "kwargs": {}},
)
case(
    "schedules_list",
    "schedules",
    [SC],
    200,
    env([sched, dict(sched, id=2046, isDefault=False, overrides=[])]),
    {"module": "cal_client.api.schedules.get_schedules", "kwargs": {}},
)
# Me
ME = "apps/api/v2/src/ee/me/outputs/me.output.ts"
me = {
    "id": 1187,
    "username": "ada",
    "email": "ada@example.com",
    "name": "Ada Lovelace",
    "bio": None,
    "avatarUrl": None,
    "timeFormat": 24,
    "defaultScheduleId": 2045,
    "weekStart": "Monday",
    "timeZone": "Europe/London",
    "organizationId": None,
    "organization": None,
}
case("me", "me", [ME], 200, env(me), {"module": "cal_client.api.me.get_me", "kwargs": {}}, {"method": "me.get"})
# Webhooks
WH = "apps/api/v2/src/modules/webhooks/outputs/user-webhook.output.ts"
wh = {
    "id": "2f4c9a1e-3b6d-4e7f-8a9b-0c1d2e3f4a5b",
    "userId": 1187,
    "payloadTemplate": None,
    "triggers": ["BOOKING_CREATED", "BOOKING_CANCELLED"],
    "subscriberUrl": "https://hooks.example.com/cal",
    "active": True,
    "secret": "whsec",
}
case(
    "webhooks_list",
    "webhooks",
    [WH, "apps/api/v2/src/modules/webhooks/pipes/WebhookOutputPipe.ts"],
    200,
    env([wh]),
    {"module": "cal_client.api.webhooks.get_webhooks", "kwargs": {}},
)
case(
    "webhook_get",
    "webhooks",
    [WH],
    200,
    env(wh),
    {"module": "cal_client.api.webhooks.get_webhook", "kwargs": {"webhook_id": wh["id"]}},
)
# Calendars
CB = "apps/api/v2/src/ee/calendars/outputs/busy-times.output.ts"
busy = env(
    [
        {"start": "2030-10-01T09:00:00.000Z", "end": "2030-10-01T10:00:00.000Z", "source": None},
        {"start": "2030-10-01T13:00:00.000Z", "end": "2030-10-01T13:30:00.000Z"},
    ]
)
case(
    "busy_times",
    "calendars",
    [CB],
    200,
    busy,
    {
        "module": "cal_client.api.calendars.get_busy_times",
        "kwargs": {
            "logged_in_users_tz": "Europe/London",
            "date_from": "2030-10-01",
            "date_to": "2030-10-02",
            "credential_id": 5,
            "external_id": "ada@example.com",
        },
    },
)
# Managed users
MU = "apps/api/v2/src/modules/oauth-clients/controllers/oauth-client-users/outputs/create-managed-user.output.ts"
mu = {
    "id": 3001,
    "email": "ada+clxyz@managed.cal.com",
    "username": "ada-clxyz",
    "name": "Ada",
    "timeZone": "Europe/London",
    "weekStart": "Monday",
    "createdDate": "2030-09-01T10:00:00.000Z",
    "timeFormat": 24,
    "defaultScheduleId": 2050,
    "locale": "en",
    "avatarUrl": None,
    "bio": None,
    "metadata": {},
}
tokens = {
    "user": mu,
    "accessToken": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
    "refreshToken": "eyJhbGciOiJIUzI1NiJ9.e30.ref",
    "accessTokenExpiresAt": 1917950400000,
    "refreshTokenExpiresAt": 1949486400000,
}
case(
    "managed_user_create",
    "managed_users",
    [MU],
    201,
    env(tokens),
    {
        "module": "cal_client.api.platform_managed_users.create_user",
        "kwargs": {"client_id": "clxyz"},
        "body": {"email": "ada@example.com", "name": "Ada", "timeZone": "Europe/London"},
    },
)
case(
    "managed_users_list",
    "managed_users",
    [MU],
    200,
    env([mu]),
    {"module": "cal_client.api.platform_managed_users.get_managed_users", "kwargs": {"client_id": "clxyz"}},
)
# Errors (apps/api/v2/src/filters/*.ts)
FI = "apps/api/v2/src/filters/http-exception.filter.ts"


def err(code, message, details=None, status=400, path="/v2/bookings"):
    e = {"code": code, "message": message}
    if details is not None:
        e["details"] = details
    return {"status": "error", "timestamp": "2030-10-01T08:00:00.000Z", "path": path, "error": e}


case(
    "error_validation",
    "errors",
    [FI, "apps/api/v2/src/app.ts"],
    400,
    err(
        "BadRequestException",
        "Bad Request Exception",
        {
            "message": "Bad Request Exception",
            "error": "Bad Request",
            "statusCode": 400,
            "errors": [
                {
                    "property": "name",
                    "constraints": {"isString": "name must be a string"},
                    "children": [],
                    "value": 5,
                    "target": {"name": 5},
                }
            ],
        },
    ),
    {"module": "cal_client.api.schedules.get_schedules", "kwargs": {}},
    error="BadRequestError",
)
case(
    "error_not_found",
    "errors",
    [FI],
    404,
    err(
        "NotFoundException",
        "Booking with uid=x not found",
        {"message": "Booking with uid=x not found", "error": "Not Found", "statusCode": 404},
        404,
    ),
    get_b("xxxxxxxxxxxxxxxxxxxxxx"),
    error="NotFoundError",
)
case(
    "error_zod",
    "errors",
    ["apps/api/v2/src/filters/zod-exception.filter.ts"],
    400,
    err("BAD_REQUEST", "Invalid input: start: Required"),
    {"module": "cal_client.api.schedules.get_schedules", "kwargs": {}},
    error="BadRequestError",
)
case(
    "error_token_expired",
    "errors",
    [FI],
    498,
    err("TokenExpiredException", "ManagedUser access token has expired", None, 498, "/v2/me"),
    {"module": "cal_client.api.me.get_me", "kwargs": {}},
    error="TokenExpiredError",
)
case(
    "error_conflict_prisma",
    "errors",
    ["apps/api/v2/src/filters/prisma-exception.filter.ts"],
    409,
    err("CONFLICT", "There was an error while processing your request.", None, 409),
    {"module": "cal_client.api.schedules.get_schedules", "kwargs": {}},
    error="ConflictError",
)
case(
    "error_nest_default",
    "errors",
    ["apps/api/v2/src/app.module.ts"],
    500,
    {"statusCode": 500, "message": "Internal server error"},
    {"module": "cal_client.api.me.get_me", "kwargs": {}},
    error="InternalServerError",
)
case(
    "error_slot_taken",
    "errors",
    ["apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots.service.ts"],
    422,
    err(
        "UnprocessableEntityException",
        "This time slot is already reserved.",
        {"message": "This time slot is already reserved.", "error": "Unprocessable Entity", "statusCode": 422},
        422,
        "/v2/slots/reservations",
    ),
    {
        "module": "cal_client.api.slots.reserve_slot",
        "body": {"eventTypeId": 90211, "slotStart": "2030-10-01T07:00:00Z"},
    },
    error="UnprocessableEntityError",
)
# Webhook deliveries (packages/features/webhooks/lib/sendPayload.ts)
WHS = ["packages/features/webhooks/lib/sendPayload.ts"]
created = {
    "triggerEvent": "BOOKING_CREATED",
    "createdAt": "2030-09-28T14:12:45.382Z",
    "payload": {
        "type": "30min",
        "title": booking["title"],
        "description": "",
        "startTime": "2030-10-01T08:00:00Z",
        "endTime": "2030-10-01T08:30:00Z",
        "organizer": {
            "id": 1187,
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "username": "ada",
            "timeZone": "Europe/London",
            "language": {"locale": "en"},
            "timeFormat": "h:mma",
            "utcOffset": 60,
        },
        "attendees": [
            {
                "name": "Grace Hopper",
                "email": "grace@example.org",
                "timeZone": "America/New_York",
                "language": {"locale": "en"},
                "utcOffset": -240,
            }
        ],
        "responses": {
            "name": {"label": "your_name", "value": "Grace Hopper"},
            "email": {"label": "email_address", "value": "grace@example.org"},
        },
        "userFieldsResponses": {},
        "location": "integrations:daily",
        "uid": booking["uid"],
        "bookingId": 4812337,
        "eventTypeId": 90211,
        "status": "ACCEPTED",
        "metadata": {"videoCallUrl": "https://app.cal.com/video/x"},
        "price": 0,
        "currency": "usd",
        "length": 30,
    },
}
case(
    "webhook_booking_created",
    "webhook_deliveries",
    WHS,
    200,
    created,
    webhook={"secret": "whsec_corpus", "trigger": "BOOKING_CREATED"},
)
ended = {
    "triggerEvent": "MEETING_ENDED",
    "id": 4812337,
    "uid": booking["uid"],
    "title": booking["title"],
    "startTime": "2030-10-01T08:00:00.000Z",
    "endTime": "2030-10-01T08:30:00.000Z",
    "eventTypeId": 90211,
    "userId": 1187,
    "status": "ACCEPTED",
}
case(
    "webhook_meeting_ended_flat",
    "webhook_deliveries",
    WHS + ["packages/features/webhooks/lib/scheduleTrigger.ts"],
    200,
    ended,
    webhook={"secret": "whsec_corpus", "trigger": "MEETING_ENDED"},
)
noshow = {
    "triggerEvent": "BOOKING_NO_SHOW_UPDATED",
    "createdAt": "2030-10-01T09:00:00.000Z",
    "payload": {
        "message": "x marked as no-show",
        "bookingUid": booking["uid"],
        "bookingId": 4812337,
        "attendees": [{"email": "grace@example.org", "noShow": True}],
    },
}
case(
    "webhook_no_show_unsigned",
    "webhook_deliveries",
    WHS,
    200,
    noshow,
    webhook={"secret": None, "trigger": "BOOKING_NO_SHOW_UPDATED"},
)
(OUT / "manifest.json").write_text(
    json.dumps(
        {
            "$comment": "Real Cal.com payloads assembled from Cal.com's server code (output services, transformers, e2e tests, filters). Each case names the upstream files it was built from.",
            "cases": cases,
        },
        indent=1,
    )
    + "\n"
)
print(len(cases))
