"""``signpost init``, ``serve`` and ``demo``."""

import ctypes
import os
import platform
from typing import TypedDict

import typer

from app.cli.common import console, settings
from app.cli.content import run_import
from app.cli.db import upgrade_database


class UvicornOptions(TypedDict):
    proxy_headers: bool
    server_header: bool


# The app believes forwarded headers only from SIGNPOST_FORWARDED_ALLOW_IPS (app/web/proxy.py), whatever server runs
# it; uvicorn's own handling would trust 127.0.0.1 whatever the setting says, so it is off. No Server header.
UVICORN_OPTIONS: UvicornOptions = {"proxy_headers": False, "server_header": False}
Host = typer.Option("127.0.0.1", help="The address to listen on.")
Port = typer.Option(8000, help="The port to listen on.")


MALLOC_ARENA_MAX = 2
M_ARENA_MAX = -8  # glibc's mallopt() parameter for it (malloc.h)


def limit_malloc_arenas() -> None:
    """At most two glibc malloc arenas per server process, so that memory freed after a burst of concurrent requests
    (searches above all) can go back to the system rather than stay spread over an arena per thread.

    glibc reads ``MALLOC_ARENA_MAX`` from the environment once, as a process starts, so setting it here is too late
    for this process. Two parts, no re-exec (rebuilding our own command line — console script, ``-m``, ``-c`` — is the
    fragile part of a re-exec):

    * the environment variable reaches the processes uvicorn starts (``--workers`` > 1, or ``--reload``): uvicorn
      *spawns* them, so each is a fresh interpreter that reads it at start;
    * this process, which serves by itself with one worker and no reload, gets the same limit from
      ``mallopt(M_ARENA_MAX, 2)``; glibc creates arenas lazily as threads first contend, and the server's threads do
      not exist yet.

    A value the operator set wins, and it was read at start. Not glibc (musl, macOS): nothing to do.
    """
    if "MALLOC_ARENA_MAX" in os.environ or platform.libc_ver()[0] != "glibc":
        return
    os.environ["MALLOC_ARENA_MAX"] = str(MALLOC_ARENA_MAX)
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(M_ARENA_MAX, MALLOC_ARENA_MAX)


def init() -> None:
    """Create or upgrade the database and import the content folder."""
    upgrade_database()
    run_import(None)


def serve(
    host: str = Host,
    port: int = Port,
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    reload: bool = typer.Option(False, help="Restart when code changes (development)."),
) -> None:
    """Serve the portal."""
    import uvicorn

    settings()  # fail early, with a clear message, on bad configuration
    limit_malloc_arenas()
    console.print(f"Signpost is running at [bold]http://{host}:{port}/[/bold] (press Ctrl+C to stop).")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_level="warning",
        **UVICORN_OPTIONS,
    )


def demo(host: str = Host, port: int = Port) -> None:
    """Set up the demo (database and demo content) and serve it."""
    init()
    serve(host=host, port=port, workers=1, reload=False)


def register(cli: typer.Typer) -> None:
    cli.command()(init)
    cli.command()(serve)
    cli.command()(demo)
