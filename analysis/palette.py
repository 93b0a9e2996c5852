"""One colour per scenario across every figure, from the colour-blind-safe Okabe–Ito palette.

Okabe, M. & Ito, K. (2008), *Color Universal Design*. The baseline is always black; the other
scenarios take the remaining colours in batch order (yellow last: it is faint on white), then four
dark colours of Paul Tol's palettes (indigo, wine, olive, brown), so eleven scenarios besides the
baseline never share a colour. Past that the colours repeat with a different line style (the
figures then draw small multiples, where the panel, not the colour, names the scenario).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

BASELINE_COLOUR = OKABE_ITO["black"]
HISTORY_COLOUR = "#7F7F7F"
"""Grey for what happened historically (dates, choices), distinct from every scenario."""

OKABE_ITO_ORDER = ("orange", "sky_blue", "bluish_green", "vermillion", "blue", "reddish_purple")
SCENARIO_CYCLE: tuple[str, ...] = (
    *(OKABE_ITO[name] for name in (*OKABE_ITO_ORDER, "yellow")),
    "#332288",
    "#882255",
    "#999933",
    "#8C510A",
)
"""Seven Okabe–Ito colours, then Tol's indigo, wine and olive and a dark brown."""
LINE_STYLES: tuple[str, ...] = ("-", "--", ":", "-.")


@dataclass(frozen=True, slots=True)
class ScenarioStyle:
    """How a scenario is drawn in every figure."""

    colour: str
    line_style: str
    is_baseline: bool


def scenario_styles(scenarios: Sequence[str], baseline: str) -> dict[str, ScenarioStyle]:
    """The style of each scenario: black for the baseline, Okabe–Ito colours for the others."""
    styles = {baseline: ScenarioStyle(BASELINE_COLOUR, "-", True)}
    others = [name for name in scenarios if name != baseline]
    for index, name in enumerate(others):
        colour = SCENARIO_CYCLE[index % len(SCENARIO_CYCLE)]
        line_style = LINE_STYLES[(index // len(SCENARIO_CYCLE)) % len(LINE_STYLES)]
        styles[name] = ScenarioStyle(colour, line_style, False)
    return styles


def ordered(styles: dict[str, ScenarioStyle], present: Sequence[str]) -> list[str]:
    """The scenarios of ``present`` in style order (baseline first), unknown ones last."""
    unique = list(dict.fromkeys(present))
    return [name for name in styles if name in unique] + [n for n in unique if n not in styles]


def style_of(styles: dict[str, ScenarioStyle], scenario: str) -> ScenarioStyle:
    """The style of a scenario, with a neutral grey for one the mapping does not know."""
    return styles.get(scenario, ScenarioStyle(HISTORY_COLOUR, ":", False))
