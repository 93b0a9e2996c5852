"""Interdiction: Israeli (or US) strikes on Iraqi forces moving into Syria.

Each day every Iraqi actor that can field forces faces a strike with probability
``1 - exp(-rate * threat * exposed)``, where ``threat`` is the world's current strike threat (it
starts at ``context.israel_deterrence`` and rises after every strike) and ``exposed`` the thousands
of men it has newly put in Syria (forces on the road, and the army's and brigades' whole presence;
the factions' standing presence since 2012-13 had lived with the threat). A strike costs the actor
``loss_share`` of its exposed men, raises the strike threat (which every actor's strike-risk belief
follows, :class:`sim.core.deliberation.Evidence`) and is a message the struck actor reads.

Draws: one uniform per fielding actor per day, drawn whether used or not, from the model's
interdiction stream (a child of its seeded generator), so a strike never shifts the model's main
random stream.

Ranges from reference cases (docs/assumptions.md, Reference cases): the strike on Kataib Hezbollah
units entering Syria near Albu Kamal on 17-18 June 2018, attributed to Israel, killed some 20-50
men; US strikes on Kataib Hezbollah near al-Qaim on 29 Dec 2019 killed 25; a strike near Albu
Kamal in January 2020 killed 8.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sim.core.params import Basis, Param, params_for

p = params_for("interdiction")
_REF = "Reference case (docs/assumptions.md, Reference cases): "
PARAMETERS: tuple[Param, ...] = (
    p(
        "strike_rate",
        default=0.03,
        low=0.005,
        high=0.15,
        meaning="Daily strike hazard per 1,000 Iraqi men newly exposed in Syria, at full strike "
        "threat (scaled by the current threat, which starts at context.israel_deterrence).",
        source=_REF + "Israeli and US strikes on Iraqi militias at the Albu Kamal / al-Qaim "
        "crossing came every few weeks to months in 2018-2020 against a presence of a few "
        "thousand (June 2018, Dec 2019, Jan 2020); an open crossing by an Iraqi army weeks after "
        "Israel's war on Hezbollah would draw more.",
        basis=Basis.REFERENCE_CASE,
        range_reason="Order of magnitude only: from a strike every few months on a brigade "
        "(0.005) to about one every few days (0.15).",
    ),
    p(
        "loss_share",
        default=0.03,
        low=0.01,
        high=0.1,
        meaning="Share of the exposed men a strike kills or disables.",
        source=_REF + "20-50 killed in the June 2018 strike on Kataib Hezbollah brigades moving "
        "into Syria (reported by Syrian sources; a US official attributed it to Israel), 25 "
        "killed and 55 wounded in the US strikes of 29 Dec 2019, 8 killed in Jan 2020: tens of "
        "men per strike against forces of a few thousand.",
        basis=Basis.REFERENCE_CASE,
        range_reason="Tens of men per strike on columns of one to a few thousand: 1-10 %.",
    ),
    p(
        "threat_rise",
        default=0.1,
        low=0.05,
        high=0.2,
        meaning="Rise of the strike threat (0-1) after a strike on Iraqi forces.",
        source="Assumption, sized like the timeline's US strikes on launchers (intensity 0.15, "
        "TL 29 Nov and 3 Dec); DEBKA reported that Iraqi brigades turned back after the June "
        "2018 strike (" + _REF.rstrip(": ") + ").",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown, around the scheduled strikes' intensity.",
    ),
)


def strike_chance(rate: float, threat: float, exposed_thousands: float) -> float:
    """Probability of a strike today on a force of ``exposed_thousands`` thousand men."""
    if exposed_thousands <= 0.0:
        return 0.0
    return 1.0 - math.exp(-rate * max(threat, 0.0) * exposed_thousands)


def interdict(model: Any, targets: Sequence[Any], draws: Sequence[float]) -> list[str]:
    """Strike each target whose draw falls under its chance; return the ids of those struck.

    A target exposes ``exposed_men()`` and takes losses with ``suffer_strike(share)``; the struck
    actor's strike-risk belief rises at once, everyone's through tomorrow's evidence."""
    params, world = model.params, model.world
    rate, share = params["interdiction.strike_rate"], params["interdiction.loss_share"]
    rise = params["interdiction.threat_rise"]
    struck = []
    for target, u in zip(targets, draws, strict=True):
        exposed = target.exposed_men()
        if exposed <= 0.0:  # nothing on the road: no chance, its draw left unused
            continue
        if u < strike_chance(rate, world.strike_threat, exposed / 1000):
            target.suffer_strike(share)
            target.beliefs.strike_risk = min(1.0, target.beliefs.strike_risk + rise)
            world.strike_threat = min(1.0, world.strike_threat + rise)
            model.message("israel", target.actor_id, "deterrence", share)
            struck.append(target.actor_id)
    return struck
