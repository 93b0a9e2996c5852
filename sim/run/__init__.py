"""Runs of the model: one seeded run (runner), Monte Carlo draws (sampling), seeds (seeding),
the dated story of a run (narrative) and the baseline's stylised facts (facts)."""
