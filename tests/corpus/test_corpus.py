"""Real Cal.com payloads (assembled from Cal.com's server code; see manifest.json for the upstream
files of each) through the public API, in strict mode: each must parse to true types, or, for an
error body, raise the SDK's typed error. A case that departs from the generated models fails here
(naming the model and field) instead of degrading quietly for a user."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import importlib
import json
import types
import typing
from pathlib import Path
from typing import Any

import httpx
import pytest

import cal_client
from cal_client import AsyncCal, webhooks
from cal_client.types import Unset

CORPUS = Path(__file__).resolve().parent
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())
CASES = {entry["file"].split("/")[-1].removesuffix(".json"): entry for entry in MANIFEST["cases"]}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / CASES[name]["file"]).read_text())
    return data


def names(*, kind: str) -> list[str]:
    return sorted(name for name in CASES if kind in load(name))


def client(status: int, body: Any, seen: list[httpx.Request] | None = None, **kwargs: Any) -> AsyncCal:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, json=body)

    return AsyncCal(api_key="cal_test_corpus", transport=httpx.MockTransport(handler), max_retries=0, **kwargs)


def body_model(module: Any, body: dict[str, Any]) -> Any:
    """The generated request model for ``body`` (the first member of a body union that takes it)."""
    # Operations import their models on first call: load them, then the annotations resolve.
    getattr(module, "_load_models", lambda: None)()
    hint = typing.get_type_hints(module._get_kwargs)["body"]
    for candidate in typing.get_args(hint) or (hint,):
        if hasattr(candidate, "from_dict"):
            try:
                return candidate.from_dict(body)
            except (TypeError, ValueError, KeyError):
                continue
    raise AssertionError(f"no request model takes {body}")


class _Models(dict[str, Any]):
    """The generated models by name, loaded on first use (the package imports them lazily)."""

    def __missing__(self, name: str) -> Any:
        try:
            return getattr(importlib.import_module("cal_client.models"), name)
        except AttributeError:
            raise KeyError(name) from None


MODELS = _Models()


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the annotated type (the generated code casts list items and loose
    fields without checking them, so a departure there would otherwise pass unseen)."""
    if hint is Any or hint is object:
        return True
    if isinstance(hint, typing.TypeVar):
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, option) for option in typing.get_args(hint))
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin is list:
        (item,) = typing.get_args(hint) or (Any,)
        return isinstance(value, list) and all(conforms(element, item) for element in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def no_raw_json_left(value: Any, where: str = "") -> None:
    """True types all the way down: no field kept as the raw JSON of a departure, and every field
    of the type its annotation names."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            no_raw_json_left(item, f"{where}[{index}]")
        return
    if not hasattr(value, "to_dict"):
        return
    assert getattr(value, "_departed", None) is None, f"{type(value).__name__}{where} departs: {value._departed}"
    hints = typing.get_type_hints(type(value), localns=MODELS)
    for field in getattr(type(value), "__attrs_attrs__", ()):
        if field.name.startswith("_") or field.name == "additional_properties":
            continue
        attribute = getattr(value, field.name)
        assert conforms(attribute, hints.get(field.name, Any)), (
            f"{type(value).__name__}{where}.{field.name} is {attribute!r}, not {hints.get(field.name)}"
        )
        no_raw_json_left(attribute, f"{where}.{field.name}")


def assert_same_json(out: Any, sent: Any) -> None:
    assert json.loads(json.dumps(out)) == sent


@pytest.mark.parametrize("name", names(kind="call"))
async def test_a_real_payload_parses_strictly_through_cal_call(name: str) -> None:
    case = load(name)
    module = importlib.import_module(case["call"]["module"])
    kwargs = dict(case["call"].get("kwargs", {}))
    if "body" in case["call"]:
        kwargs["body"] = body_model(module, case["call"]["body"])
    async with client(case["status"], case["body"], strict_parsing=True) as cal:
        if "error" in case:
            error = getattr(cal_client, case["error"])
            with pytest.raises(error) as caught:
                await cal.call(module, **kwargs)
            assert caught.value.status_code == case["status"]
            # The envelope's code and message reach the typed error whatever the filter's shape.
            expect = case.get("expect", {})
            if expect.get("code") is not None:
                assert caught.value.code == expect["code"]
            if expect.get("message") is not None:
                assert caught.value.message == expect["message"]
            return
        envelope = await cal.call(module, **kwargs)
    no_raw_json_left(envelope)
    # Lossless: what comes back out is exactly the JSON received.
    assert_same_json(envelope.to_dict(), case["body"])


@pytest.mark.parametrize("name", names(kind="namespace"))
async def test_a_real_payload_parses_strictly_through_its_namespace(name: str) -> None:
    case = load(name)
    namespace, method = case["namespace"]["method"].split(".")
    async with client(case["status"], case["body"], strict_parsing=True) as cal:
        call = getattr(getattr(cal, namespace), method)(
            *case["namespace"].get("args", []), **case["namespace"].get("kwargs", {})
        )
        result = await call
    items = getattr(result, "items", result)
    no_raw_json_left(items)
    data = case["body"]["data"]
    if isinstance(items, list):
        assert [item.to_dict() for item in items] == data
    else:
        assert_same_json(items.to_dict(), data)


def test_the_corpus_covers_every_area_and_names_its_sources() -> None:
    areas = {entry["area"] for entry in MANIFEST["cases"]}
    assert areas >= {
        "bookings",
        "event_types",
        "slots",
        "schedules",
        "me",
        "webhooks",
        "calendars",
        "managed_users",
        "errors",
        "webhook_deliveries",
        "out_of_office",
    }
    for entry in MANIFEST["cases"]:
        assert (CORPUS / entry["file"]).is_file()
        for source in entry["upstream"]:
            assert source["repository"] and source["file"] and len(source["commit"]) == 40


# -- the facts users meet, named -----------------------------------------------------------------


async def _get(name: str) -> Any:
    case = load(name)
    module = importlib.import_module(case["call"]["module"])
    async with client(case["status"], case["body"], strict_parsing=True) as cal:
        return (await cal.call(module, **case["call"]["kwargs"])).data


async def test_a_booking_whose_event_type_was_deleted_has_event_type_none() -> None:
    booking = await _get("booking_deleted_event_type")
    assert booking.event_type is None and booking.uid == "dEl3t3dEvTyP3xxxxxxxxx"
    assert isinstance(booking.start, datetime.datetime) and booking.start.tzinfo is not None


async def test_an_instant_booking_awaiting_a_host_has_that_status() -> None:
    booking = await _get("booking_instant_awaiting_host")
    assert booking.status.value == "awaiting_host"
    # No user yet: Cal.com's placeholder host, whose id is the string "unknown" and has no time zone.
    (host,) = booking.hosts
    assert host.id == "unknown" and isinstance(host.time_zone, Unset)


async def test_seats_off_is_the_disabled_shape_and_default_fields_have_no_label() -> None:
    from cal_client.models import Disabled20240614, Seats20240614

    off = await _get("event_type_personal_seats_off")
    assert isinstance(off.seats, Disabled20240614) and off.seats.disabled is True
    assert all(isinstance(field.label, Unset) for field in off.booking_fields)
    on = await _get("event_type_personal_seats_on")
    assert isinstance(on.seats, Seats20240614) and on.seats.seats_per_time_slot == 4
    assert on.booking_fields[-1].label == "Topic"


async def test_a_booking_window_is_one_window_or_disabled() -> None:
    from cal_client.models import CalendarDaysWindow20240614, Disabled20240614, RangeWindow20240614

    listed = await _get("event_types_list")
    kinds = [type(event_type.booking_window) for event_type in listed]
    assert kinds[0] is CalendarDaysWindow20240614 and kinds[1] is RangeWindow20240614 and kinds[3] is Disabled20240614


# -- webhook deliveries, signed as Cal.com signs them --------------------------------------------


@pytest.mark.parametrize("name", names(kind="webhook"))
def test_a_real_webhook_delivery_verifies_and_parses(name: str) -> None:
    case = load(name)
    # JSON.stringify(body): no spaces, non-ASCII as is; the signature is over exactly those bytes.
    raw = json.dumps(case["body"], separators=(",", ":"), ensure_ascii=False).encode()
    secret = case["webhook"]["secret"]
    signature = (
        hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest() if secret is not None else "no-secret-provided"
    )
    headers = {"Content-Type": "application/json", "X-Cal-Signature-256": signature}
    event = webhooks.parse(raw, headers, secret=secret)
    assert event.trigger_event == case["webhook"]["trigger"]
    assert not isinstance(event, (webhooks.UnknownEvent, webhooks.RawEvent))
    assert event.raw == case["body"]
    if secret is not None:
        with pytest.raises(webhooks.WebhookVerificationError):
            webhooks.parse(raw + b" ", headers, secret=secret)
