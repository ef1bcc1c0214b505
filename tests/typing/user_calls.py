"""Correct user code: must pass ``mypy --strict`` with every ``assert_type`` holding."""

from __future__ import annotations

from typing import assert_type

from cal_client import AsyncCal, AsyncPaginator, Page
from cal_client.api.bookings import get_booking
from cal_client.api.webhooks import create_webhook
from cal_client.models.create_webhook_input_dto import CreateWebhookInputDto
from cal_client.models.create_webhook_input_dto_triggers_item import CreateWebhookInputDtoTriggersItem
from cal_client.models.get_booking_output_20240813 import GetBookingOutput20240813
from cal_client.models.me_output import MeOutput
from cal_client.models.user_webhook_output_dto import UserWebhookOutputDto
from cal_client.models.user_webhook_output_response_dto import UserWebhookOutputResponseDto


async def main(cal: AsyncCal) -> None:
    # cal.call with a generated module: the module's own arguments and result type.
    booking = await cal.call(get_booking, booking_uid="abc")
    assert_type(booking, GetBookingOutput20240813)
    body = CreateWebhookInputDto(
        active=True,
        subscriber_url="https://example.com/hook",
        triggers=[CreateWebhookInputDtoTriggersItem.BOOKING_CREATED],
    )
    created = await cal.call(create_webhook, body=body)
    assert_type(created, UserWebhookOutputResponseDto)
    raw = await cal.call_raw(get_booking, booking_uid="abc")
    assert_type(raw.parsed, GetBookingOutput20240813)

    # cal.api: a typed method per operation, returning the envelope's data.
    me = await cal.api.me.get_me()
    assert_type(me, MeOutput)
    hook = await cal.api.webhooks.create_webhook(body=body)
    assert_type(hook, UserWebhookOutputDto)
    hooks = cal.api.webhooks.get_webhooks(take=10)
    assert_type(hooks, AsyncPaginator[UserWebhookOutputDto])
    first = await hooks
    assert_type(first, Page[UserWebhookOutputDto])
    async for each in hooks:
        assert_type(each, UserWebhookOutputDto)
    same = await cal.api.orgs_teams_bookings.get_booking_references(1, 2, "uid")
    print(len(same), first.items, each.id)
