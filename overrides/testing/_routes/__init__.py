"""FakeCal's routes, one module per API area; each exposes ``ROUTES``."""

from __future__ import annotations

from .._routing import Route
from . import bookings, event_types, me, platform, schedules, slots, webhooks


def all_routes() -> list[Route]:
    return [
        *bookings.ROUTES,
        *slots.ROUTES,
        *schedules.ROUTES,
        *event_types.ROUTES,
        *webhooks.ROUTES,
        *platform.ROUTES,
        *me.ROUTES,
    ]
