"""Reading saved records (a product, an answer rule, shop terms) back from plain dicts."""

from __future__ import annotations

from dataclasses import fields
from typing import Any


def check_record(d: Any, cls: type, what: str, article: str = "a") -> dict[str, Any]:
    """`d` itself when it is a dict whose keys are all fields of the dataclass `cls`; else
    ValueError in English: "a product must be an object", "unknown product field(s): x"."""
    if not isinstance(d, dict):
        raise ValueError(f"{article} {what} must be an object".lstrip())
    unknown = sorted(set(d) - {f.name for f in fields(cls)})
    if unknown:
        raise ValueError(f"unknown {what} field(s): {', '.join(unknown)}")
    return d
