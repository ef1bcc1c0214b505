"""Fuzz from reality: hypothesis mutates the real payloads of the corpus the ways Cal.com departs
from its spec (a required key dropped, a null, a value of another type, a str where a list
belongs, an unknown union tag, an extra field). Lenient parsing (what users get) never raises and
gives back exactly the JSON received; strict parsing (the project's tests) raises
``ResponseParseError`` naming the model and field path wherever lenient parsing had to keep raw JSON."""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_corpus import CASES, body_model, load

from cal_client import AsyncCal, ResponseParseError

PARSED = sorted(name for name in CASES if "call" in load(name) and "error" not in load(name))
KINDS = ["drop", "null", "wrong_type", "str_for_list", "unknown_tag", "extra"]


def _spots(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside ``value`` (below the envelope's own keys too)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, key))
            found.extend(_spots(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_spots(item, (*path, index)))
    return found


def _mutate(body: Any, spot: tuple[Any, ...], kind: str) -> Any:
    body = copy.deepcopy(body)
    parent = body
    for part in spot[:-1]:
        parent = parent[part]
    key = spot[-1]
    old = parent[key]
    if kind == "drop":
        del parent[key]
    elif kind == "null":
        parent[key] = None
    elif kind == "wrong_type":
        parent[key] = 12345 if isinstance(old, str) else "not-the-declared-type"
    elif kind == "str_for_list":
        parent[key] = "BOOKING_CREATED"
    elif kind == "unknown_tag":
        parent[key] = "a-kind-cal-com-adds-tomorrow" if key in ("type", "slug", "status") else old
    else:
        parent["xFutureField"] = {"nested": [1, "two"]}
    return body


async def _parse(case: dict[str, Any], body: Any, *, strict: bool) -> Any:
    module = importlib.import_module(case["call"]["module"])
    kwargs = dict(case["call"].get("kwargs", {}))
    if "body" in case["call"]:
        kwargs["body"] = body_model(module, case["call"]["body"])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(case["status"], json=body)

    async with AsyncCal(
        api_key="cal_test_fuzz", transport=httpx.MockTransport(handler), max_retries=0, strict_parsing=strict
    ) as cal:
        return await cal.call(module, **kwargs)


def _departed_anywhere(value: Any) -> bool:
    if isinstance(value, list):
        return any(_departed_anywhere(item) for item in value)
    if isinstance(value, dict):
        return any(_departed_anywhere(item) for item in value.values())
    if not hasattr(value, "__attrs_attrs__"):
        return False
    if getattr(value, "_departed", None):
        return True
    return any(_departed_anywhere(getattr(value, f.name)) for f in value.__attrs_attrs__ if not f.name.startswith("_"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_real_payloads_degrade_locally_and_strict_mode_names_the_field(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(PARSED), label="case")
    case = load(name)
    spots = _spots(case["body"])
    spot = data.draw(st.sampled_from(spots), label="spot")
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    body = _mutate(case["body"], spot, kind)
    if not isinstance(body, dict) or not isinstance(body.get("data", {}), dict | list | type(None)):
        pass
    lenient = asyncio.run(_parse(case, body, strict=False))
    # Lossless: to_dict() is exactly the JSON received, whatever departed.
    assert json.loads(json.dumps(lenient.to_dict())) == body
    try:
        asyncio.run(_parse(case, body, strict=True))
    except ResponseParseError as error:
        assert error.model and error.field_path, error
        assert error.field_path.startswith(type(lenient).__name__)
        return
    assert not _departed_anywhere(lenient), f"strict mode accepted what lenient mode kept raw ({spot}, {kind})"
