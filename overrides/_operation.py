"""The typed shape of a generated operation module, for ``AsyncCal.call``.

A generated ``cal_client.api.<module>.<operation>`` module is matched against ``Operation`` by
mypy and pyright like any object against a protocol, and ``ParamSpec`` captures its
``_get_kwargs`` parameters: ``await cal.call(get_booking, booking_uid="x")`` is checked keyword by
keyword and type by type, and its result has the type ``_parse_response`` returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ParamSpec, Protocol, TypeVar

import httpx

if TYPE_CHECKING:
    from cal_client.client import AuthenticatedClient, Client

__all__ = ["Operation"]

P = ParamSpec("P")
T_co = TypeVar("T_co", covariant=True)


class Operation(Protocol[P, T_co]):
    """A generated operation module: its arguments ``P`` and its parsed result ``T_co``."""

    __name__: str

    def _get_kwargs(self, *args: P.args, **kwargs: P.kwargs) -> dict[str, Any]: ...

    def _parse_response(self, *, client: AuthenticatedClient | Client, response: httpx.Response) -> T_co | None: ...
