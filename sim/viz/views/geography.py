"""Where things are on the map: schematic borders, the offensive's head, city names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.world.front import AXIS, AXIS_KM, LANDMARKS

if TYPE_CHECKING:
    from sim.model import CrisisModel

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
    start = LANDMARKS["idlib"] if index == 0 else city_latlon(model, AXIS[index - 1])
    done = 1.0 - max(front.km_to_target, 0.0) / AXIS_KM[target.name]
    done = min(max(done, 0.0), 1.0)
    return (
        start[0] + done * (target.lat - start[0]),
        start[1] + done * (target.lon - start[1]),
    )


def city_latlon(model: CrisisModel, name: str) -> tuple[float, float]:
    """(lat, lon) of a city on the offensive's road."""
    city = model.front.cities[name]
    return city.lat, city.lon


def city_name(name: str) -> str:
    """A place name as the map writes it."""
    return {"deir_ez_zor": "Deir ez-Zor", "albu_kamal": "Albu Kamal", "al_qaim": "al-Qaim"}.get(
        name, name.replace("_", " ").title()
    )
