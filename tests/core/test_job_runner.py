"""Use case: background work (mails, reminders) runs once, is retried when it fails, and is never lost."""

import contextlib
import io
import threading
import time
from datetime import timedelta
from unittest import skipUnless

from django.db import OperationalError, connection, transaction
from django.test import TestCase, TransactionTestCase
from django.utils import timezone

from xanh.cli import main
from xanh.core import jobs
from xanh.core.models import Job, JobState

CALLS: list = []
TICKS: list = []
LOCK = threading.Lock()


@jobs.job("test.record")
def record_call(payload):
    with LOCK:
        CALLS.append(payload["n"])


@jobs.job("test.slow_record")
def slow_record_call(payload):
    time.sleep(0.02)  # long enough for the other workers to try the same row
    record_call(payload)


@jobs.job("test.fail")
def always_fail(payload):
    raise ConnectionRefusedError("the mail server is down")


@jobs.job("test.fan_out")
def fan_out(payload):
    for n in range(payload["count"]):
        jobs.enqueue("test.record", {"n": n})


@jobs.job("test.interrupted")
def interrupted(payload):
    raise KeyboardInterrupt


@jobs.periodic("test.every_five_minutes", every=timedelta(minutes=5))
def every_five_minutes(now):
    TICKS.append(now)


def names(state=None):
    qs = Job.objects.filter(name__startswith="test.")
    return list((qs.filter(state=state) if state else qs).values_list("name", flat=True))


class JobRunnerTest(TestCase):
    def setUp(self):
        CALLS.clear()
        TICKS.clear()

    def test_a_job_runs_once_and_is_marked_done(self):
        job = jobs.enqueue("test.record", {"n": 1})
        self.assertEqual(jobs.run_due(), 1)
        self.assertEqual(jobs.run_due(), 0)
        self.assertEqual(CALLS, [1])
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts, job.locked_by), (JobState.DONE, 1, ""))
        self.assertIsNotNone(job.finished_at)

    def test_a_job_queued_in_a_transaction_that_rolls_back_never_exists(self):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            jobs.enqueue("test.record", {"n": 1})
            raise RuntimeError("the save failed")
        self.assertEqual(names(), [])
        self.assertEqual(jobs.run_due(), 0)

    def test_a_second_job_with_the_same_key_is_ignored(self):
        self.assertIsNotNone(jobs.enqueue("test.record", {"n": 1}, key="mail:once"))
        with transaction.atomic():  # inside a transaction too, and the transaction goes on
            self.assertIsNone(jobs.enqueue("test.record", {"n": 2}, key="mail:once"))
            jobs.enqueue("test.record", {"n": 3})
        jobs.run_due()
        self.assertEqual(sorted(CALLS), [1, 3])

    def test_a_job_waits_until_it_is_due(self):
        later = timezone.now() + timedelta(hours=1)
        jobs.enqueue("test.record", {"n": 1}, run_after=later)
        self.assertEqual(jobs.run_due(), 0)
        self.assertEqual(jobs.run_due(now=later), 1)
        self.assertEqual(CALLS, [1])

    def test_a_failing_job_is_retried_with_growing_delays_then_kept_as_failed(self):
        job = jobs.enqueue("test.fail", {}, max_attempts=3)
        now = timezone.now()
        self.assertEqual(jobs.run_due(now=now), 1)
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts), (JobState.QUEUED, 1))
        self.assertIn("the mail server is down", job.last_error)
        self.assertEqual(job.run_after, now + timedelta(minutes=1))
        self.assertEqual(jobs.run_due(now=now + timedelta(seconds=59)), 0)

        now += timedelta(minutes=1)
        jobs.run_due(now=now)
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts, job.run_after), (JobState.QUEUED, 2, now + timedelta(minutes=2)))

        now += timedelta(minutes=2)
        jobs.run_due(now=now)
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts), (JobState.FAILED, 3))
        self.assertIn("ConnectionRefusedError", job.last_error)
        self.assertEqual(jobs.run_due(now=now + timedelta(days=1)), 0)  # kept, not run again

        self.assertEqual(jobs.retry_failed(), 1)
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts, job.finished_at), (JobState.QUEUED, 0, None))

    def test_backoff_doubles_and_stops_growing_at_six_hours(self):
        self.assertEqual([jobs.backoff(n) for n in (1, 2, 3, 4)],
                         [timedelta(minutes=m) for m in (1, 2, 4, 8)])
        self.assertEqual(jobs.backoff(30), timedelta(hours=6))

    def test_a_job_of_an_unknown_kind_is_recorded_as_a_failure(self):
        job = jobs.enqueue("test.nobody_handles_this", {}, max_attempts=1)
        jobs.run_due()
        job.refresh_from_db()
        self.assertEqual(job.state, JobState.FAILED)
        self.assertIn("no handler is registered", job.last_error)

    def test_a_claimed_job_is_not_run_by_another_worker(self):
        jobs.enqueue("test.record", {"n": 1})
        claimed = jobs.claim("worker-a")
        self.assertEqual((claimed.state, claimed.locked_by, claimed.attempts), (JobState.RUNNING, "worker-a", 1))
        self.assertEqual(jobs.run_due(worker="worker-b"), 0)
        self.assertIsNone(jobs.claim("worker-b"))
        self.assertEqual(CALLS, [])

    def test_a_job_whose_worker_died_is_taken_again_when_its_lease_ends(self):
        job = jobs.enqueue("test.record", {"n": 1})
        now = timezone.now()
        jobs.claim("worker-that-dies", now)
        self.assertEqual(jobs.run_due(worker="worker-b", now=now + jobs.LEASE - timedelta(seconds=1)), 0)
        self.assertEqual(jobs.run_due(worker="worker-b", now=now + jobs.LEASE + timedelta(seconds=1)), 1)
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts), (JobState.DONE, 2))
        self.assertEqual(CALLS, [1])

    def test_a_job_stopped_by_the_operator_goes_back_to_the_queue_unharmed(self):
        job = jobs.enqueue("test.interrupted", {})
        with self.assertRaises(KeyboardInterrupt):
            jobs.run_due()
        job.refresh_from_db()
        self.assertEqual((job.state, job.attempts, job.locked_by), (JobState.QUEUED, 0, ""))

    def test_jobs_queued_by_a_job_run_in_the_same_pass(self):
        jobs.enqueue("test.fan_out", {"count": 3})
        self.assertEqual(jobs.run_due(), 4)
        self.assertEqual(sorted(CALLS), [0, 1, 2])

    def test_a_periodic_function_is_queued_once_per_interval_whoever_ticks(self):
        now = timezone.now().replace(minute=1, second=0, microsecond=0)
        jobs.tick(now)
        jobs.tick(now + timedelta(minutes=3))  # the same five minutes: nothing new
        self.assertEqual(names(), ["test.every_five_minutes"])
        jobs.run_due(now=now + timedelta(minutes=3))
        self.assertEqual(len(TICKS), 1)
        jobs.tick(now + timedelta(minutes=5))
        self.assertEqual(names(JobState.QUEUED), ["test.every_five_minutes"])

    def test_the_apps_periodic_functions_are_registered(self):
        jobs.load_handlers()
        self.assertIn("reporting.schedule_reminders", jobs._periodic)
        self.assertIn("reporting.send_mail", jobs._handlers)
        self.assertIn("core.purge_jobs", jobs._periodic)

    def test_finished_jobs_are_purged_after_a_month_failed_ones_are_kept(self):
        old = timezone.now() - timedelta(days=31)
        done = Job.objects.create(name="test.record", state=JobState.DONE, finished_at=old)
        failed = Job.objects.create(name="test.fail", state=JobState.FAILED, finished_at=old)
        recent = Job.objects.create(name="test.record", state=JobState.DONE, finished_at=timezone.now())
        self.assertEqual(jobs.purge_done(timezone.now()), 1)
        self.assertEqual(set(Job.objects.values_list("pk", flat=True)), {failed.pk, recent.pk})
        self.assertNotEqual(done.pk, recent.pk)

    def test_xanh_worker_once_runs_what_is_due_and_exits(self):
        for n in range(3):
            jobs.enqueue("test.record", {"n": n})
        jobs.enqueue("test.record", {"n": "later"}, run_after=timezone.now() + timedelta(hours=1))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["worker", "--once"])
        self.assertEqual(code, 0)
        self.assertEqual(sorted(CALLS), [0, 1, 2])
        ran = Job.objects.filter(state=JobState.DONE).count()  # with the periodic checks it queued itself
        self.assertEqual(out.getvalue().split()[-1], str(ran))
        self.assertEqual(Job.objects.filter(name="test.record", state=JobState.QUEUED).count(), 1)

    def test_xanh_worker_retry_failed_queues_failed_jobs_again(self):
        Job.objects.create(name="test.record", payload={"n": 7}, state=JobState.FAILED, attempts=10)
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(main(["worker", "--once", "--retry-failed"]), 0)
        self.assertEqual(CALLS, [7])


class ConcurrentWorkersTest(TransactionTestCase):
    """Real transactions, one connection per thread: what two worker processes would do."""

    def setUp(self):
        CALLS.clear()
        TICKS.clear()

    def enqueue_beside_the_thread(self, *args):
        """SQLite's test database is shared memory, whose table locks ignore the busy timeout that makes
        a database file wait; retry there as a file would wait."""
        for _attempt in range(100):
            try:
                return jobs.enqueue(*args)
            except OperationalError:
                if connection.vendor != "sqlite":
                    raise
                time.sleep(0.05)
        raise AssertionError("the database stayed locked")

    @skipUnless(connection.vendor == "postgresql", "row locks with SKIP LOCKED need PostgreSQL")
    def test_four_concurrent_workers_never_run_a_job_twice(self):
        for n in range(40):
            jobs.enqueue("test.slow_record", {"n": n})
        start = threading.Barrier(4)
        counts = []

        def worker(name):
            try:
                start.wait()
                counts.append(jobs.run_due(100, worker=name))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(sorted(CALLS), list(range(40)))
        self.assertEqual(sum(counts), 40)
        self.assertEqual(Job.objects.filter(state=JobState.DONE, attempts=1).count(), 40)
        self.assertGreater(len([c for c in counts if c]), 1, "the work was shared between workers")

    def test_the_worker_thread_of_the_server_runs_jobs_as_soon_as_they_are_committed(self):
        TICKS.clear()
        stop = jobs.start_in_thread(poll=30)  # a long poll: the commit itself must wake it
        try:
            deadline = time.monotonic() + 10
            while not TICKS and time.monotonic() < deadline:  # its first pass runs the periodic checks
                time.sleep(0.05)
            self.enqueue_beside_the_thread("test.record", {"n": 1})
            while 1 not in CALLS and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop()
        self.assertEqual(CALLS, [1])
        self.assertEqual(Job.objects.get(name="test.record").state, JobState.DONE)
