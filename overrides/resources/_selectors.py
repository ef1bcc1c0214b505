"""How a request names the event type: by id, by slug + owner, or (slots only) by a group of users.

Cal.com accepts exactly one of these per request and answers a mix (for example ``eventTypeId``
together with ``username``) with a 400, so the mix is rejected here, before any request.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validation import CalValidationError, optional_int, optional_str, require_str_list

__all__ = ["EventTypeSelector", "event_type_selector"]

_HELP = (
    "name the event type with event_type_id=..., or event_type_slug=... with username=... or team_slug=... "
    "(plus organization_slug=... inside an organisation)"
)


@dataclass(frozen=True)
class EventTypeSelector:
    """One valid way of naming the event type; the fields not used are None."""

    event_type_id: int | None = None
    event_type_slug: str | None = None
    username: str | None = None
    team_slug: str | None = None
    organization_slug: str | None = None
    usernames: str | None = None
    """Comma-separated, as Cal.com takes them (slots only)."""


def event_type_selector(
    *,
    event_type_id: object = None,
    event_type_slug: object = None,
    username: object = None,
    team_slug: object = None,
    organization_slug: object = None,
    usernames: object = None,
    allow_usernames: bool = False,
) -> EventTypeSelector:
    """The event type the arguments name, validated."""
    type_id = optional_int(event_type_id, name="event_type_id", minimum=1)
    slug = optional_str(event_type_slug, name="event_type_slug")
    user = optional_str(username, name="username")
    team = optional_str(team_slug, name="team_slug")
    org = optional_str(organization_slug, name="organization_slug")
    group: list[str] | None = None
    if usernames is not None:
        if not allow_usernames:
            raise CalValidationError(f"usernames is not accepted here; {_HELP}", argument="usernames")
        group = require_str_list(usernames, name="usernames")

    if type_id is not None:
        extra = [
            name
            for name, value in (
                ("event_type_slug", slug),
                ("username", user),
                ("team_slug", team),
                ("organization_slug", org),
                ("usernames", group),
            )
            if value is not None
        ]
        if extra:
            raise CalValidationError(
                f"event_type_id already names the event type; drop {', '.join(extra)} (Cal.com rejects the mix)",
                argument=extra[0],
            )
        return EventTypeSelector(event_type_id=type_id)

    if group is not None:
        if slug is not None or user is not None or team is not None:
            raise CalValidationError(
                "usernames selects a dynamic group event; it cannot be combined with event_type_slug, "
                "username or team_slug",
                argument="usernames",
            )
        if len(group) < 2:
            raise CalValidationError("usernames needs at least two users for a dynamic event", argument="usernames")
        if org is None:
            raise CalValidationError("usernames needs organization_slug=...", argument="organization_slug")
        return EventTypeSelector(usernames=",".join(group), organization_slug=org)

    if slug is None:
        raise CalValidationError(f"no event type given: {_HELP}", argument="event_type_id")
    if (user is None) == (team is None):
        raise CalValidationError(
            f"event_type_slug needs exactly one of username=... or team_slug=...; {_HELP}",
            argument="username" if user is None else "team_slug",
        )
    return EventTypeSelector(event_type_slug=slug, username=user, team_slug=team, organization_slug=org)
