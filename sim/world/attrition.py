"""Attrition: Iraqi forces at the front lose a daily share of their strength in combat while the
regime still fights (killed, wounded, missing; replacements are not modelled).

Range from reference cases (docs/assumptions.md, Reference cases): at Qusayr (19 May-5 June 2013)
Hezbollah lost about 110-140 killed and some 200 wounded of 1,700-2,000 fighters in 17 days of
urban assault, roughly 1-2 % a day; over the whole two-month offensive (from 4 April) nearer
0.3-0.5 % a day. A defence of cities against a fast offensive lies between the two.
"""

from __future__ import annotations

from collections.abc import Iterable

from sim.core.forces import Deployment
from sim.core.params import Basis, Param, params_for

p = params_for("attrition")
PARAMETERS: tuple[Param, ...] = (
    p(
        "daily_share",
        default=0.005,
        low=0.002,
        high=0.02,
        meaning="Share of an Iraqi force's strength at the front lost per day of combat.",
        source="Reference case (docs/assumptions.md, Reference cases): Hezbollah's killed and "
        "wounded at Qusayr 2013, about 300 of 1,700-2,000 in 17 days of assault (~1 %/day), "
        "fewer over the two-month offensive as a whole (~0.3-0.5 %/day).",
        basis=Basis.REFERENCE_CASE,
        range_reason="From a quiet holding role (0.2 %/day) to twice Qusayr's assault rate "
        "(2 %/day); only an order of magnitude, since casualty counts are partisan claims.",
    ),
)


def attrited(strength: float, share: float) -> float:
    """Strength left after one day of combat losing ``share`` (never below zero)."""
    return max(0.0, strength * (1.0 - share))


def attrit(deployments: Iterable[Deployment], day: int, share: float) -> float:
    """Wear down every force at the front by ``share``; return the strength lost."""
    lost = 0.0
    for deployment in deployments:
        if deployment.arrived(day):
            left = attrited(deployment.strength, share)
            lost += deployment.strength - left
            deployment.strength = left
    return lost
