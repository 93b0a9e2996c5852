"""The launcher behind ``axis-sim viz``: Solara's server for ``sim.viz.app``, in this process.

Runs uvicorn on Solara's Starlette app (what ``solara run sim.viz.app --production`` does, minus
its PyPI version check and browser opening), prints the address once it listens, and stops on
Ctrl-C without a traceback. ``python -m sim.viz.server [SCENARIO] [--host H] [--port P]`` does
the same without the main command line.
"""

from __future__ import annotations

import argparse
import ipaddress
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
    """The port to listen on; exit with a message if it is taken or cannot be bound."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
            return probe.getsockname()[1]
    except (OSError, OverflowError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise _refuse(
            f"cannot listen on {host}:{port} ({reason}); choose another --host or --port"
        ) from None


def _refuse(message: str) -> SystemExit:
    print(f"axis-sim viz: {message}", file=sys.stderr)
    return SystemExit(2)


def check_address(host: str, port: int) -> None:
    """Refuse an empty host or a port outside 0-65535 (exit 2); warn when the page would be
    reachable from the network (any address that is not this machine's loopback)."""
    if not host.strip():
        raise _refuse("--host '': give an address, e.g. 127.0.0.1 (this machine only)")
    if not 0 <= port <= 65535:  # 0: any free port (serve() only; `viz --port` takes 1-65535)
        raise _refuse(f"--port {port}: give a port between 1 and 65535")
    if not is_loopback(host):
        print(
            f"axis-sim viz: warning: --host {host} is not a loopback address; the page is "
            "reachable from the network (anyone who can reach this machine can use it)",
            file=sys.stderr,
        )


def is_loopback(host: str) -> bool:
    """Is ``host`` this machine only (127.0.0.0/8, ::1 or localhost)? Names are not resolved."""
    if host.strip().lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(scenario: str | None = None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the visualisation until Ctrl-C. ``scenario`` (a bundled name or a YAML file) is
    what new sessions open with; it is validated first (raises ``ScenarioError``)."""
    check_address(host, port)
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
