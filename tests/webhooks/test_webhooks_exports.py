"""The public surface: ``from cal_client import webhooks`` and the names it promises."""

from __future__ import annotations

import importlib

import attrs

import cal_client
from cal_client import webhooks


def test_webhooks_is_reachable_from_the_package() -> None:
    assert webhooks is importlib.import_module("cal_client.webhooks")
    assert "webhooks" in dir(cal_client)
    assert cal_client.WebhookVerificationError is webhooks.WebhookVerificationError


def test_every_exported_name_exists_and_is_public() -> None:
    for name in webhooks.__all__:
        value = getattr(webhooks, name)
        module = getattr(value, "__module__", "")
        if isinstance(value, type) and issubclass(value, cal_client.CalError):
            assert module == "cal_client._errors", (name, module)  # every CalError lives in one module
        elif module:
            assert module.startswith("cal_client.webhooks"), (name, module)
    assert {"verify", "parse", "WebhookVerificationError", "TRIGGERS"} <= set(webhooks.__all__)


def test_every_event_class_is_exported_frozen_and_slotted() -> None:
    classes = {*webhooks.EVENT_CLASSES.values(), webhooks.UnknownEvent, webhooks.RawEvent, webhooks.WebhookEvent}
    for cls in classes:
        assert cls.__name__ in webhooks.__all__
        assert attrs.has(cls)
        assert cls.__setattr__ is not object.__setattr__  # frozen
        assert "__slots__" in cls.__dict__
