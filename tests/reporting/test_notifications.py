"""Use case: the people who must act next hear of it by e-mail, in Vietnamese, after the change is saved."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from tests.reporting.cycles import CycleTestCase
from xanh.core import jobs
from xanh.core.models import Job, JobState
from xanh.core.services import SYSTEM
from xanh.reporting import services
from xanh.reporting.enums import CycleKind, ReportState
from xanh.reporting.models import TaskReport

EMAILS = {"coordinator": "dieu.phoi@stc.example.vn", "nnmt_reporter": "bao.cao@snnmt.example.vn",
          "nnmt_approver": "lanh.dao@snnmt.example.vn", "yte_reporter": "bao.cao@syt.example.vn"}


class NotificationTest(CycleTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for name, email in EMAILS.items():
            get_user_model().objects.filter(pk=cls.users[name].pk).update(email=email)
        cls.nnmt = TaskReport.objects.filter(cycle=cls.cycle, organization__code="th-snnmt").first()
        cls.yte = TaskReport.objects.filter(cycle=cls.cycle, organization__code="th-syt").first()

    def filled(self, report, persona):
        return services.save_report(self.users[persona], report, report.version,
                                    {"status": "on_track", "results": "Đã ban hành kế hoạch triển khai."})

    def act(self, transition, *args, **kwargs):
        """Run a service as a request would: commit, then the worker's pass. Returns the mails sent."""
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            result = transition(*args, **kwargs)
        jobs.run_due(500)
        return result, list(mail.outbox)

    def test_opening_a_cycle_mails_each_body_its_tasks_and_the_deadline(self):
        cycle = services.open_cycle(SYSTEM, self.plan, year=2027, kind=CycleKind.ANNUAL)
        _cycle, sent = self.act(services.notify_bodies, SYSTEM, cycle, cycle.version)
        by_to = {tuple(m.to): m for m in sent}
        nnmt = tuple(sorted([EMAILS["nnmt_approver"], EMAILS["nnmt_reporter"]]))
        self.assertEqual(set(by_to), {nnmt, (EMAILS["yte_reporter"],)})  # one mail per body with an address
        message = by_to[nnmt]
        self.assertTrue(message.subject.startswith("[xanh] "))
        self.assertIn("15/11/2027", message.body)
        refs = TaskReport.objects.filter(cycle=cycle, organization__code="th-snnmt").values_list("task__ref", flat=True)
        for ref in refs:
            self.assertIn(f"- {ref}: ", message.body)
        link = f"{settings.XANH_BASE_URL}/reporting/cycles/{cycle.pk}/bodies/th-snnmt/"
        self.assertIn(link, message.body)
        html, kind = message.alternatives[0]
        self.assertEqual(kind, "text/html")
        self.assertIn(f'href="{link}"', html)
        # the fan-out is idempotent: running it again writes to nobody twice
        mail.outbox.clear()
        Job.objects.filter(name="reporting.cycle_opened").update(state=JobState.QUEUED)
        jobs.run_due(500)
        self.assertEqual(mail.outbox, [])

    def test_a_submission_mails_the_bodys_approvers(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        report, sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        self.assertEqual([m.to for m in sent], [[EMAILS["nnmt_approver"]]])
        self.assertIn(report.task.ref, sent[0].subject)
        self.assertIn(f"{settings.XANH_BASE_URL}/reporting/reports/{report.pk}/", sent[0].body)

    def test_without_an_approver_a_submission_goes_to_the_coordinators(self):
        report = self.filled(self.yte, "yte_reporter")
        report, sent = self.act(services.submit, self.yte_reporter, report, report.version)
        self.assertEqual(report.state, ReportState.APPROVED)
        self.assertEqual([m.to for m in sent], [[EMAILS["coordinator"]]])

    def test_an_approval_mails_the_coordinators(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        report, _sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        report, sent = self.act(services.approve, self.nnmt_approver, report, report.version)
        self.assertEqual([m.to for m in sent], [[EMAILS["coordinator"]]])
        self.assertIn(report.organization.name, sent[0].body)

    def test_sending_back_mails_the_reporters_with_the_reason(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        report, _sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        report, sent = self.act(services.send_back, self.nnmt_approver, report, report.version,
                                "Bổ sung số liệu kinh phí.")
        self.assertEqual([m.to for m in sent], [[EMAILS["nnmt_reporter"]]])
        self.assertIn("Bổ sung số liệu kinh phí.", sent[0].body)

    def test_returning_reopening_and_accepting_mail_the_reporters(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        report, _sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        report, _sent = self.act(services.approve, self.nnmt_approver, report, report.version)
        report, sent = self.act(services.return_report, self.coordinator, report, report.version,
                                "Thiếu văn bản kèm theo.")
        self.assertEqual([m.to for m in sent], [[EMAILS["nnmt_reporter"]]])
        self.assertIn("Thiếu văn bản kèm theo.", sent[0].body)

        report, _sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        report, _sent = self.act(services.approve, self.nnmt_approver, report, report.version)
        report, sent = self.act(services.accept, self.coordinator, report, report.version)
        self.assertEqual([m.to for m in sent], [[EMAILS["nnmt_reporter"]]])

        report, sent = self.act(services.reopen, self.coordinator, report, report.version, "Sửa số liệu năm.")
        self.assertEqual([m.to for m in sent], [[EMAILS["nnmt_reporter"]]])
        self.assertIn("Sửa số liệu năm.", sent[0].body)

    def test_mails_are_written_in_the_sites_language_whatever_the_senders(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        with translation.override("en"):
            _report, sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        with translation.override(settings.LANGUAGE_CODE):
            words = [str(ReportState.SUBMITTED.label), translation.gettext("Task")]
        self.assertEqual(settings.LANGUAGE_CODE, "vi")
        self.assertNotEqual(words[1], "Task", "the catalog translates this word")
        for word in words:
            self.assertIn(word, sent[0].body)

    def test_nothing_is_sent_before_the_change_is_committed(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        services.submit(self.nnmt_reporter, report, report.version)  # on_commit never runs in this test
        jobs.run_due(500)
        self.assertEqual(mail.outbox, [])

    def test_a_mail_server_that_is_down_is_tried_again_later(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError):
            _report, sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        self.assertEqual(sent, [])
        job = Job.objects.get(name="reporting.send_mail")
        self.assertEqual((job.state, job.attempts), (JobState.QUEUED, 1))
        jobs.run_due(now=timezone.now() + timedelta(minutes=2))
        self.assertEqual([m.to for m in mail.outbox], [[EMAILS["nnmt_approver"]]])

    @override_settings(XANH_SEND_MAIL=False)
    def test_nothing_is_queued_when_mail_is_turned_off(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        self.act(services.submit, self.nnmt_reporter, report, report.version)
        self.assertFalse(Job.objects.filter(name__startswith="reporting.").exists())

    def test_a_body_nobody_can_be_written_to_gets_no_mail_job(self):
        report = TaskReport.objects.filter(cycle=self.cycle, organization__code="th-xp-14797").first()
        report = self.filled(report, "commune")
        _report, sent = self.act(services.submit, self.commune, report, report.version)
        self.assertEqual([m.to for m in sent], [[EMAILS["coordinator"]]])  # delivered: the coordinators hear
        report = TaskReport.objects.get(pk=report.pk)
        _report, sent = self.act(services.return_report, self.coordinator, report, report.version, "Bổ sung.")
        self.assertEqual(sent, [])
        self.assertFalse(Job.objects.filter(name="reporting.send_mail", state=JobState.QUEUED).exists())

    def test_a_mail_that_cannot_be_composed_never_undoes_the_save(self):
        report = self.filled(self.nnmt, "nnmt_reporter")
        with mock.patch("xanh.reporting.mail.render_to_string", side_effect=RuntimeError("broken template")), \
                self.assertLogs("xanh.mail", "ERROR"):
            report, sent = self.act(services.submit, self.nnmt_reporter, report, report.version)
        self.assertEqual(TaskReport.objects.get(pk=report.pk).state, ReportState.SUBMITTED)
        self.assertEqual(sent, [])
