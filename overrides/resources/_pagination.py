"""Lists that are awaitable (the first page) and async-iterable (every item, page after page).

Cal.com has no cursors and paginates two ways:

* ``skip``/``take`` (``take`` 1-250): bookings answer with a ``pagination`` object whose
  ``hasNextPage`` says when to stop; every other list returns a bare array, so a page shorter than
  ``take`` is the last one.
* ``limit``/``offset`` on managed users, where the API rejects ``offset`` above 250. Iterating past
  that point would need a request the API refuses, so the paginator stops with
  ``PaginationLimitError`` before sending it instead of looping or silently truncating.

::

    page = await cal.bookings.list(status=["upcoming"])      # one request
    async for booking in cal.bookings.list(take=50):          # as many requests as needed
        ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from .._errors import PaginationLimitError
from .._response import APIResponse
from ._validation import CalValidationError, require_int

if TYPE_CHECKING:
    from cal_client.models.pagination_meta_dto import PaginationMetaDto

__all__ = ["MAX_OFFSET", "MAX_PAGE_SIZE", "AsyncPaginator", "Page", "PaginationLimitError", "single_page"]

T = TypeVar("T")

MAX_PAGE_SIZE = 250
"""Largest ``take``/``limit`` Cal.com accepts on the lists wrapped here."""
MAX_OFFSET = 250
"""Largest ``offset`` the managed-users list accepts."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, Cal.com's ``pagination`` metadata when sent, and the raw response."""

    items: list[T]
    position: int
    """The ``skip`` or ``offset`` this page was requested with."""
    size: int
    """The ``take`` or ``limit`` it was requested with."""
    pagination: PaginationMetaDto | None = None
    response: APIResponse[Any] | None = field(default=None, repr=False, compare=False)
    """The ``APIResponse`` of this page's request (status, headers, request id)."""

    @property
    def has_next_page(self) -> bool:
        if self.pagination is not None:
            return bool(self.pagination.has_next_page) and bool(self.items)
        return len(self.items) >= self.size > 0

    @property
    def next_position(self) -> int:
        return self.position + self.size

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __bool__(self) -> bool:
        return bool(self.items)

    if not TYPE_CHECKING:  # runtime-only, so type checkers still flag the mistake itself

        def __aiter__(self):
            raise TypeError(
                "this is one page (what `await` on a list returns): iterate it with `for item in page`, or drop "
                "the `await` to go through every page, e.g. `async for item in cal.bookings.list(...)`"
            )


FetchPage = Callable[[int, int], Awaitable[Page[T]]]
"""``fetch(position, size)``: request one page."""


class AsyncPaginator(Generic[T]):
    """``await`` it for the first page; ``async for`` it for every item; ``.pages()`` for page by page.

    Nothing is requested until it is awaited or iterated, and every iteration starts again from the
    first page.
    """

    def __init__(
        self,
        fetch: FetchPage[T],
        *,
        size: int,
        start: int = 0,
        max_position: int | None = None,
        what: str = "list",
    ) -> None:
        self._fetch = fetch
        self._size = size
        self._start = start
        self._max_position = max_position
        self._what = what

    def __await__(self) -> Generator[Any, None, Page[T]]:
        return self._fetch(self._start, self._size).__await__()

    async def pages(self) -> AsyncIterator[Page[T]]:
        position = self._start
        seen = 0
        while True:
            page = await self._fetch(position, self._size)
            yield page
            seen += len(page)
            if not page.has_next_page:
                return
            position = page.next_position
            if self._max_position is not None and position > self._max_position:
                raise PaginationLimitError(
                    f"{self._what}: the next page would need offset={position}, but the API caps offset at "
                    f"{self._max_position}; {seen} items were returned. Narrow the query (for example with a "
                    f"filter) to see the rest.",
                    offset=position,
                    items_seen=seen,
                )

    if not TYPE_CHECKING:  # runtime-only, so type checkers still flag the mistake itself

        def __iter__(self):
            raise TypeError(
                f"cal.{self._what}() is asynchronous: `async for item in cal.{self._what}(...)` goes through "
                f"every item, `page = await cal.{self._what}(...)` gets the first page"
            )

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def to_list(self) -> list[T]:
        """Every item across pages (subject to the same limits as iteration)."""
        return [item async for item in self]


def single_page(load: Callable[[], Awaitable[tuple[list[T], APIResponse[Any]]]], *, what: str) -> AsyncPaginator[T]:
    """A paginator over a list the API returns whole (no skip/take): one request, one page."""

    async def fetch(position: int, size: int) -> Page[T]:
        items, response = await load()
        return Page(items=items, position=0, size=0, response=response)

    return AsyncPaginator(fetch, size=0, what=what)


def check_page_size(value: object, *, name: str, maximum: int = MAX_PAGE_SIZE) -> int:
    size = require_int(value, name=name, minimum=1)
    if size > maximum:
        raise CalValidationError(f"{name} must be ≤ {maximum}, got {size}", argument=name)
    return size


def check_position(value: object, *, name: str, maximum: int | None = None) -> int:
    position = require_int(value, name=name, minimum=0)
    if maximum is not None and position > maximum:
        raise CalValidationError(f"{name} must be ≤ {maximum} (an API limit), got {position}", argument=name)
    return position
