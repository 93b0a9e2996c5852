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

__all__ = [
    "ACTOR_KINDS",
    "HTS",
    "INSTANCE_KIND",
    "KINDS_BY_NAME",
    "CrisisAgent",
    "Iran",
    "IraqiGovernment",
    "PMFBrigade",
    "ResistanceFaction",
    "Turkey",
]
