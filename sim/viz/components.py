"""The page's views: actor network, map, time series, dated log, calendar date.

Each view is a pure drawing function (``draw_network``, ``draw_map``, ``draw_timeseries``,
``log_html``) that reads a :class:`~sim.model.CrisisModel`, plus a Solara component that redraws
only when what it shows has changed. Figures are built with matplotlib's object API (no pyplot:
several browser sessions draw from several threads) from coordinates only: no tiles, no CDN.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import reacton.core
import solara
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon
from matplotlib.transforms import IdentityTransform
from mesa.visualization.utils import update_counter
from PIL import Image

from sim.registry import display_name
from sim.world.front import AXIS, AXIS_KM, LANDMARKS

if TYPE_CHECKING:
    from sim.agents.base import CrisisAgent
    from sim.model import CrisisModel


class ModelRun:
    """What the views need from the page's run object (see ``sim.viz.app.VizRun``)."""

    model: CrisisModel
    token: int  # unique per model built, so views can key their caches on it
    initial_row: dict[str, Any]  # the time-series row of the eve, before the first step
    lock: Any  # held while the model steps; the views hold it while they read the model
    render_context: Any  # set by the views: the session's reacton render context


DPI = 90
HOLDER_COLOURS = {"regime": "#b3261e", "opposition": "#2e7d32", "sdf": "#c9a227"}
HOLDER_NAMES = {"regime": "regime", "opposition": "HTS-led opposition", "sdf": "SDF"}

# Stance tones: where an actor stands toward war in Syria today.
ESCALATING, HEDGING, HOLDING_BACK, OUTSIDE = "escalating", "hedging", "holding back", "outside"
TONE_COLOURS = {
    ESCALATING: "#c0392b",
    HEDGING: "#e69f00",
    HOLDING_BACK: "#2a9d8f",
    OUTSIDE: "#b0b0b0",
}

# Edge styles by kind: (colour, line style). Standing ties are thin; messages are arrows.
EDGE_STYLES = {
    "loyalty_iran": ("#c0392b", "-"),
    "loyalty_state": ("#1f5fa8", "-"),
    "same_group": ("#888888", ":"),
    "pressure": ("#c0392b", "-"),
    "order": ("#6a3d9a", "-"),
    "defiance": ("#d81b60", "-"),
    "deterrence": ("#222222", "--"),
    "threat": ("#7f0000", "--"),
    "warning": ("#ef6c00", "-"),
    "reassurance": ("#2e7d32", "-"),
    "backing": ("#5d4037", "-"),
    "channel": ("#00838f", "-"),
    "message": ("#1f5fa8", "-."),
}
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


# Reading the model -------------------------------------------------------------------------
def last_choices(model: CrisisModel) -> dict[tuple[str, str], str]:
    """The latest choice of every (actor, decision) taken so far."""
    return {(r.actor, r.decision): r.choice for r in model.decision_log}


def stance(agent: CrisisAgent, choices: dict[tuple[str, str], str]) -> tuple[str, str]:
    """(tone, short description) of an actor's current stance toward war in Syria."""
    kind = agent.KIND
    if kind == "iran":
        tone = {"press": ESCALATING, "hedge": HEDGING}.get(agent.posture, HOLDING_BACK)
        return tone, f"posture: {agent.posture}"
    if kind == "turkey":
        tone = ESCALATING if agent.hts_stance == "back_openly" else HOLDING_BACK
        return tone, agent.hts_stance.replace("_", " ")
    if kind == "hts":
        return (ESCALATING if agent.pace == "push" else HEDGING), f"pace: {agent.pace}"
    if kind == "iraqi_government":
        if agent.army_in_syria:
            return ESCALATING, "army in Syria"
        if agent.pmf_order == "deploy_to_syria":
            return ESCALATING, "orders the PMF to Syria"
        tone = HEDGING if agent.words_to_damascus == "commit" else HOLDING_BACK
        return tone, f"border: {agent.border_posture}"
    if kind == "pmf_brigade":
        if agent.in_syria:
            return ESCALATING, "in Syria" + (" (defied orders)" if agent.defied_orders else "")
        return HOLDING_BACK, "on the border"
    if kind == "resistance_faction":
        if agent.fighters_in_syria <= 0:
            return HOLDING_BACK, "all home"
        last = choices.get((agent.actor_id, "syria_deployment"), "hold")
        tone = {"reinforce": ESCALATING, "withdraw": HOLDING_BACK}.get(last, HEDGING)
        return tone, f"{last}, {agent.fighters_in_syria:,.0f} in Syria"
    return OUTSIDE, ""


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


def format_date(date: dt.date) -> str:
    """'Wed 4 Dec 2024'."""
    return f"{date:%a} {date.day} {date:%b %Y}"


# Frames --------------------------------------------------------------------------------------
class FrameCanvas:
    """A figure drawn in two layers, for speed while playing.

    The static layer (axes, borders, legends) is rasterised once and kept as a bitmap; each
    frame restores it and draws only the artists that change (``artists``), then encodes a PNG.
    Rasterising a whole figure costs ~0.3 s on a slow core; a frame costs a fraction of that.
    The static layer is rebuilt when ``static_key`` changes (e.g. a time-series axis must grow).
    """

    figsize = (6.4, 4.6)

    def __init__(self) -> None:
        self._figure: Figure | None = None
        self._canvas: FigureCanvasAgg | None = None
        self._background: Any = None
        self._key: Hashable = None
        self._dynamic: list[Artist] = []

    def static_key(self, model: CrisisModel) -> Hashable:
        """What the static layer depends on besides the figure itself."""
        return None

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        """Draw the static layer."""
        raise NotImplementedError

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        """Add (and return) the artists that show the model's state today."""
        raise NotImplementedError

    def figure(self, model: CrisisModel) -> Figure:
        """A complete, ordinary figure of today (for saving or testing)."""
        fig = Figure(figsize=self.figsize, dpi=DPI)
        self.setup(fig, model)
        self.artists(fig, model)
        return fig

    def png(self, model: CrisisModel) -> bytes:
        """Today's frame as PNG bytes."""
        key = self.static_key(model)
        if self._figure is None or key != self._key:
            self._figure = Figure(figsize=self.figsize, dpi=DPI)
            self._canvas = FigureCanvasAgg(self._figure)
            self.setup(self._figure, model)
            self._canvas.draw()
            self._background = self._canvas.copy_from_bbox(self._figure.bbox)
            self._key, self._dynamic = key, []
        fig, canvas = self._figure, self._canvas
        assert canvas is not None
        for artist in self._dynamic:
            artist.remove()
        self._dynamic = self.artists(fig, model)
        canvas.restore_region(self._background)
        for artist in sorted(self._dynamic, key=lambda a: a.get_zorder()):
            artist.set_animated(True)
            fig.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, "png", compress_level=1)
        return buffer.getvalue()


def _axes(fig: Figure, rect: tuple[float, float, float, float]) -> Axes:
    ax = fig.add_axes(rect)
    ax.set_autoscale_on(False)
    return ax


# Network -----------------------------------------------------------------------------------
class NetworkCanvas(FrameCanvas):
    """Actors sized by fighters and coloured by stance; standing loyalties as thin lines (alpha by
    today's loyalty), the last three days' pressures and messages as curved arrows styled by kind
    (today's opaque, older ones fading). Names and legend are static; edges are drawn as two
    collections in pixel space, which keeps a frame cheap."""

    def static_key(self, model: CrisisModel) -> Hashable:
        return tuple(model.influence.nodes)

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        ax = _axes(fig, (0.0, 0.12, 1.0, 0.82))
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
            Line2D([], [], color=colour, ls=style, label=kind.replace("_", " "))
            for kind, (colour, style) in EDGE_STYLES.items()
        ]
        fig.legend(
            handles=tones + edges,
            loc="lower center",
            ncol=6,
            fontsize=6.5,
            frameon=False,
            handlelength=1.6,
            columnspacing=0.9,
        )

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        ax = fig.axes[0]
        pos = _positions(model)
        names = list(model.influence.nodes)
        pixels = dict(zip(names, ax.transData.transform([pos[n] for n in names]), strict=True))
        agents = {a.actor_id: a for a in model.actors()}
        choices = last_choices(model)
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
            out.append(_segments(ax, [_straight(*e) for e, *_ in standing], standing, zorder=1))
        if messages:
            curves = [_curve(*ends) for ends, *_ in messages]
            out.append(_segments(ax, curves, messages, zorder=2))
            heads = [_arrow_head(curve) for curve in curves]
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
        tones = [stance(agents[n], choices)[0] if n in agents else OUTSIDE for n in names]
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


NODE_GAP_PX = 11.0  # edges stop this far from the centres of the nodes (pixels)


def _straight(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    return np.array([start, end])


def _curve(start: np.ndarray, end: np.ndarray, bend: float = 0.12, points: int = 14) -> np.ndarray:
    """A quadratic Bezier from ``start`` to ``end`` bowed to the left, both ends cut back by
    ``NODE_GAP_PX`` (pixel coordinates, so arrows look the same whatever the aspect)."""
    delta = end - start
    length = float(np.hypot(*delta)) or 1.0
    control = (start + end) / 2 + bend * np.array([-delta[1], delta[0]])
    cut = min(NODE_GAP_PX / length, 0.3)
    t = np.linspace(cut, 1 - 1.6 * cut, points)[:, None]
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t**2 * end


def _arrow_head(curve: np.ndarray, size: float = 7.0) -> np.ndarray:
    """A triangle at the end of a curve, pointing along its last segment."""
    tip, before = curve[-1], curve[-2]
    direction = tip - before
    direction = direction / (float(np.hypot(*direction)) or 1.0)
    normal = np.array([-direction[1], direction[0]])
    base = tip - size * direction
    return np.array(
        [tip + 0.4 * size * direction, base + 0.45 * size * normal, base - 0.45 * size * normal]
    )


def _segments(
    ax: Axes, lines: list[np.ndarray], styles: list[tuple[Any, ...]], zorder: float
) -> Artist:
    """One collection of polylines in pixel coordinates, styled per line (colour, style, width)."""
    return ax.add_collection(
        LineCollection(
            lines,
            colors=[s[1] for s in styles],
            linestyles=[s[2] for s in styles],
            linewidths=[s[3] for s in styles],
            transform=IdentityTransform(),
            zorder=zorder,
        ),
        autolim=False,
    )


# Map ---------------------------------------------------------------------------------------
# Simplified borders (lon, lat), schematic only.
SYRIA = (
    (35.92, 35.93),
    (36.17, 36.03),
    (36.66, 36.23),
    (36.58, 36.55),
    (36.69, 36.83),
    (37.05, 36.63),
    (38.01, 36.83),
    (38.95, 36.70),
    (40.07, 36.85),
    (41.22, 37.07),
    (42.36, 37.11),
    (42.08, 36.80),
    (41.38, 36.45),
    (41.25, 35.60),
    (41.0, 34.42),
    (38.79, 33.37),
    (36.84, 32.31),
    (36.40, 32.38),
    (35.95, 32.66),
    (35.78, 32.74),
    (35.85, 33.10),
    (35.86, 33.41),
    (36.07, 33.59),
    (36.38, 33.83),
    (36.62, 34.20),
    (36.45, 34.55),
    (36.33, 34.68),
    (35.97, 34.64),
    (35.87, 34.90),
    (35.90, 35.20),
    (35.77, 35.52),
    (35.78, 35.80),
)
SYRIA_IRAQ_BORDER = SYRIA[10:16]
IRAQ_OTHER_BORDERS = (
    ((42.36, 37.11), (42.8, 37.33), (43.5, 37.25), (44.2, 37.27), (44.8, 37.15), (45.2, 36.9)),
    ((38.79, 33.37), (39.30, 32.23), (40.41, 31.95), (41.44, 31.37)),
)
SEA = (
    (34.0, 31.2),
    (34.5, 31.6),
    (34.9, 32.4),
    (35.1, 33.1),
    (35.5, 33.9),
    (35.97, 34.64),
    (35.87, 34.90),
    (35.90, 35.20),
    (35.77, 35.52),
    (35.78, 35.80),
    (35.92, 35.93),
    (35.80, 36.30),
    (36.17, 36.60),
    (36.0, 36.9),
    (35.4, 36.6),
    (34.0, 36.8),
)
COUNTRY_LABELS = {
    "SYRIA": (38.4, 35.75),
    "IRAQ": (43.2, 33.9),
    "TURKEY": (38.8, 37.35),
    "JORDAN": (37.2, 31.9),
    "LEBANON": (35.6, 33.75),
}
BORDER_STYLES = {
    "normal": ("#666666", 1.2, "normal"),
    "reinforce": ("#ef6c00", 2.6, "reinforced"),
    "seal": ("#b3261e", 3.6, "sealed"),
}
EXTENT = (35.2, 45.0, 31.6, 37.6)  # lon min, lon max, lat min, lat max
LANDMARK_LABEL_OFFSETS = {"idlib": (-6, 2), "albu_kamal": (-6, -9), "al_qaim": (5, 3)}
# Where the Iraqi factions stood (lat, lon): between Deir ez-Zor and Albu Kamal.
EAST_POCKET = (34.85, 40.35)


def front_position(model: CrisisModel) -> tuple[float, float]:
    """(lat, lon) of the offensive's head on the Idlib-Aleppo-Hama-Homs-Damascus road."""
    front = model.front
    target = front.target()
    if target is None:
        city = front.cities[AXIS[-1]]
        return city.lat, city.lon
    index = AXIS.index(target.name)
    start = LANDMARKS["idlib"] if index == 0 else _latlon(model, AXIS[index - 1])
    done = 1.0 - max(front.km_to_target, 0.0) / AXIS_KM[target.name]
    done = min(max(done, 0.0), 1.0)
    return (
        start[0] + done * (target.lat - start[0]),
        start[1] + done * (target.lon - start[1]),
    )


def _latlon(model: CrisisModel, name: str) -> tuple[float, float]:
    city = model.front.cities[name]
    return city.lat, city.lon


def map_signature(model: CrisisModel) -> Hashable:
    """Everything the map shows; the map is redrawn only when this changes."""
    front, gov = model.front, model.government
    return (
        model.date,
        tuple((c.name, c.holder, c.fall_day) for c in front.cities.values()),
        round(front.km_to_target),
        round(model.iraqi_fighters_in_syria(factions_only=True), -1),
        tuple(b.in_syria for b in model.brigades),
        gov.border_posture,
        gov.army_in_syria,
        model.world.soldiers_admitted,
        front.soldiers_fleeing,
        last_choices(model).get((gov.actor_id, "admit_soldiers")),
    )


class MapCanvas(FrameCanvas):
    """Syria and western Iraq from coordinates: cities by holder, the offensive's road and head,
    Iraqi fighters in Syria, Iraq's border posture and the soldiers crossing at al-Qaim."""

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        ax = _axes(fig, (0.01, 0.08, 0.98, 0.84))
        lon0, lon1, lat0, lat1 = EXTENT
        ax.set_xlim(lon0, lon1)
        ax.set_ylim(lat0, lat1)
        ax.set_aspect(1.0 / math.cos(math.radians((lat0 + lat1) / 2)))
        ax.set_facecolor("#e9e6df")
        ax.tick_params(labelsize=6, length=2)
        ax.add_patch(Polygon(SEA, closed=True, fc="#d6e6f2", ec="none", zorder=0))
        ax.add_patch(Polygon(SYRIA, closed=True, fc="#fffdf6", ec="#555555", lw=0.9, zorder=1))
        for line in IRAQ_OTHER_BORDERS:
            ax.plot(*zip(*line, strict=True), color="#555555", lw=0.9, zorder=1)
        for label, (x, y) in COUNTRY_LABELS.items():
            ax.text(x, y, label, fontsize=8, color="#9a9a9a", ha="center", weight="bold")
        road = [LANDMARKS["idlib"], *(_latlon(model, n) for n in AXIS)]
        ax.plot(
            [p[1] for p in road], [p[0] for p in road], color="#999999", lw=1.2, ls="--", zorder=2
        )
        for name in ("idlib", "albu_kamal", "al_qaim", "baghdad"):
            lat, lon = LANDMARKS[name]
            ax.plot(
                lon, lat, marker="*" if name == "baghdad" else "s", ms=6, color="#444444", zorder=6
            )
            dx, dy = LANDMARK_LABEL_OFFSETS.get(name, (5, 3))
            ax.annotate(
                _city_name(name),
                (lon, lat),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=6.5,
                color="#444444",
                ha="right" if dx < 0 else "left",
            )
        handles = [
            Line2D([], [], marker="o", ls="", color=c, mec="black", mew=0.5, label=HOLDER_NAMES[h])
            for h, c in HOLDER_COLOURS.items()
        ]
        fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=7, frameon=False)

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        ax = fig.axes[0]
        gov, front = model.government, model.front
        out: list[Artist] = []
        colour, width, word = BORDER_STYLES.get(gov.border_posture, BORDER_STYLES["normal"])
        out += ax.plot(
            *zip(*SYRIA_IRAQ_BORDER, strict=True),
            color=colour,
            lw=width,
            zorder=2,
            solid_capstyle="round",
        )
        out.append(
            ax.text(41.75, 35.75, f"Iraqi border:\n{word}", fontsize=7, color=colour, zorder=8)
        )
        head = front_position(model)
        taken = [LANDMARKS["idlib"]]
        taken += [_latlon(model, n) for n in AXIS if front.cities[n].holder == "opposition"]
        taken.append(head)
        out += ax.plot(
            [p[1] for p in taken],
            [p[0] for p in taken],
            lw=3.0,
            alpha=0.75,
            color=HOLDER_COLOURS["opposition"],
            zorder=3,
        )
        if not front.collapsed:
            out += ax.plot(
                head[1],
                head[0],
                marker="v",
                ms=9,
                color=HOLDER_COLOURS["opposition"],
                mec="black",
                mew=0.6,
                zorder=6,
            )
            out.append(
                ax.annotate(
                    "front",
                    (head[1], head[0]),
                    xytext=(-8, 0),
                    textcoords="offset points",
                    ha="right",
                    va="center",
                    fontsize=7,
                    zorder=6,
                )
            )
        for name, city in front.cities.items():
            out += ax.plot(
                city.lon,
                city.lat,
                marker="o",
                ms=8,
                color=HOLDER_COLOURS[city.holder],
                mec="black",
                mew=0.6,
                zorder=7,
            )
            fell = ""
            if city.fall_day is not None:
                fell = f" (fell {_day_month_text(model.crisis_scenario.date_of(city.fall_day))})"
            out.append(
                ax.annotate(
                    _city_name(name) + fell,
                    (city.lon, city.lat),
                    xytext=(6, 3),
                    textcoords="offset points",
                    fontsize=7,
                    zorder=7,
                )
            )
        out += self._iraqi_forces(ax, model)
        out += self._fleeing_soldiers(ax, model)
        status = (
            "regime collapsed"
            if front.collapsed
            else f"regime cohesion {front.regime_cohesion:.2f}"
        )
        out.append(
            fig.text(
                0.5,
                0.97,
                f"The front and the Iraqi border — {format_date(model.date)} ({status})",
                ha="center",
                va="top",
                fontsize=9,
            )
        )
        return out

    @staticmethod
    def _iraqi_forces(ax: Axes, model: CrisisModel) -> list[Artist]:
        out: list[Artist] = []
        fighters = model.iraqi_fighters_in_syria(factions_only=True)
        lat, lon = EAST_POCKET
        red = TONE_COLOURS[ESCALATING]
        if fighters > 0:
            out.append(
                ax.scatter(
                    lon,
                    lat,
                    s=30 + 0.25 * fighters,
                    color=red,
                    alpha=0.45,
                    edgecolors=red,
                    zorder=4,
                )
            )
        out.append(
            ax.annotate(
                f"Iraqi factions\nin Syria: {fighters:,.0f}",
                (lon, lat),
                xytext=(-12, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=7,
                zorder=8,
                color=red if fighters else "#666666",
            )
        )
        extra = []
        brigades = sum(b.in_syria for b in model.brigades)
        if brigades:
            extra.append(f"PMF brigades in Syria: {brigades}")
        if model.government.army_in_syria:
            extra.append("Iraqi army in Syria")
        if extra:
            out.append(
                ax.annotate(
                    "\n".join(extra),
                    (lon, lat),
                    xytext=(-12, -16),
                    textcoords="offset points",
                    ha="right",
                    va="top",
                    fontsize=7,
                    color=red,
                    zorder=8,
                    weight="bold",
                )
            )
        return out

    @staticmethod
    def _fleeing_soldiers(ax: Axes, model: CrisisModel) -> list[Artist]:
        world, front, gov = model.world, model.front, model.government
        fled = world.soldiers_admitted + front.soldiers_fleeing
        turned_back = last_choices(model).get((gov.actor_id, "admit_soldiers")) == "turn_back"
        if not (fled or turned_back):
            return []
        (lat0, lon0), (lat1, lon1) = LANDMARKS["albu_kamal"], LANDMARKS["al_qaim"]
        arrow = ax.add_patch(
            FancyArrowPatch(
                (lon0 - 0.7, lat0 + 0.25),
                (lon1 + 0.35, lat1 - 0.2),
                arrowstyle="-|>",
                mutation_scale=12,
                color="#6a3d9a",
                lw=2,
                connectionstyle="arc3,rad=-0.3",
                zorder=8,
            )
        )
        if world.soldiers_admitted:
            text = f"{world.soldiers_admitted:,} Syrian soldiers\nadmitted at al-Qaim"
        elif front.soldiers_fleeing:
            text = f"{front.soldiers_fleeing:,} Syrian soldiers\nat the al-Qaim crossing"
        else:
            text = "Syrian soldiers\nturned back at al-Qaim"
        return [arrow, ax.text(41.5, 33.45, text, fontsize=7, color="#6a3d9a", zorder=8)]


def _city_name(name: str) -> str:
    return {"deir_ez_zor": "Deir ez-Zor", "albu_kamal": "Albu Kamal", "al_qaim": "al-Qaim"}.get(
        name, name.replace("_", " ").title()
    )


# Time series -------------------------------------------------------------------------------
SERIES = (
    (
        ("regime_cohesion", "regime cohesion", "#b3261e"),
        ("iraqi_threat_perception", "Iraqi threat perception", "#1f5fa8"),
    ),
    (
        ("offensive_momentum", "offensive momentum", "#2e7d32"),
        ("iran_pressure", "Iran's pressure", "#e69f00"),
    ),
    (("faction_fighters_in_syria", "Iraqi faction fighters in Syria", "#6a3d9a"),),
)


def _ceiling(value: float) -> float:
    """A round axis top at or above ``value`` (1, 1.5, 2, 2.5, 3, 4, 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    scale = 10 ** math.floor(math.log10(value))
    return next(m * scale for m in (1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10) if m * scale >= value)


class TimeSeriesCanvas(FrameCanvas):
    """Three panels over the whole period, so the lines grow day by day. The per-session rows
    come from ``rows`` (the eve's row, then ``model.history``)."""

    def __init__(self, rows: Any) -> None:
        super().__init__()
        self.rows = rows

    def _tops(self, model: CrisisModel) -> tuple[float, float]:
        rows = self.rows(model)
        pressing = max(r[k] for r in rows for k in ("offensive_momentum", "iran_pressure"))
        fighters = max(r["faction_fighters_in_syria"] for r in rows)
        return _ceiling(max(pressing * 1.1, 1.0)), _ceiling(max(fighters * 1.15, 100.0))

    def static_key(self, model: CrisisModel) -> Hashable:
        return (
            model.crisis_scenario.period.start,
            model.crisis_scenario.period.end,
            self._tops(model),
        )

    def setup(self, fig: Figure, model: CrisisModel) -> None:
        axes = fig.subplots(3, 1, sharex=True)
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.08, hspace=0.38)
        start, end = model.crisis_scenario.period.start, model.crisis_scenario.period.end
        tops = (1.05, *self._tops(model))
        for ax, panel, top in zip(axes, SERIES, tops, strict=True):
            ax.set_xlim(_num(start - dt.timedelta(days=1)), _num(end))
            ax.set_ylim(0, top)
            ax.set_autoscale_on(False)
            ax.tick_params(labelsize=6.5, length=2)
            ax.grid(alpha=0.3)
            handles = [Line2D([], [], color=c, lw=1.6, label=label) for _, label, c in panel]
            ax.legend(handles=handles, loc="upper left", fontsize=6.5, frameon=False, ncol=2)
        axes[2].xaxis.set_major_formatter(_day_month)
        fig.suptitle("The crisis day by day", fontsize=9)

    def artists(self, fig: Figure, model: CrisisModel) -> list[Artist]:
        rows = self.rows(model)
        days = [_num(dt.date.fromisoformat(r["date"])) for r in rows]
        out: list[Artist] = []
        for ax, panel in zip(fig.axes, SERIES, strict=True):
            for key, _, colour in panel:
                out += ax.plot(days, [r[key] for r in rows], color=colour, lw=1.6)
        return out


def _day_month_text(date: dt.date) -> str:
    """'6 Dec'."""
    return f"{date.day} {date:%b}"


def _num(date: dt.date) -> float:
    """Matplotlib's date number of a calendar date (days since 1970-01-01)."""
    return float((date - dt.date(1970, 1, 1)).days)


def _day_month(value: float, _pos: int | None = None) -> str:
    return f"{dt.date(1970, 1, 1) + dt.timedelta(days=round(value)):%d %b}"


# Log ---------------------------------------------------------------------------------------
CATEGORY_COLOURS = {"event": "#00838f", "decision": "#8d6e00", "front": "#b3261e"}


def latest_decisions(model: CrisisModel, limit: int = 12) -> list[str]:
    """The decisions of the last simulated day with their chosen option, probability and top
    reasons (the utility terms that most favoured it over the runner-up)."""
    lines = []
    for record in [r for r in model.decision_log if r.day == model.day][:limit]:
        p = record.probabilities[record.options.index(record.choice)]
        reasons = ", ".join(f"{name} {value:+.2f}" for name, value in record.top_reasons(2))
        forced = " forced" if record.forced else ""
        lines.append(
            f"{html.escape(display_name(record.actor))} — {record.decision.replace('_', ' ')}: "
            f"<b>{html.escape(record.choice)}</b> (p {p:.2f}{forced}"
            + (f"; {html.escape(reasons)}" if reasons else "")
            + ")"
        )
    return lines


def log_html(model: CrisisModel, limit: int = 80) -> str:
    """The dated log of events, decisions and the front, newest first (decision lines carry
    their top reasons)."""
    parts = [f"<div><b>Log</b> ({len(model.narrative)} entries, newest first)</div>"]
    if not model.narrative:
        parts.append("<div><i>Nothing yet: press Step or Play.</i></div>")
    for entry in _newest_first(model.narrative, limit):
        colour = CATEGORY_COLOURS.get(entry.category, "#444444")
        parts.append(
            f'<div class="axis-log-entry"><span style="color:#666">{entry.date:%d %b}</span> '
            f'<span style="color:{colour};font-weight:600">{entry.category}</span> '
            f"{html.escape(entry.text)}</div>"
        )
    return "".join(parts)


def decisions_html(model: CrisisModel) -> str:
    """Every decision of the last simulated day with its top reasons."""
    decisions = latest_decisions(model, limit=40)
    if not decisions:
        return ""
    items = "".join(f"<li>{line}</li>" for line in decisions)
    return (
        f"<div><b>All decisions of {format_date(model.date)}</b> — choice (probability; "
        "top reasons)</div>"
        f'<ul style="margin:2px 0 0 0;padding-left:18px">{items}</ul>'
    )


def _newest_first(entries: Sequence[Any], limit: int) -> Iterable[Any]:
    return reversed(entries[-limit:])


# Solara components ---------------------------------------------------------------------------
def _attach(run: ModelRun) -> None:
    """Tell the run which render context draws it (see ``VizRun._wait_for_render``)."""
    run.render_context = reacton.core.get_render_context(required=False)


def _frame(make_canvas: Any, run: ModelRun, signature: Hashable) -> None:
    """Show a canvas's frame, drawing it only when ``signature`` changes."""
    _attach(run)
    canvas = solara.use_memo(make_canvas, dependencies=[run.token])

    def draw() -> bytes:
        with run.lock:
            return canvas.png(run.model)

    png = solara.use_memo(draw, dependencies=[run.token, signature])
    solara.Image(png, format="png", width="100%")


@solara.component
def NetworkView(run: ModelRun) -> None:
    """The actor network (redrawn each simulated day)."""
    update_counter.get()
    _frame(NetworkCanvas, run, run.model.day)


@solara.component
def MapView(run: ModelRun) -> None:
    """The schematic map (redrawn only when the front, the forces or the border change)."""
    update_counter.get()
    with run.lock:
        signature = map_signature(run.model)
    _frame(MapCanvas, run, signature)


def series_rows(run: ModelRun) -> list[dict[str, Any]]:
    """The time-series rows of a run so far: the eve, then one per simulated day."""
    return [run.initial_row, *(run.model.history or [])]


@solara.component
def TimeSeriesView(run: ModelRun) -> None:
    """Cohesion, momentum, fighters, threat perception and Iran's pressure, day by day."""
    update_counter.get()
    _frame(lambda: TimeSeriesCanvas(lambda _model: series_rows(run)), run, run.model.day)


LOG_STYLE = {"font-size": "12.5px", "line-height": "1.35", "overflow-y": "auto"}


@solara.component
def LogView(run: ModelRun) -> None:
    """The calendar date and scenario, the dated log, and the latest decisions' reasons."""
    update_counter.get()
    _attach(run)
    model = run.model

    def bodies() -> tuple[str, str]:
        with run.lock:
            return log_html(model), decisions_html(model)

    log, decisions = solara.use_memo(bodies, dependencies=[(run.token, model.day)])
    with solara.Column(gap="4px", style={"padding": "4px 8px", "height": "100%"}):
        DateHeadline(run)
        solara.HTML(tag="div", unsafe_innerHTML=log, style={**LOG_STYLE, "max-height": "190px"})
        if decisions:
            solara.HTML(
                tag="div",
                unsafe_innerHTML=decisions,
                style={**LOG_STYLE, "max-height": "130px", "border-top": "1px solid #ddd"},
            )


@solara.component
def DateHeadline(run: ModelRun) -> None:
    """The current calendar date in large type, with the day count."""
    update_counter.get()
    model = run.model
    days = model.n_days
    day = "the eve, before day 1" if model.day < 0 else f"day {model.day + 1} of {days}"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<span class="axis-date" style="font-size:20px;font-weight:600">'
            f"{format_date(model.date)}</span>"
            f'<span style="color:#666;margin-left:10px">{day}</span>'
            f'<div style="color:#444;font-size:12.5px">{html.escape(model.crisis_scenario.name)}: '
            f"{html.escape(model.crisis_scenario.title)}</div>"
        ),
    )
