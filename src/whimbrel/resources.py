"""Reads the packaged data files (YAML/TSV under whimbrel/data) once per process."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def data_text(name: str) -> str:
    return resources.files("whimbrel.data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def data_yaml(name: str):
    return yaml.safe_load(data_text(name))
