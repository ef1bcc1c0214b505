"""``cal.managed_users``: a platform OAuth client's managed users (``/v2/oauth-clients/{id}/users``).

Authenticate with ``PlatformClient(client_id, secret_key)``; ``client_id`` then defaults to its id.

::

    created = await cal.managed_users.create(email="ada@example.com", name="Ada", time_zone="Europe/London")
    store(created.user.id, created.access_token, created.refresh_token)
    async for user in cal.managed_users.list():
        ...

The list pages with ``limit``/``offset``, and Cal.com refuses an ``offset`` above 250: iterating
stops with ``PaginationLimitError`` before that request instead of looping; filter with ``emails``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cal_client.api.platform_managed_users import (
    create_user,
    delete_user,
    force_refresh,
    get_managed_users,
    get_user_by_id,
    update_user,
)
from cal_client.models.create_managed_user_input import CreateManagedUserInput
from cal_client.models.update_managed_user_input import UpdateManagedUserInput

from ._base import RawView, Resource, raw_twin
from ._fields import build_body
from ._pagination import MAX_OFFSET, AsyncPaginator, Page, check_page_size, check_position
from ._validation import (
    CalValidationError,
    require_email,
    require_int,
    require_path_segment,
    require_str,
    require_str_list,
)
from .me import PROFILE_FIELDS, TimeFormat, WeekStart

if TYPE_CHECKING:
    from cal_client.models.create_managed_user_data import CreateManagedUserData
    from cal_client.models.keys_dto import KeysDto
    from cal_client.models.managed_user_output import ManagedUserOutput

__all__ = ["ManagedUsers"]


class ManagedUsers(Resource):
    """Managed users of a platform OAuth client."""

    @cached_property
    def with_raw_response(self) -> ManagedUsersWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return ManagedUsersWithRawResponse(self)

    def _client_id(self, value: str | None) -> str:
        if value is None:
            value = getattr(self._client.auth, "client_id", None)
            if value is None:
                raise CalValidationError(
                    "pass client_id=... (or authenticate with PlatformClient(client_id, secret_key))",
                    argument="client_id",
                )
        return require_path_segment(value, name="client_id")

    def list(
        self,
        *,
        client_id: str | None = None,
        emails: Sequence[str] | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> AsyncPaginator[ManagedUserOutput]:
        """Managed users, ``limit`` per page (≤ 250), optionally only those with the given ``emails``."""
        owner = self._client_id(client_id)
        size = check_page_size(limit, name="limit")
        first = check_position(offset, name="offset", maximum=MAX_OFFSET)
        query: dict[str, Any] = {}
        if emails is not None:
            query["emails"] = require_str_list(emails, name="emails", email=True)

        async def fetch(position: int, page_size: int) -> Page[ManagedUserOutput]:
            response = await self._call_raw(
                get_managed_users, client_id=owner, limit=page_size, offset=position, **query
            )
            return Page(items=list(response.parsed.data), position=position, size=page_size, response=response)

        return AsyncPaginator(fetch, size=size, start=first, max_position=MAX_OFFSET, what="managed_users.list")

    async def get(self, user_id: int, *, client_id: str | None = None) -> ManagedUserOutput:
        envelope = await self._call(
            get_user_by_id,
            client_id=self._client_id(client_id),
            user_id=require_int(user_id, name="user_id", minimum=1),
        )
        return envelope.data

    async def create(
        self,
        *,
        email: str,
        name: str,
        client_id: str | None = None,
        time_zone: str | None = None,
        time_format: TimeFormat | None = None,
        week_start: WeekStart | None = None,
        locale: str | None = None,
        avatar_url: str | None = None,
        bio: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> CreateManagedUserData:
        """Create a managed user; returns the user with its first access and refresh tokens.

        Give a ``time_zone`` so Cal.com creates the default Monday-Friday 9-17 schedule; without
        one the user cannot be booked until a default schedule exists. Cal.com rewrites the
        e-mail to ``local+<clientId>@domain``.
        """
        owner = self._client_id(client_id)
        values = {
            "time_zone": time_zone,
            "time_format": time_format,
            "week_start": week_start,
            "locale": locale,
            "avatar_url": avatar_url,
            "bio": bio,
            "metadata": metadata,
        }
        body = {
            "email": require_email(email, name="email"),
            "name": require_str(name, name="name"),
            **build_body(PROFILE_FIELDS, values),
        }
        envelope = await self._call(create_user, client_id=owner, body=CreateManagedUserInput.from_dict(body))
        return envelope.data

    async def update(
        self,
        user_id: int,
        *,
        client_id: str | None = None,
        email: str | None = None,
        name: str | None = None,
        time_zone: str | None = None,
        time_format: TimeFormat | None = None,
        default_schedule_id: int | None = None,
        week_start: WeekStart | None = None,
        locale: str | None = None,
        avatar_url: str | None = None,
        bio: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> ManagedUserOutput:
        """Change the given fields of a managed user."""
        owner = self._client_id(client_id)
        user = require_int(user_id, name="user_id", minimum=1)
        values = {
            "email": email,
            "name": name,
            "time_zone": time_zone,
            "time_format": time_format,
            "default_schedule_id": default_schedule_id,
            "week_start": week_start,
            "locale": locale,
            "avatar_url": avatar_url,
            "bio": bio,
            "metadata": metadata,
        }
        body = build_body(PROFILE_FIELDS, values)
        if not body:
            raise CalValidationError("nothing to update: pass at least one field", argument="user_id")
        envelope = await self._call(
            update_user, client_id=owner, user_id=user, body=UpdateManagedUserInput.from_dict(body)
        )
        return envelope.data

    async def delete(self, user_id: int, *, client_id: str | None = None) -> ManagedUserOutput:
        envelope = await self._call(
            delete_user, client_id=self._client_id(client_id), user_id=require_int(user_id, name="user_id", minimum=1)
        )
        return envelope.data

    async def force_refresh(self, user_id: int, *, client_id: str | None = None) -> KeysDto:
        """Revoke the user's tokens and issue a new access/refresh pair."""
        envelope = await self._call(
            force_refresh, client_id=self._client_id(client_id), user_id=require_int(user_id, name="user_id", minimum=1)
        )
        return envelope.data


class ManagedUsersWithRawResponse(RawView[ManagedUsers], of=ManagedUsers):
    """``cal.managed_users`` methods returning ``RawResponse``; ``list`` pages carry ``.response`` already."""

    get = raw_twin(ManagedUsers.get)
    create = raw_twin(ManagedUsers.create)
    update = raw_twin(ManagedUsers.update)
    delete = raw_twin(ManagedUsers.delete)
    force_refresh = raw_twin(ManagedUsers.force_refresh)
