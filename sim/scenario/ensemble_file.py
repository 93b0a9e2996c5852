"""Ensemble files: weighted parameter draws a scenario runs over (``ensemble: FILE``).

An ensemble is made by ``axis-sim ensemble`` (:mod:`sim.experiments.ensemble`): ABC-SMC keeps
parameter draws under which the baseline reproduces its calibration targets. The file is JSON
(format :data:`FORMAT`): a header (scenario, seed, library, epsilon schedule, acceptance and ESS
per generation) and ``members``, each a weight and one value per inferred parameter. A scenario
that names it draws, in every run, one member (by weight) instead of those parameters' priors.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sim.scenario.errors import ScenarioError

FORMAT = "axis-sim ensemble 1"


@dataclass(frozen=True)
class Ensemble:
    """The members of an ensemble file: parameter keys, one value row and one weight each."""

    path: str
    keys: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    weights: tuple[float, ...]  # normalised to sum 1
    header: dict[str, Any]

    def member(self, index: int) -> dict[str, float]:
        return dict(zip(self.keys, self.values[index], strict=True))


def ess(weights: Any) -> float:
    """Effective sample size of importance weights: (sum w)^2 / sum w^2."""
    w = [float(x) for x in weights]
    return sum(w) ** 2 / sum(x * x for x in w) if w and any(w) else 0.0


def write_ensemble(path: Path, header: dict[str, Any], keys: list[str], rows: list[dict]) -> None:
    """Write the file atomically: ``rows`` are ``{"weight", "distance", "values"}`` members."""
    total = sum(r["weight"] for r in rows)
    members = [{**r, "weight": r["weight"] / total} for r in rows]
    data = {"format": FORMAT, **header, "parameters": keys, "size": len(rows), "members": members}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_ensemble(path: str | Path) -> Ensemble:
    """Read and check an ensemble file; every problem is a :class:`ScenarioError` naming it."""
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except FileNotFoundError:
        raise ScenarioError(
            f"{resolved}: no such ensemble file (make one with `axis-sim ensemble`)"
        ) from None
    except OSError as exc:
        raise ScenarioError(f"{resolved}: cannot read the ensemble file ({exc})") from None
    return _read_cached(str(resolved), stat.st_mtime_ns, stat.st_size)


@cache
def _read_cached(path: str, _mtime: int, _size: int) -> Ensemble:
    """The file's content (cached per path, modification time and size: runs read it often)."""
    where = path
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScenarioError(f"{where}: not a readable JSON ensemble file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ScenarioError(f"{where}: not an ensemble file (format {FORMAT!r} expected)")
    keys = data.get("parameters")
    members = data.get("members")
    if not (isinstance(keys, list) and keys and isinstance(members, list) and members):
        raise ScenarioError(f"{path}: fields 'parameters' and 'members' must be non-empty lists")
    values, weights = [], []
    for i, member in enumerate(members):
        try:
            row = tuple(float(member["values"][k]) for k in keys)
            weight = float(member["weight"])
        except (KeyError, TypeError, ValueError):
            raise ScenarioError(
                f"{path}: members[{i}] needs a weight and a value for each of {', '.join(keys)}"
            ) from None
        if not (all(math.isfinite(v) for v in row) and math.isfinite(weight) and weight >= 0):
            raise ScenarioError(f"{path}: members[{i}] has a value or weight that is not finite")
        values.append(row)
        weights.append(weight)
    total = sum(weights)
    if total <= 0:
        raise ScenarioError(f"{path}: field 'members': the weights sum to 0")
    header = {k: v for k, v in data.items() if k != "members"}
    return Ensemble(path, tuple(keys), tuple(values), tuple(w / total for w in weights), header)


def check_matches(
    ensemble: Ensemble, inferred: list[str], fixed: list[str], where: str, scenario: str = ""
) -> None:
    """The ensemble must hold nothing but the scenario's continuous uncertain parameters and the
    parameters it fixes (a counterfactual's own values win over it). For the scenario it was fitted
    to, it must hold every one of them (else it is stale); a scenario that extends that one may
    draw more, which its runs draw from their priors."""
    own = scenario == ensemble.header.get("scenario")
    missing = sorted(set(inferred) - set(ensemble.keys)) if own else []
    extra = sorted(set(ensemble.keys) - set(inferred) - set(fixed))
    if missing or extra:
        problems = [f"lacks {', '.join(missing)}"] if missing else []
        problems += [f"holds {', '.join(extra)}, not uncertain in the scenario"] if extra else []
        raise ScenarioError(
            f"{where}: field 'ensemble': {ensemble.path} does not match the scenario's "
            f"uncertain parameters (other than `choice` ones): it {' and '.join(problems)}"
        )
