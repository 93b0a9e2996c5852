"""Forces sent into Syria: a :class:`Deployment` record per force (ordered day, arrival day,
strength) and the arithmetic the agents and the world share: what is at the front, what is on
the road, and withdrawals. The delays themselves are parameters of
:mod:`sim.world.deployment`; combat losses are :mod:`sim.world.attrition`, strikes
:mod:`sim.world.interdiction`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sim.core.params import ParamValues


@dataclass(slots=True)
class Deployment:
    """One force sent into Syria: ordered on a day, at the front from ``arrival_day`` on."""

    ordered_day: int
    arrival_day: int
    strength: float

    def arrived(self, day: int) -> bool:
        """Has the force reached the front by ``day``?"""
        return day >= self.arrival_day


def send(day: int, strength: float, delay_days: float) -> Deployment:
    """A force ordered on ``day`` that reaches the front ``delay_days`` (rounded) later."""
    return Deployment(day, day + max(0, round(delay_days)), strength)


def delay(params: ParamValues, force: str) -> float:
    """The delay of a kind of force: ``"army"``, ``"brigade"`` or ``"faction"``."""
    return params[f"deployment.{force}_delay_days"]


def at_front(deployments: Iterable[Deployment], day: int) -> float:
    """Strength that has reached the front by ``day`` (``arrived`` inlined: a hot path)."""
    return sum([d.strength for d in deployments if day >= d.arrival_day])


def on_the_road(deployments: Iterable[Deployment], day: int) -> float:
    """Strength ordered but not yet at the front on ``day`` (``arrived`` inlined: a hot path)."""
    return sum([d.strength for d in deployments if day < d.arrival_day])


def withdraw(deployments: list[Deployment], day: int, men: float) -> None:
    """Bring ``men`` home: first turn back the forces still on the road, then take the rest from
    those at the front in proportion to their strength (never below zero)."""
    road = [d for d in deployments if not d.arrived(day)]
    recalled = sum(d.strength for d in road)
    if road and recalled <= men:
        deployments[:] = [d for d in deployments if d.arrived(day)]
        men -= recalled
    elif road:
        for d in road:
            d.strength *= 1.0 - men / recalled
        return
    here = sum(d.strength for d in deployments)
    keep = 0.0 if here <= men else 1.0 - men / here
    for d in deployments:
        d.strength *= keep
