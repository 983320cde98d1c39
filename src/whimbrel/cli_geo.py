"""Gazetteer commands: build, import GeoNames dumps, look names up; analysts' own places.

Thin: options become calls of whimbrel.geo (gazetteer, userfiles).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import WhimbrelError

err = Console(stderr=True)
out = Console()

SettingsFile = Annotated[Optional[Path], typer.Option("--settings", help="A settings YAML file.")]


def _settings(path: Optional[Path]):
    from .settings import load_settings
    return load_settings(path)


def _fail(exc: WhimbrelError) -> None:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


def _iso2(country: str) -> str:
    """A country name, adjective, ISO2 or ISO3 code -> ISO2."""
    from .errors import GazetteerError
    from .geo.countries import CountryIndex
    idx = CountryIndex.load()
    c = idx.by_iso2(country) if len(country) == 2 else idx.by_iso3(country) if len(country) == 3 \
        else None
    c = c or idx.find(country) or idx.by_name(country)
    if c is None or not c.iso2:
        raise GazetteerError(f"country {country!r} is unknown; give its name (Syria) or ISO code (SY)")
    return c.iso2


gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline gazetteer: build it, import "
                            "GeoNames dumps, look names up.")
places_app = typer.Typer(no_args_is_help=True, help="Analysts' own places, consulted before the "
                         "packaged data.")


@gazetteer_app.command("build")
def build_cmd(settings_file: SettingsFile = None,
              force: bool = typer.Option(False, "--force", help="Rebuild even if up to date.")):
    """Compile the gazetteer index now (it is otherwise built on first use)."""
    from .geo.gazetteer import Gazetteer
    try:
        started = time.perf_counter()
        gaz = Gazetteer.open(_settings(settings_file), rebuild=force)
        took = time.perf_counter() - started
    except WhimbrelError as exc:
        _fail(exc)
    out.print(f"{gaz.path} ({gaz.path.stat().st_size / 1e6:.0f} MB) ready in {took:.1f} s")


@gazetteer_app.command("import")
def import_cmd(files: List[Path] = typer.Argument(..., help="GeoNames dumps: allCountries.txt, "
                                                  "XX.txt or XX.zip, alternateNamesV2.txt, "
                                                  "admin1CodesASCII.txt, admin2Codes.txt."),
               settings_file: SettingsFile = None):
    """Add GeoNames dumps to the gazetteer (villages, camps, alternate names, admin names).

    Every row is checked first; a missing, truncated or corrupt file changes nothing."""
    from .geo.userfiles import import_dumps
    try:
        started = time.perf_counter()
        done = import_dumps(_settings(settings_file), list(files))
    except WhimbrelError as exc:
        _fail(exc)
    for i in done:
        out.print(f"{i.source}: {i.rows} {i.kind} rows kept ({i.stored})")
    out.print(f"gazetteer index rebuilt in {time.perf_counter() - started:.1f} s")


@gazetteer_app.command("lookup")
def lookup_cmd(name: str, country: Optional[str] = typer.Option(None, help="Only in this country."),
               settings_file: SettingsFile = None):
    """What the gazetteer knows by a name (best first)."""
    from .geo.gazetteer import Gazetteer
    try:
        gaz = Gazetteer.open(_settings(settings_file))
        found = gaz.lookup(name, _iso2(country) if country else None)
    except WhimbrelError as exc:
        _fail(exc)
    table = Table("name", "feature", "country", "admin1", "admin2", "lat", "lon", "population",
                  "match", "source")
    for c in found[:20]:
        table.add_row(c.name, c.feature, c.country_iso2, c.admin1, c.admin2,
                      f"{c.lat:.4f}" if c.lat is not None else "", f"{c.lon:.4f}" if c.lon is not None else "",
                      str(c.population), c.match, c.source)
    out.print(table if found else f"nothing known as {name!r}")
    if not found:
        raise typer.Exit(1)


@places_app.command("add")
def places_add(name: str,
               lat: float = typer.Option(..., "--lat", help="Latitude, decimal degrees."),
               lon: float = typer.Option(..., "--lon", help="Longitude, decimal degrees."),
               country: str = typer.Option(..., "--country", help="Country name or ISO code."),
               admin1: str = typer.Option(..., "--admin1", help="Province/state, as ACLED spells it."),
               admin2: str = typer.Option("", "--admin2", help="District."),
               alias: List[str] = typer.Option([], "--alias", help="Another spelling (repeatable)."),
               feature: str = typer.Option("village", help="village, city, other, admin1 or admin2."),
               source: str = typer.Option("", help="Where the coordinates come from."),
               settings_file: SettingsFile = None):
    """Add a place (or replace the one of that name in that country)."""
    from .geo.userfiles import AnalystPlace, add_place
    try:
        place = AnalystPlace(name.strip(), lat, lon, _iso2(country), admin1.strip(), admin2.strip(),
                             tuple(a.strip() for a in alias if a.strip()), feature,
                             source=source or "added by an analyst")
        path = add_place(_settings(settings_file), place)
    except WhimbrelError as exc:
        _fail(exc)
    out.print(f"added {name!r} ({place.iso2}, {lat:.4f}, {lon:.4f}) to {path}; "
              "the index is rebuilt on the next run (or `whimbrel gazetteer build`)")


@places_app.command("list")
def places_list(settings_file: SettingsFile = None):
    """The analysts' places."""
    from .geo.userfiles import list_places
    try:
        places = list_places(_settings(settings_file))
    except WhimbrelError as exc:
        _fail(exc)
    if not places:
        out.print("no places of your own yet (whimbrel places add NAME --lat --lon --country --admin1)")
        return
    # Tab-separated, one place a line: readable, and easy to pipe into other tools.
    print("name\tcountry\tadmin1\tadmin2\tlat\tlon\tfeature\taliases\tsource")
    for p in places:
        print("\t".join([p.name, p.iso2, p.admin1, p.admin2, f"{p.lat:.5f}", f"{p.lon:.5f}",
                         p.feature, "|".join(p.aliases), p.source]))


@places_app.command("remove")
def places_remove(name: str,
                  country: Optional[str] = typer.Option(None, "--country", help="Only in this country."),
                  settings_file: SettingsFile = None):
    """Remove an analyst's place by name."""
    from .geo.userfiles import remove_place
    try:
        n = remove_place(_settings(settings_file), name, _iso2(country) if country else None)
    except WhimbrelError as exc:
        _fail(exc)
    if not n:
        err.print(f"no place of your own is called {name!r}")
        raise typer.Exit(1)
    out.print(f"removed {n} place{'s' if n > 1 else ''} called {name!r}")


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
    app.add_typer(places_app, name="places")
