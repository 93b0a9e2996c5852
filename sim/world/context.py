"""Context: forces that shape the actors' choices without deciding anything themselves.

Israel's strike threat, Russia, Sistani, Sadr, Maliki and the Coordination Framework, and the
Iraqi public enter as these parameters and as dated outside events (``sim/events.py``).
"""

from __future__ import annotations

from sim.core.params import Param

PARAMETERS: tuple[Param, ...] = (
    Param(
        "context",
        "israel_deterrence",
        0.6,
        0.0,
        1.0,
        "Baseline threat of Israeli (and US) strikes on Iraqi factions in Syria, 0-1.",
        "Art. Hawkish declarations ¶3: the factions balked, probably for fear of Israeli strikes; "
        "TL ~21 Nov: Iranian flights to Syria turned back under Israeli warning.",
        slider=True,
    ),
    Param(
        "context",
        "public_war_weariness",
        0.7,
        0.4,
        0.95,
        "How strongly Iraqi public opinion rejects a new war, 0-1.",
        "Art. A defunct alliance ¶3: Iraqi society longs for an end to the non-stop violence.",
        slider=True,
    ),
    Param(
        "context",
        "sistani_disapproval",
        0.6,
        0.0,
        1.0,
        "Weight of the Najaf clergy's disapproval of armed involvement in Syria, 0-1.",
        "Art. Grass-roots mobilisation ¶2: cross-border involvement disputed even by the highest "
        "Shiite clerical authorities.",
    ),
    Param(
        "context",
        "sadr_influence",
        0.5,
        0.0,
        1.0,
        "Weight of Moqtada al-Sadr's public line once he states it, 0-1.",
        "Art. Changes in Baghdad ¶2: an alliance with Sadr is Sudani's other electoral option; "
        "TL 5 Dec: Sadr calls on all not to intervene.",
    ),
    Param(
        "context",
        "framework_push",
        0.3,
        0.0,
        0.8,
        "Standing pressure of the Coordination Framework's hawks (Maliki) for intervention, 0-1.",
        "Art. Hawkish declarations ¶1: factions wanted regular troops sent; Art. Changes in "
        "Baghdad ¶3: Maliki's manoeuvres floundered; TL 4 and 6 Dec.",
    ),
    Param(
        "context",
        "russian_air_support",
        0.3,
        0.0,
        1.0,
        "Russian air support to regime defences, as a share of full support, 0-1.",
        "TL 28 Nov: Assad asked Moscow for military intervention and was rebuffed.",
        slider=True,
    ),
    Param(
        "context",
        "shrine_fringe_risk",
        0.01,
        0.0,
        0.05,
        "Daily chance that fringe fighters attack a Shiite shrine the victors do not protect.",
        "Assumption (docs/assumptions.md A7): Art. Hawkish declarations ¶2 reports humiliations "
        "of Resistance members, so the risk is not nil; no source gives a rate.",
    ),
    Param(
        "context",
        "axis_loyalty_erosion",
        0.02,
        0.0,
        0.05,
        "Daily loss of the Iraqi armed groups' loyalty to Iran while Tehran is seen letting Assad "
        "go (a third of it while Tehran hedges).",
        "Art. A defunct alliance ¶3: an ideological front reduced to a tactical alliance; "
        "Art. Hawkish declarations ¶2 (factions abandoned the struggle).",
    ),
    Param(
        "context",
        "threat_initial",
        0.25,
        0.1,
        0.4,
        "Baghdad's perception of a threat from Syria on 27 Nov, 0-1.",
        "Art. Hot and cold relations ¶2: Syria's war made Baghdad nervous (Sunni dissidence, "
        "ISIS).",
    ),
    Param(
        "context",
        "threat_per_city",
        0.1,
        0.03,
        0.2,
        "Rise of Baghdad's threat perception when a city on the axis falls.",
        "Intro ¶1: after Aleppo, Sudani warned that Iraq would not be a passive spectator.",
    ),
    Param(
        "context",
        "threat_border_fall",
        0.2,
        0.05,
        0.35,
        "Rise of Baghdad's threat perception when the pocket on its border changes hands.",
        "Art. Hot and cold relations ¶2: ISIS was incubated on that border; TL 29 Nov-8 Dec.",
    ),
    Param(
        "model",
        "decision_temperature",
        0.12,
        0.05,
        0.3,
        "Noise of the logit choice rule, in utility units (lower = more deterministic).",
        "Assumption (docs/assumptions.md A1): quantal-response noise; utilities are of order 1.",
    ),
)
