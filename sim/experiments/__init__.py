"""Experiments: designs of many runs (Morris, Sobol', rejection ABC) run through the batch engine.

This layer runs the model and hands back tables; :mod:`analysis` turns them into indices,
posteriors and figures, and :mod:`sim.cli.pipelines` joins the two.
"""
