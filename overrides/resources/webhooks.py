"""``cal.webhooks``: webhook subscriptions, for the user and for the scopes the API has.

::

    hook = await cal.webhooks.create(
        subscriber_url="https://example.com/cal", triggers=["BOOKING_CREATED", "BOOKING_CANCELLED"], secret=s
    )
    await cal.webhooks.for_event_type(42).create(subscriber_url=..., triggers=["MEETING_ENDED"])
    await cal.webhooks.for_oauth_client().list()        # platform: the PlatformClient's own client id
    await cal.webhooks.for_organization(7).get(hook_id)

Every scope has ``create``, ``get``, ``list``, ``update`` and ``delete``; the event-type and
OAuth-client scopes also have ``delete_all``. Triggers are checked against Cal.com's list before
sending; a trigger newer than this SDK can still be sent with ``extra_body={"triggers": [...]}``.
To verify deliveries, see ``cal_client.webhooks``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from cal_client.api.event_types_webhooks import (
    create_event_type_webhook,
    delete_all_event_type_webhooks,
    delete_event_type_webhook,
    get_event_type_webhook,
    get_event_type_webhooks,
    update_event_type_webhook,
)
from cal_client.api.orgs_webhooks import (
    create_organization_webhook,
    get_all_organization_webhooks,
    get_organization_webhook,
    update_org_webhook,
)
from cal_client.api.orgs_webhooks import delete_webhook as delete_organization_webhook
from cal_client.api.platform_webhooks import (
    create_o_auth_client_webhook,
    delete_all_o_auth_client_webhooks,
    delete_o_auth_client_webhook,
    get_o_auth_client_webhook,
    get_o_auth_client_webhooks,
    update_o_auth_client_webhook,
)
from cal_client.api.webhooks import create_webhook, delete_webhook, get_webhook, get_webhooks, update_webhook
from cal_client.models.create_webhook_input_dto import CreateWebhookInputDto
from cal_client.models.create_webhook_input_dto_triggers_item import CreateWebhookInputDtoTriggersItem
from cal_client.models.event_type_webhook_output_dto import EventTypeWebhookOutputDto
from cal_client.models.o_auth_client_webhook_output_dto import OAuthClientWebhookOutputDto
from cal_client.models.team_webhook_output_dto import TeamWebhookOutputDto
from cal_client.models.update_webhook_input_dto import UpdateWebhookInputDto
from cal_client.models.user_webhook_output_dto import UserWebhookOutputDto

from .._response import Endpoint
from ._base import RawView, Resource, raw_twin
from ._models import or_unset, with_extra
from ._pagination import AsyncPaginator, Page, check_page_size, check_position
from ._validation import (
    CalValidationError,
    optional_bool,
    optional_str,
    require_bool,
    require_int,
    require_mapping,
    require_path_segment,
    require_str,
)

if TYPE_CHECKING:
    from .._client import AsyncCal

__all__ = ["WEBHOOK_TRIGGERS", "EventTypeWebhooks", "OAuthClientWebhooks", "OrganizationWebhooks", "Webhooks"]

W = TypeVar("W")

WEBHOOK_TRIGGERS: frozenset[str] = frozenset(member.value for member in CreateWebhookInputDtoTriggersItem)
"""Every trigger Cal.com accepts (``BOOKING_CREATED``, ``MEETING_ENDED`` ...)."""


@dataclass(frozen=True)
class _Routes:
    """The generated endpoints of one webhook scope."""

    create: Endpoint[Any]
    get: Endpoint[Any]
    list: Endpoint[Any]
    update: Endpoint[Any]
    delete: Endpoint[Any]


class _WebhookScope(Resource, Generic[W]):
    """create/get/list/update/delete over one owner's ``.../webhooks`` routes."""

    _routes: ClassVar[_Routes]
    _what: ClassVar[str]

    def _scope(self) -> dict[str, Any]:
        """The path parameters naming the owner (none for the user's own webhooks)."""
        return {}

    async def create(
        self,
        *,
        subscriber_url: str,
        triggers: Sequence[str],
        active: bool = True,
        payload_template: str | None = None,
        secret: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> W:
        """Subscribe ``subscriber_url`` to ``triggers``. Set a ``secret`` to get signed deliveries."""
        from cal_client.models.create_webhook_input_dto_triggers_item import CreateWebhookInputDtoTriggersItem

        body = CreateWebhookInputDto(
            subscriber_url=_url(subscriber_url),
            triggers=[CreateWebhookInputDtoTriggersItem(name) for name in _triggers(triggers)],
            active=require_bool(active, name="active"),
            payload_template=or_unset(optional_str(payload_template, name="payload_template")),
            secret=or_unset(optional_str(secret, name="secret")),
        )
        extra = None if extra_body is None else require_mapping(extra_body, name="extra_body")
        envelope = await self._call(self._routes.create, **self._scope(), body=with_extra(body, extra))
        data: W = envelope.data
        return data

    async def get(self, webhook_id: str) -> W:
        envelope = await self._call(self._routes.get, **self._scope(), webhook_id=_webhook_id(webhook_id))
        data: W = envelope.data
        return data

    def list(self, *, take: int = 250, skip: int = 0) -> AsyncPaginator[W]:
        """The webhooks, ``take`` per page (≤ 250); await for the first page, ``async for`` for all."""
        size = check_page_size(take, name="take")
        first = check_position(skip, name="skip")
        scope = self._scope()

        async def fetch(position: int, page_size: int) -> Page[W]:
            response = await self._call_raw(self._routes.list, **scope, take=page_size, skip=position)
            return Page(items=list(response.parsed.data), position=position, size=page_size, response=response)

        return AsyncPaginator(fetch, size=size, start=first, what=f"{self._what}.list")

    async def update(
        self,
        webhook_id: str,
        *,
        subscriber_url: str | None = None,
        triggers: Sequence[str] | None = None,
        active: bool | None = None,
        payload_template: str | None = None,
        secret: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> W:
        """Change the given fields of a webhook."""
        from cal_client.models.update_webhook_input_dto_triggers_item import UpdateWebhookInputDtoTriggersItem

        segment = _webhook_id(webhook_id)
        body = UpdateWebhookInputDto(
            subscriber_url=or_unset(None if subscriber_url is None else _url(subscriber_url)),
            triggers=or_unset(
                None if triggers is None else [UpdateWebhookInputDtoTriggersItem(t) for t in _triggers(triggers)]
            ),
            active=or_unset(optional_bool(active, name="active")),
            payload_template=or_unset(optional_str(payload_template, name="payload_template")),
            secret=or_unset(optional_str(secret, name="secret")),
        )
        extra = None if extra_body is None else require_mapping(extra_body, name="extra_body")
        body = with_extra(body, extra)
        if not body.to_dict():
            raise CalValidationError("nothing to update: pass at least one field", argument="webhook_id")
        envelope = await self._call(self._routes.update, **self._scope(), webhook_id=segment, body=body)
        data: W = envelope.data
        return data

    async def delete(self, webhook_id: str) -> W:
        """Delete a webhook; returns it as it was."""
        envelope = await self._call(self._routes.delete, **self._scope(), webhook_id=_webhook_id(webhook_id))
        data: W = envelope.data
        return data


class Webhooks(_WebhookScope[UserWebhookOutputDto]):
    """The authenticated user's webhooks (``/v2/webhooks``), and the other scopes through ``for_*``."""

    _routes: ClassVar[_Routes] = _Routes(
        create=create_webhook,
        get=get_webhook,
        list=get_webhooks,
        update=update_webhook,
        delete=delete_webhook,
    )
    _what = "webhooks"

    @cached_property
    def with_raw_response(self) -> WebhooksWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return WebhooksWithRawResponse(self)

    def for_event_type(self, event_type_id: int) -> EventTypeWebhooks:
        """Webhooks of one event type (``/v2/event-types/{id}/webhooks``)."""
        return EventTypeWebhooks(self._client, require_int(event_type_id, name="event_type_id", minimum=1))

    def for_oauth_client(self, client_id: str | None = None) -> OAuthClientWebhooks:
        """Webhooks of a platform OAuth client; ``client_id`` defaults to the ``PlatformClient`` auth's."""
        if client_id is None:
            client_id = getattr(self._client.auth, "client_id", None)
            if client_id is None:
                raise CalValidationError(
                    "pass client_id=... (or authenticate with PlatformClient(client_id, secret_key))",
                    argument="client_id",
                )
        return OAuthClientWebhooks(self._client, require_path_segment(client_id, name="client_id"))

    def for_organization(self, org_id: int) -> OrganizationWebhooks:
        """Webhooks of an organisation (``/v2/organizations/{id}/webhooks``)."""
        return OrganizationWebhooks(self._client, require_int(org_id, name="org_id", minimum=1))


class EventTypeWebhooks(_WebhookScope[EventTypeWebhookOutputDto]):
    _routes: ClassVar[_Routes] = _Routes(
        create=create_event_type_webhook,
        get=get_event_type_webhook,
        list=get_event_type_webhooks,
        update=update_event_type_webhook,
        delete=delete_event_type_webhook,
    )
    _what = "event type webhooks"

    @cached_property
    def with_raw_response(self) -> EventTypeWebhooksWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return EventTypeWebhooksWithRawResponse(self)

    def __init__(self, client: AsyncCal, event_type_id: int) -> None:
        super().__init__(client)
        self.event_type_id = event_type_id

    def _scope(self) -> dict[str, Any]:
        return {"event_type_id": self.event_type_id}

    async def delete_all(self) -> str:
        """Delete every webhook of the event type; returns Cal.com's summary message."""
        envelope = await self._call(delete_all_event_type_webhooks, **self._scope())
        return envelope.data


class OAuthClientWebhooks(_WebhookScope[OAuthClientWebhookOutputDto]):
    _routes: ClassVar[_Routes] = _Routes(
        create=create_o_auth_client_webhook,
        get=get_o_auth_client_webhook,
        list=get_o_auth_client_webhooks,
        update=update_o_auth_client_webhook,
        delete=delete_o_auth_client_webhook,
    )
    _what = "OAuth client webhooks"

    @cached_property
    def with_raw_response(self) -> OAuthClientWebhooksWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return OAuthClientWebhooksWithRawResponse(self)

    def __init__(self, client: AsyncCal, client_id: str) -> None:
        super().__init__(client)
        self.client_id = client_id

    def _scope(self) -> dict[str, Any]:
        return {"client_id": self.client_id}

    async def delete_all(self) -> str:
        """Delete every webhook of the OAuth client; returns Cal.com's summary message."""
        envelope = await self._call(delete_all_o_auth_client_webhooks, **self._scope())
        return envelope.data


class OrganizationWebhooks(_WebhookScope[TeamWebhookOutputDto]):
    _routes: ClassVar[_Routes] = _Routes(
        create=create_organization_webhook,
        get=get_organization_webhook,
        list=get_all_organization_webhooks,
        update=update_org_webhook,
        delete=delete_organization_webhook,
    )
    _what = "organization webhooks"

    @cached_property
    def with_raw_response(self) -> OrganizationWebhooksWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return OrganizationWebhooksWithRawResponse(self)

    def __init__(self, client: AsyncCal, org_id: int) -> None:
        super().__init__(client)
        self.org_id = org_id

    def _scope(self) -> dict[str, Any]:
        return {"org_id": self.org_id}


def _url(value: object) -> str:
    url = require_str(value, name="subscriber_url")
    if not url.startswith(("https://", "http://")):
        raise CalValidationError(f"subscriber_url must be an http(s) URL, got {url!r}", argument="subscriber_url")
    return url


def _webhook_id(value: object) -> str:
    return require_path_segment(value, name="webhook_id")


def _triggers(value: object) -> list[str]:
    # One str, bytes or mapping would be iterated into characters, byte values or keys.
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Sequence):
        raise CalValidationError(
            f"triggers must be a list such as ['BOOKING_CREATED'], not {type(value).__name__}", argument="triggers"
        )
    if not value:
        raise CalValidationError("triggers must name at least one trigger", argument="triggers")
    names: list[str] = []
    for item in value:
        name = str(getattr(item, "value", item))
        if name not in WEBHOOK_TRIGGERS:
            close = difflib.get_close_matches(name.upper(), sorted(WEBHOOK_TRIGGERS), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(WEBHOOK_TRIGGERS))}"
            raise CalValidationError(f"unknown webhook trigger {name!r}{hint}", argument="triggers")
        names.append(name)
    return names


class WebhooksWithRawResponse(RawView[Webhooks], of=Webhooks):
    """``cal.webhooks`` methods returning ``RawResponse``; ``list`` pages carry ``.response`` already."""

    create = raw_twin(Webhooks.create)
    get = raw_twin(Webhooks.get)
    update = raw_twin(Webhooks.update)
    delete = raw_twin(Webhooks.delete)


class EventTypeWebhooksWithRawResponse(RawView[EventTypeWebhooks], of=EventTypeWebhooks):
    """``cal.webhooks.for_event_type(id)`` methods returning ``RawResponse``."""

    create = raw_twin(EventTypeWebhooks.create)
    get = raw_twin(EventTypeWebhooks.get)
    update = raw_twin(EventTypeWebhooks.update)
    delete = raw_twin(EventTypeWebhooks.delete)
    delete_all = raw_twin(EventTypeWebhooks.delete_all)


class OAuthClientWebhooksWithRawResponse(RawView[OAuthClientWebhooks], of=OAuthClientWebhooks):
    """``cal.webhooks.for_oauth_client(...)`` methods returning ``RawResponse``."""

    create = raw_twin(OAuthClientWebhooks.create)
    get = raw_twin(OAuthClientWebhooks.get)
    update = raw_twin(OAuthClientWebhooks.update)
    delete = raw_twin(OAuthClientWebhooks.delete)
    delete_all = raw_twin(OAuthClientWebhooks.delete_all)


class OrganizationWebhooksWithRawResponse(RawView[OrganizationWebhooks], of=OrganizationWebhooks):
    """``cal.webhooks.for_organization(id)`` methods returning ``RawResponse``."""

    create = raw_twin(OrganizationWebhooks.create)
    get = raw_twin(OrganizationWebhooks.get)
    update = raw_twin(OrganizationWebhooks.update)
    delete = raw_twin(OrganizationWebhooks.delete)
