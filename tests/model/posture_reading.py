"""Each actor's postures as option names, read off the actors (shared by the model tests)."""

from __future__ import annotations

from sim.model import CrisisModel


def held_postures(model: CrisisModel) -> dict[tuple[str, str], str]:
    """Every posture an actor holds at the end of the day, as the option it names."""
    gov = model.government
    held = {
        ("iran", "posture"): str(model.iran.posture),
        ("turkey", "hts_stance"): str(model.turkey.hts_stance),
        ("hts", "offensive_pace"): str(model.hts.pace),
        (gov.actor_id, "border_posture"): str(gov.border_posture),
        (gov.actor_id, "pmf_order"): str(gov.pmf_order),
        (gov.actor_id, "send_army"): "send" if gov.army_deploy_day is not None else "border_only",
    }
    for brigade in model.brigades:
        going = "go_to_syria" if brigade.in_syria else "stay_on_border"
        held[(brigade.actor_id, "deployment")] = going
    for faction in model.factions:
        held[(faction.actor_id, "syria_deployment")] = str(faction.deployment)
        held[(faction.actor_id, "press_baghdad")] = "press" if faction.pressing else "quiet"
    return held
