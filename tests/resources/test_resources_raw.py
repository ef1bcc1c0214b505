"""``with_raw_response``: the same result, plus status, headers and request id, with no second call."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import importlib
import inspect

import pytest
from cal_client.resources import Attendee, CreatedBooking, RawResponse
from cal_client.resources._base import RawTwin, RawView, Resource, public_async_methods, raw_twin
from resources_fake import ScriptedCal

from cal_client import AsyncCal

ADA = Attendee(name="Ada", email="ada@example.com", time_zone="Europe/London")
NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


async def test_raw_create_carries_status_headers_and_request_id(cal: AsyncCal, fake: ScriptedCal) -> None:
    raw = await cal.bookings.with_raw_response.create(event_type_id=42, start=NINE, attendee=ADA)
    assert isinstance(raw, RawResponse) and isinstance(raw.data, CreatedBooking)
    assert raw.status_code == 201
    assert raw.request_id == "req-1" == raw.headers["x-request-id"]
    assert raw.http_response.request.url.path == "/v2/bookings"
    assert raw.parsed.data.uid == raw.data.uid  # the whole envelope is there too
    assert len(fake.requests) == 1


async def test_raw_keeps_every_response_of_a_multi_request_method(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.fail_next("POST", "/v2/bookings", "reset_after_send")
    raw = await cal.bookings.with_raw_response.create(event_type_id=42, start=NINE, attendee=ADA)
    assert raw.data.reconciled
    # The failed POST has no response; the listing that found the booking does.
    assert [r.http_response.request.url.path for r in raw.responses] == ["/v2/bookings"]
    assert raw.response.http_response.request.method == "GET"


async def test_raw_views_exist_on_every_namespace(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.slots = [NINE]
    slots = await cal.slots.with_raw_response.find(event_type_id=42, start=NINE, end=NINE)
    assert slots.status_code == 200 and slots.data.count == 1
    me = await cal.me.with_raw_response.get()
    assert me.data.username == "ada" and me.request_id is not None
    schedule = await cal.schedules.with_raw_response.get_default()
    assert schedule.data is None and schedule.status_code == 200
    event_type = await cal.event_types.with_raw_response.get(42)
    assert event_type.data is not None and event_type.data.id == 42
    hook = await cal.webhooks.with_raw_response.create(subscriber_url="https://e.com/x", triggers=["BOOKING_PAID"])
    assert hook.status_code == 201
    busy = await cal.calendars.with_raw_response.busy_times(credential_id=7, external_id="a", time_zone="UTC")
    assert len(busy.data) == 1


async def test_plain_calls_are_unaffected_and_concurrent_raw_calls_do_not_mix(cal: AsyncCal, fake: ScriptedCal) -> None:
    first, second, plain = await asyncio.gather(
        cal.bookings.with_raw_response.create(event_type_id=42, start=NINE, attendee=ADA),
        cal.bookings.with_raw_response.create(event_type_id=42, start=NINE + dt.timedelta(hours=1), attendee=ADA),
        cal.bookings.create(event_type_id=42, start=NINE + dt.timedelta(hours=2), attendee=ADA),
    )
    assert len(first.responses) == len(second.responses) == 1
    assert first.parsed.data.uid == first.data.uid and second.parsed.data.uid == second.data.uid
    assert first.data.uid != second.data.uid
    assert isinstance(plain, CreatedBooking)


async def test_list_pages_carry_their_response(cal: AsyncCal, fake: ScriptedCal) -> None:
    page = await cal.webhooks.list()
    assert page.response.status_code == 200 and page.response.request_id == "req-1"


def _named_in_module(cls: type, annotation: object) -> object:
    """What a string annotation of ``cls``'s module names (the namespace modules import their types lazily)."""
    return getattr(importlib.import_module(cls.__module__), annotation, None) if isinstance(annotation, str) else None


def _namespaces(cal: AsyncCal) -> dict[str, type[Resource]]:
    """Every handwritten namespace reachable from ``AsyncCal``: its properties, and what their methods return."""
    pending: list[tuple[str, type]] = [
        (f"cal.{name}", type(getattr(cal, name)))
        for name, attribute in vars(AsyncCal).items()
        if isinstance(attribute, functools.cached_property) and name != "api"  # cal.api: generated, no raw views
    ]
    found: dict[str, type[Resource]] = {}
    while pending:
        path, cls = pending.pop()
        assert issubclass(cls, Resource), path
        found[path] = cls
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            target = _named_in_module(cls, inspect.signature(member).return_annotation)
            if not name.startswith("_") and isinstance(target, type) and issubclass(target, Resource):
                pending.append((f"{path}.{name}(...)", target))
    return found


async def test_every_namespace_method_has_a_raw_twin(cal: AsyncCal) -> None:
    namespaces = _namespaces(cal)
    assert {"cal.bookings", "cal.webhooks.for_event_type(...)", "cal.webhooks.for_organization(...)"} <= set(namespaces)
    for path, cls in namespaces.items():
        view = _named_in_module(cls, inspect.signature(cls.with_raw_response.func).return_annotation)  # type: ignore[attr-defined]
        assert isinstance(view, type) and issubclass(view, RawView) and view.namespace is cls, path
        methods = public_async_methods(cls)
        assert methods, path
        twins = {name for name in dir(view) if isinstance(inspect.getattr_static(view, name), RawTwin)}
        assert twins == set(methods), path


def test_a_view_that_misses_a_method_is_refused_when_defined() -> None:
    from cal_client.resources.me import Me

    with pytest.raises(TypeError, match=r"missing \['update'\]"):

        class Partial(RawView[Me], of=Me):
            get = raw_twin(Me.get)

    with pytest.raises(TypeError, match="same name"):

        class Renamed(RawView[Me], of=Me):
            get = raw_twin(Me.get)
            change = raw_twin(Me.update)


async def test_scoped_webhooks_have_raw_views(cal: AsyncCal, fake: ScriptedCal) -> None:
    scoped = cal.webhooks.for_event_type(42).with_raw_response
    hook = await scoped.create(subscriber_url="https://example.com/et", triggers=["MEETING_ENDED"])
    assert isinstance(hook, RawResponse) and hook.status_code == 201
    assert hook.data.event_type_id == 42 and hook.parsed.data.id == hook.data.id
    assert hook.http_response.request.url.path == "/v2/event-types/42/webhooks"
    fetched = await scoped.get(hook.data.id)
    assert fetched.data.id == hook.data.id and fetched.request_id == "req-2"  # the fake numbers its answers
    deleted = await scoped.delete_all()
    assert deleted.data == "2 webhooks deleted" and deleted.http_response.request.method == "DELETE"
    organization = await cal.webhooks.for_organization(7).with_raw_response.create(
        subscriber_url="https://example.com/org", triggers=["BOOKING_CREATED"]
    )
    assert organization.http_response.request.url.path == "/v2/organizations/7/webhooks"
