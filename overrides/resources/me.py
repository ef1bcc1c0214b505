"""``cal.me``: the authenticated user's profile.

::

    me = await cal.me.get()
    await cal.me.update(time_zone="Europe/Paris", week_start="Monday")
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from cal_client.api.me import get_me, update_me
from cal_client.models.update_managed_user_input import UpdateManagedUserInput

from ._base import RawView, Resource, raw_twin
from ._fields import Field, build_body
from ._validation import CalValidationError

if TYPE_CHECKING:
    from cal_client.models.me_output import MeOutput

__all__ = ["PROFILE_FIELDS", "Me", "TimeFormat", "WeekStart"]

TimeFormat = Literal[12, 24]
WeekStart = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

PROFILE_FIELDS: dict[str, Field] = {
    "email": Field("email", "email"),
    "name": Field("name", "str"),
    "time_format": Field("timeFormat", "choice", (12, 24)),
    "default_schedule_id": Field("defaultScheduleId", "int"),
    "week_start": Field(
        "weekStart", "choice", ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    ),
    "time_zone": Field("timeZone", "time_zone"),
    "locale": Field("locale", "str"),
    "avatar_url": Field("avatarUrl", "str"),
    "bio": Field("bio", "str"),
    "metadata": Field("metadata", "mapping"),
}
"""The profile fields ``me.update`` and the managed-user methods take (python name → API field)."""


class Me(Resource):
    """The user the credentials belong to."""

    @cached_property
    def with_raw_response(self) -> MeWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return MeWithRawResponse(self)

    async def get(self) -> MeOutput:
        envelope = await self._call(get_me)
        return envelope.data

    async def update(
        self,
        *,
        email: str | None = None,
        name: str | None = None,
        time_format: TimeFormat | None = None,
        default_schedule_id: int | None = None,
        week_start: WeekStart | None = None,
        time_zone: str | None = None,
        locale: str | None = None,
        avatar_url: str | None = None,
        bio: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> MeOutput:
        """Change the given profile fields (``time_zone`` is an IANA name)."""
        values = dict(locals())
        del values["self"]
        body = build_body(PROFILE_FIELDS, values)
        if not body:
            raise CalValidationError("nothing to update: pass at least one field", argument="name")
        envelope = await self._call(update_me, body=UpdateManagedUserInput.from_dict(body))
        return envelope.data


class MeWithRawResponse(RawView[Me], of=Me):
    """``cal.me`` methods returning ``RawResponse``."""

    get = raw_twin(Me.get)
    update = raw_twin(Me.update)
