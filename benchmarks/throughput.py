"""Throughput and memory of the whole pipeline, against spaCy's own time on the same texts.

    python benchmarks/throughput.py [INPUT.jsonl] [--limit N]

Prints reports/s, words/s, peak memory (RSS high-water mark), and the ratio of the whole
pipeline's time to spaCy's time alone (target: ratio <= 1.5, peak <= 600 MB). Defaults to
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports")
    args = ap.parse_args()
    if not Path(args.input).is_file():
        sys.exit(f"no input at {args.input}: give a JSONL file of reports (id, text, published)")

    from whimbrel.ingest import read_inputs
    from whimbrel.models import Problem, Report
    from whimbrel.pipeline import Pipeline
    from whimbrel.settings import load_settings

    settings = load_settings()
    t0 = time.perf_counter()
    pipeline = Pipeline(settings)
    load_s = time.perf_counter() - t0
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


if __name__ == "__main__":
    main()
