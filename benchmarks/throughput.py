"""Throughput and memory of the whole pipeline, against spaCy's own time on the same texts.

    python benchmarks/throughput.py [INPUT.jsonl] [--limit N]

Prints reports/s, words/s, peak memory (RSS high-water mark), and the ratio of the whole
pipeline's time to spaCy's time alone (target: ratio <= 1.5, peak <= 600 MB); and what
geocoding adds: the time spent placing toponyms, as a share of the whole pipeline's, and the
memory the opened gazetteer and geocoder take (targets: <= 10%, <= 300 MB). Defaults to
../shared/eval/dev/acled-dev.input.jsonl. A figure to read, never a timed assertion.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "eval" / "dev" / "acled-dev.input.jsonl"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The resident set now (Linux), to tell what one step of loading adds."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Stopwatch:
    """Wraps functions to add up the time spent in them (geocoding's share of the run)."""
    def __init__(self):
        self.seconds = 0.0

    def wrap(self, fn):
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
        return timed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports")
    args = ap.parse_args()
    if not Path(args.input).is_file():
        sys.exit(f"no input at {args.input}: give a JSONL file of reports (id, text, published)")

    from whimbrel.ingest import read_inputs
    from whimbrel.models import Problem, Report, Toponym
    from whimbrel.pipeline import Pipeline
    from whimbrel.settings import load_settings

    from whimbrel.geo.gazetteer import Gazetteer
    from whimbrel.geo.resolve import Geocoder
    from whimbrel.nlp import load_pipeline

    settings = load_settings()
    geocoding = Stopwatch()
    # Every way the pipeline asks the geocoder (known_town is bound when the pipeline is made).
    Geocoder.resolve = geocoding.wrap(Geocoder.resolve)
    Geocoder.known_town = geocoding.wrap(Geocoder.known_town)
    t0 = time.perf_counter()
    nlp = load_pipeline(settings)
    before_gazetteer = rss_mb()
    geocoder = Geocoder(Gazetteer.open(settings))
    geocoder.resolve([Toponym("Deir ez-Zor")], "Syria")  # the first lookups page the index in
    gazetteer_mb = rss_mb() - before_gazetteer
    pipeline = Pipeline(settings, nlp=nlp, geocoder=geocoder)
    load_s = time.perf_counter() - t0
    geocoding.seconds = 0.0
    reports = [r for r in read_inputs([args.input], None, settings) if isinstance(r, Report)]
    if args.limit:
        reports = reports[:args.limit]
    words = sum(len(r.text.split()) for r in reports)
    texts = [r.text for r in reports]

    # spaCy alone, same pipeline object, same batch size.
    t0 = time.perf_counter()
    for _ in pipeline.nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = sum(1 for item in pipeline.run(reports) if not isinstance(item, Problem))
    whole_s = time.perf_counter() - t0

    print(f"input            {args.input}")
    print(f"reports          {len(reports)}  ({words} words, {events} events)")
    print(f"load             {load_s:.1f} s (spaCy pipeline, lexicons, gazetteer)")
    print(f"spaCy alone      {spacy_s:.1f} s  {len(reports) / spacy_s:.1f} reports/s  {words / spacy_s:.0f} words/s")
    print(f"whole pipeline   {whole_s:.1f} s  {len(reports) / whole_s:.1f} reports/s  {words / whole_s:.0f} words/s")
    print(f"ratio            {whole_s / spacy_s:.2f}  (target <= 1.5)")
    print(f"peak memory      {peak_mb():.0f} MB  (target <= 600 MB)")
    print(f"geocoding        {geocoding.seconds:.1f} s of the whole pipeline's {whole_s:.1f} s "
          f"({100 * geocoding.seconds / whole_s:.1f}%, target <= 10%); gazetteer and geocoder "
          f"{gazetteer_mb:.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    main()
