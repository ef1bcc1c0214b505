"""``cal.calendars``: connected calendars, busy times, and which calendars are read or written.

::

    connections = await cal.calendars.connections()
    for calendar in connections.connected_calendars:
        ...
    busy = await cal.calendars.busy_times(
        credential_id=7, external_id="ada@example.com", time_zone="Europe/London",
        date_from=date(2025, 1, 6), date_to=date(2025, 1, 10),
    )
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from cal_client.api.calendars import (
    check,
    check_ics_feed,
    create_ics_feed,
    delete_calendar_credentials,
    get_busy_times,
    get_calendars,
    redirect,
    sync_credentials,
)
from cal_client.api.destination_calendars import update_destination_calendars
from cal_client.api.selected_calendars import add_selected_calendar, delete_selected_calendar
from cal_client.models.check_calendar import CheckCalendar
from cal_client.models.create_calendar_credentials_input import CreateCalendarCredentialsInput
from cal_client.models.create_ics_feed_input_dto import CreateIcsFeedInputDto
from cal_client.models.delete_calendar_credentials_calendar import DeleteCalendarCredentialsCalendar
from cal_client.models.delete_calendar_credentials_input_body_dto import DeleteCalendarCredentialsInputBodyDto
from cal_client.models.destination_calendars_input_body_dto import DestinationCalendarsInputBodyDto
from cal_client.models.destination_calendars_input_body_dto_integration import (
    DestinationCalendarsInputBodyDtoIntegration,
)
from cal_client.models.redirect_calendar import RedirectCalendar
from cal_client.models.selected_calendars_input_dto import SelectedCalendarsInputDto
from cal_client.models.sync_credentials_calendar import SyncCredentialsCalendar

from ._base import RawView, Resource, raw_twin
from ._models import or_unset
from ._time import TimeInput, format_day_or_time, validate_time_zone
from ._validation import (
    optional_str,
    require_bool,
    require_choice,
    require_int,
    require_str,
    require_str_list,
)

if TYPE_CHECKING:
    from cal_client.models.busy_times_output import BusyTimesOutput
    from cal_client.models.check_ics_feed_response_200 import CheckIcsFeedResponse200
    from cal_client.models.check_response_200 import CheckResponse200
    from cal_client.models.connected_calendars_data import ConnectedCalendarsData
    from cal_client.models.create_ics_feed_output import CreateIcsFeedOutput
    from cal_client.models.deleted_calendar_credentials_output_dto import DeletedCalendarCredentialsOutputDto
    from cal_client.models.destination_calendars_output_dto import DestinationCalendarsOutputDto
    from cal_client.models.redirect_response_200 import RedirectResponse200
    from cal_client.models.selected_calendar_output_dto import SelectedCalendarOutputDto

__all__ = ["Calendars"]

CalendarApp = Literal["google", "office365", "apple"]
OAuthCalendarApp = Literal["google", "office365"]
DestinationIntegration = Literal["google_calendar", "office365_calendar", "apple_calendar"]


class Calendars(Resource):
    """Calendar connections of the authenticated user (needs an API key or managed-user token)."""

    @cached_property
    def with_raw_response(self) -> CalendarsWithRawResponse:
        """The same methods, returning ``RawResponse`` (result plus status, headers, request id)."""
        return CalendarsWithRawResponse(self)

    async def connections(self) -> ConnectedCalendarsData:
        """Connected calendars (with the calendars inside each) and the destination calendar."""
        envelope = await self._call(get_calendars)
        return envelope.data

    async def busy_times(
        self,
        *,
        credential_id: int,
        external_id: str,
        time_zone: str,
        date_from: TimeInput | _dt.date | None = None,
        date_to: TimeInput | _dt.date | None = None,
    ) -> list[BusyTimesOutput]:
        """Busy periods of one connected calendar (``credential_id`` + ``external_id`` from ``connections()``).

        ``time_zone`` (IANA) is the zone the user sees; ``date_from``/``date_to`` are days or aware instants.
        Each result has aware ``start``/``end``.
        """
        query: dict[str, Any] = {
            "credential_id": require_int(credential_id, name="credential_id", minimum=1),
            "external_id": require_str(external_id, name="external_id"),
            "logged_in_users_tz": validate_time_zone(time_zone, name="time_zone"),
        }
        if date_from is not None:
            query["date_from"] = format_day_or_time(date_from, name="date_from")
        if date_to is not None:
            query["date_to"] = format_day_or_time(date_to, name="date_to")
        envelope = await self._call(get_busy_times, **query)
        return envelope.data

    async def check(self, calendar: CalendarApp) -> CheckResponse200:
        """Whether the user's ``google``/``office365``/``apple`` calendar connection works."""
        app = CheckCalendar(require_choice(calendar, name="calendar", choices=("google", "office365", "apple")))
        return await self._call(check, calendar=app)

    async def connect_url(self, calendar: OAuthCalendarApp, *, redirect_url: str | None = None) -> RedirectResponse200:
        """The OAuth URL that connects a ``google``/``office365`` calendar (``isDryRun=false``)."""
        app = RedirectCalendar(require_choice(calendar, name="calendar", choices=("google", "office365")))
        kwargs: dict[str, Any] = {"calendar": app, "is_dry_run": False}
        if (redir := optional_str(redirect_url, name="redirect_url")) is not None:
            kwargs["redir"] = redir
        return await self._call(redirect, **kwargs)

    async def save_apple_credentials(self, *, username: str, password: str) -> object:
        """Connect an Apple calendar with an app-specific password."""
        body = CreateCalendarCredentialsInput(
            username=require_str(username, name="username"), password=require_str(password, name="password")
        )
        return await self._call(sync_credentials, calendar=SyncCredentialsCalendar("apple"), body=body)

    async def disconnect(self, calendar: CalendarApp, *, credential_id: int) -> DeletedCalendarCredentialsOutputDto:
        """Remove a calendar connection (``credential_id`` from ``connections()``)."""
        app = DeleteCalendarCredentialsCalendar(
            require_choice(calendar, name="calendar", choices=("google", "office365", "apple"))
        )
        body = DeleteCalendarCredentialsInputBodyDto(id=require_int(credential_id, name="credential_id", minimum=1))
        envelope = await self._call(delete_calendar_credentials, calendar=app, body=body)
        return envelope.data

    async def check_ics_feed(self) -> CheckIcsFeedResponse200:
        """Whether the user's ICS feed connection works."""
        return await self._call(check_ics_feed)

    async def add_ics_feed(self, *, urls: Sequence[str], read_only: bool = True) -> CreateIcsFeedOutput:
        """Connect read-only ICS feeds by URL."""
        feeds = require_str_list(urls, name="urls")
        body = CreateIcsFeedInputDto(urls=feeds, read_only=require_bool(read_only, name="read_only"))
        envelope = await self._call(create_ics_feed, body=body)
        return envelope.data

    async def add_selected(
        self,
        *,
        integration: str,
        external_id: str,
        credential_id: int,
        delegation_credential_id: str | None = None,
    ) -> SelectedCalendarOutputDto:
        """Check this calendar for conflicts (``integration`` e.g. ``"google_calendar"``)."""
        body = SelectedCalendarsInputDto(
            integration=require_str(integration, name="integration"),
            external_id=require_str(external_id, name="external_id"),
            credential_id=require_int(credential_id, name="credential_id", minimum=1),
            delegation_credential_id=or_unset(optional_str(delegation_credential_id, name="delegation_credential_id")),
        )
        envelope = await self._call(add_selected_calendar, body=body)
        return envelope.data

    async def remove_selected(
        self,
        *,
        integration: str,
        external_id: str,
        credential_id: int,
        delegation_credential_id: str | None = None,
    ) -> SelectedCalendarOutputDto:
        """Stop checking this calendar for conflicts."""
        kwargs: dict[str, Any] = {
            "integration": require_str(integration, name="integration"),
            "external_id": require_str(external_id, name="external_id"),
            "credential_id": str(require_int(credential_id, name="credential_id", minimum=1)),
        }
        if (delegation := optional_str(delegation_credential_id, name="delegation_credential_id")) is not None:
            kwargs["delegation_credential_id"] = delegation
        envelope = await self._call(delete_selected_calendar, **kwargs)
        return envelope.data

    async def set_destination(
        self,
        *,
        integration: DestinationIntegration,
        external_id: str,
        delegation_credential_id: str | None = None,
    ) -> DestinationCalendarsOutputDto:
        """The calendar new bookings are written to."""
        body = DestinationCalendarsInputBodyDto(
            integration=DestinationCalendarsInputBodyDtoIntegration(
                require_choice(
                    integration,
                    name="integration",
                    choices=("google_calendar", "office365_calendar", "apple_calendar"),
                )
            ),
            external_id=require_str(external_id, name="external_id"),
            delegation_credential_id=or_unset(optional_str(delegation_credential_id, name="delegation_credential_id")),
        )
        envelope = await self._call(update_destination_calendars, body=body)
        return envelope.data


class CalendarsWithRawResponse(RawView[Calendars], of=Calendars):
    """``cal.calendars`` methods returning ``RawResponse``."""

    connections = raw_twin(Calendars.connections)
    busy_times = raw_twin(Calendars.busy_times)
    check = raw_twin(Calendars.check)
    connect_url = raw_twin(Calendars.connect_url)
    save_apple_credentials = raw_twin(Calendars.save_apple_credentials)
    disconnect = raw_twin(Calendars.disconnect)
    check_ics_feed = raw_twin(Calendars.check_ics_feed)
    add_ics_feed = raw_twin(Calendars.add_ics_feed)
    add_selected = raw_twin(Calendars.add_selected)
    remove_selected = raw_twin(Calendars.remove_selected)
    set_destination = raw_twin(Calendars.set_destination)
