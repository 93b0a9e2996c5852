"""Deployment delay: the days between deciding to send a force into Syria and its arrival at the
front.

A force sent is a :class:`sim.core.forces.Deployment` record: the day it was ordered, the day
it reaches the front and its strength (men). It is in Syria from the day it is ordered (it can be
struck on the road, :mod:`sim.world.interdiction`), but it adds to the front's defence only from
its arrival day on (the army, from then, also to the regime's morale). Combat attrition
(:mod:`sim.world.attrition`) wears down forces that have arrived.

Ranges come from reference cases (docs/assumptions.md, "Reference cases"): Harakat al-Nujaba moved
1,000 fighters from Iraq to southern Aleppo "over two days" in September 2016; Russia's air group
was in place about four weeks after its build-up became visible in 2015; the factions' few hundred
crossed near Albu Kamal in one night (TL 1 Dec).
"""

from __future__ import annotations

from sim.core.params import Basis, Param, params_for

p = params_for("deployment")
_REF = "Reference case (docs/assumptions.md, Reference cases): "
PARAMETERS: tuple[Param, ...] = (
    p(
        "army_men",
        default=6000.0,
        low=3000.0,
        high=15000.0,
        meaning="Men in the regular army force Baghdad would send (a few brigades); its front "
        "value is front.army_value, this sets how much is exposed to strikes and attrition.",
        source=_REF + "the outside forces that turned Syrian fronts were a few thousand men: "
        "1,700-2,000 Hezbollah at Qusayr 2013, some 5,000 foreign fighters of 6,000 in south "
        "Aleppo in Oct 2016 (Atlantic Council, Breaking Aleppo); the Iraqi army's own size and "
        "what Baghdad would have sent are not in the sources.",
        basis=Basis.REFERENCE_CASE,
        range_reason="From one reinforced brigade to a division: only the order of magnitude is "
        "known.",
    ),
    p(
        "army_delay_days",
        default=7.0,
        low=3.0,
        high=14.0,
        meaning="Days between Baghdad's order to send the army and its arrival at the front.",
        source=_REF + "Russia's air group of some 50 aircraft was operating about four weeks "
        "after its build-up was seen (Aug-Sept 2015); a few Iraqi army brigades driving 500-700 "
        "km from Anbar to Homs or Hama need days to a fortnight (assembly, fuel, escorts).",
        basis=Basis.REFERENCE_CASE,
        range_reason="Order of magnitude only: no case moved a regular army from Iraq into Syria; "
        "from a fast road move (3 days) to a fortnight.",
    ),
    p(
        "brigade_delay_days",
        default=3.0,
        low=1.0,
        high=7.0,
        meaning="Days between a PMF brigade's decision to go and its arrival at the front.",
        source=_REF + "Harakat al-Nujaba sent more than 1,000 fighters from Iraq to southern "
        "Aleppo over two days (Al Arabiya, 7 Sept 2016); announced 2,000 on 7 Aug 2016 and "
        "paraded them near Aleppo within days (Long War Journal, Aug 2016).",
        basis=Basis.REFERENCE_CASE,
        range_reason="Two days is the one measured move of an organised Iraqi militia to a "
        "Syrian front; a week allows for a brigade on the border that first has to gather.",
    ),
    p(
        "faction_delay_days",
        default=1.0,
        low=0.0,
        high=3.0,
        meaning="Days between a faction's sending a batch of fighters and their arrival at the "
        "front (the Deir ez-Zor pocket is next to the border).",
        source="Timeline: a few hundred crossed near Albu Kamal in one night (TL 1 Dec); "
        + _REF
        + "Nujaba's two-day move to Aleppo in 2016 for a longer road.",
        basis=Basis.REFERENCE_CASE,
        range_reason="From the same night to the two or three days of a move to the main axis.",
    ),
)
