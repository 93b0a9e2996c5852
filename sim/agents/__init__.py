"""The registry of actor kinds, one module each, in the order they act within a day."""

from __future__ import annotations

from sim.agents.base import CrisisAgent
from sim.agents.hts import HTS
from sim.agents.iran import Iran
from sim.agents.iraqi_government import IraqiGovernment
from sim.agents.pmf_brigade import PMFBrigade
from sim.agents.resistance_faction import ResistanceFaction
from sim.agents.turkey import Turkey

# The order of a day: the patron sets the pressure, the offensive's sponsors move, Baghdad
# decides, then the armed groups answer.
ACTOR_KINDS: tuple[type[CrisisAgent], ...] = (
    Iran,
    Turkey,
    HTS,
    IraqiGovernment,
    PMFBrigade,
    ResistanceFaction,
)
KINDS_BY_NAME: dict[str, type[CrisisAgent]] = {kind.KIND: kind for kind in ACTOR_KINDS}
INSTANCE_KIND: dict[str, str] = {
    instance: kind.KIND for kind in ACTOR_KINDS for instance in kind.INSTANCES
}

DISPLAY_NAMES: dict[str, str] = {
    "iran": "Iran",
    "turkey": "Turkey",
    "hts": "HTS",
    "iraqi_government": "Iraqi government",
    "pmf_badr": "PMF (Badr brigades)",
    "pmf_kataib_hezbollah": "PMF (Kataib Hezbollah brigades)",
    "pmf_asaib_ahl_al_haqq": "PMF (Asa'ib Ahl al-Haqq brigades)",
    "pmf_nujaba": "PMF (Nujaba brigade)",
    "pmf_atabat": "PMF (shrine units)",
    "kataib_hezbollah": "Kataib Hezbollah",
    "harakat_al_nujaba": "Harakat al-Nujaba",
    "kataib_sayyid_al_shuhada": "Kataib Sayyid al-Shuhada",
    "asaib_ahl_al_haqq": "Asa'ib Ahl al-Haqq",
    "badr": "Badr",
}


def display_name(actor_id: str) -> str:
    """A readable name for an actor or outside party."""
    return DISPLAY_NAMES.get(actor_id, actor_id.replace("_", " ").title())


__all__ = [
    "ACTOR_KINDS",
    "DISPLAY_NAMES",
    "HTS",
    "INSTANCE_KIND",
    "KINDS_BY_NAME",
    "CrisisAgent",
    "Iran",
    "IraqiGovernment",
    "PMFBrigade",
    "ResistanceFaction",
    "Turkey",
    "display_name",
]
