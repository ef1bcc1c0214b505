# ruff: noqa: E501, E731, RUF005
# (payload data: long literal lines read better whole)
"""Builds tests/corpus/payloads/*.json and manifest.json from facts read in Cal.com's server code as
it stood at the locked spec (2026-03): the stored versions of calcom/cal.com's files, and, for the
few files whose stored calcom/cal.com version predates that spec, the same file in
mahenoorsalat/cal.diy (a 2026 copy of Cal.com's code: its booking and event-type output services
send displayEmail and bookingUrl, as the locked spec requires). Each case names its upstream
repository, file and commit; nothing here is copied, the dicts are written from those facts.

    python tests/corpus/build_corpus.py
"""

import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent
CAL = "calcom/cal.com"
DIY = ("mahenoorsalat/cal.diy", "5881015ec2995209a5c3784c7ba534446fae3e71")
FORK = ("Tguntenaar/cal.com", "52a5afeba506a40574f7f0efb2851ee017dae803")  # 2025-10-01 snapshot


def src(file, commit, repo=CAL):
    return {"repository": repo, "file": file, "commit": commit}


BK = src(
    "packages/platform/types/bookings/2024-08-13/outputs/booking.output.ts", "1adf94bde079e5e2efc21b8557470da4eed026f9"
)
OS = src("apps/api/v2/src/ee/bookings/2024-08-13/services/output.service.ts", DIY[1], DIY[0])
ET = "apps/api/v2/src/ee/event-types/event-types_2024_06_14/transformers/internal-to-api"
ETS = src(
    "apps/api/v2/src/ee/event-types/event-types_2024_06_14/services/output-event-types.service.ts", DIY[1], DIY[0]
)
ET_LOCATIONS = src(f"{ET}/locations.ts", "5b6d63e6300b8d930530b1b876d556a12fcfbd96")
ET_WINDOW = src(f"{ET}/future-booking-limits.ts", "eb25663d3b2950203a20f9c5a49128f6557b73eb")
ET_SEATS = src(f"{ET}/seats.ts", "66aca360752205d03cf4c341e3849255fb3aafee")
ET_FIELDS = src(f"{ET}/booking-fields.ts", "4d94096d2ba7558f720fbb7a3386dd0665941239")
TEAM_ET = src(
    "apps/api/v2/src/modules/organizations/event-types/services/output.service.ts",
    "069f6f1130ec4d641cbb907f7e83ee9510da6ec3",
)
cases = []


def case(name, area, upstream, status, body, call=None, namespace=None, webhook=None, error=None, expect=None):
    doc = {"area": area, "status": status, "body": body}
    if call:
        doc["call"] = call
    if namespace:
        doc["namespace"] = namespace
    if webhook:
        doc["webhook"] = webhook
    if error:
        doc["error"] = error
    if expect:
        doc["expect"] = expect
    (OUT / "payloads" / f"{name}.json").write_text(json.dumps(doc, indent=1) + "\n")
    cases.append(
        {
            "file": f"payloads/{name}.json",
            "area": area,
            "upstream": [f if isinstance(f, dict) else src(f, FORK[1], FORK[0]) for f in upstream],
        }
    )


# Bookings: output.service.ts builds every booking; hosts is always [getHost(user)], and each email has
# a displayEmail (the address without a managed user's "+<25-character OAuth client id>" tag).
INSTANT = src("packages/features/instant-meeting/handleInstantMeeting.ts", "fa27c5b8c6a3f938a92364315ae4b69344f40dc1")
CLIENT_ID = "cm1x2y3z4a5b6c7d8e9f0g1h2"  # an OAuth client id: a 25-character cuid


def display(email):
    return email.replace(f"+{CLIENT_ID}", "")


host = {
    "id": 1187,
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "displayEmail": "ada@example.com",
    "username": "ada",
    "timeZone": "Europe/London",
}
att = {
    "name": "Grace Hopper",
    "email": "grace@example.org",
    "displayEmail": "grace@example.org",
    "timeZone": "America/New_York",
    "language": "en",
    "absent": False,
}
booking = {
    "id": 4812337,
    "uid": "kT9x2mQpLr7vWb3nYc8dEf",
    "title": "30 min between Ada Lovelace and Grace Hopper",
    "description": "",
    "hosts": [host],
    "status": "accepted",
    "cancellationReason": "",
    "cancelledByEmail": "",
    "start": "2030-10-01T08:00:00.000Z",
    "end": "2030-10-01T08:30:00.000Z",
    "duration": 30,
    "eventType": {"id": 90211, "slug": "30min"},
    "eventTypeId": 90211,
    "attendees": [
        dict(att, phoneNumber="+14155550123"),
        dict(att, name="Linus", email="linus@example.net", displayEmail="linus@example.net"),
    ],
    "guests": ["linus@example.net"],
    "location": "https://app.cal.com/video/kT9x2mQpLr7vWb3nYc8dEf",
    "meetingUrl": "https://app.cal.com/video/kT9x2mQpLr7vWb3nYc8dEf",
    "absentHost": False,
    "createdAt": "2030-09-28T14:12:45.382Z",
    "updatedAt": None,
    "rating": None,
    "icsUid": "kT9x2mQpLr7vWb3nYc8dEf@Cal.com",
    "rescheduledByEmail": None,
    "bookingFieldsResponses": {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "guests": ["linus@example.net"],
        "displayEmail": "grace@example.org",
        "displayGuests": ["linus@example.net"],
    },
    "metadata": {},
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
# A booking with no attendee phone, no guests and no description: the optional keys are absent.
plain = {k: v for k, v in booking.items() if k != "guests"}
plain.update(
    uid="pLaInBoOkInG0000000001",
    description=None,
    attendees=[dict(att)],
    bookingFieldsResponses={"name": "Grace Hopper", "email": "grace@example.org", "displayEmail": "grace@example.org"},
    metadata={"crmId": "42"},
)
case("booking_without_optional_fields", "bookings", [BK, OS], 200, env(plain), get_b(plain["uid"]))
# The event type was deleted: the relation and its id are null; an in-person booking has no meeting URL.
deleted = dict(plain, uid="dEl3t3dEvTyP3xxxxxxxxx", eventType=None, eventTypeId=None, location=None, meetingUrl=None)
case(
    "booking_deleted_event_type",
    "bookings",
    [BK, OS],
    200,
    env(deleted),
    get_b(deleted["uid"]),
    {"method": "bookings.get", "args": [deleted["uid"]]},
)
# An instant meeting waiting for a host has no user: getHost(null) answers the "unknown" host,
# whose id is a string and which has no timeZone.
unknown_host = {
    "id": "unknown",
    "name": "unknown",
    "email": "unknown",
    "displayEmail": "unknown",
    "username": "unknown",
}
instant = dict(
    plain,
    uid="inStAnTaWaItInGhOsT123",
    status="awaiting_host",
    hosts=[unknown_host],
    location="https://app.cal.com/video/inStAnTaWaItInGhOsT123",
    meetingUrl="https://app.cal.com/video/inStAnTaWaItInGhOsT123",
)
case(
    "booking_instant_awaiting_host",
    "bookings",
    [BK, OS, INSTANT],
    200,
    env(instant),
    get_b(instant["uid"]),
    {"method": "bookings.get", "args": [instant["uid"]]},
)
# A managed user (platform) hosts and attends: displayEmail drops the OAuth client tag.
managed_email = f"ada+{CLIENT_ID}@example.com"
managed_att = f"grace+{CLIENT_ID}@example.org"
managed = dict(
    plain,
    uid="mAnAgEdUsErHoSt0000001",
    hosts=[dict(host, email=managed_email, displayEmail=display(managed_email), username=f"ada-{CLIENT_ID}")],
    attendees=[dict(att, email=managed_att, displayEmail=display(managed_att))],
    bookingFieldsResponses={"name": "Grace Hopper", "email": managed_att, "displayEmail": display(managed_att)},
)
case("booking_managed_user_host", "bookings", [BK, OS], 200, env(managed), get_b(managed["uid"]))
cancelled = dict(
    booking,
    uid="cAnCeLlEdBoOkInG123456",
    status="cancelled",
    cancellationReason="Conflict",
    cancelledByEmail="ada@example.com",
    updatedAt="2030-09-29T09:00:00.000Z",
)
case("booking_cancelled", "bookings", [BK, OS], 200, env(cancelled), get_b(cancelled["uid"]))
old = dict(
    booking,
    uid="oLdRescheduLeD12345678",
    status="cancelled",
    rescheduledToUid="nEwReScHeDuLeD12345678",
    rescheduledByEmail="grace@example.org",
    updatedAt="2030-09-29T09:00:00.000Z",
)
new = dict(
    booking,
    uid="nEwReScHeDuLeD12345678",
    rescheduledFromUid=old["uid"],
    rescheduledByEmail="grace@example.org",
    start="2030-10-02T08:00:00.000Z",
    end="2030-10-02T08:30:00.000Z",
    bookingFieldsResponses=dict(booking["bookingFieldsResponses"], rescheduleReason="clash"),
)
case("booking_rescheduled_from", "bookings", [BK, OS], 200, env(new), get_b(new["uid"]))
case("booking_rescheduled_original", "bookings", [BK, OS], 200, env(old), get_b(old["uid"]))
rated = dict(plain, uid="rAtEdBoOkInG0000000001", rating=4, absentHost=True, attendees=[dict(att, absent=True)])
case("booking_rated_no_show", "bookings", [BK, OS], 200, env(rated), get_b(rated["uid"]))
# getOutputRecurringBooking: attendees without phoneNumber, no rescheduledTo/By keys.
recurring_base = {k: v for k, v in booking.items() if k not in ("rescheduledByEmail",)}
rec = [
    dict(
        recurring_base,
        id=500 + i,
        uid=f"rEcUrRiNg0000000000{i:03d}",
        attendees=[dict(att)],
        recurringBookingUid="0f4a0c1e-8d7b-4b1a-9d55-2b0c7a9d1e11",
        start=f"2030-10-{1 + 7 * i:02d}T08:00:00.000Z",
        end=f"2030-10-{1 + 7 * i:02d}T08:30:00.000Z",
    )
    for i in range(3)
]
case(
    "booking_recurring_series",
    "bookings",
    [BK, OS],
    200,
    env(rec),
    get_b(rec[0]["recurringBookingUid"]),
    {"method": "bookings.get_series", "args": [rec[0]["recurringBookingUid"]]},
)
# getOutputSeatedBooking: no booking-level responses or guests or cancelledByEmail; each seat's
# responses without the email (kept private).
seat_att = dict(
    att,
    seatUid="3be561a9-31f1-4b8e-aefc-9d9a085f0dd1",
    bookingFieldsResponses={"name": "Grace Hopper"},
    metadata={},
)
seated = {
    k: v for k, v in booking.items() if k not in ("attendees", "guests", "bookingFieldsResponses", "cancelledByEmail")
}
seated.update(
    uid="sEaTeDbOoKiNg123456789",
    attendees=[
        seat_att,
        dict(
            seat_att,
            name="Linus",
            email="linus@example.net",
            displayEmail="linus@example.net",
            seatUid="9a1d3f4e-1111-4c2b-8d7e-5f6a7b8c9d0e",
            bookingFieldsResponses={"name": "Linus", "company": "Kernel"},
            metadata={"ticket": "B-12"},
        ),
    ],
)
case(
    "booking_seated",
    "bookings",
    [BK, OS],
    200,
    env(seated),
    get_b(seated["uid"]),
)
# Seats whose attendees are hidden from the caller (seatsShowAttendees off, not an admin): attendees [].
case(
    "booking_seated_attendees_hidden",
    "bookings",
    [BK, OS],
    200,
    env(dict(seated, uid="sEaTeDhIdDeN0000000001", attendees=[])),
    get_b("sEaTeDhIdDeN0000000001"),
)
rec_seated_base = {k: v for k, v in seated.items() if k not in ("rescheduledByEmail",)}
rec_seated = [
    dict(
        rec_seated_base,
        id=700 + i,
        uid=f"rEcSeAtEd0000000000{i:03d}",
        attendees=[seat_att],
        recurringBookingUid="7c4f7b9e-2a36-4b8b-9a37-0b0ad3f3c111",
    )
    for i in range(2)
]
case(
    "booking_recurring_seated", "bookings", [BK, OS], 200, env(rec_seated), get_b(rec_seated[0]["recurringBookingUid"])
)
case(
    "bookings_list_mixed",
    "bookings",
    [BK, OS, src("apps/api/v2/src/ee/bookings/2024-08-13/controllers/bookings.controller.ts", FORK[1], FORK[0])],
    200,
    env(
        [booking, deleted, instant, cancelled, rec[0], seated, managed],
        pagination={
            "totalItems": 7,
            "remainingItems": 0,
            "returnedItems": 7,
            "itemsPerPage": 100,
            "currentPage": 1,
            "totalPages": 1,
            "hasNextPage": False,
            "hasPreviousPage": False,
        },
    ),
    {"module": "cal_client.api.bookings.get_bookings", "kwargs": {}},
    {"method": "bookings.list", "kwargs": {}},
)
create_body = {
    "start": "2030-10-01T08:00:00Z",
    "eventTypeId": 90211,
    "attendee": {"name": "Grace Hopper", "email": "grace@example.org", "timeZone": "America/New_York"},
}
case(
    "booking_create_single",
    "bookings",
    [BK, OS],
    201,
    env(booking),
    {"module": "cal_client.api.bookings.create_booking", "body": create_body},
)
case(
    "booking_create_recurring",
    "bookings",
    [BK, OS],
    201,
    env(rec),
    {
        "module": "cal_client.api.bookings.create_booking",
        "body": dict(create_body, eventTypeId=90212, recurrenceCount=3),
    },
)
case(
    "booking_create_seated",
    "bookings",
    [BK, OS],
    201,
    env(dict(seated, seatUid=seat_att["seatUid"], attendees=[seat_att])),
    {"module": "cal_client.api.bookings.create_booking", "body": dict(create_body, eventTypeId=90213)},
)
case(
    "booking_create_recurring_seated",
    "bookings",
    [BK, OS],
    201,
    env([dict(b, seatUid=seat_att["seatUid"]) for b in rec_seated]),
    {
        "module": "cal_client.api.bookings.create_booking",
        "body": dict(create_body, eventTypeId=90214, recurrenceCount=2),
    },
)

# Event types: output-event-types.service.ts and the transformers internal-to-api. A key the
# transformer leaves undefined (no color, no booker layouts, no limits, no custom name, no
# destination calendar) is absent from the JSON.
ET_INTERVAL = src(f"{ET}/interval-limits.ts", "e0337f81548c5516a6ccf6a472b999d8305966cf")
ET_CONFIRM = src(f"{ET}/requires-confirmation.ts", "5b6d63e6300b8d930530b1b876d556a12fcfbd96")
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
# locations.ts: every kind it writes (inPerson, link, userPhone, integration, attendeeInPerson,
# phone, somewhereElse, conferencing, and what it does not know).
locations = [
    {"type": "address", "address": "1 Infinite Loop", "public": True},
    {"type": "link", "link": "https://meet.example.com/ada", "public": False},
    {"type": "integration", "integration": "cal-video"},
    {"type": "integration", "integration": "zoom", "link": "https://zoom.us/j/123", "credentialId": 17},
    {"type": "phone", "phone": "+14155550123", "public": True},
    {"type": "attendeeAddress"},
    {"type": "attendeePhone"},
    {"type": "attendeeDefined"},
    {"type": "organizersDefaultApp"},
    {"type": "unknown", "location": '{"type":"somewhere-new"}'},
]
et_user = {
    "id": 1187,
    "name": "Ada Lovelace",
    "username": "ada",
    "avatarUrl": None,
    "brandColor": None,
    "darkBrandColor": None,
    "weekStart": "Monday",
    "metadata": {},
}
et_common = {  # what getResponseEventType sends for a fresh event type
    "lengthInMinutes": 30,
    "description": "",
    "locations": [{"type": "integration", "integration": "cal-video"}],
    "bookingFields": default_fields,
    "recurrence": None,
    "disableGuests": False,
    "slotInterval": None,
    "minimumBookingNotice": 120,
    "beforeEventBuffer": 0,
    "afterEventBuffer": 0,
    "metadata": {},
    "price": 0,
    "currency": "usd",
    "lockTimeZoneToggleOnBookingPage": False,
    "forwardParamsSuccessRedirect": True,
    "successRedirectUrl": None,
    "isInstantEvent": False,
    "scheduleId": None,
    "onlyShowFirstAvailableSlot": False,
    "offsetStart": 0,
    "bookingWindow": {"disabled": True},
    "confirmationPolicy": {"disabled": True},
    "requiresBookerEmailVerification": False,
    "hideCalendarNotes": False,
    "seats": {"disabled": True},
    "useDestinationCalendarEmail": False,
    "hideCalendarEventDetails": False,
    "hideOrganizerEmail": False,
    "calVideoSettings": {"sendTranscriptionEmails": True},
    "hidden": False,
    "bookingRequiresAuthentication": False,
    "bookerActiveBookingsLimit": {"disabled": True},
    "disableCancelling": {"disabled": False},
    "disableRescheduling": {"disabled": False},
    "interfaceLanguage": None,
    "allowReschedulingPastBookings": False,
    "allowReschedulingCancelledBookings": False,
    "showOptimizedSlots": False,
}
et = dict(
    et_common,
    id=90211,
    ownerId=1187,
    title="30 min",
    slug="30min",
    users=[et_user],
    bookingUrl="https://cal.com/ada/30min",
)
etf = [ETS, ET_FIELDS, ET_LOCATIONS, ET_WINDOW, ET_SEATS, ET_INTERVAL, ET_CONFIRM]
case(
    "event_type_personal_seats_off",
    "event_types",
    etf,
    200,
    env(et),
    {"module": "cal_client.api.event_types.get_event_type_by_id", "kwargs": {"event_type_id": 90211}},
    {"method": "event_types.get", "args": [90211]},
)
# Every location kind, every optional block set (limits, layouts, colour, destination calendar, custom name).
et_full = dict(
    et,
    id=90215,
    slug="everything",
    bookingUrl="https://cal.com/ada/everything",
    locations=locations,
    lengthInMinutesOptions=[15, 30, 60],
    metadata={"multipleDuration": [15, 30, 60]},  # the options live in metadata and stay there
    bookingLimitsCount={"day": 2, "week": 5},
    bookingLimitsDuration={"week": 240},
    bookerLayouts={"enabledLayouts": ["month", "week", "column"], "defaultLayout": "month"},
    color={"lightThemeHex": "#292929", "darkThemeHex": "#fafafa"},
    customName="{Event type title} with {Scheduler}",
    destinationCalendar={"integration": "google_calendar", "externalId": "ada@example.com"},
    confirmationPolicy={
        "type": "time",
        "noticeThreshold": {"unit": "hours", "count": 24},
        "blockUnconfirmedBookingsInBooker": False,
    },
    bookerActiveBookingsLimit={"maximumActiveBookings": 2, "offerReschedule": True},
    disableCancelling={"disabled": True},
    disableRescheduling={"disabled": False, "minutesBefore": 60},
    calVideoSettings={
        "disableRecordingForGuests": True,
        "disableRecordingForOrganizer": False,
        "enableAutomaticTranscription": False,
        "enableAutomaticRecordingForOrganizer": False,
        "disableTranscriptionForGuests": False,
        "disableTranscriptionForOrganizer": False,
        "redirectUrlOnExit": None,
        "sendTranscriptionEmails": False,
    },
    interfaceLanguage="de",
)
case(
    "event_type_every_location_and_option",
    "event_types",
    etf,
    200,
    env(et_full),
    {"module": "cal_client.api.event_types.get_event_type_by_id", "kwargs": {"event_type_id": 90215}},
    {"method": "event_types.get", "args": [90215]},
)
et_seats = dict(
    et,
    id=90213,
    slug="group",
    bookingUrl="https://cal.com/ada/group",
    seats={"seatsPerTimeSlot": 4, "showAttendeeInfo": False, "showAvailabilityCount": True},
    bookingWindow={"type": "range", "value": ["2030-10-01", "2030-12-31"]},
    confirmationPolicy={"type": "always", "blockUnconfirmedBookingsInBooker": True},
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
    bookingUrl="https://cal.com/ada/weekly",
    recurrence={"interval": 1, "occurrences": 3, "frequency": "weekly"},
    bookingWindow={"type": "businessDays", "value": 10, "rolling": False},
)
# future-booking-limits.ts: ROLLING_WINDOW and ROLLING in calendar or business days, RANGE, UNLIMITED.
windows = [
    {"type": "calendarDays", "value": 30, "rolling": True},
    {"type": "range", "value": ["2030-10-01", "2030-12-31"]},
    {"type": "businessDays", "value": 10, "rolling": False},
    {"disabled": True},
    {"type": "businessDays", "value": 5, "rolling": True},
    {"type": "calendarDays", "value": 14, "rolling": False},
]
listed = [
    dict(et, bookingWindow=windows[0]),
    et_seats,
    et_rec,
    dict(et, id=90214, slug="open", bookingUrl="https://cal.com/ada/open"),
]
listed += [
    dict(et, id=90216 + i, slug=f"window-{i}", bookingUrl=f"https://cal.com/ada/window-{i}", bookingWindow=w)
    for i, w in enumerate(windows[4:])
]
# A managed user's event type: no public booking page, so bookingUrl is "".
listed.append(
    dict(
        et,
        id=90220,
        ownerId=3001,
        slug="managed",
        users=[dict(et_user, id=3001, username=f"ada-{CLIENT_ID}", name="Ada")],
        bookingUrl="",
    )
)
case(
    "event_types_list",
    "event_types",
    etf,
    200,
    env(listed),
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
# Team event types: getResponseTeamEventType drops ownerId/users of the personal output and adds
# hosts (by scheduling type), teamId, ownerId (the user id, null for a team's own), team, ...
team = {
    "id": 501,
    "name": "Support",
    "slug": "support",
    "bannerUrl": None,
    "logoUrl": None,
    "weekStart": "Sunday",
    "brandColor": None,
    "darkBrandColor": None,
    "theme": None,
}
team_common = {k: v for k, v in et_common.items()}
team_et = dict(
    team_common,
    id=91001,
    title="Support call",
    slug="support-call",
    bookingUrl="",
    hosts=[
        {
            "userId": 1187,
            "name": "Ada Lovelace",
            "username": "ada",
            "mandatory": True,
            "priority": "high",
            "avatarUrl": None,
        },
        {
            "userId": 1188,
            "name": "Grace Hopper",
            "username": "grace",
            "mandatory": False,
            "priority": "medium",
            "avatarUrl": "https://cal.com/api/avatar/g.png",
        },
    ],
    teamId=501,
    ownerId=None,
    parentEventTypeId=None,
    schedulingType="roundRobin",
    assignAllTeamMembers=False,
    team=team,
    rescheduleWithSameRoundRobinHost=False,
)
team_collective = dict(
    team_et,
    id=91002,
    slug="all-hands",
    hosts=[{"userId": 1187, "name": "Ada Lovelace", "username": "ada", "avatarUrl": None}],
    schedulingType="collective",
    assignAllTeamMembers=True,
    team=dict(
        team,
        logoUrl="https://cal.com/api/avatar/t.png",
        brandColor="#111111",
        darkBrandColor="#eeeeee",
        theme="dark",
        bannerUrl="https://cal.com/b.png",
    ),
    emailSettings={"disableEmailsToAttendees": True, "disableEmailsToHosts": False},
)
team_managed = dict(
    team_et,
    id=91003,
    slug="onboarding",
    hosts=[{"userId": 1188, "name": "Grace Hopper", "username": "grace", "avatarUrl": None}],
    schedulingType="managed",
)
TEAMS_ET = "apps/api/v2/src/modules/teams/event-types/controllers/teams-event-types.controller.ts"
tf = [TEAM_ET, ETS, src(TEAMS_ET, DIY[1], DIY[0])]
case(
    "team_event_type_round_robin",
    "event_types",
    tf,
    200,
    env(team_et),
    {
        "module": "cal_client.api.teams_event_types.get_team_event_type",
        "kwargs": {"team_id": 501, "event_type_id": 91001},
    },
)
case(
    "team_event_types_list",
    "event_types",
    tf,
    200,
    env([team_et, team_collective, team_managed]),
    {"module": "cal_client.api.teams_event_types.get_team_event_types", "kwargs": {"team_id": 501}},
)
case(
    "org_team_event_type_collective",
    "event_types",
    tf,
    200,
    env(team_collective),
    {
        "module": "cal_client.api.orgs_teams_event_types.get_team_event_type",
        "kwargs": {"org_id": 77, "team_id": 501, "event_type_id": 91002},
    },
)
# A team event type with team but no scheduling type (the ones a user makes in the web app before
# choosing): hosts [] and schedulingType null.
case(
    "team_event_type_no_scheduling_type",
    "event_types",
    tf,
    200,
    env(dict(team_et, id=91004, slug="draft", hosts=[], schedulingType=None)),
    {
        "module": "cal_client.api.teams_event_types.get_team_event_type",
        "kwargs": {"team_id": 501, "event_type_id": 91004},
    },
)

# Slots: slots-output.service.ts. Time format: {start} (plus seat counts for a seated event type;
# bookingUid only once a seat is taken), start in the requested time zone when one is given, UTC
# otherwise. Range format adds end.
SL = src(
    "apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots-output.service.ts",
    "741e51d2e35607058bbcab7e46e67c7a842cdb00",
)
RS = src("packages/platform/types/slots/slots-2024-09-04/outputs/reserve-slot.output.ts", FORK[1], FORK[0])
slots_kwargs = {"start": "2030-10-01", "end": "2030-10-02", "event_type_id": 90211}
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
    {"module": "cal_client.api.slots.get_available_slots", "kwargs": dict(slots_kwargs, time_zone="Europe/Paris")},
)
case(
    "slots_time_utc",
    "slots",
    [SL],
    200,
    env({"2030-10-01": [{"start": "2030-10-01T07:00:00.000Z"}, {"start": "2030-10-01T07:30:00.000Z"}]}),
    {"module": "cal_client.api.slots.get_available_slots", "kwargs": slots_kwargs},
)
case(
    "slots_time_seated",
    "slots",
    [SL],
    200,
    env(
        {
            "2030-10-01": [
                {
                    "start": "2030-10-01T07:00:00.000Z",
                    "seatsBooked": 1,
                    "seatsRemaining": 3,
                    "seatsTotal": 4,
                    "bookingUid": "sEaTeDbOoKiNg123456789",
                },
                {"start": "2030-10-01T07:30:00.000Z", "seatsBooked": 0, "seatsRemaining": 4, "seatsTotal": 4},
            ]
        }
    ),
    {"module": "cal_client.api.slots.get_available_slots", "kwargs": dict(slots_kwargs, event_type_id=90213)},
)
case(
    "slots_range",
    "slots",
    [SL],
    200,
    env({"2030-10-01": [{"start": "2030-10-01T09:00:00.000+02:00", "end": "2030-10-01T09:30:00.000+02:00"}]}),
    {
        "module": "cal_client.api.slots.get_available_slots",
        "kwargs": dict(slots_kwargs, format_="range", time_zone="Europe/Paris"),
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
        "kwargs": dict(slots_kwargs, event_type_id=90213, format_="range"),
    },
)
case(
    "slots_none",
    "slots",
    [SL],
    200,
    env({}),
    {"module": "cal_client.api.slots.get_available_slots", "kwargs": slots_kwargs},
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
reserve_body = {"eventTypeId": 90211, "slotStart": "2030-10-01T07:00:00Z"}
case(
    "slot_reservation_create",
    "slots",
    [SL, RS],
    201,
    env(res),
    {"module": "cal_client.api.slots.reserve_slot", "body": reserve_body},
)
got = {k: v for k, v in res.items() if k != "reservationDuration"}
case(
    "slot_reservation_get",
    "slots",
    [SL, RS],
    200,
    env(got),
    {"module": "cal_client.api.slots.get_reserved_slot", "kwargs": {"uid": res["reservationUid"]}},
    {"method": "slots.get_reservation", "args": [res["reservationUid"]]},
)
moved = dict(
    res,
    slotStart="2030-10-01T08:00:00.000Z",
    slotEnd="2030-10-01T08:30:00.000Z",
    reservationDuration=10,
    reservationUntil="2030-09-30T10:10:00.000Z",
)
case(
    "slot_reservation_update",
    "slots",
    [SL, RS],
    200,
    env(moved),
    {
        "module": "cal_client.api.slots.update_reserved_slot",
        "kwargs": {"uid": res["reservationUid"]},
        "body": dict(reserve_body, slotStart="2030-10-01T08:00:00Z", reservationDuration=10),
    },
)
# Schedules
SC = src("packages/platform/types/schedules/schedules-2024-06-11/outputs/schedule.output.ts", FORK[1], FORK[0])
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
    [
        SC,
        src("apps/api/v2/src/ee/schedules/schedules_2024_06_11/controllers/schedules.controller.ts", FORK[1], FORK[0]),
    ],
    200,
    env(None),
    {"module": "cal_client.api.schedules.get_default_schedule", "kwargs": {}},
)
case(
    "schedules_list",
    "schedules",
    [SC],
    200,
    env([sched, dict(sched, id=2046, isDefault=False, overrides=[], availability=[])]),
    {"module": "cal_client.api.schedules.get_schedules", "kwargs": {}},
)
# Me: me.controller.ts parses the user with userSchemaResponse; organizationId and organization
# {id, isPlatform} only for a member of an organization (organization is absent otherwise).
ME = [
    src("apps/api/v2/src/ee/me/outputs/me.output.ts", "5b6d63e6300b8d930530b1b876d556a12fcfbd96"),
    src("apps/api/v2/src/ee/me/me.controller.ts", "5f5010ca19a27ca197381008b0d24cd42eff7ab0"),
]
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
}
case("me", "me", ME, 200, env(me), {"module": "cal_client.api.me.get_me", "kwargs": {}}, {"method": "me.get"})
me_org = dict(
    me,
    organizationId=77,
    organization={"id": 77, "isPlatform": False},
    bio="Analyst",
    avatarUrl="https://cal.com/api/avatar/a.png",
    timeFormat=12,
    defaultScheduleId=None,
)
case(
    "me_org_member",
    "me",
    ME,
    200,
    env(me_org),
    {"module": "cal_client.api.me.get_me", "kwargs": {}},
    {"method": "me.get"},
)
me_managed = dict(
    me,
    id=3001,
    username=f"ada-{CLIENT_ID}",
    email=f"ada+{CLIENT_ID}@example.com",
    name="Ada",
    organizationId=78,
    organization={"id": 78, "isPlatform": True},
)
case("me_platform_managed_user", "me", ME, 200, env(me_managed), {"module": "cal_client.api.me.get_me", "kwargs": {}})
# Webhooks: WebhookOutputPipe + webhook.output.ts (payloadTemplate and secret are nullable columns).
WH = [
    src("apps/api/v2/src/modules/webhooks/outputs/webhook.output.ts", "03670679c00d600615e8df2bc64545bd51c61646"),
    src("apps/api/v2/src/modules/webhooks/outputs/user-webhook.output.ts", "5b6d63e6300b8d930530b1b876d556a12fcfbd96"),
    src("apps/api/v2/src/modules/webhooks/pipes/WebhookOutputPipe.ts", "f0ac6126fbf673cb8202562293bf12d976ccaa49"),
]
wh = {
    "id": "2f4c9a1e-3b6d-4e7f-8a9b-0c1d2e3f4a5b",
    "userId": 1187,
    "payloadTemplate": None,
    "triggers": ["BOOKING_CREATED", "BOOKING_CANCELLED"],
    "subscriberUrl": "https://hooks.example.com/cal",
    "active": True,
    "secret": "whsec",
}
wh_templated = dict(
    wh,
    id="7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    payloadTemplate='{"content":"{{title}} at {{startTime}}"}',
    secret=None,
    active=False,
    triggers=["MEETING_ENDED"],
)
case(
    "webhooks_list",
    "webhooks",
    WH,
    200,
    env([wh, wh_templated]),
    {"module": "cal_client.api.webhooks.get_webhooks", "kwargs": {}},
    {"method": "webhooks.list", "kwargs": {}},
)
case(
    "webhook_get",
    "webhooks",
    WH,
    200,
    env(wh),
    {"module": "cal_client.api.webhooks.get_webhook", "kwargs": {"webhook_id": wh["id"]}},
    {"method": "webhooks.get", "args": [wh["id"]]},
)
case(
    "webhook_get_templated",
    "webhooks",
    WH,
    200,
    env(wh_templated),
    {"module": "cal_client.api.webhooks.get_webhook", "kwargs": {"webhook_id": wh_templated["id"]}},
)
et_wh = {k: v for k, v in wh.items() if k != "userId"} | {"eventTypeId": 90211}
case(
    "event_type_webhooks_list",
    "webhooks",
    [
        src(
            "apps/api/v2/src/modules/webhooks/outputs/event-type-webhook.output.ts",
            "5b6d63e6300b8d930530b1b876d556a12fcfbd96",
        )
    ]
    + WH[::2],
    200,
    env([et_wh]),
    {"module": "cal_client.api.event_types_webhooks.get_event_type_webhooks", "kwargs": {"event_type_id": 90211}},
)
# Calendars: connected-calendars.output.ts (integration = the app's metadata), busy-times.output.ts.
CAL_OUT = src(
    "apps/api/v2/src/ee/calendars/outputs/connected-calendars.output.ts", "03670679c00d600615e8df2bc64545bd51c61646"
)
google = {
    "appData": None,
    "dirName": "googlecalendar",
    "__template": "",
    "name": "Google Calendar",
    "description": "Google Calendar is a time-management and scheduling service developed by Google.",
    "installed": True,
    "type": "google_calendar",
    "title": "Google Calendar",
    "variant": "calendar",
    "category": "calendar",
    "categories": ["calendar"],
    "logo": "/app-store/googlecalendar/logo.svg",
    "publisher": "Cal.com",
    "slug": "google-calendar",
    "url": "https://cal.com/",
    "email": "help@cal.com",
    "locationOption": None,
}
gcal_primary = {
    "externalId": "ada@example.com",
    "integration": "google_calendar",
    "name": "ada@example.com",
    "primary": True,
    "readOnly": False,
    "email": "ada@example.com",
    "isSelected": True,
    "credentialId": 5,
    "delegationCredentialId": None,
}
connected = {
    "connectedCalendars": [
        {
            "integration": google,
            "credentialId": 5,
            "delegationCredentialId": None,
            "primary": gcal_primary,
            "calendars": [
                gcal_primary,
                {
                    "externalId": "en.uk#holiday@group.v.calendar.google.com",
                    "integration": "google_calendar",
                    "name": "Holidays in the United Kingdom",
                    "primary": None,
                    "readOnly": True,
                    "email": "ada@example.com",
                    "isSelected": False,
                    "credentialId": 5,
                    "delegationCredentialId": None,
                },
            ],
        }
    ],
    "destinationCalendar": {
        "id": 88,
        "integration": "google_calendar",
        "externalId": "ada@example.com",
        "primaryEmail": "ada@example.com",
        "userId": 1187,
        "eventTypeId": None,
        "credentialId": 5,
        "delegationCredentialId": None,
        "name": "ada@example.com",
        "primary": True,
        "readOnly": False,
        "email": "ada@example.com",
        "integrationTitle": "Google Calendar",
    },
}
case(
    "calendars_connected",
    "calendars",
    [CAL_OUT],
    200,
    env(connected),
    {"module": "cal_client.api.calendars.get_calendars", "kwargs": {}},
    {"method": "calendars.connections"},
)
CB = src("apps/api/v2/src/ee/calendars/outputs/busy-times.output.ts", "1b6cab4fde117ed1dd1e58506d6988464d3ddc98")
busy = env(
    [
        {"start": "2030-10-01T09:00:00.000Z", "end": "2030-10-01T10:00:00.000Z", "source": None},
        {"start": "2030-10-01T13:00:00.000Z", "end": "2030-10-01T13:30:00.000Z"},
        {"start": "2030-10-01T15:00:00.000Z", "end": "2030-10-01T16:00:00.000Z", "source": "google_calendar"},
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
    {
        "method": "calendars.busy_times",
        "kwargs": {
            "credential_id": 5,
            "external_id": "ada@example.com",
            "time_zone": "Europe/London",
            "date_from": "2030-10-01",
            "date_to": "2030-10-02",
        },
    },
)
case(
    "busy_times_none",
    "calendars",
    [CB],
    200,
    env([]),
    {
        "module": "cal_client.api.calendars.get_busy_times",
        "kwargs": {"logged_in_users_tz": "Europe/London", "credential_id": 5, "external_id": "ada@example.com"},
    },
)
# Out of office: organizations-users-ooo.controller.ts sends plainToInstance(UserOooOutputDto, entry,
# excludeAll); toUserId and notes are nullable columns, reason from reasonId (ooo.service.ts).
OOO = [
    src("apps/api/v2/src/modules/ooo/outputs/ooo.output.ts", "b4102d1d3bb63e111fed24a0cbd1cd03048f0b70"),
    src("apps/api/v2/src/modules/ooo/services/ooo.service.ts", "5b6d63e6300b8d930530b1b876d556a12fcfbd96"),
    src(
        "apps/api/v2/src/modules/organizations/users/ooo/controllers/organizations-users-ooo.controller.ts",
        "cdccec8efda23a1879a22ddbc502b3ecb61ceaad",
    ),
    src(
        "apps/api/v2/src/modules/organizations/users/ooo/controllers/organizations-users-ooo.e2e-spec.ts",
        "b0745f328007f9806000f8f5d92756726b7552b3",
    ),
]
ooo = {
    "userId": 1188,
    "toUserId": None,
    "id": 41,
    "uuid": "0b6c2f7e-4d1a-4e8b-9c3d-2a1f5e6d7c8b",
    "start": "2030-05-01T00:00:00.000Z",
    "end": "2030-05-10T23:59:59.999Z",
    "notes": "ooo numero uno",
    "reason": "unspecified",
}
ooo_redirect = dict(
    ooo,
    id=42,
    uuid="5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716",
    toUserId=1189,
    start="2030-08-01T00:00:00.000Z",
    end="2030-10-10T23:59:59.999Z",
    notes=None,
    reason="vacation",
)
ooo_path = {"org_id": 77, "user_id": 1188}
ooo_body = {"start": "2030-05-01T01:00:00.000Z", "end": "2030-05-10T13:59:59.999Z", "notes": "ooo numero uno"}
case(
    "ooo_create",
    "out_of_office",
    OOO,
    201,
    env(ooo),
    {"module": "cal_client.api.orgs_users_ooo.create_organization_user_ooo", "kwargs": ooo_path, "body": ooo_body},
)
case(
    "ooo_list",
    "out_of_office",
    OOO,
    200,
    env([ooo, ooo_redirect]),
    {"module": "cal_client.api.orgs_users_ooo.get_organization_user_ooo", "kwargs": ooo_path},
)
case(
    "ooo_update",
    "out_of_office",
    OOO,
    200,
    env(dict(ooo, reason="vacation", toUserId=1189)),
    {
        "module": "cal_client.api.orgs_users_ooo.update_organization_user_ooo",
        "kwargs": dict(ooo_path, ooo_id=41),
        "body": {"reason": "vacation", "toUserId": 1189},
    },
)
case(
    "ooo_delete",
    "out_of_office",
    OOO,
    200,
    env(ooo_redirect),
    {"module": "cal_client.api.orgs_users_ooo.delete_organization_user_ooo", "kwargs": dict(ooo_path, ooo_id=42)},
)
case(
    "ooo_org_list",
    "out_of_office",
    OOO,
    200,
    env([ooo_redirect, ooo]),
    {"module": "cal_client.api.orgs_users_ooo.get_organization_users_ooo", "kwargs": {"org_id": 77}},
)
# Managed users: managed-user.output.ts; tokens (KeysDto) as the create, refresh and force-refresh outputs.
MU = [
    src(
        "apps/api/v2/src/modules/oauth-clients/controllers/oauth-client-users/outputs/managed-user.output.ts",
        "9848d8291415e66642c65496e4af630a55c5b900",
    ),
    src(
        "apps/api/v2/src/modules/oauth-clients/controllers/oauth-client-users/outputs/create-managed-user.output.ts",
        "03670679c00d600615e8df2bc64545bd51c61646",
    ),
]
mu = {
    "id": 3001,
    "email": f"ada+{CLIENT_ID}@example.com",
    "username": f"ada-{CLIENT_ID}",
    "name": "Ada",
    "timeZone": "Europe/London",
    "weekStart": "Monday",
    "createdDate": "2030-09-01T10:00:00.000Z",
    "timeFormat": 24,
    "defaultScheduleId": 2050,
    "locale": "en",
    "avatarUrl": None,
    # bio (and metadata, once set) are in the locked spec's ManagedUserOutput, generated from this
    # class; the stored managed-user.output.ts predates them.
    "bio": None,
}
tokens = {
    "accessToken": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
    "refreshToken": "eyJhbGciOiJIUzI1NiJ9.e30.ref",
    "accessTokenExpiresAt": 1917950400000,
    "refreshTokenExpiresAt": 1949486400000,
}
case(
    "managed_user_create",
    "managed_users",
    MU,
    201,
    env(dict(tokens, user=mu)),
    {
        "module": "cal_client.api.platform_managed_users.create_user",
        "kwargs": {"client_id": CLIENT_ID},
        "body": {"email": "ada@example.com", "name": "Ada", "timeZone": "Europe/London"},
    },
)
case(
    "managed_users_list",
    "managed_users",
    MU,
    200,
    env(
        [
            mu,
            dict(
                mu,
                id=3002,
                email=f"bob+{CLIENT_ID}@example.com",
                username=None,
                name=None,
                timeFormat=None,
                defaultScheduleId=None,
                locale="fr",
                bio="Platform user",
                metadata={"crmId": "7"},
            ),
        ]
    ),
    {"module": "cal_client.api.platform_managed_users.get_managed_users", "kwargs": {"client_id": CLIENT_ID}},
)
case(
    "managed_user_get",
    "managed_users",
    MU,
    200,
    env(mu),
    {
        "module": "cal_client.api.platform_managed_users.get_user_by_id",
        "kwargs": {"client_id": CLIENT_ID, "user_id": 3001},
    },
)
KEYS = [
    src(
        "apps/api/v2/src/modules/oauth-clients/controllers/oauth-flow/responses/KeysResponse.dto.ts",
        "1f1e258a6324ffc07b2ffd172d4cdde30035d375",
    ),
    src(
        "apps/api/v2/src/modules/oauth-clients/controllers/oauth-flow/oauth-flow.controller.ts",
        "9848d8291415e66642c65496e4af630a55c5b900",
    ),
]
case(
    "managed_user_force_refresh",
    "managed_users",
    KEYS,
    200,
    env(tokens),
    {
        "module": "cal_client.api.platform_managed_users.force_refresh",
        "kwargs": {"client_id": CLIENT_ID, "user_id": 3001},
    },
)
case(
    "managed_user_refresh_tokens",
    "managed_users",
    KEYS,
    200,
    env(dict(tokens, accessToken="eyJhbGciOiJIUzI1NiJ9.e30.new")),
    {
        "module": "cal_client.api.platform_managed_users.refresh_tokens",
        "kwargs": {"client_id": CLIENT_ID},
        "body": {"refreshToken": tokens["refreshToken"]},
    },
)

# Errors: the global filters (bootstrap.ts keeps their order); each writes {status: "error",
# timestamp, path, error: {code, message, ...}}; NestJS's own fallback writes {statusCode, message}.
FI = src("apps/api/v2/src/filters/http-exception.filter.ts", "a557978101864a73c26800423937f67ed1c89975")
BOOT = src("apps/api/v2/src/bootstrap.ts", "c1bb592d757f6141b5643c08a79a68ce3f579878")
ZOD = src("apps/api/v2/src/filters/zod-exception.filter.ts", "683e0006f67ddf5c019a027eee747eeedc68c6af")
PRISMA = src("apps/api/v2/src/filters/prisma-exception.filter.ts", "9c477e499fa9e8f0c2ba91f2618b6d3f4bff5e4c")
TRPC = src("apps/api/v2/src/filters/trpc-exception.filter.ts", "5b6d63e6300b8d930530b1b876d556a12fcfbd96")
THROTTLE = src("apps/api/v2/src/lib/throttler-guard.ts", "42e7dc494dfba03e5ca5224a418c57c012bdac3e")
schedules_call = {"module": "cal_client.api.schedules.get_schedules", "kwargs": {}}


def err(code, message, details=None, path="/v2/bookings", **extra):
    e = {"code": code, "message": message, **extra}
    if details is not None:
        e["details"] = details
    return {"status": "error", "timestamp": "2030-10-01T08:00:00.000Z", "path": path, "error": e}


def nest(status, error, message):  # HttpException.getResponse() of Nest's built-in exceptions
    return {"message": message, "error": error, "statusCode": status}


def error_case(name, upstream, status, body, call, error, code=None, message=None):
    case(name, "errors", upstream, status, body, call, error=error, expect={"code": code, "message": message})


# ValidationPipe's exceptionFactory: BadRequestException({errors}) with target and value kept.
validation = {
    "errors": [
        {
            "target": {"name": 5},
            "value": 5,
            "property": "name",
            "children": [],
            "constraints": {"isString": "name must be a string"},
        }
    ]
}
error_case(
    "error_validation",
    [FI, BOOT],
    400,
    err("BadRequestException", "Bad Request Exception", validation, "/v2/schedules"),
    schedules_call,
    "BadRequestError",
    "BadRequestException",
    "Bad Request Exception",
)
msg = "Booking with uid=xxxxxxxxxxxxxxxxxxxxxx was not found in the database"
error_case(
    "error_not_found",
    [FI],
    404,
    err("NotFoundException", msg, nest(404, "Not Found", msg), "/v2/bookings/xxxxxxxxxxxxxxxxxxxxxx"),
    get_b("xxxxxxxxxxxxxxxxxxxxxx"),
    "NotFoundError",
    "NotFoundException",
    msg,
)
# ZodError: "path - message, " per issue, the last issue first, no details.
zod_message = "attendee.email - Invalid email, start - Required, "
error_case(
    "error_zod",
    [ZOD, BOOT],
    400,
    err("BAD_REQUEST", zod_message, path="/v2/schedules"),
    schedules_call,
    "BadRequestError",
    "BAD_REQUEST",
    zod_message,
)
error_case(
    "error_token_expired",
    [FI],
    498,
    err(
        "TokenExpiredException",
        "ManagedUser access token has expired",
        nest(498, "Token Expired", "ManagedUser access token has expired"),
        "/v2/me",
    ),
    {"module": "cal_client.api.me.get_me", "kwargs": {}},
    "TokenExpiredError",
    "TokenExpiredException",
)
error_case(
    "error_conflict_prisma",
    [PRISMA],
    409,
    err("CONFLICT", "Invalid Input: Trying to create a record that already exists.", path="/v2/schedules"),
    schedules_call,
    "ConflictError",
    "CONFLICT",
    "Invalid Input: Trying to create a record that already exists.",
)
error_case(
    "error_prisma_not_found",
    [PRISMA],
    404,
    err("NOT_FOUND", "Invalid Query: The requested record was not found.", path="/v2/schedules"),
    schedules_call,
    "NotFoundError",
    "NOT_FOUND",
)
error_case(
    "error_prisma_internal",
    [PRISMA],
    500,
    err("INTERNAL_SERVER_ERROR", "There was an error, please try again later.", path="/v2/schedules"),
    schedules_call,
    "InternalServerError",
    "INTERNAL_SERVER_ERROR",
)
error_case(
    "error_nest_default",
    [BOOT],
    500,
    {"statusCode": 500, "message": "Internal server error"},
    {"module": "cal_client.api.me.get_me", "kwargs": {}},
    "InternalServerError",
    None,
    "Internal server error",
)
error_case(
    "error_slot_taken",
    [FI, SL],
    422,
    err(
        "UnprocessableEntityException",
        "This time slot is already reserved.",
        nest(422, "Unprocessable Entity", "This time slot is already reserved."),
        "/v2/slots/reservations",
    ),
    {"module": "cal_client.api.slots.reserve_slot", "body": reserve_body},
    "UnprocessableEntityError",
    "UnprocessableEntityException",
)
# A TRPCError (from the shared booking handlers) keeps its message; code is the class name.
error_case(
    "error_trpc_forbidden",
    [TRPC, BOOT],
    403,
    err("TRPCError", "You don't have necessary permissions to access this resource", path="/v2/schedules"),
    schedules_call,
    "PermissionDeniedError",
    "TRPCError",
)
# ThrottlerException: getResponse() is the message itself, so details is a string.
throttled = "CustomThrottlerGuard - Too many requests. Please try again later."
error_case(
    "error_rate_limited",
    [THROTTLE, FI],
    429,
    err("ThrottlerException", throttled, throttled, "/v2/schedules"),
    schedules_call,
    "RateLimitError",
    "ThrottlerException",
    throttled,
)
invalid_key = "CustomThrottlerGuard - Invalid API Key"
error_case(
    "error_unauthorized",
    [THROTTLE, FI],
    401,
    err("UnauthorizedException", invalid_key, nest(401, "Unauthorized", invalid_key), "/v2/schedules"),
    schedules_call,
    "AuthenticationError",
    "UnauthorizedException",
    invalid_key,
)


# Webhook deliveries (packages/features/webhooks/lib/sendPayload.ts)
WHS = [src("packages/features/webhooks/lib/sendPayload.ts", "869be581acee93b8f5db97374627a6f0775fe0c1")]
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
    WHS + [src("packages/features/webhooks/lib/scheduleTrigger.ts", FORK[1], FORK[0])],
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
# A cancellation whose attendee's name is not ASCII: JSON.stringify writes it as is (UTF-8), and the
# signature is over those bytes.
cancelled_delivery = {
    "triggerEvent": "BOOKING_CANCELLED",
    "createdAt": "2030-09-29T09:00:00.000Z",
    "payload": dict(
        created["payload"],
        attendees=[dict(created["payload"]["attendees"][0], name="José Ñúñez", email="jose@example.org")],
        responses={
            "name": {"label": "your_name", "value": "José Ñúñez"},
            "email": {"label": "email_address", "value": "jose@example.org"},
        },
        status="CANCELLED",
        cancellationReason="Ünforeseen — sorry",
        cancelledBy="jose@example.org",
    ),
}
case(
    "webhook_booking_cancelled_non_ascii",
    "webhook_deliveries",
    WHS,
    200,
    cancelled_delivery,
    webhook={"secret": "whsec_corpus", "trigger": "BOOKING_CANCELLED"},
)
rescheduled_delivery = {
    "triggerEvent": "BOOKING_RESCHEDULED",
    "createdAt": "2030-09-29T09:00:00.000Z",
    "payload": dict(
        created["payload"],
        uid="nEwReScHeDuLeD12345678",
        bookingId=4812400,
        startTime="2030-10-02T08:00:00Z",
        endTime="2030-10-02T08:30:00Z",
        rescheduleId=4812337,
        rescheduleUid=booking["uid"],
        rescheduleStartTime="2030-10-01T08:00:00Z",
        rescheduleEndTime="2030-10-01T08:30:00Z",
        rescheduledBy="grace@example.org",
    ),
}
case(
    "webhook_booking_rescheduled",
    "webhook_deliveries",
    WHS,
    200,
    rescheduled_delivery,
    webhook={"secret": "whsec_corpus", "trigger": "BOOKING_RESCHEDULED"},
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
