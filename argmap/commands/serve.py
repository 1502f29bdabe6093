"""`argmap serve FILE`: share a map live; editors join it with `argmap join` or File > Join."""

from __future__ import annotations

import argparse
import asyncio
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

from argmap.errors import ArgmapError, SourceRef, one_line

if TYPE_CHECKING:
    from argmap.collab.server import MapServer

__all__ = ["register", "run"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="share a map live for several editors at once",
                       description="Share a map live: editors join with 'argmap join ws://HOST:PORT/ROOM'. "
                       "The map is saved to FILE every few seconds and when the server stops (Ctrl+C); "
                       "its updates are kept in FILE.live.sqlite so a restart picks up where it was.")
    p.add_argument("file", metavar="FILE", help="the map to share (.argmap.json)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for a classroom)")
    p.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    p.add_argument("--token", default=None, help="a word every participant must give to join")
    p.add_argument("--save-every", type=float, default=3.0, metavar="SECONDS",
                   help="how often the file is saved while the map changes (default 3)")


def _say(line: str) -> None:
    print(one_line(line, limit=400), flush=True)


def run(args: argparse.Namespace) -> int:
    from argmap.collab.server import MapServer, ServerOptions
    from argmap.io import jsondoc

    doc = jsondoc.read(args.file)
    if not 0 <= args.port <= 65535:
        raise ArgmapError(f"port {args.port} is not between 0 and 65535", hint="Give --port 8765, say.")
    options = ServerOptions(host=args.host, port=args.port, token=args.token, save_every=max(0.2, args.save_every),
                            say=_say)
    server = MapServer(doc, args.file, options)

    def started(s: MapServer) -> None:
        token = f" --token {args.token}" if args.token else ""
        _say(f"Sharing {SourceRef(path=args.file)} at {s.url}")
        _say(f"Join with: argmap join {s.url}{token}    (Ctrl+C stops and saves)")

    try:
        asyncio.run(_serve(server, started))
    except KeyboardInterrupt:
        pass
    except (OSError, BaseExceptionGroup) as exc:
        problem = _os_error(exc)
        if problem is None:
            raise
        raise ArgmapError(f"cannot listen on {args.host}:{args.port}: {problem.strerror or problem}",
                          hint="Choose another --port, or stop what is using this one.") from None
    _say(f"Stopped; {SourceRef(path=args.file)} saved." if server.saves else "Stopped; the file was up to date.")
    return 0


async def _serve(server: MapServer, started: Callable[[MapServer], None]) -> None:
    """Run the server until Ctrl+C or a service manager's stop (SIGTERM); either way it stops the
    same way: its last updates are stored and the map is saved."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    terminated = False

    def terminate() -> None:
        nonlocal terminated
        terminated = True
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGTERM, terminate)
    except (NotImplementedError, RuntimeError):  # no signal handlers on this platform or thread
        pass
    try:
        await server.run(started)
    except asyncio.CancelledError:
        if not terminated:
            raise
    finally:
        try:
            loop.remove_signal_handler(signal.SIGTERM)
        except (NotImplementedError, RuntimeError):
            pass


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind a failure (the server's task groups wrap it in exception groups)."""
    if isinstance(exc, OSError):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _os_error(inner)
            if found is not None:
                return found
    return None
