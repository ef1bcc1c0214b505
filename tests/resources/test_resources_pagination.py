"""Paginators: awaitable for the first page, async-iterable across pages, and the offset cap."""

from __future__ import annotations

import datetime as dt

import pytest
from cal_client.resources import CalValidationError, Page, PaginationLimitError
from cal_client.resources._pagination import AsyncPaginator
from resources_fake import ScriptedCal, booking_json

from cal_client import AsyncCal

NINE = dt.datetime(2050, 1, 3, 9, tzinfo=dt.UTC)


def seed_bookings(fake: ScriptedCal, count: int) -> None:
    for i in range(count):
        booking = booking_json(id=i + 1, uid=f"b{i:02d}", start=NINE + dt.timedelta(hours=i))
        fake.bookings[booking["uid"]] = booking


async def test_bookings_iterate_across_three_pages_by_pagination_metadata(cal: AsyncCal, fake: ScriptedCal) -> None:
    seed_bookings(fake, 25)
    uids = [booking.uid async for booking in cal.bookings.list(take=10)]
    assert uids == [f"b{i:02d}" for i in range(25)]
    pages = fake.of("GET", "/v2/bookings")
    assert [(seen.q("skip"), seen.q("take")) for seen in pages] == [("0", "10"), ("10", "10"), ("20", "10")]
    assert all(seen.version == "2024-08-13" for seen in pages)


async def test_awaiting_gives_only_the_first_page(cal: AsyncCal, fake: ScriptedCal) -> None:
    seed_bookings(fake, 25)
    page = await cal.bookings.list(take=10, skip=5)
    assert isinstance(page, Page)
    assert [b.uid for b in page] == [f"b{i:02d}" for i in range(5, 15)]
    assert page.pagination is not None and page.pagination.total_items == 25 and page.has_next_page
    assert page.response.request_id == "req-1"
    assert len(fake.requests) == 1


async def test_pages_stop_when_pagination_says_so_even_on_a_full_page(cal: AsyncCal, fake: ScriptedCal) -> None:
    seed_bookings(fake, 20)
    pages = [page async for page in cal.bookings.list(take=10).pages()]
    assert [len(page) for page in pages] == [10, 10]
    assert len(fake.requests) == 2  # hasNextPage=false on the 2nd page: no empty third request


async def test_bare_array_lists_stop_on_a_short_page(cal: AsyncCal, fake: ScriptedCal) -> None:
    for i in range(5):
        await cal.webhooks.create(subscriber_url=f"https://example.com/{i}", triggers=["BOOKING_CREATED"])
    fake.requests.clear()
    ids = [hook.id async for hook in cal.webhooks.list(take=2)]
    assert len(ids) == 5
    assert [(seen.q("take"), seen.q("skip")) for seen in fake.requests] == [("2", "0"), ("2", "2"), ("2", "4")]


async def test_bare_array_full_last_page_costs_one_empty_request(cal: AsyncCal, fake: ScriptedCal) -> None:
    for i in range(4):
        await cal.webhooks.create(subscriber_url=f"https://example.com/{i}", triggers=["BOOKING_CREATED"])
    fake.requests.clear()
    assert len(await cal.webhooks.list(take=2).to_list()) == 4
    assert [seen.q("skip") for seen in fake.requests] == ["0", "2", "4"]


async def test_managed_users_page_with_limit_offset(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.managed_users = 7
    users = [user.id async for user in cal.managed_users.list(client_id="client1", limit=3)]
    assert users == list(range(1, 8))
    assert [(seen.path, seen.q("limit"), seen.q("offset")) for seen in fake.requests] == [
        ("/v2/oauth-clients/client1/users", "3", "0"),
        ("/v2/oauth-clients/client1/users", "3", "3"),
        ("/v2/oauth-clients/client1/users", "3", "6"),
    ]


async def test_managed_users_offset_cap_stops_with_a_clear_error(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.managed_users = 1000
    seen: list[int] = []
    with pytest.raises(PaginationLimitError, match=r"offset=500.*caps offset at 250") as info:
        async for user in cal.managed_users.list(client_id="client1", limit=250):
            seen.append(user.id)
    assert seen == list(range(1, 501))  # offsets 0 and 250 are allowed; 500 is not requested
    assert [r.q("offset") for r in fake.requests] == ["0", "250"]
    assert (info.value.offset, info.value.items_seen) == (500, 500)


async def test_managed_users_small_pages_reach_the_cap_too(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.managed_users = 400
    with pytest.raises(PaginationLimitError):
        await cal.managed_users.list(client_id="client1", limit=100).to_list()
    assert [r.q("offset") for r in fake.requests] == ["0", "100", "200"]


async def test_managed_users_stop_cleanly_below_the_cap(cal: AsyncCal, fake: ScriptedCal) -> None:
    fake.managed_users = 300
    assert len(await cal.managed_users.list(client_id="client1", limit=250).to_list()) == 300


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"take": 251}, "take"), ({"take": 0}, "take"), ({"skip": -1}, "skip"), ({"take": "10"}, "take")],
)
async def test_page_parameters_are_checked_before_any_request(
    cal: AsyncCal, fake: ScriptedCal, kwargs: dict[str, object], argument: str
) -> None:
    with pytest.raises(CalValidationError) as info:
        cal.bookings.list(**kwargs)  # type: ignore[arg-type]
    assert info.value.argument == argument
    with pytest.raises(CalValidationError):
        cal.managed_users.list(client_id="c", offset=251)
    assert fake.requests == []


async def test_every_iteration_starts_again_from_the_first_page() -> None:
    calls: list[tuple[int, int]] = []

    async def fetch(position: int, size: int) -> Page[int]:
        calls.append((position, size))
        items = list(range(position, min(position + size, 5)))
        return Page(items=items, position=position, size=size)

    paginator = AsyncPaginator(fetch, size=2)
    assert [i async for i in paginator] == [0, 1, 2, 3, 4]
    assert [i async for i in paginator] == [0, 1, 2, 3, 4]
    assert calls == [(0, 2), (2, 2), (4, 2)] * 2


async def test_empty_page_with_has_next_page_does_not_loop() -> None:
    from cal_client.models.pagination_meta_dto import PaginationMetaDto

    meta = PaginationMetaDto(
        total_items=10,
        remaining_items=10,
        returned_items=0,
        items_per_page=5,
        current_page=0,
        total_pages=2,
        has_next_page=True,
        has_previous_page=False,
    )
    calls = 0

    async def fetch(position: int, size: int) -> Page[int]:
        nonlocal calls
        calls += 1
        return Page(items=[], position=position, size=size, pagination=meta)

    assert await AsyncPaginator(fetch, size=5).to_list() == []
    assert calls == 1


async def test_single_page_lists(cal: AsyncCal, fake: ScriptedCal) -> None:
    page = await cal.event_types.list()
    assert [et.id for et in page] == [42, 43] and not page.has_next_page
    assert [et.id async for et in cal.event_types.list()] == [42, 43]
    assert len(fake.requests) == 2
