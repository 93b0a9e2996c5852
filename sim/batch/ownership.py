"""Who may write an output folder: one process at a time, and only into its own kind of folder.

:func:`claim_folder` is the rule every command that writes a folder follows (``batch`` today;
``sensitivity``, ``infer``, ``compare --out`` and ``demo`` can use it the same way):

1. a file, or a place that cannot be created or written, is refused;
2. an exclusive ``fcntl.flock`` on ``<folder>/.axis-sim.lock`` is taken without waiting and held
   until the block ends: a second writer is refused at once, naming the holder;
3. a non-empty folder that is not this command's own (``recognise``, by default: its lock file
   names the same ``kind``) is refused unless ``force``.

The lock file is never deleted (deleting a lock file other processes may be opening races);
it is the only file a claim adds, and folders holding nothing else count as empty.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_FILE = ".axis-sim.lock"


class FolderClaimError(Exception):
    """The folder cannot be claimed; the message names it and says what to do (exit status 2)."""

    exit_code = 2


def lock_owner(folder: Path) -> dict:
    """What the lock file of ``folder`` says about its last holder ({} if nothing readable)."""
    try:
        data = json.loads((folder / LOCK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def entries(folder: Path) -> list[Path]:
    """The folder's contents apart from the lock file, sorted."""
    return sorted(p for p in folder.iterdir() if p.name != LOCK_FILE)


def _create(folder: Path, option: str) -> None:
    try:
        if folder.exists() and not folder.is_dir():
            raise FolderClaimError(
                f"{option} {folder}: is a file, not a folder; choose another {option}"
            )
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FolderClaimError(
            f"{option} {folder}: cannot create the folder ({exc.strerror or exc})"
        ) from None


def _lock(folder: Path, option: str, kind: str) -> int:
    """An open descriptor of the folder's lock file, exclusively locked; refuses if held."""
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        reason = exc.strerror or exc
        raise FolderClaimError(
            f"{option} {folder}: cannot write there ({reason}); choose another {option}"
        ) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        owner = lock_owner(folder)
        who = f"{owner.get('kind', 'another command')} (pid {owner.get('pid', '?')}"
        who += f" on {owner['host']}" if owner.get("host") else ""
        who += f", since {owner['started']})" if owner.get("started") else ")"
        raise FolderClaimError(
            f"{option} {folder}: in use by another axis-sim {who}; wait for it to finish or "
            f"choose another {option}"
        ) from None
    return fd


def _record(fd: int, kind: str) -> None:
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    owner = {"kind": kind, "pid": os.getpid(), "host": socket.gethostname(), "started": started}
    os.ftruncate(fd, 0)
    os.pwrite(fd, (json.dumps(owner) + "\n").encode(), 0)


@contextlib.contextmanager
def claim_folder(
    folder: Path | str,
    *,
    force: bool = False,
    kind: str = "batch",
    option: str = "--out",
    recognise: Callable[[Path], bool] | None = None,
    forceable: bool = True,
) -> Iterator[Path]:
    """Create ``folder`` if needed and hold its lock for the block; see the module docstring.

    ``recognise(folder)`` says whether a non-empty folder is this command's own; without it, a
    folder whose lock file was last held by the same ``kind`` is. Raises
    :class:`FolderClaimError` (the message names ``option`` and the folder). With
    ``forceable=False`` even ``force`` never writes into a foreign folder (``batch``: its
    ``--force`` replaces a batch, nothing else).
    """
    folder = Path(folder)
    _create(folder, option)
    previous_kind = lock_owner(folder).get("kind")
    fd = _lock(folder, option, kind)
    try:
        own = recognise(folder) if recognise is not None else previous_kind == kind
        if entries(folder) and not own and not (force and forceable):
            raise FolderClaimError(
                f"{option} {folder}: the folder is not empty and holds no {kind}; "
                "choose an empty or new folder"
                + (" (or --force to write into it anyway)" if forceable else "")
            )
        _record(fd, kind)
        yield folder
    finally:
        os.close(fd)  # closing the descriptor releases the lock
