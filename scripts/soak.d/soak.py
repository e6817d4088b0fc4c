"""Soak and capacity run for newsd (driven by scripts/soak; see docs/operations.md, "Soak test").

Phase 1, capacity: SOURCES feeds already hold ITEMS items each. `newsd once` from empty state, then the Python
peer (feedparser + trafilatura), each run to completion over the same backlog, timed wall clock: articles/s and the
ratio newsd/python.
Phase 2, soak: `newsd run` from empty state on the same sites for DURATION while items keep appearing at RATE per
second; RSS and open fds of the newsd process sampled through /proc; then articles/s end to end, the lag from an
item appearing in its feed to its record in the spool, peak and final RSS, fds at start and end, and errors.
"""

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import PageMaker, Publisher, Sites  # noqa: E402


def duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(s|m|h)?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration: {text} (use 90s, 10m, 1h)")
    return float(match.group(1)) * {"s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(work, www, port):
    """nginx on 127.0.0.1:port serving www (ETag, Last-Modified, 304s), or Python's http.server without nginx."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx:
        conf_dir = os.path.join(work, "nginx")
        os.makedirs(conf_dir, exist_ok=True)
        conf = os.path.join(conf_dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1;
daemon off;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {conf_dir}/body;
    proxy_temp_path {conf_dir}/proxy;
    fastcgi_temp_path {conf_dir}/fastcgi;
    uwsgi_temp_path {conf_dir}/uwsgi;
    scgi_temp_path {conf_dir}/scgi;
    sendfile on;
    keepalive_requests 100000;
    types {{ text/html html; application/rss+xml xml; }}
    charset utf-8;
    server {{ listen 127.0.0.1:{port}; root {www}; }}
}}
""")
        process = subprocess.Popen([nginx, "-c", conf, "-p", conf_dir], stderr=subprocess.DEVNULL)
        kind = "nginx"
    else:
        process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                    "--directory", www], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kind = "python http.server"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, kind
        except OSError:
            time.sleep(0.1)
    raise SystemExit("soak: the loopback server did not start")


def write_config(directory, sites, interval, max_interval):
    os.makedirs(os.path.join(directory, "sources.d"), exist_ok=True)
    with open(os.path.join(directory, "newsd.yaml"), "w") as f:
        f.write("spool: spool\nstate: state\nconcurrency: 32\nfetch:\n  host_delay: 0s\n"
                "  max_transfers: 64\n  max_transfers_per_host: 64\n")
    for index in range(sites.count):
        sid = sites.source_id(index)
        with open(os.path.join(directory, "sources.d", sid + ".yaml"), "w") as f:
            f.write(f"id: {sid}\nfeeds: [{sites.feed_url(index)}]\ninterval: {int(interval)}s\n"
                    f"min_interval: 10s\nmax_interval: {int(max_interval)}s\nallow_private_networks: true\n")
    return os.path.join(directory, "newsd.yaml")


def spool_records(spool):
    """(written unix seconds, record) for every record in spool/new."""
    directory = os.path.join(spool, "new")
    result = []
    for name in os.listdir(directory) if os.path.isdir(directory) else []:
        if name.endswith(".json") and not name.startswith("."):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                result.append((int(name.split(".", 1)[0]) / 1000, json.load(f)))
    return result


def timed(command, **kwargs):
    """Runs a command to completion; returns (seconds, cpu seconds, peak RSS KiB, exit status)."""
    start = time.monotonic()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode


class ProcSampler(threading.Thread):
    """Samples a process's RSS, peak RSS, open fds and threads through /proc every `every` seconds."""

    def __init__(self, pid, every, spool_new):
        super().__init__(daemon=True)
        self.pid, self.every, self.spool_new = pid, every, spool_new
        self.samples = []  # (seconds since start, rss KiB, hwm KiB, fds, threads, records in spool/new)
        self.stopping = threading.Event()
        self.start_time = time.monotonic()

    def sample(self):
        try:
            status = open(f"/proc/{self.pid}/status").read()
            fds = len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return None
        field = lambda name: int(re.search(rf"^{name}:\s+(\d+)", status, re.M).group(1))  # noqa: E731
        spooled = len(os.listdir(self.spool_new)) if os.path.isdir(self.spool_new) else 0
        row = (time.monotonic() - self.start_time, field("VmRSS"), field("VmHWM"), fds, field("Threads"), spooled)
        self.samples.append(row)
        return row

    def run(self):
        while True:
            self.sample()
            if self.stopping.wait(self.every):
                return

    def stop(self):
        self.stopping.set()
        self.join()
        self.sample()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--newsd", required=True)
    parser.add_argument("--peer-python", required=True)
    parser.add_argument("--shared", required=True)
    parser.add_argument("--duration", type=duration, default=None, help="soak length (default 10m; --quick 60s)")
    parser.add_argument("--sources", type=int, default=None, help="sources (default 1000; --quick 100)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 60s, 100 sources")
    parser.add_argument("--items", type=int, default=3, help="backlog items per source for the capacity phase")
    parser.add_argument("--rate", type=float, default=None,
                        help="items appearing per second during the soak (default: every source once a minute)")
    parser.add_argument("--interval", type=duration, default=20,
                        help="each source's first poll interval (default 20s); newsd adapts it from 10s up to "
                             "--max-interval as it learns how often the source publishes")
    parser.add_argument("--max-interval", type=duration, default=None,
                        help="each source's max_interval (default 3 x --interval)")
    parser.add_argument("--settle", type=duration, default=None,
                        help="time newsd keeps running after the last item appeared (default --max-interval + 10s)")
    parser.add_argument("--workers", type=int, default=16, help="the Python peer's fetch threads")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    args.duration = args.duration or (60 if args.quick else 600)
    args.sources = args.sources or (100 if args.quick else 1000)
    args.rate = args.rate or args.sources / 60
    args.max_interval = args.max_interval or 3 * args.interval
    args.settle = args.settle if args.settle is not None else args.max_interval + 10

    work = os.path.abspath(os.path.join("/tmp", f"newsd-soak-{os.getpid()}"))
    os.makedirs(work)
    www = os.path.join(work, "www")
    port = free_port()
    server, server_kind = start_server(work, www, port)
    try:
        run(args, work, www, port, server_kind)
    finally:
        server.terminate()
        server.wait()
        if args.keep:
            print(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, work, www, port, server_kind):
    print(f"soak: {args.sources} sources on 127.0.0.1:{port} ({server_kind}); pages built from "
          f"{args.shared}/extraction/scrapinghub; {os.cpu_count()} CPUs; work directory {work}")
    maker = PageMaker(args.shared)
    sites = Sites(www, f"http://127.0.0.1:{port}", args.sources, maker)
    start = time.monotonic()
    for index in range(args.sources):
        for _ in range(args.items):
            sites.add(index, write_feed=False)
        sites.write_feed(index)
    backlog = args.sources * args.items
    print(f"backlog: {backlog} articles ({args.items} per source) written in {time.monotonic() - start:.1f}s")

    # Phase 1: capacity on the same backlog, each pipeline from empty state to completion.
    print("\n== capacity: the same backlog of "
          f"{backlog} articles through each pipeline, from empty state to completion, wall clock ==")
    once_dir = os.path.join(work, "once")
    config = write_config(once_dir, sites, args.interval, args.max_interval)
    with open(os.path.join(once_dir, "once.log"), "w") as log:
        seconds, cpu, peak, status = timed([args.newsd, "once", "--config", config, "--log-level", "warning"],
                                           stdout=subprocess.DEVNULL, stderr=log)
    records = spool_records(os.path.join(once_dir, "spool"))
    newsd_articles = len({copy["url"] for _, record in records for copy in record["copies"]})
    newsd_rate, newsd_cpu = newsd_articles / seconds, cpu
    print(f"newsd once     {newsd_articles:6d} articles ({len(records)} records) in {seconds:7.1f}s = "
          f"{newsd_rate:7.1f} articles/s; CPU {cpu:.1f}s; peak RSS {mib(peak)}; exit {status}")

    feeds = os.path.join(work, "feeds.txt")
    with open(feeds, "w") as f:
        f.write("".join(sites.feed_url(i) + "\n" for i in range(args.sources)))
    peer_out = os.path.join(work, "peer")
    result_path = os.path.join(work, "peer.json")
    with open(result_path, "w") as out:
        seconds, cpu, peak, status = timed(
            [args.peer_python, os.path.join(os.path.dirname(__file__), "peer.py"), "--feeds", feeds,
             "--out", peer_out, "--workers", str(args.workers)], stdout=out)
    peer = json.load(open(result_path)) if status == 0 else {"articles": 0, "failures": -1}
    peer_rate, peer_cpu = peer["articles"] / seconds, cpu
    print(f"python peer    {peer['articles']:6d} articles ({peer['failures']} failed) in {seconds:7.1f}s = "
          f"{peer_rate:7.1f} articles/s; CPU {cpu:.1f}s; peak RSS {mib(peak)}; exit {status} "
          f"(feedparser + trafilatura, {args.workers} threads, one process)")
    ratio = newsd_rate / peer_rate if peer_rate else float("inf")
    per_cpu = (newsd_articles / newsd_cpu) / (peer["articles"] / peer_cpu) if peer["articles"] else float("inf")
    print(f"ratio newsd/python: {ratio:.1f}x articles/s wall clock (goal >= 10x); {per_cpu:.1f}x articles per CPU "
          f"second (less sensitive to other load on the machine)")
    shutil.rmtree(peer_out, ignore_errors=True)
    shutil.rmtree(once_dir, ignore_errors=True)

    # Phase 2: the soak.
    print(f"\n== soak: newsd run for {args.duration:.0f}s from empty state, the backlog first, then "
          f"{args.rate:.1f} new articles/s, polls every {args.interval:.0f}s at first (adapting within 10s.."
          f"{args.max_interval:.0f}s), then {args.settle:.0f}s to settle ==")
    soak_dir = os.path.join(work, "soak")
    config = write_config(soak_dir, sites, args.interval, args.max_interval)
    log_path = os.path.join(soak_dir, "newsd.log")
    log = open(log_path, "w")
    newsd = subprocess.Popen([args.newsd, "run", "--config", config, "--log-format", "json"],
                             stdout=subprocess.DEVNULL, stderr=log)
    run_start = time.time()
    # The first sample is taken once the daemon has loaded config and state, so "start" means a running daemon.
    while time.time() - run_start < 60 and newsd.poll() is None and "newsd running" not in open(log_path).read():
        time.sleep(0.1)
    sampler = ProcSampler(newsd.pid, every=5, spool_new=os.path.join(soak_dir, "spool", "new"))
    sampler.start()
    publisher = Publisher(sites, args.rate)
    publisher.start()
    spool = os.path.join(soak_dir, "spool")
    next_report = 60
    while time.time() - run_start < args.duration + args.settle:
        time.sleep(1)
        elapsed = time.time() - run_start
        if elapsed >= args.duration and publisher.is_alive():
            publisher.stop()
        if elapsed >= next_report and sampler.samples:
            _, rss, _, fds, threads, written = sampler.samples[-1]
            print(f"  {elapsed:5.0f}s  records {written:6d}  published {len(publisher.published):6d}  "
                  f"RSS {mib(rss)}  fds {fds}  threads {threads}", flush=True)
            next_report += 60
        if newsd.poll() is not None:
            print(f"soak: newsd exited early with status {newsd.returncode}; see {log_path}")
            break
    if publisher.is_alive():
        publisher.stop()
    sampler.stop()
    run_seconds = time.time() - run_start
    newsd.send_signal(signal.SIGTERM)
    try:
        exit_status = newsd.wait(timeout=60)
    except subprocess.TimeoutExpired:
        newsd.kill()
        exit_status = "killed after 60s"
    log.close()

    records = spool_records(spool)
    first_written = {}
    for written, record in records:
        for copy in record["copies"]:
            first_written[copy["url"]] = min(written, first_written.get(copy["url"], written))
    lags = [first_written[url] - sites.appeared[url] for url in publisher.published if url in first_written]
    articles = len(first_written)
    print(f"records written      {len(records)} ({articles} articles: {backlog} backlog + "
          f"{len(publisher.published)} published during the run; {len(publisher.published) - len(lags)} of those "
          f"not spooled by the end)")
    print(f"articles/s end to end  {articles / run_seconds:.1f} (articles spooled / {run_seconds:.0f}s of run; the "
          f"publish rate was {args.rate:.1f}/s: this phase measures keeping up, the capacity phase measures speed)")
    if lags:
        print(f"lag appear -> record  p50 {percentile(lags, 0.5):.1f}s  p90 {percentile(lags, 0.9):.1f}s  "
              f"max {max(lags):.1f}s  (polls every 10s..{args.max_interval:.0f}s; record times have whole seconds)")
    samples = sampler.samples
    if samples:
        warm = [s for s in samples if s[0] >= min(120, run_seconds / 3)] or samples
        rss = [s[1] for s in samples]
        print(f"RSS                  start {mib(samples[0][1])}, after warm-up {mib(warm[0][1])}, peak "
              f"{mib(max(s[2] for s in samples))}, final {mib(samples[-1][1])} "
              f"(final vs after warm-up {100 * (samples[-1][1] - warm[0][1]) / warm[0][1]:+.1f}%; "
              f"min {mib(min(rss))})")
        snapshot = os.path.join(soak_dir, "state", "dedupe-index.bin")
        if os.path.exists(snapshot) and records:
            growth = (samples[-1][1] - warm[0][1]) / max(1, len(records) - warm[0][5])
            print(f"RSS growth per record after warm-up {growth:.1f} KiB; the dedupe index snapshot (about the "
                  f"index's size in memory) is {os.path.getsize(snapshot) / 1024 / len(records):.1f} KiB per record: the index holds every story "
                  f"of dedupe_window (30d), so RSS grows with stories spooled by design")
        print(f"open fds             start {samples[0][3]}, after warm-up {warm[0][3]}, max "
              f"{max(s[3] for s in samples)}, final {samples[-1][3]}; threads final {samples[-1][4]}")
    levels, outcomes, messages = {}, {}, {}
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                event = json.loads(line)
            except ValueError:
                levels["unparsed"] = levels.get("unparsed", 0) + 1
                continue
            levels[event["level"]] = levels.get(event["level"], 0) + 1
            outcome = event.get("outcome")
            if outcome:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            if event["level"] in ("warning", "error", "critical"):
                key = re.sub(r"\d+", "N", event["message"])[:120]
                messages[key] = messages.get(key, 0) + 1
    print(f"log events by level  {json.dumps(levels, sort_keys=True)}")
    print(f"outcomes             {json.dumps(outcomes, sort_keys=True)}")
    for message, count in sorted(messages.items(), key=lambda item: -item[1])[:5]:
        print(f"  {count:6d} x {message}")
    print(f"newsd exit status    {exit_status} after SIGTERM")
    with open(os.path.join(work, "samples.csv"), "w") as f:
        f.write("seconds,rss_kib,hwm_kib,fds,threads,records\n")
        f.writelines(",".join(str(round(v, 1)) for v in s) + "\n" for s in samples)


if __name__ == "__main__":
    main()
