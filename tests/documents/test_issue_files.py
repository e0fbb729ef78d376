"""Issuing the report's files keeps them as they were, and publishing puts them on the portal."""

import hashlib

from django.urls import reverse

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import PermissionDenied, ServiceError
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.documents import services
from xanh.documents.models import ReportFile
from xanh.reporting.services import set_cycle_publication


class IssueFilesTests(CycleTestCase):
    def test_issued_files_are_kept_with_their_digest_and_audited(self):
        files = services.issue_files(self.users["coordinator"], self.cycle, "annual", publish=False)
        formats = {f.format for f in files}
        self.assertTrue({"docx", "xlsx"} <= formats)
        for item in files:
            data = item.file.open("rb").read()
            self.assertEqual(hashlib.sha256(data).hexdigest(), item.sha256)
            self.assertEqual(len(data), item.size)
            self.assertFalse(item.is_public)
        self.assertEqual(AuditEvent.objects.filter(action="documents.file.issue").count(), len(files))

    def test_publishing_needs_a_published_cycle(self):
        with self.assertRaises(ServiceError):
            services.issue_files(self.users["coordinator"], self.cycle, "annual", publish=True)
        self.assertFalse(ReportFile.objects.exists())

    def test_only_the_coordinator_issues(self):
        for persona in ("viewer", "nnmt_approver", "yte_reporter"):
            with self.subTest(persona=persona), self.assertRaises(PermissionDenied):
                services.issue_files(self.users[persona], self.cycle, "annual", publish=False)
        self.assertFalse(ReportFile.objects.exists())

    def test_the_public_gets_a_file_only_once_it_and_its_cycle_are_published(self):
        item = services.issue_files(self.users["coordinator"], self.cycle, "annual", publish=False)[0]
        self.assertFalse(ReportFile.objects.restrict(self.anonymous).exists())
        cycle = set_cycle_publication(SYSTEM, self.cycle, self.cycle.version, True)
        self.assertFalse(ReportFile.objects.restrict(self.anonymous).exists())
        services.set_file_publication(self.users["coordinator"], item, True)
        self.assertEqual(list(ReportFile.objects.restrict(self.anonymous)), [item])
        set_cycle_publication(SYSTEM, cycle, cycle.version, False)
        self.assertFalse(ReportFile.objects.restrict(self.anonymous).exists())

    def test_officers_download_issued_files_and_reporters_do_not(self):
        item = services.issue_files(self.users["coordinator"], self.cycle, "annual", publish=False)[0]
        url = reverse("documents:file", args=[item.pk])
        self.assertEqual(self.signed_in("viewer").get(url).status_code, 200)
        self.assertEqual(self.signed_in("nnmt_reporter").get(url).status_code, 404)

    def test_the_issue_button_issues_and_says_so(self):
        response = self.signed_in("coordinator").post(reverse("documents:issue", args=[self.cycle.pk, "annual"]),
                                                      follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(ReportFile.objects.filter(cycle=self.cycle, format="docx").exists())

    def test_publishing_needs_a_published_plan_too(self):
        from xanh.plans.services import set_plan_visibility

        cycle = set_cycle_publication(SYSTEM, self.cycle, self.cycle.version, True)
        plan = set_plan_visibility(SYSTEM, self.plan, self.plan.version, False)
        cycle.plan = plan
        with self.assertRaises(ServiceError) as caught:
            services.issue_files(self.users["coordinator"], cycle, "annual", publish=True)
        self.assertEqual(caught.exception.field, "publish")
        self.assertFalse(ReportFile.objects.exists())
