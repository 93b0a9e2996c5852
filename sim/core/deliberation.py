"""How actors deliberate in time: beliefs they update daily, postures they review, acts done once.

Beliefs. Every actor holds a belief that the regime survives the month and beliefs about the risk
of strikes and of spill-over into Iraq (Iran reads the strike risk, the Iraqi actors both). Each
day the actor sees the same public evidence (cities lost, the offensive's approach to the next
city, the regime's visible decline, its allies' moves) and moves its belief part of the way
toward what that evidence says, on the log-odds scale: ``L <- L + rate * (L_evidence - L)``. A
lost city weighs by how deep it lies on the road to the capital (the k-th counts
``k ** depth_exponent``: :func:`axis_depth`).
Risks are smoothed the same way on their own 0-1 scale.

Postures. A posture holds until its actor reviews it: on a day when something it watches changed
(news from the front, a message addressed to it, a strike, its belief moving past a threshold
since the last review), or by chance at a low background rate. Leaving the current posture costs
``switching_cost`` (a named utility term). Reviews that keep the posture are logged too. A
change must also survive a second look: a review that leans away from the current posture only
records the leaning (the actor reviews again the next day), and the change is made when the next
review leans to the same option (``beliefs.second_look``; a forced option is made at once).
Deliberation in a cabinet, a council or a faction's leadership takes a day, and noise alone
rarely leans the same way twice in a row. A posture whose options are rungs of a ladder
(Baghdad's border, Iran's posture, Turkey's stance) moves one rung per change
(``beliefs.ladder``).

One-off acts. An act (a warning, a message, an evacuation, a recognition) fires at most once,
with a daily hazard ``h = 1 - exp(-exp(eta))``, ``eta`` a sum of named terms (an intercept and
covariates that change: the offensive's approach, beliefs). The day it fires it is logged like a
decision, its options being the act and doing nothing, with probabilities ``(h, 1 - h)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from sim.core.params import Basis, Param, ParamValues, params_for

_p = params_for("beliefs")
PARAMETERS: tuple[Param, ...] = (
    _p(
        "survival_prior",
        default=0.85,
        low=0.6,
        high=0.98,
        meaning="Every actor's belief on 27 Nov that the regime survives the month, 0-1.",
        source="Calibrated (A9) by axis-sim calibrate with the belief weights, to the order of "
        "Iran's pledge (1-3 Dec) and hedge (5-7 Dec). Direction: the offensive surprised every "
        "capital (TL 27-29 Nov: Assad asked Moscow for help only after it began).",
        basis=Basis.CALIBRATED,
        range_reason="Search range of axis-sim calibrate (a grid over it), from a regime in "
        "doubt (0.6) to one nobody expected to fall (0.98); the fit is "
        "docs/calibration/baseline.json.",
    ),
    _p(
        "update_rate",
        default=1.0,
        low=0.2,
        high=1.0,
        meaning="Share of the gap between belief and today's evidence closed each day (log-odds).",
        source="Calibrated (A9) by axis-sim calibrate with the belief weights, to the order of "
        "Iran's pledge (1-3 Dec) and hedge (5-7 Dec). Direction: news travels within a day or "
        "two.",
        basis=Basis.CALIBRATED,
        range_reason="Search range of axis-sim calibrate (a grid over it), widened from 0.9 to 1 "
        "(belief is today's evidence) after the fit stopped at 0.9; the fit is "
        "docs/calibration/baseline.json.",
    ),
    _p(
        "city_weight",
        default=1.7,
        low=0.4,
        high=3.0,
        meaning="Fall in the log-odds of survival per city lost on the axis.",
        source="Calibrated (A9): with the other belief weights, sets how far a fall moves belief; "
        "fitted to the order of Iran's pledge (1-3 Dec) and hedge (5-7 Dec).",
        basis=Basis.CALIBRATED,
        range_reason="Search range of axis-sim calibrate (a grid over it), widened from 1.5 "
        "to 3.0 after the first fit stopped at 1.5; "
        "the fit is docs/calibration/baseline.json.",
    ),
    _p(
        "depth_exponent",
        default=3.0,
        low=0.0,
        high=4.0,
        meaning="How much more a city nearer the capital weighs in the belief in survival: the "
        "k-th city on the axis (Aleppo 1 ... Homs 3) counts k ** depth_exponent cities.",
        source="Calibrated (A12) by axis-sim calibrate with the other belief weights, to the "
        "order of Iran's pledge (1-3 Dec) and hedge (5-7 Dec). The form is an assumption: the "
        "regime lived for years without eastern Aleppo (2012-16) and Idlib, so losing the "
        "north was survivable, while Homs joins Damascus to the coast. "
        "0 counts every city alike (the first round's rule).",
        basis=Basis.CALIBRATED,
        range_reason="Search range of axis-sim calibrate (a grid over it): from every city "
        "alike (0) to the core weighing far more (4, Homs 81 times Aleppo), widened from 2, then "
        "3, after the fit stopped at each; the fit is docs/calibration/baseline.json.",
    ),
    _p(
        "approach_weight",
        default=0.6,
        low=0.0,
        high=1.2,
        meaning="Fall in the log-odds of survival as the offensive closes in on the next city "
        "(approach 0-1).",
        source="Calibrated (A9) by axis-sim calibrate with the other belief weights, to the order "
        "of Iran's pledge (1-3 Dec) and hedge (5-7 Dec).",
        basis=Basis.CALIBRATED,
        range_reason="Search range of axis-sim calibrate (a grid over it); the fit is "
        "docs/calibration/baseline.json.",
    ),
    _p(
        "decline_weight",
        default=0.0,
        low=0.0,
        high=3.0,
        meaning="Fall in the log-odds of survival per unit of the regime's visible decline "
        "(desertions).",
        source="Calibrated (A9) by axis-sim calibrate with the other belief weights, to the order "
        "of Iran's pledge (1-3 Dec) and hedge (5-7 Dec).",
        basis=Basis.CALIBRATED,
        range_reason="Search range of axis-sim calibrate (a grid over it), widened down to 0 "
        "after the first fit stopped at 0.5; the refit after A16 (Iran's evacuation) stopped at "
        "0, the floor (a visible decline cannot raise the belief in survival); "
        "the fit is docs/calibration/baseline.json.",
    ),
    _p(
        "ally_weight",
        default=0.8,
        low=0.0,
        high=1.5,
        meaning="Rise in the log-odds of survival per unit of foreign help visibly present.",
        source="Assumption (A9): allies' moves are watched (Art. Hawkish declarations ¶3).",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown.",
    ),
    _p(
        "second_look",
        default=1.0,
        low=0.0,
        high=1.0,
        meaning="1: a change of posture is made only when two reviews in a row lean to it (the "
        "second the next day); 0: at the first review that chooses it.",
        source="Assumption (A10): decisions to change course are taken in a cabinet, a security "
        "council or a faction's leadership, which takes at least a day; no source times it.",
        basis=Basis.ASSUMPTION,
        range_reason="A switch: both settings are plausible; 1 is the structural choice, 0 the "
        "alternative kept for sensitivity analysis.",
    ),
    _p(
        "ladder",
        default=1.0,
        low=0.0,
        high=1.0,
        meaning="1: a posture whose options are rungs of one ladder (Baghdad's border: normal, "
        "reinforce, seal; Iran's posture: press, hedge, let go; Turkey's stance: restrain, "
        "acquiesce, reassure Baghdad, back openly) moves one rung per change; "
        "0: a review may jump to any rung.",
        source="Assumption (A13): a government escalates or steps back a rung at a time, each "
        "rung its own decision; in December 2024 Baghdad reinforced the border (29 Nov) before "
        "sealing it (7-8 Dec), and Tehran hedged (from ~6 Dec) before letting go (TL).",
        basis=Basis.ASSUMPTION,
        range_reason="A switch: 1 is the structural choice, 0 the alternative kept for "
        "sensitivity analysis.",
    ),
    _p(
        "review_threshold",
        default=0.15,
        low=0.05,
        high=0.3,
        meaning="Change in the belief in survival since the last review that prompts a new review.",
        source="Assumption (A10): actors reconsider when the picture has changed noticeably.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown.",
    ),
    _p(
        "background_review_rate",
        default=0.05,
        low=0.0,
        high=0.15,
        meaning="Daily chance that an actor reviews a posture with no news (about one in 20 days).",
        source="Assumption (A10): governments meet and reconsider without news now and then.",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown.",
    ),
)


def settle(
    current: str, leaning: str | None, choice: str, second_look: bool
) -> tuple[str, str | None]:
    """After a review that chose ``choice``: (the posture now held, the leaning carried to the
    next review). A change is made only when the previous review leaned to the same option; a
    review that leans elsewhere replaces the leaning."""
    if choice == current:
        return current, None
    if not second_look or leaning == choice:
        return choice, None
    return current, choice


def axis_depth(lost: list[int], exponent: float) -> float:
    """The weight of the cities lost, given their places on the axis (1 = Aleppo): each counts
    ``place ** exponent``, so with exponent 0 this is the number of cities lost."""
    return float(sum([place**exponent for place in lost]))


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def expit(x: float) -> float:
    """The logistic function; for x below -700 (far beyond any belief a run holds) it gives
    ~1e-304 where exp(-x) would overflow."""
    return 1.0 / (1.0 + math.exp(min(-x, 700.0)))


def hazard(eta: float) -> float:
    """Daily probability of a one-off act from its linear predictor (complementary log-log)."""
    return 1.0 - math.exp(-math.exp(min(eta, 30.0)))


class Evidence(NamedTuple):
    """What every actor can see on a day: the front, and the help the regime visibly gets.

    Immutable, as a NamedTuple: five times cheaper to build than a frozen dataclass."""

    cities_lost: int  # on the axis Aleppo -> Damascus
    depth: float  # how deep into the regime's core the losses reach (see axis_depth)
    approach: float  # 0 just after a fall, 1 at the gates of the next city
    decline: float  # share of its cohesion the regime has lost, 0-1
    allies: float  # forces that joined the regime: Iraqi army x2, PMF brigades in Syria x0.5
    collapsed: bool
    strike_threat: float  # 0-1
    spillover_threat: float  # 0-1, Baghdad's reading of the danger on its border


@dataclass(slots=True)
class Beliefs:
    """One actor's beliefs: regime survival (kept as log-odds), strike and spill-over risk."""

    survival_log_odds: float
    strike_risk: float
    spillover_risk: float
    at_last_review: float  # the survival belief when the actor last reviewed a posture
    # expit(survival_log_odds), kept with it: read some 700 times a run, moved once a day
    survival: float = field(init=False)

    def __post_init__(self) -> None:
        self.survival = expit(self.survival_log_odds)

    @classmethod
    def initial(cls, prior: float, strike: float, spillover: float) -> Beliefs:
        return cls(logit(prior), strike, spillover, prior)

    def update(self, evidence: Evidence, weights: BeliefWeights) -> None:
        """Move each belief part of the way toward what today's evidence says."""
        self.move_toward(evidence, weights.survival_target(evidence), weights.rate)

    def move_toward(self, evidence: Evidence, survival_target: float, rate: float) -> None:
        """:meth:`update` with the survival target already worked out (the model does it once a
        day: it is the same for every actor)."""
        log_odds = self.survival_log_odds + rate * (survival_target - self.survival_log_odds)
        self.survival_log_odds = log_odds
        self.survival = 1.0 / (1.0 + math.exp(min(-log_odds, 700.0)))  # expit, inlined: 490 a run
        self.strike_risk += rate * (evidence.strike_threat - self.strike_risk)
        self.spillover_risk += rate * (evidence.spillover_threat - self.spillover_risk)


@dataclass(frozen=True, slots=True)
class BeliefWeights:
    """The update rule's parameters, read once per run."""

    prior_log_odds: float
    rate: float
    city: float
    depth_exponent: float
    approach: float
    decline: float
    ally: float

    def survival_target(self, evidence: Evidence) -> float:
        """The log-odds of the regime's survival that ``evidence`` argues for."""
        if evidence.collapsed:
            return logit(0.0)
        return (
            self.prior_log_odds
            - self.city * evidence.depth
            - self.approach * evidence.approach
            - self.decline * evidence.decline
            + self.ally * evidence.allies
        )

    @classmethod
    def from_params(cls, params: ParamValues) -> BeliefWeights:
        return cls(
            logit(params["beliefs.survival_prior"]),
            params["beliefs.update_rate"],
            params["beliefs.city_weight"],
            params["beliefs.depth_exponent"],
            params["beliefs.approach_weight"],
            params["beliefs.decline_weight"],
            params["beliefs.ally_weight"],
        )
