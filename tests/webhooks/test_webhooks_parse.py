"""Parsing: every trigger from its documented shape, templates, odd payloads, and the spec's trigger enum."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webhook_shapes import CREATED_AT, booking_row, documented_body, independent_hmac_sha256, js_stringify, wrapped

from cal_client import webhooks

SECRET = "whsec_parse-tests-🔐"
UTC = dt.UTC

EXPECTED_CLASS: dict[str, type[webhooks.WebhookEvent]] = {
    "BOOKING_CREATED": webhooks.BookingEvent,
    "BOOKING_PAYMENT_INITIATED": webhooks.BookingEvent,
    "BOOKING_PAID": webhooks.BookingEvent,
    "BOOKING_RESCHEDULED": webhooks.BookingEvent,
    "BOOKING_REQUESTED": webhooks.BookingEvent,
    "BOOKING_CANCELLED": webhooks.BookingEvent,
    "BOOKING_REJECTED": webhooks.BookingEvent,
    "BOOKING_NO_SHOW_UPDATED": webhooks.BookingNoShowUpdatedEvent,
    "FORM_SUBMITTED": webhooks.FormSubmittedEvent,
    "MEETING_ENDED": webhooks.MeetingEvent,
    "MEETING_STARTED": webhooks.MeetingEvent,
    "RECORDING_READY": webhooks.RecordingReadyEvent,
    "INSTANT_MEETING": webhooks.InstantMeetingEvent,
    "RECORDING_TRANSCRIPTION_GENERATED": webhooks.TranscriptionGeneratedEvent,
    "OOO_CREATED": webhooks.OutOfOfficeEvent,
    "AFTER_HOSTS_CAL_VIDEO_NO_SHOW": webhooks.CalVideoNoShowEvent,
    "AFTER_GUESTS_CAL_VIDEO_NO_SHOW": webhooks.CalVideoNoShowEvent,
    "FORM_SUBMITTED_NO_EVENT": webhooks.FormSubmittedEvent,
}


def signed_headers(body: bytes, secret: str = SECRET, content_type: str = "application/json") -> dict[str, str]:
    signature = independent_hmac_sha256(secret.encode(), body)
    return {"Content-Type": content_type, "X-Cal-Signature-256": signature}


def deliver(data: dict[str, Any]) -> webhooks.WebhookEvent | webhooks.RawEvent:
    body = js_stringify(data)
    return webhooks.parse(body, signed_headers(body), secret=SECRET)


def iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# --- the trigger list ----------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("schema", ["CreateWebhookInputDto", "UpdateWebhookInputDto"])
def test_triggers_match_the_locked_spec_enum(locked_spec: dict[str, Any], schema: str) -> None:
    triggers = locked_spec["components"]["schemas"][schema]["properties"]["triggers"]
    enum = triggers.get("enum") or triggers["items"]["enum"]
    assert set(enum) == set(webhooks.TRIGGERS)


def test_every_known_trigger_has_an_event_class_and_the_rest_parse_whole() -> None:
    assert len(webhooks.TRIGGERS) == len(set(webhooks.TRIGGERS))
    assert set(webhooks.EVENT_CLASSES) <= set(webhooks.TRIGGERS)
    assert dict(webhooks.EVENT_CLASSES) == EXPECTED_CLASS
    for trigger in set(webhooks.TRIGGERS) - set(webhooks.EVENT_CLASSES):
        body = {"triggerEvent": trigger, "createdAt": "2030-01-01T00:00:00.000Z", "payload": {"x": [1]}}
        event = webhooks.parse(json.dumps(body).encode(), {}, secret=None)
        assert isinstance(event, webhooks.UnknownEvent) and event.trigger_event == trigger
        assert event.payload == {"x": [1]} and event.raw == body


# --- every trigger from its documented shape ------------------------------------------------------


@pytest.mark.parametrize("trigger", sorted(EXPECTED_CLASS))
def test_documented_body_parses_to_its_event(trigger: str) -> None:
    data = documented_body(trigger)
    event = deliver(data)
    assert type(event) is EXPECTED_CLASS[trigger]
    assert isinstance(event, webhooks.WebhookEvent)
    assert event.trigger_event == trigger
    assert event.raw == data
    expected_payload = data["payload"] if "payload" in data else {k: v for k, v in data.items() if k != "triggerEvent"}
    assert event.payload == expected_payload
    if "payload" in data:
        assert event.created_at == iso(CREATED_AT)
        assert event.created_at.tzinfo is not None
    # Every datetime anywhere on the event is aware.
    for value in _walk(event):
        if isinstance(value, dt.datetime):
            assert value.utcoffset() is not None


def _walk(value: object) -> list[object]:
    found: list[object] = [value]
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            found += _walk(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            found += _walk(item)
    return found


@pytest.mark.parametrize(
    "trigger",
    [
        "BOOKING_CREATED",
        "BOOKING_REQUESTED",
        "BOOKING_RESCHEDULED",
        "BOOKING_CANCELLED",
        "BOOKING_REJECTED",
        "BOOKING_PAYMENT_INITIATED",
        "BOOKING_PAID",
        "RECORDING_READY",
        "RECORDING_TRANSCRIPTION_GENERATED",
    ],
)
def test_booking_shape_fields(trigger: str) -> None:
    payload = documented_body(trigger)["payload"]
    event = deliver(documented_body(trigger))
    assert isinstance(event, webhooks.BookingEvent)
    assert event.uid == payload["uid"]
    assert event.booking_id == payload["bookingId"]
    assert event.event_type_id == payload["eventTypeId"]
    assert event.event_type_slug == payload["type"]
    assert event.title == payload["title"]
    assert event.description == payload["description"]
    assert event.start_time == iso(payload["startTime"])
    assert event.end_time == iso(payload["endTime"])
    assert event.start_time is not None and event.start_time.tzinfo is not None
    assert event.status == payload["status"]
    assert event.location == payload["location"]
    assert event.price == payload["price"]
    assert event.currency == payload["currency"]
    assert event.length == payload["length"]
    assert event.responses == payload["responses"]
    assert event.metadata == payload["metadata"]
    assert event.video_call_url == payload["metadata"]["videoCallUrl"]

    organizer = payload["organizer"]
    assert event.organizer == webhooks.Person(
        name=organizer["name"],
        email=organizer["email"],
        time_zone=organizer["timeZone"],
        locale=organizer["language"]["locale"],
        utc_offset=organizer["utcOffset"],
        id=organizer["id"],
        username=organizer["username"],
        raw=organizer,
    )
    assert [(a.name, a.email, a.time_zone, a.locale, a.utc_offset) for a in event.attendees] == [
        (a["name"], a["email"], a["timeZone"], a["language"]["locale"], a["utcOffset"]) for a in payload["attendees"]
    ]


def test_rescheduled_fields() -> None:
    payload = documented_body("BOOKING_RESCHEDULED")["payload"]
    event = deliver(documented_body("BOOKING_RESCHEDULED"))
    assert isinstance(event, webhooks.BookingEvent)
    assert event.reschedule_uid == payload["rescheduleUid"]
    assert event.reschedule_id == payload["rescheduleId"]
    assert event.reschedule_start_time == iso(payload["rescheduleStartTime"])
    assert event.reschedule_end_time == iso(payload["rescheduleEndTime"])
    assert event.rescheduled_by == payload["rescheduledBy"]
    assert event.uid != event.reschedule_uid


def test_cancelled_and_rejected_reasons() -> None:
    cancelled = deliver(documented_body("BOOKING_CANCELLED"))
    rejected = deliver(documented_body("BOOKING_REJECTED"))
    assert isinstance(cancelled, webhooks.BookingEvent) and isinstance(rejected, webhooks.BookingEvent)
    assert cancelled.cancellation_reason == documented_body("BOOKING_CANCELLED")["payload"]["cancellationReason"]
    assert cancelled.cancelled_by == "zoe@example.com"
    assert rejected.rejection_reason == documented_body("BOOKING_REJECTED")["payload"]["rejectionReason"]
    assert cancelled.rejection_reason is None and rejected.cancellation_reason is None


def test_payment_fields() -> None:
    for trigger in ("BOOKING_PAYMENT_INITIATED", "BOOKING_PAID"):
        event = deliver(documented_body(trigger))
        assert isinstance(event, webhooks.BookingEvent)
        assert event.payment_id == 17
        assert event.price == 5000
        assert event.payload["paymentData"]["id"] == 17


def test_recording_ready() -> None:
    event = deliver(documented_body("RECORDING_READY"))
    assert isinstance(event, webhooks.RecordingReadyEvent)
    assert isinstance(event, webhooks.BookingEvent)
    assert event.download_link == documented_body("RECORDING_READY")["payload"]["downloadLink"]


def test_transcription_generated() -> None:
    links = documented_body("RECORDING_TRANSCRIPTION_GENERATED")["payload"]["downloadLinks"]
    event = deliver(documented_body("RECORDING_TRANSCRIPTION_GENERATED"))
    assert isinstance(event, webhooks.TranscriptionGeneratedEvent)
    assert event.transcripts == tuple(
        webhooks.TranscriptLink(format=item["format"], link=item["link"]) for item in links["transcription"]
    )
    assert event.recording_url == links["recording"]


def test_recording_payload_of_newer_senders_without_the_calendar_event() -> None:
    # Newer Cal.com builders send only the link; the booking fields are then simply absent.
    event = deliver(wrapped("RECORDING_READY", {"downloadLink": "https://cal.example/r.mp4"}))
    assert isinstance(event, webhooks.RecordingReadyEvent)
    assert event.download_link == "https://cal.example/r.mp4"
    assert event.uid is None and event.attendees == () and event.organizer is None


def test_booking_no_show_updated() -> None:
    payload = documented_body("BOOKING_NO_SHOW_UPDATED")["payload"]
    event = deliver(documented_body("BOOKING_NO_SHOW_UPDATED"))
    assert isinstance(event, webhooks.BookingNoShowUpdatedEvent)
    assert event.message == payload["message"]
    assert event.booking_uid == payload["bookingUid"]
    assert event.booking_id == payload["bookingId"]
    assert event.attendees == (webhooks.NoShowAttendee(email="zoe@example.com", no_show=True),)


def test_out_of_office_created() -> None:
    entry = documented_body("OOO_CREATED")["payload"]["oooEntry"]
    event = deliver(documented_body("OOO_CREATED"))
    assert isinstance(event, webhooks.OutOfOfficeEvent)
    assert event.entry is not None
    assert event.entry.id == entry["id"]
    assert event.entry.uuid == entry["uuid"]
    assert event.entry.start == iso(entry["start"])
    assert event.entry.end == iso(entry["end"])
    assert event.entry.created_at == iso(entry["createdAt"])
    assert event.entry.notes == entry["notes"]
    assert (event.entry.reason, event.entry.reason_emoji, event.entry.reason_id) == ("vacation", "🏝️", 1)
    assert event.entry.user is not None and event.entry.user.email == entry["user"]["email"]
    assert event.entry.user.time_zone == entry["user"]["timeZone"]
    assert event.entry.to_user is not None and event.entry.to_user.username == "backup"


def test_out_of_office_without_a_redirect_user() -> None:
    data = documented_body("OOO_CREATED")
    data["payload"]["oooEntry"]["toUser"] = None
    event = deliver(data)
    assert isinstance(event, webhooks.OutOfOfficeEvent) and event.entry is not None
    assert event.entry.to_user is None


@pytest.mark.parametrize("trigger", ["FORM_SUBMITTED", "FORM_SUBMITTED_NO_EVENT"])
def test_form_submissions(trigger: str) -> None:
    data = documented_body(trigger)
    payload = data["payload"]
    event = deliver(data)
    assert isinstance(event, webhooks.FormSubmittedEvent)
    assert event.form_id == payload["formId"]
    assert event.form_name == payload["formName"]
    assert event.team_id == payload["teamId"]
    assert set(event.responses) == set(payload["responses"])
    for key, answer in payload["responses"].items():
        assert event.responses[key] == webhooks.FormFieldResponse(value=answer["value"], response=answer["response"])
    if trigger == "FORM_SUBMITTED_NO_EVENT":
        assert event.response_id == payload["responseId"]
        assert event.redirect == payload["redirect"]
    else:
        # The legacy root-level copies of the answers stay reachable.
        assert event.raw["team-size"] == ["11-50"]
        assert event.response_id is None and event.redirect is None


def test_instant_meeting() -> None:
    payload = documented_body("INSTANT_MEETING")["payload"]
    event = deliver(documented_body("INSTANT_MEETING"))
    assert isinstance(event, webhooks.InstantMeetingEvent)
    assert event.uid == payload["uid"]
    assert event.connect_and_join_url == payload["connectAndJoinUrl"]
    assert event.event_type_id == payload["eventTypeId"]
    assert event.event_type_title == payload["eventTypeTitle"]
    assert event.responses == payload["responses"]


@pytest.mark.parametrize("trigger", ["AFTER_HOSTS_CAL_VIDEO_NO_SHOW", "AFTER_GUESTS_CAL_VIDEO_NO_SHOW"])
def test_cal_video_no_shows(trigger: str) -> None:
    payload = documented_body(trigger)["payload"]
    event = deliver(documented_body(trigger))
    assert isinstance(event, webhooks.CalVideoNoShowEvent)
    assert event.booking_uid == payload["bookingUid"]
    assert event.booking_id == payload["bookingId"]
    assert event.title == payload["title"]
    assert event.start_time == iso(payload["startTime"])
    assert event.end_time == iso(payload["endTime"])
    assert event.event_type_id == payload["eventType"]["id"]
    assert event.message == payload["message"]
    assert event.participants == tuple(payload["participants"])
    assert [a.email for a in event.attendees] == [a["email"] for a in payload["attendees"]]
    assert event.host_email == payload.get("hostEmail")


@pytest.mark.parametrize("trigger", ["MEETING_STARTED", "MEETING_ENDED"])
def test_flat_meeting_bodies(trigger: str) -> None:
    data = documented_body(trigger)
    assert "payload" not in data
    event = deliver(data)
    assert isinstance(event, webhooks.MeetingEvent)
    # A flat body's createdAt is the booking row's, not the delivery's.
    assert event.created_at is None
    assert event.booking_created_at == iso(data["createdAt"])
    assert event.booking_id == data["id"]
    assert event.uid == data["uid"]
    assert event.user_id == data["userId"]
    assert event.event_type_id == data["eventTypeId"]
    assert event.start_time == iso(data["startTime"])
    assert event.end_time == iso(data["endTime"])
    assert event.status == data["status"]
    assert event.location == data["location"]
    assert [(a.name, a.email) for a in event.attendees] == [(a["name"], a["email"]) for a in data["attendees"]]
    assert event.responses == data["responses"]


def test_wrapped_meeting_bodies_of_newer_senders() -> None:
    event = deliver(wrapped("MEETING_ENDED", booking_row()))
    assert isinstance(event, webhooks.MeetingEvent)
    assert event.created_at == iso(CREATED_AT)
    assert event.booking_created_at == iso(booking_row()["createdAt"])
    assert event.uid == booking_row()["uid"]


# --- unknown triggers and custom templates --------------------------------------------------------


def test_unknown_trigger_keeps_its_payload() -> None:
    data = wrapped("BOOKING_TELEPORTED", {"uid": "u1", "destination": {"planet": "Mars"}})
    event = deliver(data)
    assert type(event) is webhooks.UnknownEvent
    assert event.trigger_event == "BOOKING_TELEPORTED"
    assert event.created_at == iso(CREATED_AT)
    assert event.payload == data["payload"]
    assert event.raw == data


def test_unknown_flat_trigger_keeps_its_fields() -> None:
    event = deliver({"triggerEvent": "SOMETHING_NEW", "id": 3, "note": "x"})
    assert type(event) is webhooks.UnknownEvent
    assert event.payload == {"id": 3, "note": "x"}


def test_form_urlencoded_template_is_returned_raw() -> None:
    body = b"content=A+new+event&name=60min+with+Zo%C3%AB&booker=Zo%C3%AB"
    headers = signed_headers(body, content_type="application/x-www-form-urlencoded")
    event = webhooks.parse(body, headers, secret=SECRET)
    assert isinstance(event, webhooks.RawEvent)
    assert event.body == body
    assert event.content_type == "application/x-www-form-urlencoded"
    assert event.data is None and event.trigger_event is None
    assert event.form() == {"content": ["A new event"], "name": ["60min with Zoë"], "booker": ["Zoë"]}


def test_free_text_template_is_returned_raw() -> None:
    # A template that is not JSON is sent as form-urlencoded whatever it contains.
    body = "New booking: 60min with Zoë ✓".encode()
    event = webhooks.parse(body, signed_headers(body, content_type="application/x-www-form-urlencoded"), secret=SECRET)
    assert isinstance(event, webhooks.RawEvent)
    assert event.text == "New booking: 60min with Zoë ✓"


def test_json_template_is_returned_raw_with_its_data() -> None:
    data = {"content": "A new event has been scheduled", "type": "60min", "booker": "Zoë"}
    event = deliver(data)
    assert isinstance(event, webhooks.RawEvent)
    assert event.data == data and event.trigger_event is None


def test_json_template_naming_a_known_trigger_without_payload_is_raw() -> None:
    data = {"triggerEvent": "BOOKING_CREATED", "createdAt": CREATED_AT, "title": "60min", "booker": "Zoë"}
    event = deliver(data)
    assert isinstance(event, webhooks.RawEvent)
    assert event.trigger_event == "BOOKING_CREATED"
    assert event.data == data


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2, 3]", b'"just a string"', b"null", b"\xff\xfe\x00garbage", b"", b"[" * 100_000],
    ids=["broken", "array", "string", "null", "not-utf8", "empty", "deeply-nested"],
)
def test_non_object_bodies_are_raw(body: bytes) -> None:
    event = webhooks.parse(body, signed_headers(body), secret=SECRET)
    assert isinstance(event, webhooks.RawEvent)
    assert event.body == body


def test_signature_is_checked_before_the_body_is_decoded() -> None:
    body = b"{not json"
    headers = signed_headers(b"something else")
    with pytest.raises(webhooks.WebhookVerificationError) as caught:
        webhooks.parse(body, headers, secret=SECRET)
    assert caught.value.reason == "signature-mismatch"


# --- verification inside parse -------------------------------------------------------------------


def test_parse_rejects_tampered_body() -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    headers = signed_headers(body)
    tampered = body.replace(b'"status":"ACCEPTED"', b'"status":"CANCELLED"')
    assert tampered != body
    with pytest.raises(webhooks.WebhookVerificationError) as caught:
        webhooks.parse(tampered, headers, secret=SECRET)
    assert caught.value.reason == "signature-mismatch"


def test_parse_rejects_wrong_secret_missing_header_and_no_secret_provided() -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    cases = {
        "signature-mismatch": signed_headers(body, secret="not-the-secret"),
        "missing-signature": {"Content-Type": "application/json"},
        "no-secret-provided": {"Content-Type": "application/json", "X-Cal-Signature-256": "no-secret-provided"},
    }
    for reason, headers in cases.items():
        with pytest.raises(webhooks.WebhookVerificationError) as caught:
            webhooks.parse(body, headers, secret=SECRET)
        assert caught.value.reason == reason


@pytest.mark.parametrize(
    "make_headers",
    [
        lambda sig: {"x-cal-signature-256": sig, "content-type": "application/json"},
        lambda sig: {"X-CAL-SIGNATURE-256": sig, "CONTENT-TYPE": "application/json"},
        lambda sig: {"X-Cal-Signature-256": sig},
        lambda sig: httpx.Headers({"x-cal-signature-256": sig, "content-type": "application/json"}),
    ],
    ids=["lowercase", "uppercase", "no-content-type", "httpx-headers"],
)
def test_header_names_are_case_insensitive(make_headers: Any) -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    event = webhooks.parse(body, make_headers(independent_hmac_sha256(SECRET.encode(), body)), secret=SECRET)
    assert isinstance(event, webhooks.BookingEvent)


def test_secret_none_skips_verification_for_unsigned_webhooks() -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    event = webhooks.parse(body, {"X-Cal-Signature-256": "no-secret-provided"}, secret=None)
    assert isinstance(event, webhooks.BookingEvent)


def test_secret_is_required_keyword() -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    with pytest.raises(TypeError):
        webhooks.parse(body, {})  # type: ignore[call-arg]


def test_text_body_gives_the_same_event_as_bytes() -> None:
    body = js_stringify(documented_body("BOOKING_CREATED"))
    headers = signed_headers(body)
    assert webhooks.parse(body.decode("utf-8"), headers, secret=SECRET) == webhooks.parse(body, headers, secret=SECRET)


# --- event objects -------------------------------------------------------------------------------


@pytest.mark.parametrize("trigger", sorted(EXPECTED_CLASS))
def test_events_are_frozen_slotted_hashable_and_keep_the_secret_out_of_repr(trigger: str) -> None:
    event = deliver(documented_body(trigger))
    assert SECRET not in repr(event)
    assert "raw=" not in repr(event) and "payload=" not in repr(event)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.trigger_event = "OTHER"  # type: ignore[misc]
    assert not hasattr(event, "__dict__")
    assert hash(event) == hash(deliver(documented_body(trigger)))
    assert pickle.loads(pickle.dumps(event)) == event


def test_raw_event_repr_keeps_the_body_out() -> None:
    body = b"secret-looking=" + SECRET.encode()
    event = webhooks.parse(body, signed_headers(body, content_type="application/x-www-form-urlencoded"), secret=SECRET)
    assert SECRET not in repr(event)


# --- odd payloads never raise ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, 0, -1, 1.5, True, "", "x", [], [None, 1, "a", {}], {}, {"nested": {"deeper": [1, {"x": None}]}}],
    ids=lambda v: type(v).__name__ + repr(v)[:12],
)
@pytest.mark.parametrize("trigger", sorted(EXPECTED_CLASS))
def test_every_field_of_the_wrong_type_becomes_none_or_empty(trigger: str, value: Any) -> None:
    data = documented_body(trigger)
    target = data.get("payload", data)
    _replace_every_leaf(target, value)
    if "payload" not in data:
        target["triggerEvent"] = trigger
    event = deliver(data)
    assert isinstance(event, EXPECTED_CLASS[trigger])
    assert event.raw == data


def _replace_every_leaf(node: dict[str, Any], value: Any) -> None:
    for key, child in list(node.items()):
        if isinstance(child, dict):
            _replace_every_leaf(child, value)
        else:
            node[key] = value


@pytest.mark.parametrize("trigger", sorted(EXPECTED_CLASS))
def test_missing_fields_become_none(trigger: str) -> None:
    event = deliver({"triggerEvent": trigger, "payload": {}})
    assert isinstance(event, EXPECTED_CLASS[trigger])
    assert event.created_at is None
    for field in attrs.fields(type(event)):
        if field.name in ("trigger_event", "raw"):
            continue
        assert getattr(event, field.name) in (None, (), {}), field.name


@pytest.mark.parametrize("created_at", [None, 17, "yesterday", "2025-13-45T99:00:00Z", ["2025-10-01"]])
def test_bad_created_at_is_none(created_at: Any) -> None:
    data = documented_body("BOOKING_CREATED")
    data["createdAt"] = created_at
    event = deliver(data)
    assert isinstance(event, webhooks.BookingEvent)
    assert event.created_at is None


def test_times_keep_their_offset_and_naive_times_are_utc() -> None:
    data = documented_body("BOOKING_CREATED")
    data["payload"]["startTime"] = "2025-10-02T15:00:00+05:30"
    data["payload"]["endTime"] = "2025-10-02T10:30:00"
    event = deliver(data)
    assert isinstance(event, webhooks.BookingEvent)
    assert event.start_time == dt.datetime(2025, 10, 2, 9, 30, tzinfo=UTC)
    assert event.start_time is not None and event.start_time.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert event.end_time == dt.datetime(2025, 10, 2, 10, 30, tzinfo=UTC)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)
payload_keys = st.sampled_from(
    [
        "uid",
        "bookingId",
        "startTime",
        "endTime",
        "organizer",
        "attendees",
        "metadata",
        "responses",
        "oooEntry",
        "downloadLinks",
        "participants",
        "eventType",
        "redirect",
        "language",
        "price",
        "createdAt",
        "id",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    trigger=st.sampled_from([*EXPECTED_CLASS, "UNKNOWN_TRIGGER"]),
    payload=st.dictionaries(payload_keys, json_values, max_size=8),
    wrap=st.booleans(),
)
def test_arbitrary_payloads_never_raise(trigger: str, payload: dict[str, Any], wrap: bool) -> None:
    data = wrapped(trigger, payload) if wrap else {"triggerEvent": trigger, **payload}
    event = deliver(data)
    assert isinstance(event, webhooks.WebhookEvent | webhooks.RawEvent)
    repr(event)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=256) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_bodies_never_raise(body: bytes) -> None:
    event = webhooks.parse(body, signed_headers(body), secret=SECRET)
    assert isinstance(event, webhooks.WebhookEvent | webhooks.RawEvent)
