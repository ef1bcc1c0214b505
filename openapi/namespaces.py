"""Typed namespaces over every generated operation: ``cal.api.<module>.<method>(...)``.

Written into the generated package (``cal_client/_namespaces/``) after openapi-python-client has
run, from two sources only: the normalised spec (which operation lives in which module, and the
registered method name in ``x-method``, kept for ever by ``openapi/names.py``) and the generated
modules themselves (``_get_kwargs``' parameters and ``_parse_response``'s return type, read with
``ast``), so a method's signature is exactly what the operation takes and cannot drift from it.

A method returns the envelope's ``data`` when the response model is Cal.com's ``{status, data}``
envelope, else the parsed model; a list read with ``skip``/``take`` returns the same
``AsyncPaginator`` as ``cal.bookings.list``. Nothing here imports a model at run time until its
namespace is first used: annotations are postponed and model imports sit under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_DIR = "_namespaces"
SKIPPED_PARAMS = frozenset({"cal_api_version"})  # the operation's own version is sent by default
IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
BUILTIN_NAMES = frozenset(dir(builtins))
# Annotation names that are not models, and where they come from.
KNOWN_IMPORTS = {
    "Any": "from typing import Any",
    "Unset": "from ..types import Unset",
    "File": "from ..types import File",
    "datetime": "import datetime",
}


class NamespaceError(RuntimeError):
    pass


@dataclass
class Param:
    name: str
    annotation: str
    default: str | None
    keyword_only: bool


@dataclass
class Method:
    module: str
    function: str
    name: str
    http: str
    path: str
    summary: str
    deprecated: bool
    params: list[Param]
    result: str  # what the method returns
    paginated_item: str | None  # item type when the method returns an AsyncPaginator
    envelope: bool


def class_name(module: str) -> str:
    return "".join(part.capitalize() for part in module.split("_")) + "Api"


def write_namespaces(spec: dict[str, Any], package: Path) -> int:
    """Write ``package/_namespaces``; returns how many methods it holds."""
    models = _model_index(package / "models")
    methods: dict[str, list[Method]] = {}
    for path, item in spec["paths"].items():
        for http, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            module, function = op["tags"][0], op["operationId"]
            source = package / "api" / module / f"{function}.py"
            if not source.is_file():
                raise NamespaceError(f"{http.upper()} {path}: generated module {source} is missing")
            methods.setdefault(module, []).append(
                _method(source, module, function, op.get("x-method") or function, http, path, op, models, package)
            )
    out = package / PACKAGE_DIR
    out.mkdir(exist_ok=True)
    for module, items in methods.items():
        items.sort(key=lambda m: m.name)
        names = [m.name for m in items]
        if len(set(names)) != len(names):
            raise NamespaceError(f"{module}: two operations share a method name ({names})")
        (out / f"{module}.py").write_text(_namespace_module(module, items, models))
    (out / "__init__.py").write_text(_root_module(sorted(methods)))
    return sum(len(items) for items in methods.values())


# -- reading the generated code ---------------------------------------------------------------


def _model_index(models: Path) -> dict[str, str]:
    """Model class name -> its module's name in ``cal_client/models``."""
    index: dict[str, str] = {}
    for path in sorted(models.glob("*.py")):
        if path.name == "__init__.py":
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef):
                index[node.name] = path.stem
    return index


def _function(tree: ast.Module, name: str) -> ast.FunctionDef:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise NamespaceError(f"no {name} in generated module")


def _params(fn: ast.FunctionDef) -> list[Param]:
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = [Param(a.arg, _unparse(a.annotation), _opt(d), False) for a, d in zip(positional, defaults, strict=True)]
    params += [
        Param(a.arg, _unparse(a.annotation), _opt(d), True)
        for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    return [p for p in params if not (p.name in SKIPPED_PARAMS and p.default is not None)]


def _unparse(node: ast.expr | None) -> str:
    if node is None:
        raise NamespaceError("a generated parameter has no annotation")
    return ast.unparse(node)


def _opt(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)


def _parsed_type(fn: ast.FunctionDef) -> str:
    returns = fn.returns
    if isinstance(returns, ast.BinOp) and isinstance(returns.right, ast.Constant) and returns.right.value is None:
        return ast.unparse(returns.left)
    raise NamespaceError(f"_parse_response returns {ast.unparse(returns) if returns else 'nothing'}, not 'X | None'")


def _data_field(model_file: Path, cls: str) -> str | None:
    """The ``data`` annotation of an envelope model (one with ``status`` and ``data``), else None."""
    for node in ast.parse(model_file.read_text()).body:
        if isinstance(node, ast.ClassDef) and node.name == cls:
            fields = {
                stmt.target.id: ast.unparse(stmt.annotation)
                for stmt in node.body
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
            }
            if "status" in fields and "data" in fields:
                return fields["data"]
    return None


def _method(
    source: Path,
    module: str,
    function: str,
    name: str,
    http: str,
    path: str,
    op: dict[str, Any],
    models: dict[str, str],
    package: Path,
) -> Method:
    tree = ast.parse(source.read_text())
    params = _params(_function(tree, "_get_kwargs"))
    parsed = _parsed_type(_function(tree, "_parse_response"))
    data = _data_field(package / "models" / f"{models[parsed]}.py", parsed) if parsed in models else None
    result = data if data is not None else parsed
    item = None
    names = {p.name for p in params}
    listed = re.fullmatch(r"list\[(.+)\]", result)
    if {"skip", "take"} <= names and listed:
        item = listed.group(1)
    summary = " ".join(str(op.get("summary") or function.replace("_", " ")).split())
    return Method(
        module=module,
        function=function,
        name=name,
        http=http.upper(),
        path=path,
        summary=summary,
        deprecated=op.get("deprecated") is True,
        params=params,
        result=result,
        paginated_item=item,
        envelope=data is not None,
    )


# -- writing ------------------------------------------------------------------------------------


def _imports_for(annotations: list[str], models: dict[str, str]) -> list[str]:
    lines: set[str] = set()
    for text in annotations:
        for word in IDENT.findall(text):
            if word in KNOWN_IMPORTS:
                lines.add(KNOWN_IMPORTS[word])
            elif word in models:
                lines.add(f"from ..models.{models[word]} import {word}")
            elif word not in BUILTIN_NAMES and word not in {"None"}:
                raise NamespaceError(f"cannot tell where {word!r} (in {text!r}) comes from")
    return sorted(lines)


def _signature(method: Method) -> str:
    parts = ["self"]
    star = False
    for p in method.params:
        if p.keyword_only and not star:
            parts.append("*")
            star = True
        default = f" = {p.default}" if p.default is not None else ""
        parts.append(f"{p.name}: {p.annotation}{default}")
    return ", ".join(parts)


def _arguments(method: Method, skip: tuple[str, ...] = ()) -> str:
    return ", ".join(f"{p.name}={p.name}" for p in method.params if p.name not in skip)


def _docstring(method: Method) -> str:
    text = method.summary.replace("\\", "\\\\").replace('"""', "'''")
    lines = [
        f"{text}.".replace("..", "."),
        "",
        f"``{method.http} {method.path}``; ``cal_client.api.{method.module}.{method.function}``.",
    ]
    if method.paginated_item:
        lines.append("Await it for the first page, ``async for`` it for every item (``skip``/``take`` page by page).")
    elif method.envelope:
        lines.append("Returns the envelope's ``data``.")
    if method.deprecated:
        lines.append("Deprecated by Cal.com: it still works and warns once (``DeprecationWarning``).")
    return "\n        ".join(['"""' + lines[0], *lines[1:], '"""'])


def _method_source(method: Method) -> list[str]:
    op = f"_op_{method.function}"
    if method.paginated_item:
        item = method.paginated_item
        return [
            f"    def {method.name}({_signature(method)}) -> AsyncPaginator[{item}]:",
            f"        {_docstring(method)}",
            "",
            f"        async def fetch(position: int, size: int) -> Page[{item}]:",
            f"            response = await self._cal.call_raw({op}, {_arguments(method, ('skip', 'take'))}"
            f"{', ' if len(method.params) > 2 else ''}skip=position, take=size)",
            "            return _page(response, response.parsed.data, position, size)",
            "",
            f"        return _paginate(fetch, skip, take, {method.module + '.' + method.name!r})",
            "",
        ]
    call = f"await self._cal.call({op}, {_arguments(method)})".replace(", )", ")")
    body = f"({call}).data" if method.envelope else call
    return [
        f"    async def {method.name}({_signature(method)}) -> {method.result}:",
        f"        {_docstring(method)}",
        f"        return {body}",
        "",
    ]


def _namespace_module(module: str, methods: list[Method], models: dict[str, str]) -> str:
    annotations = [p.annotation for m in methods for p in m.params] + [m.result for m in methods]
    typing_imports = _imports_for(annotations, models)
    runtime: set[str] = set()
    for m in methods:
        for p in m.params:
            words = set(IDENT.findall(re.sub(r"'[^']*'|\"[^\"]*\"", "", p.default or "")))
            for word in words - {"True", "False", "None"}:
                if word == "UNSET":
                    runtime.add("from ..types import UNSET")
                elif word in models:  # an enum member as default: needed when the method is defined
                    runtime.add(f"from ..models.{models[word]} import {word}")
                elif not any(p.default and f".{word}" in p.default for p in m.params):
                    raise NamespaceError(f"{m.module}.{m.function}: default of {p.name} needs {word!r}")
    typing_imports = [line for line in typing_imports if line not in runtime]
    paginated = any(m.paginated_item for m in methods)
    lines = [
        f'"""``cal.api.{module}``: one typed method per operation of ``cal_client.api.{module}``."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING",
        "",
        *[f"from ..api.{module} import {m.function} as _op_{m.function}" for m in methods],
        *sorted(runtime),
        f"from . import {'Namespace, _page, _paginate' if paginated else 'Namespace'}",
        "",
        "if TYPE_CHECKING:",
        *(["    from .. import AsyncPaginator, Page"] if paginated else []),
        *[f"    {line}" for line in typing_imports],
        "    pass" if not typing_imports and not paginated else "",
        "",
        "",
        f"class {class_name(module)}(Namespace):",
        f'    """Every operation of ``cal_client.api.{module}``, typed; reach it as ``cal.api.{module}``."""',
        "",
    ]
    for method in methods:
        lines += _method_source(method)
    return "\n".join(line for line in lines).rstrip() + "\n"


ROOT_HEAD = '''"""``cal.api``: a typed namespace per generated module, a typed method per operation.

``await cal.api.<module>.<method>(...)`` takes the operation's own arguments with their real types
(request bodies as the generated models) and returns the envelope's ``data``; lists read with
``skip``/``take`` return an ``AsyncPaginator``. Method names are kept for ever in
``openapi/names.json``. The handwritten namespaces (``cal.bookings``, ``cal.slots``, ...) add
validation and exactly-once creation on top and are the ones to prefer where they exist.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..types import Unset

if TYPE_CHECKING:
    from .. import APIResponse, AsyncCal, AsyncPaginator, Page
'''

ROOT_HELPERS = '''
T = TypeVar("T")
DEFAULT_PAGE_SIZE = 100


class Namespace:
    """Base of the generated namespaces: they call through the ``AsyncCal`` that holds them."""

    __slots__ = ("_cal",)

    def __init__(self, cal: AsyncCal) -> None:
        self._cal = cal


def _page(response: APIResponse[Any], items: list[T] | Unset, position: int, size: int) -> Page[T]:
    from .. import Page

    pagination = getattr(response.parsed, "pagination", None)
    if pagination is not None and not hasattr(pagination, "has_next_page"):
        pagination = None
    listed = [] if isinstance(items, Unset) else list(items)
    return Page(items=listed, position=position, size=size, pagination=pagination, response=response)


def _paginate(
    fetch: Callable[[int, int], Awaitable[Page[T]]], skip: int | Unset, take: int | Unset, what: str
) -> AsyncPaginator[T]:
    from .. import AsyncPaginator

    start = 0 if isinstance(skip, Unset) else skip
    size = DEFAULT_PAGE_SIZE if isinstance(take, Unset) else take
    return AsyncPaginator(fetch, size=size, start=start, what=what)
'''


def _root_module(modules: list[str]) -> str:
    lines = [ROOT_HEAD, "if TYPE_CHECKING:"]
    lines += [f"    from .{m} import {class_name(m)}" for m in modules]
    lines += [ROOT_HELPERS, "", "class Api:"]
    lines += [
        '    """One typed namespace per generated module (``cal.api.<module>``), loaded on first use."""',
        "",
        '    __slots__ = ("__dict__", "_cal")',
        "",
        "    def __init__(self, cal: AsyncCal) -> None:",
        "        self._cal = cal",
        "",
    ]
    for m in modules:
        lines += [
            "    @functools.cached_property",
            f"    def {m}(self) -> {class_name(m)}:",
            f"        from .{m} import {class_name(m)}",
            "",
            f"        return {class_name(m)}(self._cal)",
            "",
        ]
    lines += [
        "",
        "# module -> its namespace class name, for tools and tests.",
        "NAMESPACES: dict[str, str] = {",
        *[f"    {m!r}: {class_name(m)!r}," for m in modules],
        "}",
    ]
    return "\n".join(lines).rstrip() + "\n"
