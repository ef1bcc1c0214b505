"""From keyword arguments to the generated request models: ``None`` as ``UNSET``, and ``extra_body``.

A keyword argument left as ``None`` becomes ``UNSET``, which the model's ``to_dict()`` leaves out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

if TYPE_CHECKING:
    from cal_client.types import Unset

__all__ = ["or_unset", "present", "with_extra"]

M = TypeVar("M")


class _Model(Protocol):
    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self: ...


B = TypeVar("B", bound=_Model)


def or_unset(value: M | None) -> M | Unset:
    """``value``, or ``UNSET`` for None, so a model constructor leaves the field out of ``to_dict()``."""
    from cal_client.types import UNSET

    return UNSET if value is None else value


def present(value: M | Unset) -> M | None:
    """A model field's value, or None when it is ``UNSET``."""
    from cal_client.types import Unset

    return None if isinstance(value, Unset) else value


def with_extra(body: B, extra: Mapping[str, Any] | None) -> B:
    """``body`` with the caller's raw ``extra_body`` keys merged over its own (they win, as documented)."""
    if not extra:
        return body
    return type(body).from_dict({**body.to_dict(), **extra})
