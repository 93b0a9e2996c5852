"""The actor kinds, one module each; :mod:`sim.registry` lists them in acting order.

Each kind imports :mod:`sim.core` only (and :mod:`sim.agents.base`).
"""
