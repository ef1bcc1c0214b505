"""What `from cal_client import AsyncCal` and one operation load: only the SDK's own small modules.

asyncio (~20 ms) waits until a call needs it; attrs (~20 ms), the generated client and the models
(attrs classes) until the first call or ``AsyncCal()``. Import time itself is measured in
benchmarks/, never asserted here; this pins the structure."""

from __future__ import annotations

import json
import subprocess
import sys

# Each is loaded by the first call that needs it, never by the import.
DEFERRED = (
    "asyncio",
    "attr",
    "attrs",
    "dateutil",
    "redis",
    "cal_client._namespaces",
    "cal_client.client",
    "cal_client.models",
    "cal_client.types",
)
IMPORT = "import cal_client; from cal_client import AsyncCal; from cal_client.api.bookings import create_booking"


def _loaded(code: str) -> list[str]:
    program = f"import sys, json; {code}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd="/")
    modules: list[str] = json.loads(out.stdout)
    return modules


def _deferred_in(modules: list[str]) -> list[str]:
    return [name for name in modules if any(name == d or name.startswith(d + ".") for d in DEFERRED)]


def test_importing_the_client_and_one_operation_loads_none_of_the_deferred_modules() -> None:
    assert _deferred_in(_loaded(IMPORT)) == []


def test_an_operation_with_optional_parameters_loads_unset_but_not_attrs_or_its_models() -> None:
    # get_bookings defaults its query parameters to UNSET, so cal_client.types loads with it.
    loaded = _deferred_in(_loaded(IMPORT + "; from cal_client.api.bookings import get_bookings"))
    assert loaded == ["cal_client.types"]


def test_the_deferred_modules_load_once_the_client_and_the_operation_are_used() -> None:
    # Proves the list above names modules the SDK really uses (a name nothing ever imports would
    # let the first test pass whatever the import did).
    used = set(
        _loaded(
            IMPORT + "; cal = AsyncCal(api_key='cal_test_benchmark0000000000000000'); "
            "create_booking._get_kwargs(body={'start': '2030-01-01T09:00:00Z'}); cal.api"
        )
    )
    for name in ("attr", "attrs", "cal_client.client", "cal_client._namespaces", "cal_client.types"):
        assert name in used, name
    assert "cal_client.models.create_booking_input_20240813" in used
