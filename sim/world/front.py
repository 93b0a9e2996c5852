"""The Syrian front: world state, not an agent.

The offensive moves along the axis Aleppo → Hama → Homs → Damascus; the eastern Euphrates pocket
(Deir ez-Zor / Albu Kamal), where Iraqi factions stand, can fall to the SDF. Each day the
offensive either closes the distance to the next regime-held city or contests it: the city falls
with the ratio-form probability p = A^n / (A^n + D^n), attack A against defence D. A fall erodes
regime cohesion and feeds the offensive's momentum; low cohesion drains garrisons by desertion.
Damascus falling — or cohesion dropping below the collapse threshold — is the regime's collapse.

Over 400 lines because it declares the front's twenty-one parameters with their basis and range
reason (one keyword per line) next to the mechanics they drive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.core.params import Basis, Param, ParamValues, params_for

REGIME, OPPOSITION, SDF = "regime", "opposition", "sdf"
AXIS = ("aleppo", "hama", "homs", "damascus")
EAST = "deir_ez_zor"

# Approximate road distance (km) from the previous stop to each city on the axis; the first
# from the front line west of Aleppo on 26 Nov 2024. Geography, not a parameter.
AXIS_KM = {"aleppo": 45.0, "hama": 135.0, "homs": 47.0, "damascus": 162.0}

# Real coordinates (lat, lon) for the map; landmarks are drawn but never contested.
COORDINATES = {
    "aleppo": (36.202, 37.134),
    "hama": (35.132, 36.758),
    "homs": (34.732, 36.714),
    "damascus": (33.514, 36.277),
    "deir_ez_zor": (35.336, 40.141),
}
LANDMARKS = {
    "idlib": (35.931, 36.634),
    "albu_kamal": (34.454, 40.919),
    "al_qaim": (34.370, 41.092),
    "baghdad": (33.315, 44.366),
}

_CAL = "Calibrated (docs/assumptions.md A3): with the historical decisions, the offensive keeps "
_CAL_RANGE = "Hand-set band around the calibrated value; no fit has measured which values match."
_FIT_RANGE = (
    "Search range of axis-sim calibrate (a grid over it); the fit is "
    "docs/calibration/baseline.json."
)
p = params_for("front")

PARAMETERS: tuple[Param, ...] = (
    p(
        "cohesion_initial",
        default=0.5,
        low=0.3,
        high=0.7,
        meaning="Regime cohesion on 27 Nov (1 = fully loyal, fighting army), 0-1.",
        source="Assumption. Direction: TL 28 Nov, Moscow rebuffs Assad; Art. Hawkish "
        "declarations ¶3 asks whether Tehran saw him as useless in his own country. The "
        "calibrated garrisons were set at this value, so the two are entangled.",
        basis=Basis.ASSUMPTION,
        range_reason="Middle of the scale; wide because unknown.",
        slider=True,
    ),
    p(
        "contest_exponent",
        default=3.0,
        low=2.0,
        high=5.0,
        meaning="Exponent n of the ratio-form contest p = A^n / (A^n + D^n).",
        source="Assumption (A2): standard contest-success function; n > 1 makes superiority "
        "decisive.",
        basis=Basis.ASSUMPTION,
        range_reason="n > 1 so superiority decides (A2); the upper bound is a judgement.",
    ),
    p(
        "advance_km_per_day",
        default=22.5,
        low=15.0,
        high=60.0,
        meaning="Distance the offensive covers per day at momentum 1 with full pace.",
        source=_CAL + "the pace of TL 29 Nov (Aleppo) to 5 Dec (Hama).",
        basis=Basis.CALIBRATED,
        range_reason=_FIT_RANGE,
    ),
    p(
        "garrison_aleppo",
        default=0.05,
        low=0.05,
        high=1.0,
        meaning="Defence of Aleppo at full cohesion.",
        source=_CAL + "Aleppo falling on 29-30 Nov (TL).",
        basis=Basis.CALIBRATED,
        range_reason=_FIT_RANGE + " Widened down from 0.2, then 0.1, after the fit stopped at "
        "each; Aleppo fell almost undefended, and values below the bound behave alike.",
    ),
    p(
        "garrison_hama",
        default=0.5,
        low=0.5,
        high=1.6,
        meaning="Defence of Hama at full cohesion.",
        source=_CAL + "Hama holding about a week, to 5 Dec (TL; Intro ¶1 has HTS preparing to "
        "storm it on 3 Dec).",
        basis=Basis.CALIBRATED,
        range_reason=_FIT_RANGE + " The refit after A16 (Iran's evacuation) stopped at the "
        "bottom, 0.5; the range was not widened after it.",
    ),
    p(
        "garrison_homs",
        default=1.233,
        low=0.4,
        high=1.4,
        meaning="Defence of Homs at full cohesion.",
        source=_CAL + "Homs falling on 7-8 Dec (TL).",
        basis=Basis.CALIBRATED,
        range_reason=_FIT_RANGE,
    ),
    p(
        "garrison_damascus",
        default=1.0,
        low=0.5,
        high=1.8,
        meaning="Defence of Damascus at full cohesion.",
        source=_CAL + "Damascus falling on 8 Dec (TL).",
        basis=Basis.CALIBRATED,
        range_reason=_FIT_RANGE,
    ),
    p(
        "garrison_deir_ez_zor",
        default=0.292,
        low=0.15,
        high=1.0,
        meaning="Defence of the eastern pocket by regime troops at full cohesion.",
        source=_CAL + "the SDF entering Deir ez-Zor around 6 Dec (widely reported).",
        basis=Basis.CALIBRATED,
        range_reason=_FIT_RANGE + " Widened down from 0.3 after the fit stopped at it.",
    ),
    p(
        "fall_cohesion_shock",
        default=0.1,
        low=0.04,
        high=0.2,
        meaning="Loss of regime cohesion when a city falls.",
        source=_CAL + "the fall dates of TL 29 Nov-8 Dec; the idea is that each loss signals "
        "defeat to the army.",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "homs_extra_shock",
        default=0.12,
        low=0.0,
        high=0.25,
        meaning="Extra cohesion lost when Homs falls: it cuts Damascus off from the coast.",
        source=_CAL + "Damascus falling within hours of Homs (TL 7-8 Dec); Homs is the junction "
        "to the coast (geography).",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "momentum_gain",
        default=0.25,
        low=0.1,
        high=0.5,
        meaning="Gain of offensive momentum per city taken.",
        source=_CAL + "the accelerating pace of TL 29 Nov-8 Dec; the idea is captured stocks "
        "and morale.",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "desertion_rate",
        default=0.08,
        low=0.02,
        high=0.2,
        meaning="Daily share of a garrison lost to desertion at zero cohesion (scaled by 1 - "
        "cohesion).",
        source=_CAL + "the fall dates of TL 29 Nov-8 Dec, and shrinks the eastern pocket toward "
        "the crossings of TL 7 Dec. The count of soldiers crossing into Iraq (Art. Hawkish "
        "declarations ¶2) measures one flight at the border, not a daily rate of desertion.",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "daily_cohesion_decay",
        default=0.008,
        low=0.0,
        high=0.04,
        meaning="Daily erosion of cohesion while the offensive advances (scaled by the day's "
        "attack: momentum x HTS's pace x Turkey's effect, at most 2).",
        source=_CAL + "the fall dates of TL 29 Nov-8 Dec; the idea is that defeat breeds "
        "defeat between city falls.",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "help_morale",
        default=0.02,
        low=0.0,
        high=0.05,
        meaning="Daily cohesion gained per unit of foreign help actively present (Iran pressing, "
        "Iraqi army at the front).",
        source=_CAL + "the fall dates while Iran pressed in the first days (TL 1-3 Dec "
        "pledges). Range from reference cases (docs/assumptions.md, Reference cases): "
        "Russia's intervention from 30 Sept 2015 found a regime described as near collapse and "
        "halted its decline within weeks, but the big gains (Palmyra March 2016, Aleppo Dec "
        "2016) took months; Hezbollah's entry at Qusayr lifted regime morale over weeks. No "
        "source sizes the daily effect.",
        basis=Basis.CALIBRATED,
        range_reason="Reference cases (Russia 2015, Qusayr 2013). From none to a level at "
        "which the army's presence (2 units) restores the "
        "starting cohesion in about five days, faster than any reference case: wide, because "
        "the cases show only that outside help stops a decline over weeks to months; carries "
        "the army and 'Iran all in' counterfactuals.",
    ),
    p(
        "collapse_threshold",
        default=0.08,
        low=0.02,
        high=0.15,
        meaning="Cohesion below which the regime dissolves and Damascus falls at once.",
        source=_CAL + "Damascus falling on 8 Dec without a siege as the army melted away (TL).",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "sdf_strength",
        default=0.55,
        low=0.2,
        high=0.9,
        meaning="SDF attack on the eastern pocket, scaled by the regime's decline since 27 Nov.",
        source=_CAL + "the SDF moving into the eastern pocket as regime troops left, around 6 "
        "Dec (widely reported; the observable east_changes_hands is in-sample).",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "eastern_garrison_troops",
        default=4000.0,
        low=2000.0,
        high=6000.0,
        meaning="Regime soldiers in the eastern pocket who may flee toward Iraq.",
        source="Calibrated (A4): sized, with flight_share 0.5, so a flight matches the 1,000 to "
        "2,000+ crossings reported on 7 Dec and the 1,905 handed back on 19 Dec (TL); the "
        "observable soldiers_cross is therefore in-sample.",
        basis=Basis.CALIBRATED,
        range_reason=_CAL_RANGE,
    ),
    p(
        "flight_share",
        default=0.5,
        low=0.2,
        high=0.8,
        meaning="Share of the remaining eastern troops who run for the Iraqi border when it falls.",
        source="Assumption (A4): the rest surrender to the SDF or go home. Only its product with "
        "eastern_garrison_troops is constrained by the crossings (TL 7 Dec).",
        basis=Basis.ASSUMPTION,
        range_reason="Wide because unknown.",
    ),
    p(
        "fighter_value",
        default=0.35,
        low=0.05,
        high=0.8,
        meaning="Defence added by 1,000 Iraqi fighters at the front (factions' and PMF brigades').",
        source="Reference case (docs/assumptions.md, Reference cases) for the range; the value "
        "is an assumption (A5). At Qusayr 2013 some 1,700-2,000 Hezbollah fighters beside 5,000-"
        "6,000 regime troops took a town from about 1,900 rebels in 17 days; in south Aleppo in "
        "Oct 2016 some 5,000 foreign fighters (4,000-5,000 of them Iraqi) were most of a 6,000-"
        "man force that held the siege with Russian air power for months; at Mosul 2014 an army "
        "many times larger than its 800-1,500 attackers was worth almost nothing once it broke. "
        "So 1,000 motivated outside fighters are worth about one demoralised city garrison "
        "(0.25-0.5 here), and men who will not fight nearly nothing. Art. Grass-roots "
        "mobilisation ¶2 (the factions' attacks no serious threat) points to the lower half.",
        basis=Basis.REFERENCE_CASE,
        range_reason="Reference cases give only an order of magnitude, and the per-man value "
        "varied more than tenfold with morale (Mosul 2014 against Qusayr 2013): wide, 0.05-0.8; "
        "carries the PMF and factions counterfactuals.",
    ),
    p(
        "frontline_share",
        default=0.3,
        low=0.1,
        high=0.6,
        meaning="Share of Iraqi faction fighters in Syria who fight on the main axis (rest in the "
        "east).",
        source="Assumption. Direction: Art. Hawkish declarations ¶1, the factions were present "
        "'particularly' in Deir al-Zor, so less than half on the main axis.",
        basis=Basis.ASSUMPTION,
        range_reason="Mostly below one half, as the direction implies; otherwise unknown.",
    ),
    p(
        "army_value",
        default=0.6,
        low=0.1,
        high=1.5,
        meaning="Defence added by the Iraqi regular army if sent (split between axis and east), "
        "scaled by the share of the force still fighting.",
        source="Reference case (docs/assumptions.md, Reference cases) for the range; the value "
        "is an assumption (A5). Mosul 2014: two Iraqi divisions (30,000 soldiers and as many "
        "police on paper) dissolved in six days before 800-1,500 attackers, so a reluctant "
        "regular army can add next to nothing; Qusayr 2013 and Aleppo 2016: a few thousand "
        "committed outside troops turned a front, and a few Iraqi brigades at 0.35 per 1,000 "
        "fighters would be worth 1-2.",
        basis=Basis.REFERENCE_CASE,
        range_reason="From a Mosul-like army that will not fight (0.1) to a few committed "
        "brigades valued like the militias at Qusayr and Aleppo (1.5): an order of magnitude; "
        "carries the 'Baghdad sends the army' counterfactual.",
    ),
)


@dataclass(slots=True)
class City:
    """A contested place: who holds it, how well it is defended, when it fell."""

    name: str
    lat: float
    lon: float
    garrison: float
    holder: str = REGIME
    fall_day: int | None = None

    @property
    def held_by_regime(self) -> bool:
        return self.holder == REGIME


@dataclass(slots=True)
class Help:
    """Foreign help present on one day: on the main axis and in the eastern pocket."""

    axis: float = 0.0
    east: float = 0.0


def contest_probability(attack: float, defence: float, exponent: float) -> float:
    """Ratio-form probability that the attacker takes the place today."""
    if attack <= 0.0:
        return 0.0
    a, d = attack**exponent, max(defence, 0.0) ** exponent
    return a / (a + d)


class Front:
    """Cities, regime cohesion and the offensive's momentum, advanced one day at a time."""

    def __init__(self, params: ParamValues) -> None:
        self.p = params
        self.cities = {
            name: City(name, *COORDINATES[name], garrison=params[f"front.garrison_{name}"])
            for name in (*AXIS, EAST)
        }
        self.regime_cohesion = params["front.cohesion_initial"]
        self.momentum = 1.0
        self.km_to_target = AXIS_KM[AXIS[0]]
        self.east_troops = params["front.eastern_garrison_troops"]
        self.collapse_day: int | None = None
        self.soldiers_fleeing = 0
        self.air_support = params["context.russian_air_support"]

    @property
    def collapsed(self) -> bool:
        return self.collapse_day is not None

    def target(self) -> City | None:
        """The next regime-held city on the axis, or None once Damascus has fallen."""
        for name in AXIS:  # a loop, not next() over a generator: read several times a day
            city = self.cities[name]
            if city.held_by_regime:
                return city
        return None

    def cities_lost(self) -> list[str]:
        """Places the regime no longer holds, in axis order then the east."""
        return [name for name, city in self.cities.items() if not city.held_by_regime]

    def shrine_threat(self) -> float:
        """How close the offensive is to the shrines around Damascus, 0.2-1."""
        lost = sum([not self.cities[name].held_by_regime for name in AXIS])
        return (0.2, 0.35, 0.5, 1.0, 1.0)[lost]

    def decline(self) -> float:
        """Share of its starting cohesion the regime has lost, 0-1 (1 once collapsed)."""
        start = self.p["front.cohesion_initial"]
        return 1.0 if self.collapsed else max(0.0, 1.0 - self.regime_cohesion / start)

    def viability(self) -> float:
        """How savable the regime looks to its allies, 0-1 (its cohesion; 0 once collapsed)."""
        return 0.0 if self.collapsed else self.regime_cohesion

    def defence(self, city: City, help_here: float) -> float:
        """Garrison times cohesion, Russian air support, plus foreign help on the spot."""
        air = 1.0 + 0.5 * self.air_support
        return city.garrison * self.regime_cohesion * air + help_here

    def advance_day(
        self, draws: Sequence[float], day: int, attack: float, help_: Help
    ) -> list[str]:
        """Play one day of fighting with the day's two uniforms (the axis's contest, the east's;
        drawn every day, used or not, so the random stream stays aligned across runs); return
        the names of the places that fell today."""
        fallen: list[str] = []
        if self.collapsed:
            return fallen
        target = self.target()
        if target is not None and self._offensive_takes(target, attack, help_.axis, draws[0]):
            self._fall(target, OPPOSITION, day)
            fallen.append(target.name)
        east = self.cities[EAST]
        if east.held_by_regime and self._sdf_takes(east, help_.east, draws[1]):
            self._fall(east, SDF, day)
            fallen.append(east.name)
        self._erode(attack)
        if (
            self.cities["damascus"].holder != REGIME
            or self.regime_cohesion <= self.p["front.collapse_threshold"]
        ):
            fallen.extend(self._collapse(day))
        return fallen

    def _offensive_takes(self, city: City, attack: float, help_here: float, u: float) -> bool:
        if self.km_to_target > 0.0:
            self.km_to_target -= self.p["front.advance_km_per_day"] * attack
            return False
        p = contest_probability(
            attack, self.defence(city, help_here), self.p["front.contest_exponent"]
        )
        return u < p

    def _sdf_takes(self, city: City, help_here: float, u: float) -> bool:
        attack = self.p["front.sdf_strength"] * self.decline()
        p = contest_probability(
            attack, self.defence(city, help_here), self.p["front.contest_exponent"]
        )
        return u < p

    def _fall(self, city: City, new_holder: str, day: int) -> None:
        city.holder, city.fall_day = new_holder, day
        shock = self.p["front.fall_cohesion_shock"]
        if city.name == "homs":
            shock += self.p["front.homs_extra_shock"]
        self.regime_cohesion = max(0.0, self.regime_cohesion - shock)
        if new_holder == OPPOSITION:
            self.momentum += self.p["front.momentum_gain"]
            nxt = self.target()
            self.km_to_target = AXIS_KM[nxt.name] if nxt is not None else 0.0
        if city.name == EAST:
            self._flee_east()

    def _flee_east(self) -> None:
        self.soldiers_fleeing += int(self.east_troops * self.p["front.flight_share"])
        self.east_troops = 0.0

    def _erode(self, attack: float) -> None:
        """Desertion drains garrisons; an advancing offensive wears cohesion down."""
        loss = self.p["front.desertion_rate"] * (1.0 - self.regime_cohesion)
        for city in self.cities.values():
            if city.held_by_regime:
                city.garrison *= 1.0 - loss
        self.east_troops *= 1.0 - loss
        decay = self.p["front.daily_cohesion_decay"] * min(attack, 2.0)
        self.regime_cohesion = max(0.0, self.regime_cohesion - decay)

    def bolster(self, amount: float) -> None:
        """Foreign help raises cohesion (never above 1)."""
        if not self.collapsed:
            self.regime_cohesion = min(1.0, self.regime_cohesion + amount)

    def _collapse(self, day: int) -> list[str]:
        """The regime dissolves: every place it still holds changes hands today."""
        self.collapse_day = day
        self.regime_cohesion = 0.0
        fallen = []
        for city in self.cities.values():
            if city.held_by_regime:
                city.holder, city.fall_day = (SDF if city.name == EAST else OPPOSITION), day
                fallen.append(city.name)
                if city.name == EAST:
                    self._flee_east()
        return fallen
