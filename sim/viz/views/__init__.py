"""The page's views, one module each: ``map``, ``network``, ``timeseries``, ``log`` and their
Solara components in ``page``; ``frame`` (two-layer figures), ``arrows``, ``geography`` and
``common`` are their shared parts. An actor's stance comes from its own ``stance()`` hook.
"""
