"""The handwritten layer of cal_client: auth, retries, rate limits, errors and resources.

Installed as ``cal_client.overrides``; its ``__all__`` is re-exported lazily by ``cal_client``.
"""

__all__: list[str] = []
