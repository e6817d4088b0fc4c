"""The soak corpus: news sites on disk whose feeds gain items over time, served over HTTP by the soak's server.

Article pages are built at run time from the shared set's real pages (../shared/extraction/scrapinghub): each item
takes one real page as its template (markup, navigation, boilerplate) and gets a body of its own, sentences drawn
from the real article bodies, so every item is a distinct article in a realistic page. Nothing is copied into the
repository.
"""

import gzip
import html
import json
import os
import random
import re
import threading
import time
from email.utils import formatdate

FEED_ITEMS = 20  # a feed lists its newest items, as real feeds do

_PARAGRAPH = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.S | re.I)
_TITLE = re.compile(r"(<title\b[^>]*>)(.*?)(</title>)", re.S | re.I)
_H1 = re.compile(r"(<h1\b[^>]*>)(.*?)(</h1>)", re.S | re.I)
_TAGS = re.compile(r"<[^>]+>")
# An unclosed <p> makes a match run over other blocks: such a match is left alone, not flattened to text.
_BLOCK = re.compile(r"<(?:p|div|section|article|aside|header|footer|nav|ul|ol|li|table|form|h\d|script)\b", re.I)
# Where a page names its own URL: each item names its own, or every item of a template would be one article.
_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical\b[^>]*>", re.I)
_OG_URL = re.compile(r"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>", re.I)
_HREF = re.compile(r"\b(?:href|content)=[\"']([^\"']*)[\"']", re.I)
_LINKED_DATA = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>(.*?)</script>", re.S | re.I)
_JSON_URL = re.compile(r'"url"\s*:\s*"([^"]*)"')


class PageMaker:
    """Turns (source, item) into a distinct article page, deterministically."""

    def __init__(self, shared):
        root = os.path.join(shared, "extraction", "scrapinghub")
        truth = json.load(open(os.path.join(root, "ground-truth.json"), encoding="utf-8"))
        self.templates = []  # each a list of strings and slots: "P" (a body paragraph's text) or "T" (the title)
        sentences = []
        for page_id in sorted(truth):
            path = os.path.join(root, "html", page_id + ".html.gz")
            if not os.path.exists(path):
                continue
            with gzip.open(path, "rb") as f:
                template = self._slots(f.read().decode("utf-8", "replace"))
            # Pages whose body is in <p> elements can take a new body; the others would repeat their own text.
            if template.count("P") >= 3:
                self.templates.append(template)
            body = truth[page_id].get("articleBody", "")
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if 40 <= len(s.strip()) <= 400]
        seeds = os.path.join(shared, "seeds")
        for name in sorted(os.listdir(seeds)) if os.path.isdir(seeds) else []:
            if name.endswith(".body.txt"):
                body = open(os.path.join(seeds, name), encoding="utf-8").read()
                sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if 40 <= len(s.strip()) <= 400]
        if not self.templates or len(sentences) < 100:
            raise SystemExit(f"soak: too little material under {root}")
        self.sentences = sentences

    @staticmethod
    def _slots(page):
        """Splits a page once into literal markup and slots, so each item is a cheap join."""
        cuts = []  # (start, end, slot) of the text to replace
        for pattern, slot in ((_TITLE, "T"), (_H1, "T")):
            match = pattern.search(page)
            if match and not _BLOCK.search(match.group(2)):
                cuts.append((match.start(2), match.end(2), slot))
        for pattern in (_CANONICAL, _OG_URL):
            for tag in pattern.finditer(page):
                for value in _HREF.finditer(tag.group(0)):
                    cuts.append((tag.start() + value.start(1), tag.start() + value.end(1), "U"))
        for block in _LINKED_DATA.finditer(page):
            for value in _JSON_URL.finditer(block.group(1)):
                cuts.append((block.start(1) + value.start(1), block.start(1) + value.end(1), "U"))
        for match in _PARAGRAPH.finditer(page):
            if len(_TAGS.sub("", match.group(2))) >= 80 and not _BLOCK.search(match.group(2)):
                cuts.append((match.start(2), match.end(2), "P"))
        pieces, position = [], 0
        for start, end, slot in sorted(cuts):
            if start < position:
                continue  # overlapping matches (a paragraph inside the h1): keep the first
            pieces += [page[position:start], slot]
            position = end
        pieces.append(page[position:])
        return pieces

    def page(self, source, item, url):
        rng = random.Random(f"{source}/{item}")
        template = rng.choice(self.templates)
        title = f"{' '.join(rng.choice(self.sentences).split()[:9]).rstrip('.,;:')} ({source} #{item})"
        out = []
        for piece in template:
            if piece == "U":
                out.append(url)
            elif piece == "T":
                out.append(html.escape(title))
            elif piece == "P":
                out.append(html.escape(" ".join(rng.choice(self.sentences) for _ in range(rng.randint(2, 4))),
                                       quote=False))
            else:
                out.append(piece)
        return title, "".join(out).encode("utf-8")


class Sites:
    """`count` sources under `root`: /sNNNN/feed.xml (RSS 2.0) and /sNNNN/a/N.html; appearance times kept."""

    def __init__(self, root, base_url, count, maker):
        self.root, self.base_url, self.count, self.maker = root, base_url, count, maker
        self.items = [[] for _ in range(count)]  # per source: (n, title, url, unix time)
        self.appeared = {}  # url -> unix time the item appeared in its feed
        self.lock = threading.Lock()

    def source_id(self, index):
        return f"s{index:04d}"

    def feed_url(self, index):
        return f"{self.base_url}/{self.source_id(index)}/feed.xml"

    def add(self, index, write_feed=True):
        """Writes the next page of source `index`, then its feed listing it; returns the page URL."""
        sid = self.source_id(index)
        n = len(self.items[index])
        url = f"{self.base_url}/{sid}/a/{n}.html"
        title, page = self.maker.page(sid, n, url)
        directory = os.path.join(self.root, sid, "a")
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, f"{n}.html")
        with open(path + ".tmp", "wb") as f:
            f.write(page)
        os.rename(path + ".tmp", path)
        now = time.time()
        self.items[index].append((n, title, url, now))
        if write_feed:
            self.write_feed(index)
        with self.lock:
            self.appeared[url] = now
        return url

    def write_feed(self, index):
        sid = self.source_id(index)
        entries = []
        for n, title, url, at in reversed(self.items[index][-FEED_ITEMS:]):
            entries.append(
                f"<item><title>{html.escape(title)}</title><link>{url}</link>"
                f"<guid isPermaLink=\"true\">{url}</guid><pubDate>{formatdate(at, usegmt=True)}</pubDate>"
                f"<description>Item {n} of {sid}.</description></item>"
            )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Soak source {sid}</title><link>{self.base_url}/{sid}/</link>"
            f"<description>Items appear over time.</description>{''.join(entries)}</channel></rss>\n"
        )
        path = os.path.join(self.root, sid, "feed.xml")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(feed)
        os.rename(path + ".tmp", path)  # the server never serves half a feed


class Publisher(threading.Thread):
    """Adds items at `rate` per second on average, to sources picked at random, until stopped."""

    def __init__(self, sites, rate, seed=7):
        super().__init__(daemon=True)
        self.sites, self.rate = sites, rate
        self.stopping = threading.Event()
        self.published = []
        self.rng = random.Random(seed)

    def run(self):
        start = time.time()
        while not self.stopping.wait(0.25):
            due = int((time.time() - start) * self.rate) - len(self.published)
            for _ in range(max(0, due)):
                self.published.append(self.sites.add(self.rng.randrange(self.sites.count)))

    def stop(self):
        self.stopping.set()
        self.join()
