"""``GET /v2/me``: who the credentials belong to (handy to probe an API key or a token)."""

from __future__ import annotations

from typing import Any

from .._routing import Call, Route, ok, route

Json = dict[str, Any]
ROUTES: list[Route] = []


@route(ROUTES, "GET", "/v2/me")
def get_me(call: Call) -> Json:
    user = call.user()
    return ok(
        {
            "id": user.id,
            "username": user.username,
            "email": user.email,
            "name": user.name,
            "bio": user.bio,
            "avatarUrl": user.avatar_url,
            "timeFormat": user.time_format or 12,
            "defaultScheduleId": user.default_schedule_id,
            "weekStart": user.week_start,
            "timeZone": user.time_zone,
            "organizationId": None,
        }
    )
