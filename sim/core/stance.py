"""The tone of an actor's stance toward war in Syria, as agents report it (``stance()``)."""

from __future__ import annotations

ESCALATING, HEDGING, HOLDING_BACK, OUTSIDE = "escalating", "hedging", "holding back", "outside"
TONES: tuple[str, ...] = (ESCALATING, HEDGING, HOLDING_BACK, OUTSIDE)

Stance = tuple[str, str]  # (tone, short description)
