"""The registry: every actor kind (in acting order), parameter, event kind, outside actor and
outcome name of the model, collected in one place.

The scenario schema, the model, ``axis-sim params``, the Monte Carlo draws and the generated
docs all read it. A new actor kind is one module under ``sim/agents/`` and one line in
:data:`ACTOR_KINDS`; :func:`register_kind` (or the :func:`registered_kind` context manager)
adds one at run time, e.g. in a test.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache

from sim.agents.base import CrisisAgent
from sim.agents.hts import HTS
from sim.agents.iran import Iran
from sim.agents.iraqi_government import IraqiGovernment
from sim.agents.pmf_brigade import PMFBrigade
from sim.agents.resistance_faction import ResistanceFaction
from sim.agents.turkey import Turkey
from sim.core import deliberation
from sim.core import params as _params
from sim.core.params import Param
from sim.outcomes import OUTCOME_NAMES, OUTCOMES
from sim.world import attrition, context, deployment, front, interdiction
from sim.world.events import EVENT_KINDS, OUTSIDE_ACTORS

# The order of a day: the patron sets the pressure, the offensive's sponsors move, Baghdad
# decides, then the armed groups answer. Mutated in place only by register_kind.
ACTOR_KINDS: list[type[CrisisAgent]] = [
    Iran,
    Turkey,
    HTS,
    IraqiGovernment,
    PMFBrigade,
    ResistanceFaction,
]
KINDS_BY_NAME: dict[str, type[CrisisAgent]] = {}
INSTANCE_KIND: dict[str, str] = {}

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

__all__ = [
    "ACTOR_KINDS",
    "DISPLAY_NAMES",
    "EVENT_KINDS",
    "INSTANCE_KIND",
    "KINDS_BY_NAME",
    "OUTCOMES",
    "OUTCOME_NAMES",
    "OUTSIDE_ACTORS",
    "defaults",
    "display_name",
    "parameters",
    "range_problem",
    "register_kind",
    "registered_kind",
    "unregister_kind",
]


def display_name(actor_id: str) -> str:
    """A readable name for an actor or outside party."""
    return DISPLAY_NAMES.get(actor_id, actor_id.replace("_", " ").title())


@cache
def parameters() -> Mapping[str, Param]:
    """Every parameter of the model, by key, in a stable order: the kinds' (in acting order),
    then the front's, the context's, the belief-update rule's, and the movement of Iraqi forces
    (deployment delay, interdiction, attrition)."""
    declared: list[Param] = []
    for kind in ACTOR_KINDS:
        declared.extend(kind.PARAMETERS)
    declared.extend(front.PARAMETERS)
    declared.extend(context.PARAMETERS)
    declared.extend(deliberation.PARAMETERS)
    declared.extend(deployment.PARAMETERS)
    declared.extend(interdiction.PARAMETERS)
    declared.extend(attrition.PARAMETERS)
    table: dict[str, Param] = {}
    for param in declared:
        if param.key in table:
            raise ValueError(f"parameter {param.key} is defined twice")
        table[param.key] = param
    return table


def defaults() -> dict[str, float]:
    """The default value of every parameter, by key."""
    return {key: p.default for key, p in parameters().items()}


def range_problem(key: str, low: float, high: float | None = None) -> str | None:
    """Why a value (or a support [low, high]) is not allowed for ``key``, or None."""
    return _params.range_problem(parameters(), key, low, high)


def _check_names() -> None:
    """Actor ids, kind names and outside actors are distinct names (an agent id equal to an
    outside actor would silently become that outside node of the influence network)."""
    seen: dict[str, str] = {name: "an outside actor" for name in OUTSIDE_ACTORS}
    for kind in ACTOR_KINDS:
        for name in dict.fromkeys((kind.KIND, *kind.INSTANCES)):
            owner = seen.get(name)
            if owner is not None and not (owner == f"kind {kind.KIND}" and name == kind.KIND):
                raise ValueError(f"actor name {name!r} of kind {kind.KIND} is already {owner}")
            seen[name] = f"kind {kind.KIND}"


def _rebuild() -> None:
    _check_names()
    KINDS_BY_NAME.clear()
    KINDS_BY_NAME.update({kind.KIND: kind for kind in ACTOR_KINDS})
    INSTANCE_KIND.clear()
    INSTANCE_KIND.update({i: kind.KIND for kind in ACTOR_KINDS for i in kind.INSTANCES})
    parameters.cache_clear()
    parameters()  # fails now, not at the first run, if a key is defined twice


def register_kind(kind: type[CrisisAgent]) -> None:
    """Add an actor kind; it acts after every kind already registered. Raises ValueError if its
    name, an instance id or a parameter key clashes with what is registered."""
    if kind.KIND in KINDS_BY_NAME:
        raise ValueError(f"actor kind {kind.KIND!r} is already registered")
    ACTOR_KINDS.append(kind)
    try:
        _rebuild()
    except ValueError:
        ACTOR_KINDS.remove(kind)
        _rebuild()
        raise


def unregister_kind(kind: type[CrisisAgent]) -> None:
    """Remove a kind added by :func:`register_kind`."""
    ACTOR_KINDS.remove(kind)
    _rebuild()


@contextmanager
def registered_kind(kind: type[CrisisAgent]) -> Iterator[type[CrisisAgent]]:
    """``with registered_kind(Hezbollah): ...``: the kind is registered inside the block only."""
    register_kind(kind)
    try:
        yield kind
    finally:
        unregister_kind(kind)


_rebuild()
