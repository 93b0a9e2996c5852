"""The browser visualisation: a Mesa SolaraViz page (``app``), its views (``views``, one module
each) and the launcher behind ``axis-sim viz`` (``server``).

Importing this package is cheap; it only sets the environment that keeps Solara offline. The
settings must be in place before Solara is first imported, so every module here imports this
package first (``import sim.viz`` happens implicitly for ``sim.viz.app``).
"""

from __future__ import annotations

import os

# Which scenario a new browser session opens with (a bundled name or a YAML path).
SCENARIO_ENV = "AXIS_SIM_VIZ_SCENARIO"

# Solara phones home (Mixpanel, api.ipify.org) unless told not to; the banner links to its site.
OFFLINE_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_THEME_SHOW_BANNER": "False",
    "SOLARA_THEME_TITLE": "axis-sim",
    "MPLBACKEND": "Agg",
}

for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)
