"""FakeCal answers with the shapes Cal.com's server sends (the corpus's facts), and the SDK reads
them strictly: seats and booking window off as ``{"disabled": true}``, default booking fields
without ``label``/``placeholder``."""

from __future__ import annotations

from cal_client.testing import FakeCal
from test_corpus import load

from cal_client import AsyncCal
from cal_client.models import Disabled20240614
from cal_client.types import Unset


async def test_fakecal_event_types_have_the_servers_shapes() -> None:
    fake = FakeCal()
    async with AsyncCal(
        fake.sandbox.api_key,
        base_url="http://fakecal.test",
        transport=fake.transport(),
        allow_insecure_http=True,
        strict_parsing=True,
    ) as cal:
        event_type = await cal.event_types.get(fake.sandbox.event_type_id)
        created = await cal.event_types.create(title="Chat", slug="chat", length_in_minutes=15)
    for parsed in (event_type, created):
        assert parsed is not None
        assert isinstance(parsed.seats, Disabled20240614) and parsed.seats.disabled is True
        assert isinstance(parsed.booking_window, Disabled20240614)
        defaults = [field for field in parsed.booking_fields if getattr(field, "is_default", False) is True]
        assert {field.slug for field in defaults} >= {"name", "email", "location", "title", "notes", "guests"}
        assert all(isinstance(field.label, Unset) for field in defaults)
    # The same facts as the corpus: each default field has the keys the server's transformer writes.
    corpus = {
        field["slug"]: set(field) for field in load("event_type_personal_seats_off")["body"]["data"]["bookingFields"]
    }
    sent = {field["slug"]: set(field) for field in event_type.to_dict()["bookingFields"]}
    assert sent == corpus
