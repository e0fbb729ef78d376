"""50 reporters saving and submitting at once against a real `xanh serve` on PostgreSQL, over loopback.

Several reporters share each body on purpose and pick among the same few reports, so they collide:
a save or submit made on a stale version must be refused (HTTP 400 with the stale-edit message for
a save; an error message after the redirect for a submit) — that is the correct outcome, counted as
"refused", not as an error. Anything else (5xx, an unexpected status, a connection failure, a
timeout) is an error. At the end the database is checked for lost updates: every acknowledged save
is in the audit log, no refused save is, each report holds the text of its last acknowledged save,
and its version counts exactly the acknowledged writes. Exits non-zero on any error or lost update.

    .venv/bin/python bench/reporting_load.py [--reporters 50] [--iterations 20] [--seconds 120]

DATABASE_URL must name PostgreSQL; unset, postgres://postgres@127.0.0.1:5432/xanh_bench_load is
created and dropped.
"""

import argparse
import html
import http.client
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from common import is_postgres, percentile, postgres_database, running_server, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xanh_bench_load"
PASSWORD = "a-Long-bench-pass-2026"
STALE = "Someone else saved this record after you opened it"
LOCKED = "can no longer be edited"
STATUSES = ["on_track", "behind", "done_on_time", "recurring"]


class Browser:
    """One person's browser: a keep-alive connection, its cookies (session, CSRF, messages), English."""

    def __init__(self, base: str, timeout: float = 30):
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        self.cookies = {"django_language": "en"}

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body text); raises OSError / HTTPException on a transport failure."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.coded_value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers.get("Location", ""), text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)

    def login(self, username: str, password: str) -> None:
        status, _loc, _text = self.get("/accounts/login/")
        if status != 200:
            raise RuntimeError(f"GET /accounts/login/ answered {status}")
        status, _loc, _text = self.post("/accounts/login/", {"username": username, "password": password})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {username} answered {status}")

    def close(self):
        self.conn.close()


class Tally:
    """Timings and outcomes of every request, by kind; the writes the server acknowledged."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.outcomes = defaultdict(Counter)
        self.errors = []
        self.saves = []    # (report_id, marker, acknowledged: True, False when refused, None on an error)
        self.submits = []  # (report_id, acknowledged)
        self.nothing_left = 0  # iterations that found no editable report on the body's page
        self.gone = 0  # report pages that no longer offered the form: a colleague had just submitted it

    def add(self, kind, seconds, outcome, detail=""):
        with self.lock:
            self.times[kind].append(seconds)
            self.outcomes[kind][outcome] += 1
            if outcome == "error":
                self.errors.append(f"{kind}: {detail}"[:300])


def timed_request(tally, kind, call):
    """Run one request; returns (status, location, text), or None after recording a transport error."""
    start = time.perf_counter()
    try:
        result = call()
    except (OSError, http.client.HTTPException) as exc:
        tally.add(kind, time.perf_counter() - start, "error", f"{type(exc).__name__}: {exc}")
        return None
    return (time.perf_counter() - start, *result)


EDITABLE_ROW = re.compile(r'<tr id="report-(\d+)".*?</tr>', re.S)
VERSION = re.compile(r'id="report-form".*?<input type="hidden" name="version" value="(\d+)"', re.S)
MESSAGE = re.compile(r'<li class="(success|error|warning|info)">(.*?)</li>', re.S)


def editable_reports(text: str) -> list[int]:
    """Report ids on a body's page that still offer quick entry (draft or returned), in page order."""
    return [int(m.group(1)) for m in EDITABLE_ROW.finditer(text) if 'name="quick"' in m.group(0)]


def report_version(text: str) -> int | None:
    """The version the report form was rendered at; None when the page offers no form (not editable)."""
    match = VERSION.search(text)
    return int(match.group(1)) if match else None


def sign_in(browser, username, tally) -> bool:
    t0 = time.perf_counter()
    try:
        browser.login(username, PASSWORD)
    except (OSError, http.client.HTTPException, RuntimeError) as exc:
        tally.add("login", time.perf_counter() - t0, "error", f"{username}: {exc}")
        return False
    tally.add("login", time.perf_counter() - t0, "ok")
    return True


def reporter_run(index, username, body_url, base, args, tally, login_slots, start_gate, deadline_box):
    """Sign in (a few at a time: people arrive, they do not all press Enter in the same second),
    wait for everybody, then save and submit as fast as the server answers (no think time)."""
    rng = random.Random(index)
    browser = Browser(base, args.timeout)
    try:
        with login_slots:
            signed_in = sign_in(browser, username, tally)
        start_gate.wait()
        if not signed_in:
            return
        for iteration in range(args.iterations):
            if time.perf_counter() > deadline_box[0]:
                break
            iterate(browser, index, iteration, body_url, rng, args, tally, deadline_box[0])
    finally:
        browser.close()


def iterate(browser, index, iteration, body_url, rng, args, tally, deadline=float("inf")):
    """Body page, a report among its first editable ones, a quick save, sometimes a submit; no
    new write starts after `deadline`."""
    got = timed_request(tally, "body page", lambda: browser.get(body_url))
    if got is None:
        return
    seconds, status, _loc, text = got
    if status != 200:
        tally.add("body page", seconds, "error", f"{body_url} answered {status}")
        return
    tally.add("body page", seconds, "ok")
    choices = editable_reports(text)[:args.pick]
    if not choices:
        tally.nothing_left += 1
        return
    report_id = rng.choice(choices)
    url = f"/reporting/reports/{report_id}/"
    version = open_report(browser, url, tally)
    if version is None:
        return
    if time.perf_counter() > deadline:
        return
    marker = f"r{index:02d}-i{iteration:02d}"
    fields = {"quick": "1", "version": str(version), "status": rng.choice(STATUSES),
              "progress": str(rng.randint(0, 100)), "results": marker}
    got = timed_request(tally, "save", lambda: browser.post(url, fields))
    if got is None:
        tally.saves.append((report_id, marker, None))
        return
    seconds, status, location, text = got
    if status == 302 and urlsplit(location).path == url:
        tally.add("save", seconds, "ok")
        tally.saves.append((report_id, marker, True))
    elif status == 400 and (STALE in text or LOCKED in html.unescape(text)):
        tally.add("save", seconds, "refused (stale)" if STALE in text else "refused (no longer editable)")
        tally.saves.append((report_id, marker, False))
        return
    else:
        tally.add("save", seconds, "error", f"{url} save answered {status} {location}")
        tally.saves.append((report_id, marker, None))
        return
    version = open_report(browser, url, tally, expect="success")  # the redirect, as a browser follows it
    if version is None or rng.random() >= args.submit_share or time.perf_counter() > deadline:
        return
    got = timed_request(tally, "submit", lambda: browser.post(f"{url}do/submit/", {"version": str(version)}))
    if got is None:
        tally.submits.append((report_id, None))
        return
    seconds, status, location, _text = got
    if status != 302 or urlsplit(location).path != url:
        tally.add("submit", seconds, "error", f"{url} submit answered {status} {location}")
        tally.submits.append((report_id, None))
        return
    got = timed_request(tally, "report page", lambda: browser.get(url))
    if got is None:
        tally.submits.append((report_id, None))
        return
    page_seconds, page_status, _loc, page = got
    tally.add("report page", page_seconds, "ok" if page_status == 200 else "error", f"{url} answered {page_status}")
    said = [(tag, html.unescape(text)) for tag, text in MESSAGE.findall(page)]
    # by the message's kind, not its words: the success message may not be in the person's language
    if [tag for tag, _text in said] == ["success"] and 'id="report-form"' not in page:
        tally.add("submit", seconds, "ok")
        tally.submits.append((report_id, True))
    elif any(tag == "error" and STALE in text for tag, text in said):
        tally.add("submit", seconds, "refused (stale)")
        tally.submits.append((report_id, False))
    else:
        tally.add("submit", seconds, "error", f"{url} submit said {said}")
        tally.submits.append((report_id, None))


def open_report(browser, url, tally, expect=None) -> int | None:
    """GET a report's page: the version of its form, or None (a colleague submitted it meanwhile, or an error)."""
    got = timed_request(tally, "report page", lambda: browser.get(url))
    if got is None:
        return None
    seconds, status, _loc, text = got
    if status != 200:
        tally.add("report page", seconds, "error", f"{url} answered {status}")
        return None
    if expect and not any(tag == expect for tag, _t in MESSAGE.findall(text)):
        tally.add("report page", seconds, "error", f"{url}: no {expect} message after the save")
        return None
    tally.add("report page", seconds, "ok")
    version = report_version(text)
    if version is None:
        if 'id="report-form"' in text:
            tally.add("report page", 0.0, "error", f"{url}: a report form without its version field")
        else:
            tally.gone += 1
    return version


def probe_healthz(base, stop, tally, timeout, kind="healthz"):
    """A trivial view asked every 50 ms during the load: the baseline the other requests compare to."""
    browser = Browser(base, timeout)
    try:
        while not stop.is_set():
            got = timed_request(tally, kind, lambda: browser.get("/healthz"))
            if got is not None:
                seconds, status, _loc, _text = got
                tally.add(kind, seconds, "ok" if status == 200 else "error", f"/healthz answered {status}")
            stop.wait(0.05)
    finally:
        browser.close()


def populate(reporters: int, bodies: int):
    """The registry, the Thanh Hóa plan, an open 2026 annual cycle; reporters spread over the bodies
    with the most expected reports, several per body. Returns (cycle, [(username, body code)])."""
    from django.db import connections
    from django.db.models import Count

    from tests.personas import SEED, load_registry, seed_bytes
    from xanh.core.enums import Role
    from xanh.core.services import SYSTEM
    from xanh.organizations.models import Organization
    from xanh.organizations.services import create_user
    from xanh.plans.services import import_plan
    from xanh.reporting.services import notify_bodies, open_cycle

    load_registry()
    plan = import_plan(SYSTEM, seed_bytes(), SEED.name, activate=True).plan
    cycle = open_cycle(SYSTEM, plan, year=2026)
    cycle = notify_bodies(SYSTEM, cycle, cycle.version)
    chosen = list(cycle.reports.values("organization_id").annotate(n=Count("id"))
                  .order_by("-n", "organization__code")[:bodies])
    orgs = Organization.objects.in_bulk([row["organization_id"] for row in chosen])
    people = [(f"load{n:02d}", orgs[chosen[n % len(chosen)]["organization_id"]]) for n in range(reporters)]

    def create(person):
        try:
            create_user(SYSTEM, person[0], organization=person[1], role=Role.REPORTER, password=PASSWORD)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # password hashing dominates
        list(pool.map(create, people))
    return cycle, [(username, org.code) for username, org in people]


def verify(tally) -> list[str]:
    """Lost updates, by the audit log and the reports themselves; an empty list when there are none."""
    from xanh.core.models import AuditEvent
    from xanh.reporting.models import TaskReport

    touched = {r for r, _m, _ok in tally.saves} | {r for r, _ok in tally.submits}
    events = list(AuditEvent.objects.filter(object_type="reporting.taskreport", object_id__in=[str(r) for r in touched],
                                            action__in=["report.save", "report.submit"])
                  .values_list("id", "action", "object_id", "after"))
    saved = {}  # marker -> (event id, report id)
    marker_of = {}  # event id -> marker
    submitted = Counter()
    for event_id, action, object_id, after in events:
        if action == "report.save" and "results" in (after or {}):
            saved[after["results"]] = (event_id, int(object_id))
            marker_of[event_id] = after["results"]
        elif action == "report.submit":
            submitted[int(object_id)] += 1
    problems = []
    acknowledged = defaultdict(list)
    for report_id, marker, ok in tally.saves:
        if ok and saved.get(marker, (0, None))[1] != report_id:
            problems.append(f"save {marker} on report {report_id} was acknowledged but is not in the audit log")
        elif ok:
            acknowledged[report_id].append(saved[marker][0])
        elif ok is False and marker in saved:
            problems.append(f"save {marker} on report {report_id} was refused but written")
    known = {marker for _r, marker, ok in tally.saves if ok is not False}
    problems += [f"save {m} is in the audit log but was never acknowledged" for m in saved if m not in known]
    acked_submits = Counter(r for r, ok in tally.submits if ok)
    for report in TaskReport.objects.filter(pk__in=touched):
        ids = acknowledged.get(report.pk, [])
        last = marker_of[max(ids)] if ids else ""
        if report.results != last:
            problems.append(f"report {report.pk} holds {report.results!r}, its last acknowledged save was {last!r}")
        writes = len(ids) + acked_submits[report.pk]
        if report.version != 1 + writes:
            problems.append(f"report {report.pk} is at version {report.version}, expected 1 + {writes} writes")
        if submitted[report.pk] != acked_submits[report.pk]:
            problems.append(f"report {report.pk}: {submitted[report.pk]} submissions in the audit log, "
                            f"{acked_submits[report.pk]} acknowledged")
        if acked_submits[report.pk] and report.state not in ("submitted", "approved"):
            problems.append(f"report {report.pk} was submitted but is {report.state}")
    return problems


def print_figures(tally, alone):
    """Per kind of request: outcomes under load, p50/p95/p99, the p95 as a ratio to /healthz's p95
    under the same load, and the median of one reporter working alone (the cost without queueing)."""
    base_p95 = percentile(tally.times["healthz"], 95) if tally.times["healthz"] else float("nan")
    print(f"{'request':12} {'n':>5} {'ok':>5} {'refused':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'p95/healthz':>11} {'alone p50 ms':>12}")
    for kind in ("login", "body page", "report page", "save", "submit", "healthz"):
        times = tally.times.get(kind)
        if not times:
            continue
        outcomes = tally.outcomes[kind]
        refused = sum(n for name, n in outcomes.items() if name.startswith("refused"))
        solo = f"{statistics.median(alone[kind]) * 1000:12.1f}" if alone.get(kind) else f"{'—':>12}"
        print(f"{kind:12} {len(times):5d} {outcomes['ok']:5d} {refused:7d} {outcomes['error']:6d} "
              f"{percentile(times, 50) * 1000:8.1f} {percentile(times, 95) * 1000:8.1f} "
              f"{percentile(times, 99) * 1000:8.1f} {percentile(times, 95) / base_p95:10.1f}× {solo}")
    for kind in ("save", "submit"):
        details = {name: n for name, n in tally.outcomes[kind].items() if name.startswith("refused")}
        if details:
            print(f"  {kind} refused: " + ", ".join(f"{name} {n}" for name, n in sorted(details.items())))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reporters", type=int, default=50)
    parser.add_argument("--bodies", type=int, default=10, help="bodies the reporters are spread over")
    parser.add_argument("--iterations", type=int, default=20, help="save attempts per reporter")
    parser.add_argument("--seconds", type=float, default=120, help="time cap of the load phase")
    parser.add_argument("--pick", type=int, default=3, help="each reporter picks among its body's first N "
                                                             "editable reports (small: more collisions)")
    parser.add_argument("--submit-share", type=float, default=0.1, help="share of saves followed by a submit")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads (xanh serve's default)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a request may take before it counts "
                                                                 "as an error")
    parser.add_argument("--login-concurrency", type=int, default=4, help="reporters signing in at the same time")
    parser.add_argument("--alone", type=int, default=5, help="iterations of one reporter alone, before the load")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if url and not is_postgres(url):
        print(f"reporting_load needs PostgreSQL; DATABASE_URL is {url.split(':', 1)[0]}:… — unset it to use "
              f"{DEFAULT_URL}, or point it to a PostgreSQL database.", file=sys.stderr)
        return 2
    import psycopg

    try:
        with postgres_database(DEFAULT_URL):
            return run(args)
    except psycopg.OperationalError as exc:
        print(f"reporting_load needs a PostgreSQL server: {exc}".strip(), file=sys.stderr)
        return 2


def run(args) -> int:
    started = time.perf_counter()
    setup_django()
    from django.db import connection

    cycle, people = populate(args.reporters, args.bodies)
    body_url = {code: f"/reporting/cycles/{cycle.pk}/bodies/{code}/" for _u, code in people}
    print(f"== reporting load: {args.reporters} reporters over {len(body_url)} bodies, at most {args.iterations} "
          f"saves each and {args.seconds:.0f} s, {args.threads} server threads, no think time "
          f"(PostgreSQL {connection.pg_version // 10000}; set-up {time.perf_counter() - started:.0f} s)")
    tally = Tally()
    alone = Tally()
    alone.saves, alone.submits = tally.saves, tally.submits  # checked for lost updates with the rest
    with running_server(args.threads) as base:
        browser = Browser(base, args.timeout)
        for _ in range(30):
            got = timed_request(alone, "healthz", lambda: browser.get("/healthz"))
            if got is not None:
                alone.add("healthz", got[0], "ok" if got[1] == 200 else "error", f"/healthz answered {got[1]}")
        username, code = people[0]
        if sign_in(browser, username, alone):
            rng = random.Random(-1)
            for iteration in range(args.alone):
                iterate(browser, 99, iteration, body_url[code], rng, args, alone)
        browser.close()

        gate = threading.Barrier(args.reporters + 1)
        login_slots = threading.BoundedSemaphore(args.login_concurrency)
        deadline_box = [float("inf")]
        workers = [threading.Thread(target=reporter_run, args=(
            n, username, body_url[code], base, args, tally, login_slots, gate, deadline_box))
            for n, (username, code) in enumerate(people)]
        login_start = time.perf_counter()
        for worker in workers:
            worker.start()
        gate.wait()
        logins = time.perf_counter() - login_start
        load_start = time.perf_counter()
        deadline_box[0] = load_start + args.seconds
        stop = threading.Event()
        prober = threading.Thread(target=probe_healthz, args=(base, stop, tally, args.timeout))
        prober.start()
        for worker in workers:
            worker.join()
        wall = time.perf_counter() - load_start
        stop.set()
        prober.join()

    requests = sum(len(t) for kind, t in tally.times.items() if kind not in ("login", "healthz"))
    errors = sum(o["error"] for o in (*tally.outcomes.values(), *alone.outcomes.values()))
    refused = sum(n for o in tally.outcomes.values() for name, n in o.items() if name.startswith("refused"))
    print(f"signing in: {args.reporters} reporters, {args.login_concurrency} at a time, in {logins:.1f} s")
    print(f"load phase: {requests} requests in {wall:.1f} s = {requests / wall:.1f} requests/s "
          f"({'stopped by the time cap' if wall >= args.seconds else 'every iteration done'}); "
          f"successes {requests - refused - errors}, refused (collisions, correctly refused) {refused}, "
          f"errors {errors}")
    saves = Counter(ok for _r, _m, ok in tally.saves)
    submits = Counter(ok for _r, ok in tally.submits)
    print(f"writes acknowledged: {saves[True]} saves and {submits[True]} submits on "
          f"{len({r for r, _m, ok in tally.saves if ok})} reports (the reporter alone's included: "
          f"{alone.outcomes['save']['ok']} and {alone.outcomes['submit']['ok']}); refused: {saves[False]} saves, "
          f"{submits[False]} submits; reports a colleague submitted between the list and the form: {tally.gone}; "
          f"iterations that found nothing left to edit: {tally.nothing_left}")
    print_figures(tally, alone.times)
    print(f"(\"alone\": one reporter, {args.alone} iterations on the idle server before the load; /healthz idle: "
          f"p50 {percentile(alone.times['healthz'], 50) * 1000:.1f} ms, "
          f"p95 {percentile(alone.times['healthz'], 95) * 1000:.1f} ms)")
    problems = verify(tally)
    print(f"lost updates: {len(problems)} (every acknowledged save is in the audit log and no refused one is; "
          "each report holds its last acknowledged save; its version = 1 + its acknowledged writes)")
    for line in problems[:20]:
        print("  LOST:", line)
    for line in (tally.errors + alone.errors)[:20]:
        print("  ERROR:", line)
    connection.close()
    return 1 if errors or problems else 0


if __name__ == "__main__":
    sys.exit(main())
