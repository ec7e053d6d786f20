#!/usr/bin/env python3
"""Scores extracted article text against a ground truth with the Scrapinghub article-extraction
benchmark's metric (as documented for it): word tokens are runs of \\w (Unicode); each text becomes the
multiset of its overlapping 4-token shingles (a text of 1-3 tokens is one shingle); per page, the
shared shingles are true positives, the extra predicted ones false positives, the missed true ones
false negatives, each divided by their sum so that all pages weigh the same. Precision is averaged
over pages with a non-empty prediction, recall over pages with a non-empty truth, and F1 is the
harmonic mean of those two averages. "exact" is the share of pages whose token sequence equals the
truth. The +/- figures are standard deviations over 1000 bootstrap resamples of the pages (seed 7).

Written for Gleaner's bench/quality, used when the project's shared scorer is not next to the
repository; it prints the same one-line summary.

usage: quality_score.py GROUND_TRUTH.json PREDICTIONS_DIR
  PREDICTIONS_DIR holds <page id>.json (an object with "text") or <page id>.txt per page.
"""
import json
import random
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")
SHINGLE = 4
RESAMPLES = 1000


def shingle_bag(text):
    words = WORD.findall(text or "")
    if not words:
        return Counter()
    if len(words) < SHINGLE:
        return Counter({tuple(words): 1})
    return Counter(tuple(words[k:k + SHINGLE]) for k in range(len(words) - SHINGLE + 1))


def page_shares(truth_text, predicted_text):
    """(tp, fp, fn) of one page as shares of their sum."""
    truth, predicted = shingle_bag(truth_text), shingle_bag(predicted_text)
    shared = sum((truth & predicted).values())
    extra = sum(predicted.values()) - shared
    missed = sum(truth.values()) - shared
    total = shared + extra + missed
    if total == 0:
        return 0.0, 0.0, 0.0
    return shared / total, extra / total, missed / total


def ratio(shared, other, extra, missed):
    if extra == 0 and missed == 0:
        return 1.0
    if shared == 0 and other == 0:
        return 0.0
    return shared / (shared + other)


def means(pages):
    precisions = [ratio(tp, fp, fp, fn) for tp, fp, fn in pages if tp + fp > 0]
    recalls = [ratio(tp, fn, fp, fn) for tp, fp, fn in pages if tp + fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def predicted_text(folder, page_id):
    as_json = folder / f"{page_id}.json"
    as_text = folder / f"{page_id}.txt"
    if as_json.exists():
        content = as_json.read_text(encoding="utf-8", errors="replace")
        obj = json.loads(content) if content.strip() else {}
        return obj.get("text") or obj.get("articleBody") or ""
    if as_text.exists():
        return as_text.read_text(encoding="utf-8", errors="replace")
    return ""


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    truth = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    folder = Path(argv[2])
    page_ids = sorted(truth)
    texts = {page_id: predicted_text(folder, page_id) for page_id in page_ids}
    pages = [page_shares(truth[page_id].get("articleBody", ""), texts[page_id]) for page_id in page_ids]
    exact = statistics.mean(
        1.0 if WORD.findall(truth[page_id].get("articleBody", "")) == WORD.findall(texts[page_id]) else 0.0
        for page_id in page_ids)
    figures = means(pages)
    draws = random.Random(7)
    samples = {key: [] for key in figures}
    for _ in range(RESAMPLES):
        resample = [pages[draws.randrange(len(pages))] for _ in pages]
        for key, value in means(resample).items():
            samples[key].append(value)
    spread = {key: statistics.stdev(values) if len(values) > 1 else 0.0 for key, values in samples.items()}
    print(f"F1 {figures['f1']:.3f} ± {spread['f1']:.3f}  "
          f"precision {figures['precision']:.3f} ± {spread['precision']:.3f}  "
          f"recall {figures['recall']:.3f} ± {spread['recall']:.3f}  exact {exact:.3f}  pages {len(page_ids)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
