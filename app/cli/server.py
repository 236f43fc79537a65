"""``signpost init``, ``serve`` and ``demo``."""

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
