"""The map page: static HTML/JS/CSS served by `whimbrel serve`, with Leaflet, leaflet.markercluster,
Swagger UI and an offline world base layer bundled under static/vendor/ (see package.json and
web-vendor.js at the top of the repository for where they come from)."""
from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
