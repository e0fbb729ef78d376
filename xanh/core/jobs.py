"""Background jobs: a small queue in the database, run by `xanh worker` or a thread of `xanh serve`.

Why the database and not a broker: the embedded default has none, and a job written in the
transaction that caused it exists exactly when that change does (it is rolled back with it and
seen by the worker only after commit). A job is claimed by flipping it to `running` with a lease —
under `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, inside an immediate (write-locked)
transaction on SQLite — so two workers never run it twice. A failing handler is retried with
exponential backoff; a job out of attempts stays `failed` with its error (never dropped) until an
operator requeues it (`xanh worker --retry-failed`). A worker that dies leaves its job `running`
until the lease ends, when another worker takes it again.

Handlers register with `@job("app.name")`; periodic functions with `@periodic("app.name", every=…)`.
Both live in (or are imported by) each app's `jobs.py`, which `load_handlers()` imports.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from xanh.core.models import Job, JobState

log = logging.getLogger("xanh.jobs")

LEASE = timedelta(minutes=10)     # a job running longer than this is presumed dead and taken again
POLL_SECONDS = 5.0                # how often an idle worker looks for due jobs
BATCH = 50                        # jobs run between two looks at the periodic functions
MAX_BACKOFF = timedelta(hours=6)
KEEP_DONE = timedelta(days=30)    # finished jobs are purged after this; failed ones are kept

_handlers: dict[str, Callable[[dict], None]] = {}
_periodic: dict[str, Periodic] = {}
_loaded = False
_wake = threading.Event()         # set after a commit that queued a job, so an in-process worker starts at once


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    function: Callable


def job(name: str):
    """Register the decorated function as the handler of jobs called `name`; it receives the payload."""

    def register(function):
        _handlers[name] = function
        return function

    return register


def periodic(name: str, every: timedelta):
    """Run the decorated function (called with the current time) once per `every`, across all workers."""

    def register(function):
        _periodic[name] = Periodic(name, every, function)
        _handlers[name] = lambda payload: function(timezone.now())
        return function

    return register


def load_handlers() -> None:
    """Import every installed app's `jobs` module, where handlers and periodic functions register."""
    global _loaded
    if not _loaded:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
        _loaded = True


def enqueue(name: str, payload: dict | None = None, *, key: str | None = None, run_after: datetime | None = None,
            max_attempts: int = 10) -> Job | None:
    """Queue a job; returns it, or None when a job with the same `key` already exists.

    Inside a transaction the job is written with it: it is dropped on rollback and runs only after
    commit. Safe to call from `transaction.on_commit` callbacks too.
    """
    new = Job(name=name, payload=payload or {}, key=key, run_after=run_after or timezone.now(),
              max_attempts=max_attempts)
    if key is None:
        new.save()
    else:
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError:
            return None
    transaction.on_commit(_wake.set)
    return new


def _claimable(now) -> Q:
    return Q(state=JobState.QUEUED, run_after__lte=now) | Q(state=JobState.RUNNING, locked_until__lt=now)


def claim(worker: str, now: datetime | None = None) -> Job | None:
    """Take the next due job for `worker`, or None when nothing is due (or another worker took it)."""
    now = now or timezone.now()
    due = Job.objects.filter(_claimable(now))
    if not due.exists():  # a plain read first: an idle worker never takes SQLite's write lock
        return None
    with transaction.atomic():
        candidates = due.order_by("run_after", "id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        found = candidates.first()
        if found is None:
            return None
        # the state condition is repeated in the UPDATE: a claim counts only if it changed the row
        taken = Job.objects.filter(_claimable(now), pk=found.pk).update(
            state=JobState.RUNNING, locked_by=worker[:100], locked_until=now + LEASE, attempts=F("attempts") + 1)
    if not taken:
        return None
    found.refresh_from_db()
    return found


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the first, second, third … failure, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def run_job(found: Job, now: datetime | None = None) -> bool:
    """Run a claimed job and record the outcome; True when it succeeded."""
    mine = Job.objects.filter(pk=found.pk, state=JobState.RUNNING, locked_by=found.locked_by)
    handler = _handlers.get(found.name)
    try:
        if handler is None:
            raise LookupError(f"no handler is registered for jobs named {found.name!r}")
        handler(found.payload)
    except (KeyboardInterrupt, SystemExit):
        # stopped by the operator: put it back as it was, this attempt does not count
        mine.update(state=JobState.QUEUED, attempts=F("attempts") - 1, locked_by="", locked_until=None)
        raise
    except Exception:
        error = traceback.format_exc()[-4000:]
        when = now or timezone.now()
        if found.attempts >= found.max_attempts:
            log.error("job %s #%s failed for good after %s attempts:\n%s", found.name, found.pk, found.attempts, error)
            mine.update(state=JobState.FAILED, last_error=error, finished_at=when, locked_by="", locked_until=None)
        else:
            log.warning("job %s #%s failed (attempt %s of %s), will retry:\n%s", found.name, found.pk,
                        found.attempts, found.max_attempts, error)
            mine.update(state=JobState.QUEUED, last_error=error, run_after=when + backoff(found.attempts),
                        locked_by="", locked_until=None)
        return False
    mine.update(state=JobState.DONE, finished_at=timezone.now(), locked_by="", locked_until=None)
    return True


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def run_due(limit: int = BATCH, *, worker: str | None = None, now: datetime | None = None) -> int:
    """Claim and run up to `limit` due jobs one by one; returns how many ran (failed or not)."""
    load_handlers()
    worker = worker or worker_id()
    count = 0
    while count < limit:
        found = claim(worker, now)
        if found is None:
            break
        run_job(found, now)
        count += 1
    return count


def tick(now: datetime | None = None) -> int:
    """Queue each periodic function for the current slot of its interval (once, whoever ticks)."""
    load_handlers()
    now = now or timezone.now()
    queued = 0
    for item in _periodic.values():
        seconds = item.every.total_seconds()
        start = datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=UTC)
        key = f"{item.name}@{start:%Y-%m-%dT%H:%M:%S}"
        if Job.objects.filter(key=key).exists():  # a read, so that idle ticks write nothing
            continue
        if enqueue(item.name, {"slot": start.isoformat()}, key=key, run_after=now, max_attempts=3):
            queued += 1
    return queued


def work(*, once: bool = False, stop: threading.Event | None = None, poll: float = POLL_SECONDS,
         worker: str | None = None) -> int:
    """The worker loop: tick, run what is due, wait. With `once`, stop when nothing is due.

    Returns the number of jobs run. Errors of the loop itself (the database restarting) are
    logged and retried after `poll` seconds, except with `once`, where they propagate.
    """
    load_handlers()
    worker = worker or worker_id()
    stop = stop or threading.Event()
    total = 0
    try:
        while not stop.is_set():
            if not once:  # a long-running loop drops connections the database closed (as requests do)
                close_old_connections()
            try:
                tick()
                count = run_due(BATCH, worker=worker)
            except Exception:
                if once:
                    raise
                log.exception("the job worker could not reach the database; trying again in %s s", poll)
                count = 0
            total += count
            if once and count == 0:
                break
            if count < BATCH and not once:
                _wake.wait(poll)
                _wake.clear()
    finally:
        if not once:
            connection.close()
    return total


def start_in_thread(poll: float = POLL_SECONDS) -> Callable[[], None]:
    """Run the worker in a daemon thread of this process (`xanh serve`); returns a function that stops it."""
    stop = threading.Event()
    thread = threading.Thread(target=work, kwargs={"stop": stop, "poll": poll}, name="xanh-worker", daemon=True)
    thread.start()

    def halt(timeout: float = 10.0) -> None:
        stop.set()
        _wake.set()
        thread.join(timeout)

    return halt


def retry_failed(names: list[str] | None = None) -> int:
    """Queue failed jobs again with fresh attempts (after the operator fixed the cause)."""
    failed = Job.objects.filter(state=JobState.FAILED)
    if names:
        failed = failed.filter(name__in=names)
    return failed.update(state=JobState.QUEUED, attempts=0, run_after=timezone.now(), finished_at=None)


@periodic("core.purge_jobs", every=timedelta(days=1))
def purge_done(now: datetime) -> int:
    """Forget jobs that finished long ago; failed ones stay until an operator looks at them."""
    deleted, _by_model = Job.objects.filter(state=JobState.DONE, finished_at__lt=now - KEEP_DONE).delete()
    return deleted
