"""The influence network: actors sized by fighters and coloured by stance, ties and messages."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import IdentityTransform

from sim.core.stance import OUTSIDE
from sim.viz.views import arrows
from sim.viz.views.common import TONE_COLOURS, format_date
from sim.viz.views.frame import FrameCanvas, fixed_axes

if TYPE_CHECKING:
    from sim.agents.base import CrisisAgent
    from sim.model import CrisisModel

# Edge families: (legend label, colour, line style, kinds). One legend entry per family keeps
# the legend short; standing ties are thin lines, the others arrows.
EDGE_FAMILIES = (
    ("loyalty to Iran", "#c0392b", "-", ("loyalty_iran",)),
    ("loyalty to the state", "#1f5fa8", "-", ("loyalty_state",)),
    ("same group", "#888888", ":", ("same_group",)),
    (
        "pressure, orders, threats",
        "#7f0000",
        "--",
        ("pressure", "order", "defiance", "deterrence", "threat", "warning"),
    ),
    ("support, reassurance", "#2e7d32", "-", ("reassurance", "backing", "channel")),
    ("messages", "#1f5fa8", "-.", ("message",)),
)
EDGE_STYLES = {kind: (colour, style) for _, colour, style, kinds in EDGE_FAMILIES for kind in kinds}
STANDING = {"loyalty_iran", "loyalty_state", "same_group"}

SHORT_NAMES = {
    "iran": "Iran",
    "turkey": "Turkey",
    "hts": "HTS",
    "iraqi_government": "Baghdad",
    "pmf_badr": "PMF Badr",
    "pmf_kataib_hezbollah": "PMF KH",
    "pmf_asaib_ahl_al_haqq": "PMF AAH",
    "pmf_nujaba": "PMF Nujaba",
    "pmf_atabat": "PMF Atabat",
    "kataib_hezbollah": "KH",
    "harakat_al_nujaba": "Nujaba",
    "kataib_sayyid_al_shuhada": "KSS",
    "asaib_ahl_al_haqq": "AAH",
    "badr": "Badr",
    "israel": "Israel",
    "united_states": "US",
    "russia": "Russia",
    "sadr": "Sadr",
    "sistani": "Sistani",
    "maliki": "Maliki",
    "assad": "Assad",
    "hezbollah": "Hezbollah",
    "qatar": "Qatar",
    "sdf": "SDF",
}

# A fixed layout (x, y in [0, 1]): the offensive's side left, Baghdad centre, Iran right,
# the factions above and the PMF brigades below. Unknown nodes go on a ring (``_positions``).
NODE_POSITIONS = {
    "turkey": (0.05, 0.86),
    "hts": (0.05, 0.55),
    "assad": (0.05, 0.22),
    "russia": (0.2, 0.04),
    "qatar": (0.2, 0.96),
    "sdf": (0.05, 0.04),
    "iraqi_government": (0.45, 0.5),
    "sadr": (0.3, 0.58),
    "sistani": (0.3, 0.42),
    "maliki": (0.6, 0.58),
    "iran": (0.94, 0.5),
    "hezbollah": (0.95, 0.78),
    "israel": (0.95, 0.25),
    "united_states": (0.95, 0.06),
}
_ROW_X = (0.3, 0.42, 0.54, 0.66, 0.78)


def node_size(agent: CrisisAgent | None) -> float:
    """Marker area: armed groups by fighters (in Syria, else strength), states fixed."""
    if agent is None:
        return 90.0
    if agent.KIND == "resistance_faction":
        return 120.0 + 0.9 * agent.fighters_in_syria
    if agent.KIND == "pmf_brigade":
        strength = agent.param("strength")
        return (120.0 + 0.25 * strength) if agent.in_syria else 90.0 + 0.08 * strength
    return 520.0


def _positions(model: CrisisModel) -> dict[str, tuple[float, float]]:
    pos = dict(NODE_POSITIONS)
    for x, faction in zip(_ROW_X, model.factions, strict=False):
        pos[faction.actor_id] = (x, 0.86)
    for x, brigade in zip(_ROW_X, model.brigades, strict=False):
        pos[brigade.actor_id] = (x, 0.14)
    others = [n for n in model.influence.nodes if n not in pos]
    for i, name in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1)
        pos[name] = (0.5 + 0.48 * math.cos(angle), 0.5 + 0.48 * math.sin(angle))
    return pos


def _label(name: str) -> str:
    return SHORT_NAMES.get(name, name.replace("_", " ").title())


class NetworkCanvas(FrameCanvas):
    """Actors sized by fighters and coloured by stance; standing loyalties as thin lines (alpha by
    today's loyalty), the last three days' pressures and messages as curved arrows styled by kind
    (today's opaque, older ones fading). Names and legend are static; edges are drawn as a few
    collections in pixel space (ties, arrows, arrow heads), which keeps a frame cheap."""

    def static_key(self, model: CrisisModel) -> Hashable:
        return tuple(model.influence.nodes)

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        ax = fixed_axes(fig, (0.0, 0.12, 1.0, 0.82))
        ax.set_xlim(-0.05, 1.05)
        ax.set_ylim(-0.06, 1.04)
        ax.axis("off")
        pos = _positions(model)
        kinds = {a.actor_id: a.KIND for a in model.actors()}
        for name in model.influence.nodes:
            below = kinds.get(name) == "pmf_brigade"
            ax.annotate(
                _label(name),
                pos[name],
                xytext=(0, -11 if below else 9),
                textcoords="offset points",
                ha="center",
                va="top" if below else "bottom",
                fontsize=7,
                color="#222222" if name in kinds else "#777777",
            )
        tones = [
            Line2D([], [], marker="o", ls="", color=c, label=t) for t, c in TONE_COLOURS.items()
        ]
        edges = [
            Line2D([], [], color=colour, ls=style, label=label)
            for label, colour, style, _ in EDGE_FAMILIES
        ]
        fig.legend(
            handles=tones + edges,
            loc="lower center",
            ncol=5,
            fontsize=6.5,
            frameon=False,
            handlelength=1.8,
            columnspacing=1.0,
        )

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        ax = fig.axes[0]
        pos = _positions(model)
        names = list(model.influence.nodes)
        pixels = dict(zip(names, ax.transData.transform([pos[n] for n in names]), strict=True))
        agents = {a.actor_id: a for a in model.actors()}
        standing, messages = [], []
        for source, target, data in model.influence.edges(data=True):
            kind = data.get("kind", "message")
            colour, style = EDGE_STYLES.get(kind, ("#555555", "-"))
            ends = (pixels[source], pixels[target])
            if kind in STANDING:
                weight = getattr(agents.get(source), kind, data.get("weight", 1.0))
                alpha = 0.15 + 0.55 * min(max(float(weight), 0.0), 1.0)
                standing.append((ends, to_rgba(colour, alpha), style, 0.9))
                continue
            age = model.day - int(data.get("day", model.day))
            if 0 <= age <= 2:
                width = 0.6 + 0.9 * min(abs(float(data.get("weight", 1.0))), 2.0)
                messages.append((ends, to_rgba(colour, (1.0, 0.45, 0.2)[age]), style, width))
        out: list[Artist] = []
        if standing:
            lines = [arrows.straight(*ends) for ends, *_ in standing]
            out.append(arrows.segments(ax, lines, standing, zorder=1))
        if messages:
            curves = [arrows.curve(*ends) for ends, *_ in messages]
            out.append(arrows.segments(ax, curves, messages, zorder=2))
            heads = [arrows.arrow_head(curve) for curve in curves]
            out.append(
                ax.add_collection(
                    PolyCollection(
                        heads,
                        facecolors=[m[1] for m in messages],
                        edgecolors="none",
                        transform=IdentityTransform(),
                        zorder=2,
                    ),
                    autolim=False,
                )
            )
        tones = [agents[n].stance()[0] if n in agents else OUTSIDE for n in names]
        out.append(
            ax.scatter(
                [pos[n][0] for n in names],
                [pos[n][1] for n in names],
                s=[node_size(agents.get(n)) for n in names],
                c=[TONE_COLOURS[t] for t in tones],
                edgecolors="white",
                linewidths=0.8,
                zorder=3,
            )
        )
        out.append(
            fig.text(
                0.5,
                0.97,
                f"Actors and influence — {format_date(model.date)}",
                ha="center",
                va="top",
                fontsize=9,
            )
        )
        return out
