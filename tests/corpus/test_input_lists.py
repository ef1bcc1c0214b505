"""Input never corrupts: a list-typed field given one str, bytes or mapping is refused with
``CalValidationError`` naming the field, in every generated model and in the namespaces, instead
of being sent as its characters, byte values or keys."""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from typing import Any

import httpx
import pytest

import cal_client.models
from cal_client import AsyncCal, Availability, CalValidationError

BARE = ["BOOKING_CREATED", b"BOOKING_CREATED", {"a": 1}]


def _list_fields() -> list[tuple[type, str, str]]:
    found = []
    for info in pkgutil.iter_modules(cal_client.models.__path__):
        module = importlib.import_module(f"cal_client.models.{info.name}")
        for cls in vars(module).values():
            if not (inspect.isclass(cls) and cls.__module__ == module.__name__ and hasattr(cls, "__attrs_attrs__")):
                continue
            for field in cls.__attrs_attrs__:
                if field.validator is not None and "list_field_validator" in getattr(
                    field.validator, "__qualname__", ""
                ):
                    found.append((cls, field.name, field.alias or field.name))
    return found


LIST_FIELDS = _list_fields()


def test_every_generated_list_field_has_the_check() -> None:
    # Over a hundred models have list fields; the check is the template's, so each has it.
    assert len(LIST_FIELDS) > 100
    names = {(cls.__name__, name) for cls, name, _ in LIST_FIELDS}
    assert ("CreateWebhookInputDto", "triggers") in names
    assert ("ScheduleAvailabilityInput20240611", "days") in names


@pytest.mark.parametrize("bare", BARE, ids=["str", "bytes", "mapping"])
def test_a_generated_model_refuses_a_bare_value_in_a_list_field_when_built(bare: Any) -> None:
    for cls, name, _alias in LIST_FIELDS:
        field = next(f for f in cls.__attrs_attrs__ if f.name == name)
        validator = field.validator
        with pytest.raises(CalValidationError) as caught:
            validator(None, field, bare)
        assert caught.value.argument is not None and caught.value.argument in str(caught.value)


def test_building_and_sending_a_model_with_a_bare_string_fails_naming_the_field(lenient: None) -> None:
    from cal_client.models import CreateWebhookInputDto, ScheduleAvailabilityInput20240611

    with pytest.raises(CalValidationError, match="triggers"):
        CreateWebhookInputDto(subscriber_url="https://x.example", active=True, triggers="BOOKING_CREATED")  # type: ignore[arg-type]
    window = ScheduleAvailabilityInput20240611(days=["Monday"], start_time="09:00", end_time="17:00")  # type: ignore[list-item]
    window.days = "Thursday"  # type: ignore[assignment]
    with pytest.raises(CalValidationError, match="days"):
        window.to_dict()
    # from_dict reads JSON: a str where a list belongs is kept whole (a departure, warned about),
    # never split into characters, and written back as it came.
    parsed = CreateWebhookInputDto.from_dict(
        {"subscriberUrl": "https://x.example", "active": True, "triggers": "BOOKING_CREATED"}
    )
    assert parsed.triggers == "BOOKING_CREATED"
    assert parsed.to_dict()["triggers"] == "BOOKING_CREATED"


def _cal(sent: list[httpx.Request]) -> AsyncCal:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    return AsyncCal(api_key="cal_test_lists", transport=httpx.MockTransport(handler), max_retries=0)


NOW = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize("bare", BARE, ids=["str", "bytes", "mapping"])
async def test_namespace_list_arguments_refuse_a_bare_value_before_sending(bare: Any) -> None:
    sent: list[httpx.Request] = []
    calls = {
        "triggers": lambda cal: cal.webhooks.create(subscriber_url="https://x.example", triggers=bare),
        "guests": lambda cal: cal.bookings.create(
            event_type_id=1,
            start=NOW,
            attendee={"name": "A", "email": "a@example.com", "time_zone": "UTC"},
            guests=bare,
        ),
        "event_type_ids": lambda cal: cal.bookings.list(event_type_ids=bare),
        "usernames": lambda cal: cal.slots.find(usernames=bare, organization_slug="o", start=NOW, end=NOW),
        "urls": lambda cal: cal.calendars.add_ics_feed(urls=bare),
        "availability": lambda cal: cal.schedules.create(
            name="n",
            time_zone="UTC",
            is_default=True,
            availability=[Availability(days=bare, start_time="09:00", end_time="17:00")],
        ),
    }
    async with _cal(sent) as cal:
        for name, call in calls.items():
            with pytest.raises(CalValidationError) as caught:
                await call(cal)
            assert caught.value.argument is not None
            assert name in (caught.value.argument + str(caught.value)), (name, caught.value)
    assert sent == []
