"""Geocoding: the offline gazetteer index and the toponym -> Place resolver."""
from __future__ import annotations

from .gazetteer import Candidate, Gazetteer
from .resolve import Geocoder
from .variants import name_key, skeleton

__all__ = ["Candidate", "Gazetteer", "Geocoder", "name_key", "skeleton"]
