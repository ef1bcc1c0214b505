"""``cal.call`` with positional path arguments, as the typed signature (``ParamSpec``) allows."""

from __future__ import annotations

import httpx
import pytest
from runtime_helpers import make_cal, ok

from cal_client.api.bookings import get_booking
from cal_client.api.orgs_teams_bookings import get_booking_references


async def test_positional_arguments_fill_the_path_in_the_operations_order() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return ok([])

    async with make_cal(handler) as cal:
        await cal.call(get_booking_references, 1, 2, "uid-9")
        await cal.call(get_booking_references, 3, 4, booking_uid="uid-8")
    assert [r.url.path for r in sent] == [
        "/v2/organizations/1/teams/2/bookings/uid-9/references",
        "/v2/organizations/3/teams/4/bookings/uid-8/references",
    ]


async def test_too_many_or_repeated_arguments_are_refused_before_sending() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return ok({})

    async with make_cal(handler) as cal:
        with pytest.raises(TypeError, match=r"get_booking\(\) takes 1 positional arguments \(booking_uid\)"):
            await cal.call(get_booking, "a", "b")  # type: ignore[call-arg]
        with pytest.raises(TypeError, match="multiple values for booking_uid"):
            await cal.call(get_booking, "a", booking_uid="b")  # type: ignore[call-arg]
    assert sent == []
