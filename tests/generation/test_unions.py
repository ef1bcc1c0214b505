"""Every variant of every union of the locked spec parses to its own class.

The generated parser tries a union's alternatives in order and keeps the first that does not
raise. For each union in the normalised spec, each variant is sampled (required keys only, and
with every property) from its own schema, put where the union sits, parsed with the committed
``cal_client``, and must come back as that variant's class.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from generation_fixtures import SHARED
from generation_samples import UNKNOWN_STRING, resolve, sample, unions
from openapi_python_client.strings import PythonIdentifier

import cal_client.models as models
from cal_client import types as cal_types
from openapi.coverage import class_name
from openapi.normalise import SCHEMA_PREFIX, Normaliser

Json = dict[str, Any]
PROPERTY_UNION = re.compile(r"^/components/schemas/([^/]+)/properties/([^/]+)(/items)?$")
BODY_UNION = re.compile(r"^/paths/([^/]+)/(\w+)/requestBody/content/application~1json/schema$")
PARSE_ERRORS = (TypeError, ValueError, KeyError, AttributeError)

# Variants nothing in the spec tells apart; each entry says which class wins and why.
INDISTINGUISHABLE = {
    "RangeSlotsOutput_2024_09_04": (
        "SlotsOutput_2024_09_04",
        "both are {type: object, properties: {}} in the spec: the first alternative keeps the slots "
        "in additional_properties either way",
    ),
}

# Tagged unions in a list that is itself one alternative of a union (list | null): strict parsing
# reports the list field as a whole, the outer union having no alternative left.
LIST_IN_A_UNION = {
    "UnifiedCalendarEventOutput.locations": "locations is list[location] | null, so the list is one alternative",
}


def _normalised() -> Json | None:
    raw = SHARED.collection_spec()
    return None if raw is None else Normaliser(raw).run()


NORMALISED = _normalised()


def _variant_refs(node: Json) -> list[str]:
    alternatives = node.get("oneOf") or node.get("anyOf") or []
    return [alt["$ref"][len(SCHEMA_PREFIX) :] for alt in alternatives if "$ref" in alt]


def _cases() -> list[Any]:
    if NORMALISED is None:
        return [SHARED.unavailable_param()]
    cases = []
    for pointer, node in unions(NORMALISED):
        variants = _variant_refs(node)
        objects = [v for v in variants if resolve(NORMALISED, {"$ref": SCHEMA_PREFIX + v})[0].get("type") == "object"]
        if len(objects) < 2:
            continue
        where = pointer.split("/")[3] + "." + pointer.split("/")[5] if PROPERTY_UNION.match(pointer) else pointer
        for variant in objects:
            for optional in ("omit", "sample"):
                cases.append(pytest.param((pointer, variant, optional), id=f"{where}[{variant}]-{optional}"))
    return cases


def _model(schema_name: str) -> Any:
    return getattr(models, class_name(schema_name))


def _field(json_name: str) -> str:
    return str(PythonIdentifier(json_name, prefix="field_"))


def _pick_body(pointer: str, data: Json) -> str:
    """What a parser trying the body union in the normalised order picks (the generated
    unions' algorithm; request bodies are only ever built, never parsed, by generated code)."""
    assert NORMALISED is not None
    node = NORMALISED
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    for variant in _variant_refs(node):
        try:
            _model(variant).from_dict(data)
        except PARSE_ERRORS:
            continue
        return variant
    raise AssertionError("no variant accepts the body")


def _parse_in_place(pointer: str, value: Any) -> tuple[Any, Any]:
    """Put ``value`` where the union at ``pointer`` sits, parse the holder; (holder, parsed value)."""
    assert NORMALISED is not None
    match = PROPERTY_UNION.match(pointer)
    assert match, f"union at {pointer}: teach this test where it sits"
    holder_name, prop, items = match.groups()
    data = sample(NORMALISED, {"$ref": SCHEMA_PREFIX + holder_name}, examples=False)
    data[prop] = [value] if items else value
    holder = _model(holder_name).from_dict(data)
    parsed = getattr(holder, _field(prop))
    return holder, parsed[0] if items else parsed


@pytest.mark.parametrize("case", _cases())
def test_every_union_variant_parses_to_its_own_class(case: tuple[str, str, str]) -> None:
    assert NORMALISED is not None
    pointer, variant, optional = case
    value = sample(NORMALISED, {"$ref": SCHEMA_PREFIX + variant}, optional=optional, examples=False)
    expected, _reason = INDISTINGUISHABLE.get(variant, (variant, ""))
    if BODY_UNION.match(pointer):
        assert _pick_body(pointer, value) == expected
        return
    holder, parsed = _parse_in_place(pointer, value)
    assert type(parsed).__name__ == class_name(expected)
    assert type(holder).from_dict(holder.to_dict()) == holder


def _tagged_unions() -> list[Any]:
    if NORMALISED is None:
        return [SHARED.unavailable_param()]
    return [
        pytest.param((pointer, node["x-discriminator"]), id=pointer.split("/")[3] + "." + pointer.split("/")[5])
        for pointer, node in unions(NORMALISED)
        if "x-discriminator" in node and PROPERTY_UNION.match(pointer)
    ]


@pytest.mark.parametrize("case", _tagged_unions())
def test_a_variant_with_a_future_tag_is_kept_as_json_not_an_error(
    case: tuple[str, Json], lenient: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert NORMALISED is not None
    pointer, discriminator = case
    first = next(iter(discriminator["mapping"].values()))
    future = sample(NORMALISED, {"$ref": first}, examples=False)
    future[discriminator["propertyName"]] = UNKNOWN_STRING
    monkeypatch.setattr(cal_types, "_warned", set())
    caplog.set_level(logging.WARNING, logger="cal_client")
    holder, parsed = _parse_in_place(pointer, future)
    assert parsed == future
    assert type(holder).from_dict(holder.to_dict()) == holder
    # A variant added after this SDK was generated: forward compatibility, no warning for users.
    assert [r for r in caplog.records if r.name == "cal_client"] == []
    # Strict parsing (the project's tests) reports it at the union's tag, without the value.
    token = cal_types.STRICT_PARSING.set(True)
    try:
        with pytest.raises(cal_types.ParseDeparture) as caught:
            _parse_in_place(pointer, future)
    finally:
        cal_types.STRICT_PARSING.reset(token)
    error = caught.value
    holder_name, prop = PROPERTY_UNION.match(pointer).groups()[:2]  # type: ignore[union-attr]
    assert error.root == class_name(holder_name)
    if f"{holder_name}.{prop}" in LIST_IN_A_UNION:
        assert (error.path, error.kind) == (prop, "matches no union alternative")
    else:
        assert (error.path, error.kind) == (
            f"{prop}.{discriminator['propertyName']}",
            "a union member the spec does not list",
        )
    assert UNKNOWN_STRING not in str(error)


ATTENDEE = {"name": "Ann", "email": "ann@example.com", "timeZone": "Europe/Rome"}
CREATE = "/paths/~1v2~1bookings/post/requestBody/content/application~1json/schema"
RESCHEDULE = "/paths/~1v2~1bookings~1{bookingUid}~1reschedule/post/requestBody/content/application~1json/schema"
CANCEL = "/paths/~1v2~1bookings~1{bookingUid}~1cancel/post/requestBody/content/application~1json/schema"


@pytest.mark.skipif(NORMALISED is None, reason="needs Cal.com's spec snapshot in ../shared")
@pytest.mark.parametrize(
    ("pointer", "body", "variant"),
    [
        (CREATE, {"start": "2030-01-01T10:00:00Z", "attendee": ATTENDEE}, "CreateBookingInput_2024_08_13"),
        (CREATE, {"start": "x", "attendee": ATTENDEE, "recurrenceCount": 3}, "CreateRecurringBookingInput_2024_08_13"),
        (CREATE, {"start": "x", "attendee": ATTENDEE, "instant": True}, "CreateInstantBookingInput_2024_08_13"),
        (CREATE, {"start": "x", "attendee": ATTENDEE, "instant": False}, "CreateBookingInput_2024_08_13"),
        (RESCHEDULE, {"start": "x"}, "RescheduleBookingInput_2024_08_13"),
        (RESCHEDULE, {"start": "x", "seatUid": "s1"}, "RescheduleSeatedBookingInput_2024_08_13"),
        (CANCEL, {}, "CancelBookingInput_2024_08_13"),
        (CANCEL, {"cancellationReason": "ill"}, "CancelBookingInput_2024_08_13"),
        (CANCEL, {"seatUid": "s1"}, "CancelSeatedBookingInput_2024_08_13"),
    ],
)
def test_booking_bodies_are_told_apart_by_key_presence(pointer: str, body: Json, variant: str) -> None:
    assert _pick_body(pointer, body) == variant
    # What the SDK sends for a variant is the body it was built from.
    assert _model(variant).from_dict(body).to_dict() == body


def test_expected_indistinguishable_variants_say_why() -> None:
    for variant, (winner, reason) in INDISTINGUISHABLE.items():
        assert variant != winner and len(reason) > 40
