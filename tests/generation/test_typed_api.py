"""Every operation of the lock has a typed method on ``cal.api``, and every method calls its route.

The methods are generated (``openapi/namespaces.py``) under the names ``openapi/names.json``
records; here each one is called on an ``AsyncCal`` over ``httpx.MockTransport`` answering with a
sample of the operation's own success schema, and the request it sends must be the operation's
METHOD and path, and the result the envelope's ``data`` (or a page of it).
"""

from __future__ import annotations

import enum
import inspect
import re
import typing
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from generation_samples import operations, sample, success_schema

import cal_client._namespaces as namespaces
from cal_client import AsyncCal, AsyncPaginator, Page, ResponseParseError
from cal_client.types import STRICT_PARSING, UNSET, Unset
from openapi.names import NameRegistry, operation_key

REGISTRY = NameRegistry.load()
KEY = "cal_live_0123456789abcdef0123456789abcdef"


# Operations whose sample from the NORMALISED spec still departs from its own schema, so strict
# parsing refuses it: "METHOD path" -> (field path strict parsing names, why). Called here as users
# call them (lenient); when patches.json fixes the example, strict parsing passes and the case fails
# until its entry goes.
ROUTING_FORM_ACTION = (
    "the spec's example of RoutingFormWorkflowStepOutputDto.action is 'email_host', outside its own enum: "
    "routing-form steps allow only FORM_ALLOWED_STEP_ACTIONS (workflow-step.input.ts); patches.json does not "
    "correct the example yet"
)
SAMPLE_DEPARTURES: dict[str, tuple[str, str]] = {
    "GET /v2/organizations/{orgId}/teams/{teamId}/workflows/routing-form": (
        "GetRoutingFormWorkflowsOutput.data.steps.action",
        ROUTING_FORM_ACTION,
    ),
    **{
        key: ("GetRoutingFormWorkflowOutput.data.steps.action", ROUTING_FORM_ACTION)
        for key in (
            "POST /v2/organizations/{orgId}/teams/{teamId}/workflows/routing-form",
            "GET /v2/organizations/{orgId}/teams/{teamId}/workflows/{workflowId}/routing-form",
            "PATCH /v2/organizations/{orgId}/teams/{teamId}/workflows/{workflowId}/routing-form",
        )
    },
}


def _ops(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, method, op in operations(spec):
        yield operation_key(method, path), method, path, op


def _method_of(cal: AsyncCal, key: str) -> Any:
    entry = REGISTRY.operations[key]
    return getattr(getattr(cal.api, entry["module"]), entry["method"])


def test_every_operation_of_the_lock_has_a_registered_typed_method(locked_raw: dict[str, Any]) -> None:
    cal = AsyncCal(api_key=KEY, transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    keys = [key for key, *_ in _ops(locked_raw)]
    reachable = [key for key in keys if "method" in REGISTRY.operations.get(key, {}) and _method_of(cal, key)]
    print(f"operations of the lock reachable by typed method: {len(reachable)}/{len(keys)}")
    assert len(keys) > 200
    assert reachable == keys


def test_every_generated_method_is_an_operation_of_the_lock(locked_raw: dict[str, Any]) -> None:
    cal = AsyncCal(api_key=KEY, transport=httpx.MockTransport(lambda r: httpx.Response(500)))
    generated = set()
    for module in namespaces.NAMESPACES:
        namespace = getattr(cal.api, module)
        for name, _member in inspect.getmembers(type(namespace), inspect.isfunction):
            if not name.startswith("_"):
                generated.add((module, name))
    locked = {(REGISTRY.operations[key]["module"], REGISTRY.operations[key]["method"]) for key, *_ in _ops(locked_raw)}
    assert generated == locked


def _value(annotation: Any) -> Any:
    """A value of a required parameter's real type (path ids, required query, bodies)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None) and a is not Unset]
    if args and typing.get_origin(annotation) is not list:
        return _value(args[0])
    if typing.get_origin(annotation) is list:
        return [_value(typing.get_args(annotation)[0])]
    if annotation is int:
        return 7
    if annotation is float:
        return 1.5
    if annotation is bool:
        return True
    if annotation is str:
        return "abc"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    if isinstance(annotation, type) and hasattr(annotation, "from_dict"):
        return _Body()
    raise AssertionError(f"no sample for {annotation!r}")


class _Body(dict[str, Any]):
    """Stands in for a generated body model: the generated code sends ``to_dict()``."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


def _route(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


def _cases() -> list[Any]:
    from tests.conftest import collection_spec, unavailable_param

    spec = collection_spec()
    if spec is None:
        return [unavailable_param()]
    return [pytest.param(key, id=key) for key, *_ in _ops(spec)]


@pytest.mark.parametrize("key", _cases())
async def test_each_method_sends_its_operation_and_returns_typed_data(
    key: str, locked_normalised: dict[str, Any]
) -> None:
    method, path = key.split(" ", 1)
    op = locked_normalised["paths"][path][method.lower()]
    success = success_schema(op)
    no_content = min(int(code) for code in op["responses"] if code.startswith("2"))
    status, body = (success[0], sample(locked_normalised, success[1])) if success else (no_content, None)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, json=body) if body is not None else httpx.Response(status)

    entry = REGISTRY.operations[key]
    departure = SAMPLE_DEPARTURES.get(key)
    async with AsyncCal(api_key=KEY, transport=httpx.MockTransport(handler), strict_parsing=not departure) as cal:
        bound = _method_of(cal, key)
        generated = __import__(f"cal_client.api.{entry['module']}.{entry['function']}", fromlist=["_get_kwargs"])
        hints = typing.get_type_hints(generated._get_kwargs)
        signature = inspect.signature(bound)
        # The method takes exactly the operation's arguments (less the pinned API version).
        assert set(signature.parameters) == set(hints) - {"return", "cal_api_version"}
        required = {
            name: _value(hints[name])
            for name, parameter in signature.parameters.items()
            if parameter.default is inspect.Parameter.empty
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            outcome = bound(**required)
            result = await outcome
    assert len(sent) == 1
    assert sent[0].method == method
    assert _route(path).match(sent[0].url.path), (sent[0].url.path, path)
    envelope = isinstance(body, dict) and "status" in body and "data" in body
    if isinstance(outcome, AsyncPaginator):
        assert isinstance(result, Page)
        take = signature.parameters["take"].default
        assert sent[0].url.params.get("take") == str(100 if take is UNSET else take)
        assert sent[0].url.params.get("skip") == "0"
        assert len(result.items) == len(body["data"])
    elif envelope and result is not UNSET:
        token = STRICT_PARSING.set(not departure)
        try:
            parsed = generated._parse_response(
                client=cal._shared.parse_client, response=httpx.Response(status, json=body)
            )
        finally:
            STRICT_PARSING.reset(token)
        assert result == parsed.data
    if departure is not None:
        # Users got the data above; the project's own strict parsing names where it departs.
        field_path, why = departure
        async with AsyncCal(api_key=KEY, transport=httpx.MockTransport(handler), strict_parsing=True) as cal:
            with pytest.raises(ResponseParseError) as caught:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    await _method_of(cal, key)(**required)
                pytest.fail(f"strict parsing passed: remove {key} from SAMPLE_DEPARTURES ({why})")
        assert caught.value.field_path == field_path, why


def test_every_sample_departure_is_an_operation_of_the_lock(locked_raw: dict[str, Any]) -> None:
    assert set(SAMPLE_DEPARTURES) <= {key for key, *_ in _ops(locked_raw)}
