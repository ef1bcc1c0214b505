"""Where the time goes, for a benchmark that misses its target: pyinstrument, summarised as numbers.

``hot_spots`` lists functions by inclusive time (time inside the function and everything it called)
and by self time, each as a share of the profiled run, so a finding reads
"``get_bookings_output_20240813.py:from_dict`` 96 % inclusive".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Frames of these files are the SDK's; everything else (httpx, asyncio, json) is shown as context.
SDK_PATHS = ("cal_client/", "overrides/")


def hot_spots(profiler: Any, top: int = 12, only_sdk: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Inclusive and self time per ``file:function`` from a stopped ``pyinstrument.Profiler``."""
    session = profiler.last_session
    root = session.root_frame() if session is not None else None
    if root is None or not root.time:
        return {"inclusive": [], "self": []}
    total = root.time
    inclusive: dict[str, float] = defaultdict(float)
    self_time: dict[str, float] = defaultdict(float)

    def key(frame: Any) -> str:
        path = frame.file_path_short or frame.file_path or "?"
        return f"{path}:{frame.function}"

    def walk(frame: Any, parent_key: str, open_keys: frozenset[str]) -> None:
        if frame.is_synthetic:
            # "[self]" and "[await]" leaves: time spent in the parent's own lines.
            self_time[parent_key] += frame.time
            return
        k = key(frame)
        if k not in open_keys:  # recursion must not count the same time twice
            inclusive[k] += frame.time
        if not frame.children:
            self_time[k] += frame.time
        for child in frame.children:
            walk(child, k, open_keys | {k})

    walk(root, "?", frozenset())

    def rows(table: dict[str, float]) -> list[dict[str, Any]]:
        picked = [(k, t) for k, t in table.items() if not only_sdk or any(p in k for p in SDK_PATHS)]
        picked.sort(key=lambda kt: kt[1], reverse=True)
        return [{"where": k, "seconds": round(t, 4), "percent": round(100 * t / total, 1)} for k, t in picked[:top]]

    return {"inclusive": rows(inclusive), "self": rows(self_time)}


def format_hot_spots(spots: dict[str, list[dict[str, Any]]], title: str) -> str:
    lines = [title]
    for kind in ("inclusive", "self"):
        lines.append(f"  by {kind} time:")
        lines.extend(f"    {row['percent']:5.1f} %  {row['where']}" for row in spots[kind])
    return "\n".join(lines)
