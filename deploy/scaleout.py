"""Run Samverkan as several stateless processes on one PostgreSQL and one Redis, load it, check it.

    .venv/bin/python deploy/scaleout.py --seconds 120      (make loadtest; make loadtest-ci: 30 s)

It starts, all on loopback and all writing only into one temporary folder:
- an SMTP sink (aiosmtpd) that keeps every e-mail the workers send;
- two gunicorn processes on their own ports, with the same settings: PostgreSQL database
  SCALEOUT_DB (default `scaleout`, made afresh: migrate and the demo), sessions and cache in Redis;
- nginx in front of both (Debian's package, a config from deploy/nginx.conf.template);
- two `samverkan db_worker` processes, sharing the task queue with N queued e-mails.
Then it checks that the login rate limit counts across both web processes, runs the load test
(deploy/locustfile.py: 50 users for the given seconds, at most --max-requests requests), waits for
the queue to empty, stops everything, and prints what it measured. It exits non-zero on any failed
request, any e-mail sent twice or not at all, a task claimed twice, a rate limit not shared, or a
web process that served nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from email import message_from_bytes
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Each web process: 2 worker processes of 4 threads (2 cores here; in production ~2 per core). It
# keeps idle connections longer (75 s) than nginx does (keepalive_timeout 30 s in the template):
# otherwise gunicorn closes one just as nginx reuses it, and nginx answers that request with 502.
# No control socket: both would share one file in the home folder.
GUNICORN = [
    *("--workers", "2", "--threads", "4", "--timeout", "60", "--graceful-timeout", "10", "--keep-alive", "75"),
    *("--no-control-socket", "--access-logfile", "-"),
]
PROBE_LOGIN = "hastighetsprov"  # no such account: the failed logins count against what was typed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    """Keeps each e-mail's recipients and body; the same body to the same address twice is a duplicate."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mails: list[tuple[str, str]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = message_from_bytes(envelope.content)  # type: ignore[attr-defined]
        parts = [p.get_payload(decode=True) or b"" for p in message.walk() if not p.is_multipart()]
        body = b"\n".join(p for p in parts if isinstance(p, bytes)).decode("utf-8", "replace")
        with self.lock:
            for recipient in envelope.rcpt_tos:  # type: ignore[attr-defined]
                self.mails.append((recipient, str(message["Subject"]) + "\n" + body))
        return "250 OK"

    def duplicates(self) -> int:
        with self.lock:
            return sum(n - 1 for n in Counter(self.mails).values() if n > 1)


class Stack:
    def __init__(self, rundir: Path, env: dict[str, str]) -> None:
        self.rundir = rundir
        self.env = env
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.rundir / f"{name}.log", "wb")  # noqa: SIM115 - open as long as the process
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((name, process))
        return process

    def dead(self) -> list[str]:
        return [name for name, p in self.processes if p.poll() is not None]

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM if _name != "nginx" else signal.SIGQUIT)
        deadline = time.monotonic() + 20
        for _name, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run(args: list[str], env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, **kwargs)  # type: ignore[call-overload]


def fresh_database(name: str) -> None:
    if name in {"test", "postgres", "root", "template0", "template1"}:
        raise SystemExit(f"refusing to use the database {name!r}: it is not the run's own")
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer within {seconds} s")
        time.sleep(0.5)


def failed_logins_until_refused(web: list[str], address: str, attempts: int = 8) -> tuple[int, list[str]]:
    """Log in with a wrong password, alternating between the web processes, until one refuses on
    account of too many attempts; returns that attempt's number and which process answered each."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {"X-Forwarded-For": address, "Accept-Language": "sv"}
    answered: list[str] = []
    for attempt in range(1, attempts + 1):
        base = web[(attempt - 1) % len(web)]
        opener.open(urllib.request.Request(base + "/accounts/login/", headers=headers), timeout=30).read()
        token = next(c.value for c in jar if c.name == "csrftoken")
        form = urllib.parse.urlencode({"login": PROBE_LOGIN, "password": "fel-lösenord", "csrfmiddlewaretoken": token})
        request = urllib.request.Request(base + "/accounts/login/", data=form.encode(), headers=headers)
        try:
            page = opener.open(request, timeout=30).read().decode()
        except urllib.error.HTTPError as error:
            page = error.read().decode()
            if error.code == 429:
                answered.append(base)
                return attempt, answered
        answered.append(base)
        if "för många" in page.lower():  # allauth's "För många misslyckade inloggningsförsök"
            return attempt, answered
    return 0, answered


def percentile(times: Counter[int], share: float) -> int:
    """The response time below which `share` of the requests fall (locust's own way of counting)."""
    total = sum(times.values())
    above = int(total * (1 - share))
    seen = 0
    for value in sorted(times, reverse=True):
        seen += times[value]
        if seen > above:
            return value
    return 0


def locust_summary(path: Path) -> dict[str, object]:
    """Locust's final statistics (its --json-file: every request, also those that ended while the
    users stopped), summed over the pages."""
    entries = json.loads(path.with_suffix(".json").read_text())
    print(f"{'request':<50} {'requests':>8} {'failed':>6} {'median ms':>9} {'p95 ms':>7}")
    every: Counter[int] = Counter()
    pages = []
    for entry in sorted(entries, key=lambda e: (e["name"], e["method"])):
        times = Counter({int(k): v for k, v in entry["response_times"].items()})
        every.update(times)
        name = f"{entry['method']} {entry['name']}"
        pages.append({"name": name, "requests": entry["num_requests"], "p95_ms": percentile(times, 0.95)})
        print(
            f"{name:<50} {entry['num_requests']:>8} {entry['num_failures']:>6}"
            f" {percentile(times, 0.5):>9} {percentile(times, 0.95):>7}"
        )
    failures = path.parent / f"{path.name}_failures.csv"
    if failures.exists() and len(failures.read_text().splitlines()) > 1:
        print("failures (method, name, error, occurrences):\n" + failures.read_text())
    seconds = max(e["last_request_timestamp"] or 0 for e in entries) - min(e["start_time"] for e in entries)
    requests = sum(e["num_requests"] for e in entries)
    return {
        "requests": requests,
        "failures": sum(e["num_failures"] for e in entries),
        "median_ms": percentile(every, 0.5),
        "p95_ms": percentile(every, 0.95),
        "p99_ms": percentile(every, 0.99),
        "requests_per_s": round(requests / max(seconds, 1), 1),
        "slowest_p95": sorted(pages, key=lambda p: -int(p["p95_ms"]))[:5],  # type: ignore[call-overload]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=120, help="how long the load test runs")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--max-requests", type=int, default=20000, help="the load test stops after this many")
    parser.add_argument("--mails", type=int, default=200, help="e-mails queued for the two workers")
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder and database")
    options = parser.parse_args()

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed (Debian: apt-get install nginx)")
    database = os.environ.get("SCALEOUT_DB", "scaleout")
    redis_url = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/0")
    rundir = Path(tempfile.mkdtemp(prefix="samverkan-scaleout-"))
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    ports = [free_port() for _ in range(2)]
    proxy_port = free_port()
    site = f"http://127.0.0.1:{proxy_port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKAN_", "DJANGO_"))},
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "SAMVERKAN_DB_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "SAMVERKAN_CACHE_PREFIX": f"scaleout-{secrets.token_hex(4)}",  # this run's keys only
        "SAMVERKAN_DEMO": "1",
        "SAMVERKAN_SECRET_KEY": secrets.token_urlsafe(50),
        "SAMVERKAN_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SAMVERKAN_SITE_URL": site,
        "SAMVERKAN_TRUSTED_PROXIES": "127.0.0.1",
        "SAMVERKAN_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "SAMVERKAN_EMAIL_HOST": "127.0.0.1",
        "SAMVERKAN_EMAIL_PORT": str(smtp.port),
        "SAMVERKAN_LOG_LEVEL": "WARNING",
        "SCALEOUT_DATA": str(rundir / "data.json"),
        "SCALEOUT_MAX_REQUESTS": str(options.max_requests),
    }
    stack = Stack(rundir, env)
    problems: list[str] = []
    result: dict[str, object] = {"rundir": str(rundir), "web_processes": 2, "workers": 2, "users": options.users}
    started = time.monotonic()
    try:
        print(f"--- database {database}: migrate, demo, {options.mails} queued e-mails", flush=True)
        fresh_database(database)
        samverkan = str(BIN / "samverkan")
        run([samverkan, "migrate", "--no-input", "-v", "0"], env)
        run([samverkan, "collectstatic", "--no-input", "-v", "0"], env)
        run([samverkan, "demo"], env, stdout=subprocess.DEVNULL)
        seeded = run([sys.executable, "deploy/prepare.py", "seed", str(options.mails)], env, capture_output=True)
        data = json.loads(seeded.stdout)
        (rundir / "data.json").write_text(json.dumps(data))

        print(f"--- two gunicorns on {ports}, nginx on {proxy_port}, two workers, SMTP sink on {smtp.port}", flush=True)
        smtp.start()
        web = [f"http://127.0.0.1:{port}" for port in ports]
        for number, port in enumerate(ports, start=1):
            stack.start(
                f"web{number}",
                [str(BIN / "gunicorn"), "samverkan.wsgi", "--bind", f"127.0.0.1:{port}", *GUNICORN],
            )
        template = (ROOT / "deploy" / "nginx.conf.template").read_text()
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (rundir / f"nginx-{sub}").mkdir()
        user = ""
        if os.geteuid() == 0:  # nginx's workers drop to nobody, who must reach the run's folder
            user = "user nobody nogroup;"
            rundir.chmod(0o711)
            for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                shutil.chown(rundir / f"nginx-{sub}", "nobody", "nogroup")
        conf = (
            template.replace("{{user}}", user)
            .replace("{{rundir}}", str(rundir))
            .replace("{{listen}}", f"127.0.0.1:{proxy_port}")
            .replace("{{servers}}", "\n".join(f"        server 127.0.0.1:{port};" for port in ports))
        )
        (rundir / "nginx.conf").write_text(conf)
        run([nginx, "-t", "-q", "-p", str(rundir), "-c", str(rundir / "nginx.conf")], env)
        stack.start("nginx", [nginx, "-p", str(rundir), "-c", str(rundir / "nginx.conf")])
        for base in [*web, site]:
            wait_for(base + "/healthz")
        # every gunicorn worker process has read its URLs and templates once, as after a minute in service
        for base in web:
            for _ in range(8):
                for path in ("/", f"/{data['slug']}/", f"/{data['slug']}/moten/", "/accounts/login/"):
                    urllib.request.urlopen(base + path, timeout=60).read()
        result["setup_seconds"] = round(time.monotonic() - started)
        for number in (1, 2):
            stack.start(
                f"worker{number}",
                [samverkan, "db_worker", "--interval", "0.5", "--no-startup-delay", "--worker-id", f"worker{number}"],
            )

        print("--- the login rate limit, alternating between the two web processes", flush=True)
        refused_at, answered = failed_logins_until_refused(web, "10.99.0.1")
        result["rate_limit"] = {"refused_at_attempt": refused_at, "limit": 5, "answered_by": sorted(set(answered))}
        if refused_at != 6 or len(set(answered)) != 2:
            problems.append(f"the login rate limit (5 failures) was not shared: refused at attempt {refused_at}")

        print(
            f"--- load test: {options.users} users, {options.seconds} s, at most {options.max_requests} requests",
            flush=True,
        )
        stats = rundir / "locust"  # locust adds .json; the CSV files hold the failures
        locust = subprocess.run(
            [
                *(str(BIN / "locust"), "-f", "deploy/locustfile.py", "--headless", "--host", site),
                *("--users", str(options.users), "--spawn-rate", "10", "--run-time", f"{options.seconds}s"),
                *(
                    "--stop-timeout",
                    "10",
                    "--json-file",
                    str(stats),
                    "--csv",
                    str(stats),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ),
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        summary = locust_summary(stats)
        result["load"] = summary
        if locust.returncode != 0 or summary["failures"]:
            problems.append(
                f"{summary['failures']} of {summary['requests']} requests failed (locust exit {locust.returncode})"
            )

        print("--- waiting for the workers to empty the queue", flush=True)
        deadline = time.monotonic() + 120
        while True:
            state = json.loads(run([sys.executable, "deploy/prepare.py", "tasks"], env, capture_output=True).stdout)
            pending = sum(state["by_status"].get(s, 0) for s in ("READY", "RUNNING"))
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(1)
        time.sleep(1)  # the last mail of the last task reaches the sink
        mine = {w: n for w, n in state["by_worker"].items() if w != "seed"}
        result["tasks"] = {
            "queued": data["tasks"],
            "by_worker": mine,
            **{k: state[k] for k in ("by_status", "claimed_twice")},
        }
        if pending or state["by_status"].get("FAILED"):
            problems.append(f"tasks not done: {state['by_status']}")
        if sum(mine.values()) != data["tasks"] or state["claimed_twice"]:
            problems.append(f"{data['tasks']} tasks queued, the workers claimed {mine}, {state['claimed_twice']} twice")
        duplicates = sink.duplicates()
        result["mails"] = {"expected": data["expected_mails"], "received": len(sink.mails), "duplicates": duplicates}
        if duplicates or len(sink.mails) != data["expected_mails"]:
            problems.append(
                f"e-mails: {data['expected_mails']} expected, {len(sink.mails)} received, {duplicates} duplicated"
            )

        shares = Counter()
        for line in (rundir / "nginx-access.log").read_text().splitlines():
            status, upstreams, _time = line.split("|")
            for upstream in upstreams.split(", "):  # a request passed on to the next lists both
                shares[upstream] += 1
            if status.startswith("5"):
                problems.append(f"nginx logged a {status} from {upstreams}")
        result["requests_by_web_process"] = dict(shares)
        if len([u for u in shares if u != "-"]) < 2:
            problems.append(f"not every web process served requests: {dict(shares)}")
        if stack.dead():
            problems.append(f"processes died during the run: {stack.dead()} (logs in {rundir})")
    finally:
        stack.stop()
        with contextlib.suppress(Exception):
            smtp.stop()
    result["seconds_in_all"] = round(time.monotonic() - started)
    result["problems"] = problems
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if options.json:
        options.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    if not options.keep and not problems:
        shutil.rmtree(rundir, ignore_errors=True)
        with (
            contextlib.suppress(Exception),
            psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn,
        ):
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print("scale-out run: " + ("FAILED\n- " + "\n- ".join(problems) if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
