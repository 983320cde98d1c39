"""`whimbrel serve` (the REST API and the map page) and `whimbrel token` (API tokens for writes)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console

from .cli_store import Db, LockTimeout, SettingsFile, _fail, _store
from .errors import WhimbrelError

err = Console(stderr=True)
token_app = typer.Typer(help="API tokens: needed to submit reports and correct, merge or split events.",
                        add_completion=False, no_args_is_help=True)


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    read_access: Annotated[Optional[str], typer.Option(
        "--read-access", help="public (anyone may read) or token (reads need a token too); default: the setting.")] = None,
    tiles: Annotated[Optional[str], typer.Option(
        "--tiles", help="Map tile URL template ({z}/{x}/{y}); default: the setting, else the offline base layer.")] = None,
    settings_file: SettingsFile = None,
    lock_timeout: LockTimeout = 15.0,
):
    """Serve the events: the REST API under /api (OpenAPI at /docs) and the map page at /."""
    import uvicorn

    from .api import create_app
    from .settings import load_settings
    try:
        overrides = {k: v for k, v in (("read_access", read_access), ("map_tiles", tiles)) if v is not None}
        settings = load_settings(settings_file, **overrides)
    except WhimbrelError as e:
        _fail(str(e))
    with _store(db, settings_file, lock_timeout) as store:
        try:
            app = create_app(store, settings)
        except WhimbrelError as e:
            _fail(str(e))
        n = store.counts()
        shown = "localhost" if host in ("0.0.0.0", "::", "") else f"[{host}]" if ":" in host else host
        err.print(f"Whimbrel: {n.events} events from {n.reports} reports in {store.where}")
        err.print(f"  map:  http://{shown}:{port}/")
        err.print(f"  API:  http://{shown}:{port}/api/events   (OpenAPI: http://{shown}:{port}/docs)")
        err.print(f"  reads are {'public' if settings.read_access == 'public' else 'for token holders only'}; "
                  "writes need a token (whimbrel token create NAME)")
        err.print("  stop with Ctrl+C")
        uvicorn.run(app, host=host, port=port, log_level="warning")


@token_app.command("create")
def token_create(name: Annotated[str, typer.Argument(help="Who the token is for (recorded with their changes).")],
                 db: Db = None, settings_file: SettingsFile = None):
    """Create an API token; it is printed once and stored only as a hash."""
    from .api.tokens import TokenStore
    with _store(db, settings_file) as store:
        token = TokenStore(store.engine).create(name)
    err.print(f"token for {name} (shown once; keep it secret; send it as `Authorization: Bearer TOKEN`):")
    typer.echo(token)


@token_app.command("list")
def token_list(db: Db = None, settings_file: SettingsFile = None):
    """Token names, when they were created and whether they were revoked."""
    from .api.tokens import TokenStore
    with _store(db, settings_file) as store:
        for t in TokenStore(store.engine).list():
            state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
            typer.echo(f"{t.name}\tcreated {t.created_at:%Y-%m-%d %H:%M}\t{state}")


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="The token's name.")], db: Db = None,
                 settings_file: SettingsFile = None):
    """Revoke a token: requests with it are refused from now on."""
    from .api.tokens import TokenStore
    with _store(db, settings_file) as store:
        if not TokenStore(store.engine).revoke(name):
            _fail(f"no active token named {name!r}; see `whimbrel token list`", 1)
    err.print(f"token {name} revoked")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(token_app, name="token")
