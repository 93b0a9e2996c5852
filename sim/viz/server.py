"""The launcher behind ``axis-sim viz``: Solara's server for ``sim.viz.app``, in this process.

Runs uvicorn on Solara's Starlette app (what ``solara run sim.viz.app --production`` does, minus
its PyPI version check and browser opening), prints the address once it listens, and stops on
Ctrl-C without a traceback. ``python -m sim.viz.server [SCENARIO] [--host H] [--port P]`` does
the same without the main command line.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time
import warnings

from sim.viz import SCENARIO_ENV

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
APP = "sim.viz.app"


def _check_port(host: str, port: int) -> int:
    """The port to listen on (a free one if ``port`` is 0); exit with a message if taken."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
            return probe.getsockname()[1]
    except OSError as exc:
        print(
            f"axis-sim viz: cannot listen on {host}:{port} ({exc.strerror}); "
            "choose another with --port",
            file=sys.stderr,
        )
        raise SystemExit(2) from None


def serve(scenario: str | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the visualisation until Ctrl-C. ``scenario`` (a bundled name or a YAML file) is
    what new sessions open with; it is validated first (raises ``ScenarioError``)."""
    if scenario is not None:
        from sim.scenario import load_scenario

        spec = load_scenario(scenario)
        os.environ[SCENARIO_ENV] = str(spec.source_path)
    port = _check_port(host, port)
    os.environ["SOLARA_APP"] = APP
    os.environ.setdefault("SOLARA_MODE", "production")
    # Solara warns on every plain-http session that it falls back to SameSite=Lax cookies: on
    # this machine's own address that is expected, not a problem.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    try:
        import uvicorn  # after the environment: solara reads it on import

        config = uvicorn.Config(
            "solara.server.starlette:app",
            host=host,
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{port}/"
        threading.Thread(target=_announce, args=(server, url), daemon=True).start()
        server.run()
    except KeyboardInterrupt:
        pass
    print("axis-sim viz: stopped.", flush=True)


def _announce(server: object, url: str) -> None:
    """Print the address once the server listens."""
    while not getattr(server, "started", False):
        if getattr(server, "should_exit", False):
            return
        time.sleep(0.05)
    print(f"axis-sim viz: open {url} in a browser (Ctrl-C to stop)", flush=True)


def main(argv: list[str] | None = None) -> None:
    """``python -m sim.viz.server``: the same as ``axis-sim viz``."""
    parser = argparse.ArgumentParser(prog="python -m sim.viz.server", description=__doc__)
    parser.add_argument("scenario", nargs="?", help="bundled scenario name or YAML file")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    from sim.scenario import ScenarioError

    try:
        serve(args.scenario, args.host, args.port)
    except ScenarioError as exc:
        print(f"axis-sim viz: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
