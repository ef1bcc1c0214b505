"""What ``AsyncCal.call_raw`` returns, and the shape of a generated endpoint module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import httpx

if TYPE_CHECKING:
    from cal_client.client import AuthenticatedClient, Client

__all__ = ["APIResponse", "Endpoint"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Endpoint(Protocol[T_co]):
    """A generated ``cal_client.api.<tag>.<operation>`` module."""

    __name__: str

    def _get_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]: ...

    def _parse_response(self, *, client: AuthenticatedClient | Client, response: httpx.Response) -> T_co | None: ...


class APIResponse(Generic[T]):
    """A parsed response with the raw ``httpx.Response`` it came from."""

    __slots__ = ("http_response", "parsed")

    def __init__(self, parsed: T, http_response: httpx.Response) -> None:
        self.parsed = parsed
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.http_response.headers.get("x-request-id")
        return request_id

    def __repr__(self) -> str:
        return f"APIResponse(status_code={self.status_code}, parsed={type(self.parsed).__name__})"
