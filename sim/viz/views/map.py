"""The schematic map: Syria and western Iraq from coordinates only (no tiles, no CDN)."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Polygon

from sim.core.stance import ESCALATING
from sim.viz.views.common import TONE_COLOURS, day_month_text, format_date, last_choices
from sim.viz.views.frame import FrameCanvas, fixed_axes
from sim.viz.views.geography import (
    COUNTRY_LABELS,
    EAST_POCKET,
    EXTENT,
    IRAQ_OTHER_BORDERS,
    LANDMARK_LABEL_OFFSETS,
    SEA,
    SYRIA,
    SYRIA_IRAQ_BORDER,
    city_latlon,
    city_name,
    front_position,
)
from sim.world.front import AXIS, LANDMARKS

if TYPE_CHECKING:
    from sim.model import CrisisModel

HOLDER_COLOURS = {"regime": "#b3261e", "opposition": "#2e7d32", "sdf": "#c9a227"}
HOLDER_NAMES = {"regime": "regime", "opposition": "HTS-led opposition", "sdf": "SDF"}
BORDER_STYLES = {
    "normal": ("#666666", 1.2, "normal"),
    "reinforce": ("#ef6c00", 2.6, "reinforced"),
    "seal": ("#b3261e", 3.6, "sealed"),
}


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
        ax = fixed_axes(fig, (0.01, 0.08, 0.98, 0.84))
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
        road = [LANDMARKS["idlib"], *(city_latlon(model, n) for n in AXIS)]
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
                city_name(name),
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
        taken += [city_latlon(model, n) for n in AXIS if front.cities[n].holder == "opposition"]
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
                fell = f" (fell {day_month_text(model.crisis_scenario.date_of(city.fall_day))})"
            out.append(
                ax.annotate(
                    city_name(name) + fell,
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
