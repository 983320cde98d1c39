"""Shared fixtures: the real spaCy pipeline (loaded once), the shared/ folder beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from whimbrel.nlp import load_pipeline
    return load_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seed").is_dir():
        pytest.skip(f"../shared is not beside the checkout ({SHARED}); the seed and eval data live there")
    return SHARED


@pytest.fixture(scope="session")
def sentence(nlp):
    """Parse a one-sentence text and return its sentence span."""
    def parse(text: str):
        return next(nlp(text).sents)
    return parse
