"""The Python peer pipeline: feedparser for feeds, trafilatura for pages, a thread pool for the fetches.

An ordinary, fair implementation of what newsd does up to the spool: for every feed URL, fetch it, parse it, fetch
every item's page and extract the article (body and metadata) with trafilatura, and write one JSON file per article.
Runs from empty state to completion and prints a JSON summary on stdout.

Usage: peer.py --feeds FILE --out DIR [--workers N]
"""

import argparse
import json
import os
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import feedparser
import trafilatura


def fetch(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "soak-peer/1"}), timeout=60) as r:
        return r.read()


def run_feed(feed_url, out):
    articles = failures = 0
    try:
        parsed = feedparser.parse(fetch(feed_url))
    except Exception:
        return 0, 1
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        try:
            page = fetch(link)
            result = trafilatura.extract(page, url=link, output_format="json", with_metadata=True)
        except Exception:
            result = None
        if not result:
            failures += 1
            continue
        name = link.split("://", 1)[-1].replace("/", "_") + ".json"
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(result)
        articles += 1
    return articles, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    feeds = [line.strip() for line in open(args.feeds) if line.strip()]
    os.makedirs(args.out, exist_ok=True)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(lambda url: run_feed(url, args.out), feeds))
    seconds = time.monotonic() - start
    print(json.dumps({
        "articles": sum(a for a, _ in results), "failures": sum(f for _, f in results), "seconds": seconds,
    }))


if __name__ == "__main__":
    main()
