"""An actor's stance toward war in Syria today: a tone (one of four) and a few words.

Kept on its own so that it can be replaced in one place by a method on the agents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents.base import CrisisAgent

# Stance tones: where an actor stands toward war in Syria today.
ESCALATING, HEDGING, HOLDING_BACK, OUTSIDE = "escalating", "hedging", "holding back", "outside"


def stance(agent: CrisisAgent, choices: dict[tuple[str, str], str]) -> tuple[str, str]:
    """(tone, short description) of an actor's current stance toward war in Syria."""
    kind = agent.KIND
    if kind == "iran":
        tone = {"press": ESCALATING, "hedge": HEDGING}.get(agent.posture, HOLDING_BACK)
        return tone, f"posture: {agent.posture}"
    if kind == "turkey":
        tone = ESCALATING if agent.stance == "back_openly" else HOLDING_BACK
        return tone, agent.stance.replace("_", " ")
    if kind == "hts":
        return (ESCALATING if agent.pace == "push" else HEDGING), f"pace: {agent.pace}"
    if kind == "iraqi_government":
        if agent.army_in_syria:
            return ESCALATING, "army in Syria"
        if agent.pmf_order == "deploy_to_syria":
            return ESCALATING, "orders the PMF to Syria"
        tone = HEDGING if agent.words_to_damascus == "commit" else HOLDING_BACK
        return tone, f"border: {agent.border_posture}"
    if kind == "pmf_brigade":
        if agent.in_syria:
            return ESCALATING, "in Syria" + (" (defied orders)" if agent.defied_orders else "")
        return HOLDING_BACK, "on the border"
    if kind == "resistance_faction":
        if agent.fighters_in_syria <= 0:
            return HOLDING_BACK, "all home"
        last = choices.get((agent.actor_id, "syria_deployment"), "hold")
        tone = {"reinforce": ESCALATING, "withdraw": HOLDING_BACK}.get(last, HEDGING)
        return tone, f"{last}, {agent.fighters_in_syria:,.0f} in Syria"
    return OUTSIDE, ""
