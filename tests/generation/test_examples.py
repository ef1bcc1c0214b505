"""Every response example of the locked spec parses with the committed client, as users and as
the project's own tests parse.

The example of an operation is what a static mock serves for its 2xx schema: the spec's own
``example`` values, assembled from the RAW spec, so the spec's defects are in it (the normalised
spec that generates the client corrects them with ``openapi/patches.json``). It goes through the
endpoint module's real ``_parse_response`` twice:

* lenient (what users get): never an exception; the result is the class of the response schema,
  ``to_dict()`` gives back the example (lossless), every object sits in the class its schema names
  except where the table below says why not, and each departure is logged once, naming model,
  field and kind;
* strict (the project's tests): an example that departs from the generated models raises,
  naming the model and the field path, and the departures are exactly the table below, so a new
  one fails this test instead of reaching a user.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from generation_fixtures import SHARED
from generation_models import json_differences, misplaced
from generation_samples import operations, sample, success_schema

import cal_client.models as models
from cal_client import types as cal_types
from cal_client.client import Client
from openapi.coverage import _snake_tag, class_name
from openapi.normalise import SCHEMA_PREFIX

Json = dict[str, Any]


@dataclass(frozen=True)
class Departure:
    """Where the RAW example of one operation departs from the generated (patched) models."""

    model: str  # the innermost model strict parsing names
    field_path: str  # from the response's own model, as ResponseParseError.field_path says it
    kind: str
    why: str
    # What lenient parsing logs, once each: (model, field, kind). Empty where the departure is a
    # value the SDK keeps on purpose without a warning (an enum value or a union variant added
    # after it was generated: forward compatibility, not a defect of the response).
    warnings: frozenset[tuple[str, str, str]] = frozenset()
    # JSON objects lenient parsing keeps as plain dicts, or models it fills with undeclared keys.
    misplaced: tuple[str, ...] = ()


ATTRIBUTES = Departure(
    "attributes_item",
    "{output}.data.attributes.type",
    "a union member the spec does not list",
    "the raw spec's example follows the unpatched schema: it gives attribute variants no `type` value "
    "(TextAttribute's is the literal 'text' in Cal.com's DTO), so the example carries the placeholder "
    "'string', an attribute kind this SDK does not know; users get it kept as its JSON object",
    misplaced=("$.data.attributes[0]",),
)
ROUTING = Departure(
    "CreateRoutingFormResponseOutputData",
    "CreateRoutingFormResponseOutput.data.routing",
    "matches no union alternative",
    "the raw spec's example of `routing` is the whole response data ({eventTypeId, routing: {...}}), not a "
    "Routing (which requires teamMemberIds); patches.json corrects the example in the normalised spec",
    warnings=frozenset({("Routing", "teamMemberIds", "missing required key")}),
    misplaced=("$.data.routing",),
)
BOOKING_WINDOW = (
    "the raw spec's example follows the unpatched schema: it declares bookingWindow an array of windows, "
    "where Cal.com sends one window object or {disabled: true} (patches.json, from "
    "transformers/internal-to-api/future-booking-limits.ts)"
)
ROUTING_FORM_ACTION = Departure(
    "RoutingFormWorkflowStepOutputDto",
    "GetRoutingFormWorkflowOutput.data.steps.action",
    "invalid value",
    "the raw spec's example of a routing-form workflow step's action is 'email_host', which its own enum "
    "leaves out: Cal.com allows routing-form steps only FORM_ALLOWED_STEP_ACTIONS (workflow-step.input.ts); "
    "users get the value kept in the open enum",
)
RESERVED_SLOT_FIELDS = ("eventTypeId", "slotStart", "slotEnd", "slotDuration", "reservationUid", "reservationUntil")


PEOPLE = (
    "the raw spec's example follows the unpatched schema: it lists an event type's users (a team event "
    "type's hosts) as strings, where Cal.com sends objects (patches.json, from "
    "output-event-types.service.ts transformUsers and organizations/event-types/services/output.service.ts); "
    "strict parsing meets that first, lenient parsing keeps the list as sent. " + BOOKING_WINDOW
)


def _event_type(output: str, model: str, people: str = "users", person: str = "EventTypeUser20240614") -> Departure:
    return Departure(
        person,
        f"{output}.data.{people}",
        "not a JSON object",
        PEOPLE,
        warnings=frozenset(
            {(model, people, "not a JSON object"), (model, "bookingWindow", "matches no union alternative")}
        ),
    )


def _team_event_type(output: str) -> Departure:
    return _event_type(output, "TeamEventTypeOutput20240614", "hosts", "TeamEventTypeResponseHost20240614")


ORG_TEAM = "/v2/organizations/{orgId}/teams/{teamId}"
# "METHOD path" -> the one departure strict parsing reports (the first it meets) and what lenient
# parsing does about every departure of that example.
EXPECTED_DEPARTURES: dict[str, Departure] = {
    **{
        key: Departure(
            ATTRIBUTES.model,
            ATTRIBUTES.field_path.format(output=output),
            ATTRIBUTES.kind,
            ATTRIBUTES.why,
            misplaced=ATTRIBUTES.misplaced,
        )
        for key, output in [
            ("GET /v2/organizations/{orgId}/memberships", "GetAllOrgMemberships"),
            ("POST /v2/organizations/{orgId}/memberships", "CreateOrgMembershipOutput"),
            ("GET /v2/organizations/{orgId}/memberships/{membershipId}", "GetOrgMembership"),
            ("DELETE /v2/organizations/{orgId}/memberships/{membershipId}", "DeleteOrgMembership"),
            ("PATCH /v2/organizations/{orgId}/memberships/{membershipId}", "UpdateOrgMembership"),
        ]
    },
    "POST /v2/organizations/{orgId}/routing-forms/{routingFormId}/responses": ROUTING,
    f"POST {ORG_TEAM}/routing-forms/{{routingFormId}}/responses": ROUTING,
    f"GET {ORG_TEAM}/event-types": _team_event_type("GetTeamEventTypesOutput"),
    f"POST {ORG_TEAM}/event-types": _team_event_type("CreateTeamEventTypeOutput"),
    f"GET {ORG_TEAM}/event-types/{{eventTypeId}}": _team_event_type("GetTeamEventTypeOutput"),
    f"PATCH {ORG_TEAM}/event-types/{{eventTypeId}}": _team_event_type("UpdateTeamEventTypeOutput"),
    "GET /v2/organizations/{orgId}/teams/event-types": _team_event_type("GetTeamEventTypesOutput"),
    "GET /v2/teams/{teamId}/event-types": _team_event_type("GetTeamEventTypesOutput"),
    "POST /v2/teams/{teamId}/event-types": _team_event_type("CreateTeamEventTypeOutput"),
    "GET /v2/teams/{teamId}/event-types/{eventTypeId}": _team_event_type("GetTeamEventTypeOutput"),
    "PATCH /v2/teams/{teamId}/event-types/{eventTypeId}": _team_event_type("UpdateTeamEventTypeOutput"),
    "GET /v2/event-types": _event_type("GetEventTypesOutput20240614", "EventTypeOutput20240614"),
    "POST /v2/event-types": _event_type("CreateEventTypeOutput20240614", "EventTypeOutput20240614"),
    "GET /v2/event-types/{eventTypeId}": _event_type("GetEventTypeOutput20240614", "EventTypeOutput20240614"),
    "PATCH /v2/event-types/{eventTypeId}": _event_type("UpdateEventTypeOutput20240614", "EventTypeOutput20240614"),
    f"GET {ORG_TEAM}/workflows/routing-form": Departure(
        ROUTING_FORM_ACTION.model,
        "GetRoutingFormWorkflowsOutput.data.steps.action",
        ROUTING_FORM_ACTION.kind,
        ROUTING_FORM_ACTION.why,
    ),
    f"POST {ORG_TEAM}/workflows/routing-form": ROUTING_FORM_ACTION,
    f"GET {ORG_TEAM}/workflows/{{workflowId}}/routing-form": ROUTING_FORM_ACTION,
    f"PATCH {ORG_TEAM}/workflows/{{workflowId}}/routing-form": ROUTING_FORM_ACTION,
    "GET /v2/slots/reservations/{uid}": Departure(
        "GetReservedSlotOutput20240904",
        "GetReservedSlotOutput20240904.data",
        "matches no union alternative",
        "the raw schema's data refers to itself (patches.json points it at ReserveSlotOutput), so its example is "
        "the self-reference cut to {}, which has none of the reservation's required keys",
        warnings=frozenset(
            ("GetReservedSlotData20240904", field, "missing required key") for field in RESERVED_SLOT_FIELDS
        ),
    ),
}


def _cases() -> list[Any]:
    raw: Json = SHARED.collection_spec()
    if raw is None:
        return [SHARED.unavailable_param()]
    cases = []
    for path, method, op in operations(raw):
        if success_schema(op):
            key = f"{method.upper()} {path}"
            cases.append(pytest.param((raw, path, method), id=key))
    return cases


def _example(case: tuple[Json, str, str], normalised: Json) -> tuple[str, Any, Any, httpx.Response, Json]:
    """(key, endpoint module, example, response, normalised operation) of one case."""
    raw, path, method = case
    status, schema = success_schema(raw["paths"][path][method]) or (0, {})
    example = sample(raw, schema)
    op = normalised["paths"][path][method]
    module = importlib.import_module(f"cal_client.api.{_snake_tag(op['tags'][0])}.{op['operationId']}")
    return f"{method.upper()} {path}", module, example, httpx.Response(status, json=example), op


CLIENT = Client(base_url="https://api.cal.com")


@pytest.mark.parametrize("case", _cases())
def test_response_example_parses_leniently_and_losslessly(
    case: tuple[Json, str, str],
    locked_normalised: Json,
    lenient: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key, module, example, response, op = _example(case, locked_normalised)
    expected = EXPECTED_DEPARTURES.get(key)
    # Warnings are once per process; start this case with none given, so its own are all seen.
    monkeypatch.setattr(cal_types, "_warned", set())
    caplog.set_level(logging.WARNING, logger="cal_client")

    parsed = module._parse_response(client=CLIENT, response=response)

    _status, normalised_schema = success_schema(op) or (0, {})
    ref = normalised_schema.get("$ref", "")
    if ref:
        assert type(parsed).__name__ == class_name(ref[len(SCHEMA_PREFIX) :])
    # Lossless: what comes out is the JSON that came in (date-times spelt as Cal.com spells them).
    assert json_differences(example, parsed.to_dict()) == []
    assert type(parsed).from_dict(parsed.to_dict()) == parsed
    found = [entry.split(":")[0] for entry in misplaced(parsed)]
    assert found == list(expected.misplaced if expected else ()), expected and expected.why

    warned = [record for record in caplog.records if record.name == "cal_client"]
    seen = [tuple(record.args) for record in warned if isinstance(record.args, tuple)]
    assert len(seen) == len(warned), [record.getMessage() for record in warned]
    # Once each, and exactly the departures the table explains.
    assert sorted(seen) == sorted(expected.warnings if expected else ()), [r.getMessage() for r in warned]
    for record in warned:
        assert record.levelno == logging.WARNING
        model, field, kind = record.args  # type: ignore[misc]
        assert f"{model}.{field}" in record.getMessage() and str(kind) in record.getMessage()


@pytest.mark.parametrize("case", _cases())
def test_strict_parsing_reports_exactly_the_expected_departures(
    case: tuple[Json, str, str], locked_normalised: Json, caplog: pytest.LogCaptureFixture
) -> None:
    key, module, _example_json, response, _op = _example(case, locked_normalised)
    expected = EXPECTED_DEPARTURES.get(key)
    caplog.set_level(logging.WARNING, logger="cal_client")
    token = cal_types.STRICT_PARSING.set(True)
    try:
        if expected is None:
            module._parse_response(client=CLIENT, response=response)
            return
        with pytest.raises(cal_types.ParseDeparture) as info:
            module._parse_response(client=CLIENT, response=response)
            pytest.fail(f"parsed strictly although {expected.why}")
    finally:
        cal_types.STRICT_PARSING.reset(token)
    error = info.value
    field_path = f"{error.root}.{error.path}" if error.path else error.root
    assert (error.model, field_path, error.kind) == (expected.model, expected.field_path, expected.kind), expected.why
    assert field_path in str(error)
    # Strict mode raises instead of warning.
    assert [r for r in caplog.records if r.name == "cal_client"] == []


def test_the_normalised_spec_carries_a_parseable_routing_example(locked_normalised: Json) -> None:
    example = sample(locked_normalised, {"$ref": SCHEMA_PREFIX + "CreateRoutingFormResponseOutputData"})
    parsed = models.CreateRoutingFormResponseOutputData.from_dict(example)
    assert isinstance(parsed.routing, models.Routing)


def test_every_expected_departure_is_still_an_operation_of_the_spec(locked_raw: Json) -> None:
    keys = {f"{method.upper()} {path}" for path, method, _op in operations(locked_raw)}
    assert set(EXPECTED_DEPARTURES) <= keys


def test_every_expected_departure_says_why() -> None:
    for key, departure in EXPECTED_DEPARTURES.items():
        assert len(departure.why) > 40, key
        assert departure.field_path.split(".")[0] and "{" not in departure.field_path, key
