"""Prism's dynamic mock of the locked raw spec, every 2xx JSON response sampled N times, parsed by
the generated operation: exceptions in lenient mode (must be 0) and departures per model in
strict mode (the spec's own schemas, which the server and the models depart from).

    .venv/bin/python -m tests.corpus.prism_departures [--samples 20] [--json out.json]

Prism binds to 127.0.0.1 and is stopped by its PID; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from cal_client.client import Client
from cal_client.types import STRICT_PARSING, ParseDeparture
from openapi.coverage import _snake_tag
from openapi.lock import cache, locked_spec
from openapi.normalise import Normaliser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "generation"))
from generation_samples import sample  # noqa: E402

PRISM = ROOT / "node_modules" / ".bin" / "prism"


def _locked_raw() -> Path:
    """The locked spec's file: its source, or the sha-checked copy ``openapi.lock`` caches."""
    raw = locked_spec()
    source = Path(raw.source)
    return source if source.is_file() else cache(raw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _value(parameter: dict[str, Any]) -> str:
    """A value Prism's request validation accepts for a required parameter."""
    schema = parameter.get("schema") or {}
    for candidate in (
        parameter.get("example"),
        schema.get("default"),
        schema.get("example"),
        *(schema.get("enum") or [])[:1],
    ):
        if candidate is not None and not isinstance(candidate, dict | list):
            return str(candidate).lower() if isinstance(candidate, bool) else str(candidate)
    if parameter.get("name", "").lower() == "authorization":
        return "Bearer cal_test_prism"
    return "2030-01-01" if "date" in parameter.get("name", "").lower() else "1"


def _params(op: dict[str, Any]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {"path": {}, "query": {}, "header": {}}
    for parameter in op.get("parameters") or []:
        where = parameter.get("in")
        if where in found and (parameter.get("required") or where == "path"):
            found[where][parameter["name"]] = _value(parameter)
    return found


def _body(raw: dict[str, Any], op: dict[str, Any]) -> Any:
    """A JSON request body Prism's request validation accepts: the required keys, sampled from the raw schema."""
    schema = (((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get("schema")
    return None if schema is None else sample(raw, schema, optional="omit")


def _operations(
    normalised: dict[str, Any], raw: dict[str, Any]
) -> list[tuple[str, str, int, str, dict[str, dict[str, str]], Any]]:
    # Prism checks requests against the raw spec: its parameters (auth headers included) are used.
    found = []
    for path, item in normalised["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            for code, response in op["responses"].items():
                schema = ((response.get("content") or {}).get("application/json") or {}).get("schema")
                if code.startswith("2") and schema:
                    module = f"cal_client.api.{_snake_tag(op['tags'][0])}.{op['operationId']}"
                    raw_op = (raw["paths"].get(path) or {}).get(method) or op
                    found.append((method.upper(), path, int(code), module, _params(raw_op), _body(raw, raw_op)))
    return found


def _start_prism(raw_path: Path, port: int) -> subprocess.Popen[bytes]:
    command = [str(PRISM), "mock", "-d", "-h", "127.0.0.1", "-p", str(port), str(raw_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise SystemExit(f"Prism exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            if time.monotonic() > deadline:
                _stop(process)
                raise SystemExit("Prism did not listen within 60 s") from None
            time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _first_difference(out: Any, sent: Any, where: str = "$") -> str:
    """Where ``out`` first differs from ``sent`` (the JSON path and the two JSON types, never values)."""
    if isinstance(out, dict) and isinstance(sent, dict):
        for key in sorted(set(out) | set(sent)):
            if key not in out or key not in sent:
                return f"{where}.{key} {'missing' if key not in out else 'added'}"
            if out[key] != sent[key]:
                return _first_difference(out[key], sent[key], f"{where}.{key}")
    if isinstance(out, list) and isinstance(sent, list) and len(out) == len(sent):
        for index, (a, b) in enumerate(zip(out, sent, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}[{index}]")
    if isinstance(out, str) and isinstance(sent, str) and _instant(out) is not None and _instant(out) == _instant(sent):
        return f"{where}: a timestamp (the same instant)"
    return f"{where}: {type(sent).__name__} written back as {type(out).__name__}"


def _instant(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def run(samples: int) -> dict[str, Any]:
    raw_path = _locked_raw()
    raw = json.loads(raw_path.read_text())
    normalised = Normaliser(raw).run()  # works on its own copy
    operations = _operations(normalised, raw)
    port = _free_port()
    process = _start_prism(raw_path, port)
    restarts = 0
    client = Client(base_url="http://127.0.0.1", raise_on_unexpected_status=True)
    lenient_errors: list[str] = []
    lossy: list[str] = []
    # A timestamp written back in JavaScript's toISOString notation (what Cal.com sends), from
    # another notation of the same instant that Prism's faker chose.
    renotated: list[str] = []
    departures: collections.Counter[str] = collections.Counter()
    sampled = 0
    skipped: list[str] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) as http:
            for method, path, code, module_name, params, body in operations:
                module = importlib.import_module(module_name)
                path_values = params["path"]
                url = re.sub(r"{([^}]+)}", lambda m, v=path_values: v.get(m.group(1), "1"), path)
                for _ in range(samples):
                    try:
                        answer = http.request(
                            method,
                            url,
                            params=params["query"],
                            headers={**params["header"], "Prefer": f"code={code}"},
                            json=body,
                        )
                    except httpx.HTTPError as exc:
                        skipped.append(f"{method} {path}: {type(exc).__name__}")
                        if process.poll() is not None or isinstance(exc, httpx.TransportError):
                            # Some request bodies crash Prism: start a fresh one for the next operation.
                            _stop(process)
                            restarts += 1
                            if restarts > 20:
                                raise SystemExit("Prism crashed more than 20 times") from exc
                            process = _start_prism(raw_path, port)
                        break
                    if answer.status_code != code:
                        skipped.append(f"{method} {path}: Prism answered {answer.status_code}")
                        break
                    sampled += 1
                    token = STRICT_PARSING.set(False)
                    try:
                        parsed = module._parse_response(client=client, response=answer)
                        # Everything read (fields are read on first access) and written back.
                        if parsed is not None and parsed.to_dict() != answer.json():
                            difference = _first_difference(parsed.to_dict(), answer.json())
                            if difference.endswith("(the same instant)"):
                                renotated.append(f"{method} {path}: {difference}")
                            else:
                                lossy.append(f"{method} {path}: {difference}")
                    except Exception as exc:  # what users would meet as ResponseParseError
                        lenient_errors.append(f"{method} {path}: {type(exc).__name__}: {str(exc)[:200]}")
                    finally:
                        STRICT_PARSING.reset(token)
                    token = STRICT_PARSING.set(True)
                    try:
                        module._parse_response(client=client, response=answer)
                    except ParseDeparture as exc:
                        departures[f"{exc.model}.{exc.field} ({exc.kind})"] += 1
                    except Exception as exc:
                        departures[f"{module_name}: {type(exc).__name__}"] += 1
                    finally:
                        STRICT_PARSING.reset(token)
    finally:
        _stop(process)
    return {
        "spec": str(raw_path.name),
        "operations": len(operations),
        "samples_per_operation": samples,
        "responses_parsed": sampled,
        "lenient_exceptions": len(lenient_errors),
        "lenient_exception_examples": lenient_errors[:20],
        "lenient_not_lossless": len(lossy),
        "lenient_not_lossless_examples": sorted(set(lossy))[:20],
        "timestamps_renotated": len(renotated),
        "timestamps_renotated_operations": len({entry.split(":")[0] for entry in renotated}),
        "strict_departures_per_model_field": dict(departures.most_common()),
        "prism_restarts": restarts,
        "skipped": sorted(set(skipped)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    result = run(args.samples)
    text = json.dumps(result, indent=1)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)
    return 1 if result["lenient_exceptions"] or result["lenient_not_lossless"] else 0


if __name__ == "__main__":
    sys.exit(main())
