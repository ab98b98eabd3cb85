"""Helpers for posting GOV.UK forms in tests."""

from datetime import date


def dates(**values: date | None) -> dict[str, str]:
    """POST data for GOV.UK date inputs (day, month and year boxes)."""
    out = {}
    for name, value in values.items():
        parts = (value.day, value.month, value.year) if value else ("", "", "")
        for i, part in enumerate(parts):
            out[f"{name}_{i}"] = str(part)
    return out
