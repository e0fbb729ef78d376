"""Use case: bodies whose reports are missing are reminded — by the coordinator's click, and on schedule
before and after the deadline — once, and the coordinator sees whom nobody could reach."""

import contextlib
import io
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.reporting.cycles import CycleTestCase
from xanh.cli import main
from xanh.core import jobs
from xanh.core.errors import ServiceError
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.reporting.enums import ReminderKind, ReportState
from xanh.reporting.models import Reminder, TaskReport
from xanh.reporting.reminders import schedule_due, send_reminders
from xanh.reporting.services import close_cycle

REPORTER, APPROVER = "bao.cao@snnmt.example.vn", "lanh.dao@snnmt.example.vn"


def at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


class ReminderTest(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        users = get_user_model().objects
        users.filter(pk=cls.nnmt_reporter.pk).update(email=REPORTER)
        users.filter(pk=cls.nnmt_approver.pk).update(email=APPROVER)
        cls.deadline = cls.cycle.body_deadline
        # Sở Y tế has delivered everything; Sở NN&MT has delivered all but two reports
        TaskReport.objects.filter(cycle=cls.cycle, organization__code="th-syt").update(state=ReportState.ACCEPTED)
        nnmt = TaskReport.objects.filter(cycle=cls.cycle, organization__code="th-snnmt").order_by("task__ref")
        cls.nnmt_missing = list(nnmt[:2])
        TaskReport.objects.filter(pk__in=[r.pk for r in nnmt[2:]]).update(state=ReportState.APPROVED)
        TaskReport.objects.filter(pk=cls.nnmt_missing[1].pk).update(state=ReportState.SUBMITTED)
        cls.bodies_missing = (TaskReport.objects.filter(cycle=cls.cycle)
                              .exclude(state__in=[ReportState.APPROVED, ReportState.ACCEPTED])
                              .values("organization").distinct().count())

    def org_reminders(self, code):
        return Reminder.objects.filter(cycle=self.cycle, organization__code=code)

    def deliver(self):
        mail.outbox.clear()
        jobs.run_due(500)
        return list(mail.outbox)

    # ---- the coordinator's click

    def test_the_coordinator_reminds_every_body_with_reports_missing(self):
        count = send_reminders(self.coordinator, self.cycle)
        self.assertEqual(count, self.bodies_missing)
        self.assertEqual(Reminder.objects.filter(cycle=self.cycle, kind=ReminderKind.MANUAL).count(), count)
        reminder = self.org_reminders("th-snnmt").get()
        self.assertEqual((reminder.sent_by, reminder.missing_count, reminder.recipients),
                         (self.coordinator, 2, [REPORTER, APPROVER]))
        event = AuditEvent.objects.get(action="cycle.remind")
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.after["bodies"], ["th-snnmt"])
        self.assertEqual(len(event.after["unreachable"]), count - 1)
        self.assertEqual([m.to for m in self.deliver()], [[REPORTER, APPROVER]])

    def test_bodies_with_nothing_missing_are_not_reminded(self):
        self.assertEqual(send_reminders(self.coordinator, self.cycle, [self.org("th-syt")]), 0)
        send_reminders(self.coordinator, self.cycle)
        self.assertFalse(self.org_reminders("th-syt").exists())

    def test_a_second_click_reminds_again(self):
        send_reminders(self.coordinator, self.cycle, [self.org("th-snnmt")])
        send_reminders(self.coordinator, self.cycle, [self.org("th-snnmt")])
        self.assertEqual(self.org_reminders("th-snnmt").count(), 2)
        self.assertEqual(len(self.deliver()), 2)

    def test_the_reminder_lists_the_missing_tasks_the_deadline_and_the_link(self):
        send_reminders(self.coordinator, self.cycle, [self.org("th-snnmt")])
        (message,) = self.deliver()
        self.assertTrue(message.subject.startswith("[xanh] "))
        self.assertIn("15/11/2026", message.subject)
        self.assertIn("Sở Nông nghiệp và Môi trường", message.body)
        for report in self.nnmt_missing:
            self.assertIn(f"- {report.task.ref}: ", message.body)
        self.assertEqual(message.body.count("\n- "), 2)  # the delivered reports are not listed
        self.assertIn(f"http://127.0.0.1:8000/reporting/cycles/{self.cycle.pk}/bodies/th-snnmt/", message.body)
        self.assertIn("Sở Tài chính tỉnh Thanh Hóa", message.body)  # signed by the coordinator's body
        self.assertIn(f'<b>{self.nnmt_missing[0].task.ref}</b>', message.alternatives[0][0])

    def test_only_the_coordinator_may_send_reminders(self):
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer", "anonymous"):
            with self.assertRaises(PermissionDenied):
                send_reminders(getattr(self, persona), self.cycle)
        self.assertFalse(Reminder.objects.exists())

    def test_a_body_not_expected_in_the_cycle_is_refused_and_nothing_is_sent(self):
        with self.assertRaisesMessage(ServiceError, "Ủy ban nhân dân tỉnh Thanh Hóa"):
            send_reminders(self.coordinator, self.cycle, [self.org("th-snnmt"), self.org("th-ubnd")])
        self.assertFalse(Reminder.objects.exists())

    def test_a_closed_cycle_sends_no_reminders(self):
        cycle = close_cycle(SYSTEM, self.cycle, self.cycle.version)
        with self.assertRaises(ServiceError):
            send_reminders(self.coordinator, cycle)
        self.assertEqual(schedule_due(at(self.deadline + timedelta(days=1))), 0)
        self.assertFalse(Reminder.objects.exists())

    def test_bodies_nobody_can_be_written_to_are_recorded_as_not_reached(self):
        send_reminders(self.coordinator, self.cycle, [self.org("th-skhcn")])
        self.assertEqual(self.org_reminders("th-skhcn").get().recipients, [])
        self.assertEqual(self.deliver(), [])

    # ---- on schedule

    def test_nothing_is_sent_before_the_reminder_window(self):
        self.assertEqual(self.cycle.remind_days_before, 7)
        self.assertEqual(schedule_due(at(self.deadline - timedelta(days=8), 23)), 0)
        self.assertFalse(Reminder.objects.exists())

    def test_the_before_deadline_reminder_goes_once_per_body(self):
        first_day = self.deadline - timedelta(days=7)
        self.assertEqual(schedule_due(at(first_day)), self.bodies_missing)
        self.assertEqual(schedule_due(at(first_day, 15)), 0)  # the same day again
        self.assertEqual(schedule_due(at(first_day + timedelta(days=1))), 0)
        self.assertEqual(schedule_due(at(self.deadline, 23)), 0)
        reminder = self.org_reminders("th-snnmt").get()
        self.assertEqual((reminder.kind, reminder.sent_by, reminder.recipients),
                         (ReminderKind.BEFORE_DEADLINE, None, [REPORTER, APPROVER]))
        (message,) = self.deliver()
        self.assertIn("15/11/2026", message.body)
        self.assertEqual(AuditEvent.objects.filter(action="cycle.remind", actor=None).count(), 1)

    def test_a_worker_that_was_down_on_the_day_still_reminds_before_the_deadline(self):
        self.assertEqual(schedule_due(at(self.deadline - timedelta(days=2))), self.bodies_missing)
        self.assertEqual(self.org_reminders("th-snnmt").get().kind, ReminderKind.BEFORE_DEADLINE)

    def test_overdue_reminders_go_the_day_after_the_deadline_then_weekly(self):
        day_after = self.deadline + timedelta(days=1)
        n = self.bodies_missing
        runs = [(at(day_after), n), (at(day_after, 15), 0), (at(day_after + timedelta(days=2)), 0),
                (at(day_after + timedelta(days=6), 23), 0), (at(day_after + timedelta(days=7)), n),
                (at(day_after + timedelta(days=13)), 0), (at(day_after + timedelta(days=14)), n)]
        for moment, count in runs:
            self.assertEqual(schedule_due(moment), count, moment)
        sent = self.org_reminders("th-snnmt").order_by("sent_at")
        self.assertEqual([r.kind for r in sent], [ReminderKind.OVERDUE] * 3)
        self.assertEqual([timezone.localdate(r.sent_at) for r in sent],
                         [day_after, day_after + timedelta(days=7), day_after + timedelta(days=14)])
        messages = self.deliver()
        self.assertEqual(len(messages), 3)
        self.assertIn("15/11/2026", messages[0].subject)

    def test_a_body_that_delivers_is_no_longer_reminded(self):
        schedule_due(at(self.deadline + timedelta(days=1)))
        TaskReport.objects.filter(pk__in=[r.pk for r in self.nnmt_missing]).update(state=ReportState.APPROVED)
        schedule_due(at(self.deadline + timedelta(days=8)))
        self.assertEqual(self.org_reminders("th-snnmt").count(), 1)

    # ---- the pages

    def test_the_remind_button_sends_and_says_how_many_bodies(self):
        client = self.signed_in("coordinator")
        response = client.post(f"/reporting/cycles/{self.cycle.pk}/remind/", {"organization": ["th-snnmt"]})
        self.assertRedirects(response, f"/reporting/cycles/{self.cycle.pk}/", fetch_redirect_response=False)
        self.assertEqual(self.org_reminders("th-snnmt").get().kind, ReminderKind.MANUAL)
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertEqual(len(texts), 1)
        self.assertIn("1", texts[0])

    def test_the_remind_button_names_the_bodies_nobody_could_be_reached_at(self):
        client = self.signed_in("coordinator")
        response = client.post(f"/reporting/cycles/{self.cycle.pk}/remind/",
                               {"organization": ["th-snnmt", "th-skhcn"], "next": "reminders"})
        self.assertRedirects(response, f"/reporting/cycles/{self.cycle.pk}/reminders/",
                             fetch_redirect_response=False)
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertIn("2", texts[0])
        self.assertIn(self.org("th-skhcn").short_name, texts[1])

    def test_an_unknown_body_code_sends_nothing(self):
        client = self.signed_in("coordinator")
        response = client.post(f"/reporting/cycles/{self.cycle.pk}/remind/", {"organization": ["th-snnmt", "nope"]})
        self.assertEqual(response.status_code, 302)
        self.assertIn("nope", str(list(get_messages(response.wsgi_request))[0]))
        self.assertFalse(Reminder.objects.exists())

    def test_reminders_are_sent_by_post_only(self):
        response = self.signed_in("coordinator").get(f"/reporting/cycles/{self.cycle.pk}/remind/")
        self.assertEqual(response.status_code, 405)

    def test_reporters_and_the_public_cannot_remind(self):
        url = f"/reporting/cycles/{self.cycle.pk}/remind/"
        for persona in ("nnmt_reporter", "nnmt_approver", "viewer"):
            self.assertEqual(self.signed_in(persona).post(url).status_code, 403, persona)
        self.client.logout()
        self.assertRedirects(self.client.post(url), f"/accounts/login/?next={url}", fetch_redirect_response=False)
        self.assertFalse(Reminder.objects.exists())

    def test_the_reminders_page_lists_what_was_sent_and_whom_nobody_could_reach(self):
        send_reminders(self.coordinator, self.cycle, [self.org("th-snnmt"), self.org("th-skhcn")])
        schedule_due(at(self.deadline - timedelta(days=3)))
        url = f"/reporting/cycles/{self.cycle.pk}/reminders/"
        client = self.signed_in("coordinator")
        with self.assertNumQueries(7):  # session, user, roles, cycle, count, not reached, the page
            response = client.get(url)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertTrue(REPORTER in page, "the addresses written to are listed")
        unreachable = [row["organization__code"] for row in response.context["unreachable"]]
        self.assertEqual(len(unreachable), self.bodies_missing - 1)
        self.assertIn("th-skhcn", unreachable)
        self.assertNotIn("th-snnmt", unreachable)
        skhcn = next(row for row in response.context["unreachable"] if row["organization__code"] == "th-skhcn")
        self.assertEqual(skhcn["times"], 2)  # the click and the scheduled reminder
        not_reached = page.split('id="unreachable"')[1].split('id="reminders"')[0]
        self.assertTrue(self.org("th-skhcn").name in not_reached, "listed as not reached")
        self.assertFalse(self.org("th-snnmt").name in not_reached, "reached")
        self.assertEqual(len(response.context["page"].object_list), min(100, Reminder.objects.count()))
        for persona in ("nnmt_reporter", "viewer"):
            self.assertEqual(self.signed_in(persona).get(url).status_code, 403)

    # ---- the command line

    def xanh(self, *args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
        return code, out.getvalue(), err.getvalue()

    def test_xanh_cycle_remind_reminds_and_says_whom(self):
        code, out, _err = self.xanh("cycle", "remind", "--cycle", self.cycle.pk, "--body", "th-snnmt",
                                   "--body", "th-skhcn")
        self.assertEqual(code, 0)
        lines = out.strip().splitlines()
        self.assertEqual(lines[0], f"th-skhcn\t15\t{lines[0].split(chr(9))[2]}")
        self.assertEqual(lines[1], f"th-snnmt\t2\t{REPORTER}, {APPROVER}")
        self.assertIn("2", lines[-1])
        self.assertEqual(Reminder.objects.filter(kind=ReminderKind.MANUAL, sent_by=None).count(), 2)
        code, out, _err = self.xanh("cycle", "remind", "--cycle", self.cycle.pk)
        self.assertEqual((code, len(out.strip().splitlines())), (0, self.bodies_missing + 1))

    def test_xanh_cycle_remind_refuses_an_unknown_cycle_or_body(self):
        code, _out, err = self.xanh("cycle", "remind", "--cycle", self.cycle.pk + 99)
        self.assertEqual(code, 1)
        self.assertIn(str(self.cycle.pk + 99), err)
        code, _out, err = self.xanh("cycle", "remind", "--cycle", self.cycle.pk, "--body", "th-snnmt", "--body", "nope")
        self.assertEqual(code, 1)
        self.assertIn("nope", err)
        self.assertFalse(Reminder.objects.exists())
