"""Context: forces that shape the actors' choices without deciding anything themselves.

Israel's strike threat, Russia, Sistani, Sadr, Maliki and the Coordination Framework, and the
Iraqi public enter as these parameters and as dated outside events (``sim/events.py``).
"""

from __future__ import annotations

from sim.core.params import Basis, Param, params_for

p_model = params_for("model")

p = params_for("context")

PARAMETERS: tuple[Param, ...] = (
    p(
        "israel_deterrence",
        default=0.6,
        low=0.0,
        high=1.0,
        meaning="Baseline threat of Israeli (and US) strikes on Iraqi factions in Syria, 0-1.",
        source="Assumption. Direction: Art. Hawkish declarations ¶3, the factions balked, "
        "'probably' for fear of Israeli strikes; TL ~21 Nov, Iranian flights to Syria turned back "
        "under Israeli warning (low-medium confidence).",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown: the whole scale.",
        slider=True,
    ),
    p(
        "public_war_weariness",
        default=0.7,
        low=0.4,
        high=0.95,
        meaning="How strongly Iraqi public opinion rejects a new war, 0-1.",
        source="Assumption. Direction: Art. A defunct alliance ¶3, Iraqi society longs for an end "
        "to the non-stop violence.",
        basis=Basis.ASSUMPTION,
        range_reason="Upper part of the scale, as the direction implies; otherwise unknown.",
        slider=True,
    ),
    p(
        "sistani_disapproval",
        default=0.6,
        low=0.0,
        high=1.0,
        meaning="Weight of the Najaf clergy's disapproval of armed involvement in Syria, 0-1.",
        source="Assumption. Direction: Art. Grass-roots mobilisation ¶2, cross-border involvement "
        "was disputed even by the highest Shiite clerical authorities (said of the years after "
        "2020, not of December 2024).",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown: the whole scale.",
    ),
    p(
        "sadr_influence",
        default=0.5,
        low=0.0,
        high=1.0,
        meaning="Weight of Moqtada al-Sadr's public line once he states it, 0-1.",
        source="Assumption. Direction: Art. Changes in Baghdad ¶2, an alliance with Sadr is "
        "Sudani's other electoral option; TL 5 Dec, Sadr calls on all not to intervene.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown: the whole scale.",
    ),
    p(
        "framework_push",
        default=0.3,
        low=0.0,
        high=0.8,
        meaning="Standing pressure of the Coordination Framework's hawks (Maliki) for "
        "intervention, 0-1.",
        source="Assumption. Direction: Art. Hawkish declarations ¶1, the factions wanted regular "
        "troops sent; Art. Changes in Baghdad ¶3, Maliki's manoeuvres floundered; TL 4 and 6 "
        "Dec.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown; short of 1 because the push failed.",
    ),
    p(
        "russian_air_support",
        default=0.3,
        low=0.0,
        high=1.0,
        meaning="Russian air support to regime defences, as a share of full support, 0-1.",
        source="Assumption. Direction: TL 28 Nov, Assad asked Moscow for military intervention "
        "and was rebuffed, so well below full support.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown: the whole scale, for counterfactuals.",
        slider=True,
    ),
    p(
        "shrine_fringe_risk",
        default=0.01,
        low=0.0,
        high=0.05,
        meaning="Daily chance that fringe fighters attack a Shiite shrine the victors do not "
        "protect.",
        source="Assumption (docs/assumptions.md A7): Art. Hawkish declarations ¶2 reports "
        "humiliations of Resistance members, so the risk is not nil; no source gives a rate.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown: none to one chance in twenty a day.",
    ),
    p(
        "axis_stepped_aside",
        default=0.25,
        low=0.0,
        high=0.5,
        meaning="How far Iraq's armed groups had stepped aside from the Axis before 27 Nov: a "
        "group's loyalty to Iran L (as its ties and history give it) starts the month at "
        "L x (1 - this x (1 - L)): the groups furthest from Tehran stepped aside most, 0-1.",
        source="Assumption. Direction and timing: Art. A defunct alliance ¶2, Iraq had already "
        "stepped aside as an Axis stronghold 'some time before'; ¶3, since the 2020 killings of "
        "Soleimani and al-Muhandis, cadres gone into politics (more in some groups than in "
        "others), the nation-state more prominent within the factions. The size is not given.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown: from none to half; the baseline's ensemble "
        "weighs it against history.",
    ),
    p(
        "axis_loyalty_erosion",
        default=0.0,
        low=0.0,
        high=0.05,
        meaning="Daily loss of the Iraqi armed groups' loyalty to Iran while Tehran is seen "
        "letting Assad go (a third of it while Tehran hedges).",
        source="Assumption. Art. A defunct alliance ¶2 dates Iraq's stepping aside to 'some time "
        "before': a starting state (context.axis_stepped_aside), not an erosion within "
        "December, so none by default; kept for sensitivity analysis.",
        basis=Basis.ASSUMPTION,
        range_reason="From no erosion to a loss of a tenth in two days of letting go.",
    ),
    p(
        "threat_initial",
        default=0.25,
        low=0.1,
        high=0.4,
        meaning="Baghdad's perception of a threat from Syria on 27 Nov, 0-1.",
        source="Assumption. Direction: Art. Hot and cold relations ¶2, Syria's war made Baghdad "
        "nervous (Sunni dissidence, ISIS).",
        basis=Basis.ASSUMPTION,
        range_reason="Lower part of the scale before the offensive; otherwise unknown.",
    ),
    p(
        "threat_per_city",
        default=0.1,
        low=0.03,
        high=0.2,
        meaning="Rise of Baghdad's threat perception when a city on the axis falls.",
        source="Assumption. Direction: Intro ¶1, after Aleppo Sudani warned that Iraq would not "
        "be a passive spectator.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown.",
    ),
    p(
        "threat_border_fall",
        default=0.2,
        low=0.05,
        high=0.35,
        meaning="Rise of Baghdad's threat perception when the pocket on its border changes hands.",
        source="Assumption. Direction: Art. Hot and cold relations ¶2, ISIS was incubated on that "
        "border; TL 29 Nov-8 Dec (border reinforced, then closed).",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown.",
    ),
    p_model(
        "decision_temperature",
        default=0.12,
        low=0.05,
        high=0.3,
        meaning="Noise of the logit choice rule, in utility units (lower = more deterministic).",
        source="Assumption (docs/assumptions.md A1): quantal-response noise; utilities are of "
        "order 1.",
        basis=Basis.ASSUMPTION,
        range_reason="From near-deterministic to noisy choices on the A1 utility scale.",
    ),
)
