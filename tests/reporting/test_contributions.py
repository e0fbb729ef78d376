"""Coordinating bodies file contributions to a task; the lead body reads them while consolidating."""

from tests.reporting.cycles import CycleTestCase
from xanh.core.errors import PermissionDenied, ServiceError, StaleEdit
from xanh.reporting.models import Contribution
from xanh.reporting.services import save_contribution


class ContributionTests(CycleTestCase):
    def coordinated_task(self):
        """A task Sở Y tế coordinates on (through the group of provincial departments) and does not lead."""
        from xanh.reporting.queries import contribution_tasks

        items = contribution_tasks(None, self.cycle, self.org("th-syt"))
        from xanh.reporting.models import TaskReport

        led_by_nnmt = set(TaskReport.objects.filter(cycle=self.cycle, organization__code="th-snnmt")
                          .values_list("task_id", flat=True))
        return next(i["task"] for i in items if i["task"].pk in led_by_nnmt)

    def test_a_coordinating_body_writes_and_sends_a_contribution_that_the_lead_reads(self):
        task = self.coordinated_task()
        draft = save_contribution(self.yte_reporter, self.cycle, task, self.org("th-syt"), None, "Đang chuẩn bị")
        lead = self.report(task.ref, "th-snnmt")
        page = self.signed_in("nnmt_reporter").get(f"/reporting/reports/{lead.pk}/")
        self.assertNotIn(draft, list(page.context["contributions"]), "a draft stays with its body")
        save_contribution(self.yte_reporter, self.cycle, task, self.org("th-syt"), draft.version,
                          "Sở Y tế đã tổ chức 2 lớp tập huấn", share=True)
        page = self.signed_in("nnmt_reporter").get(f"/reporting/reports/{lead.pk}/")
        self.assertContains(page, "Sở Y tế đã tổ chức 2 lớp tập huấn")

    def test_the_body_page_lists_the_tasks_it_coordinates_and_posts_a_contribution(self):
        task = self.coordinated_task()
        client = self.signed_in("yte_reporter")
        page = client.get(f"/reporting/cycles/{self.cycle.pk}/bodies/th-syt/")
        self.assertIn(task.pk, [i["task"].pk for i in page.context["contributions"]])
        lead = self.report(task.ref, "th-snnmt")
        client.post(f"/reporting/reports/{lead.pk}/contribution/", {"organization": "th-syt", "version": "",
                                                                     "text": "Góp ý", "share": "1"})
        self.assertEqual(Contribution.objects.get(task=task, organization__code="th-syt").state, "shared")

    def test_a_body_that_does_not_coordinate_the_task_cannot_contribute(self):
        from xanh.reporting.services.contributions import coordinating_carriers

        nnmt = self.org("th-snnmt")
        task = next(t for t in self.plan.tasks.all() if nnmt.pk not in coordinating_carriers(self.cycle, t))
        with self.assertRaises(ServiceError):
            save_contribution(self.nnmt_reporter, self.cycle, task, self.org("th-snnmt"), None, "x")

    def test_an_officer_of_another_body_cannot_write_its_contribution(self):
        task = self.coordinated_task()
        with self.assertRaises(PermissionDenied):
            save_contribution(self.nnmt_reporter, self.cycle, task, self.org("th-syt"), None, "x")
        self.assertFalse(Contribution.objects.filter(task=task, organization__code="th-syt").exists())

    def test_a_stale_contribution_is_refused(self):
        task = self.coordinated_task()
        first = save_contribution(self.yte_reporter, self.cycle, task, self.org("th-syt"), None, "A")
        save_contribution(self.yte_reporter, self.cycle, task, self.org("th-syt"), first.version, "B")
        with self.assertRaises(StaleEdit):
            save_contribution(self.yte_reporter, self.cycle, task, self.org("th-syt"), first.version, "C")
        with self.assertRaises(StaleEdit):
            save_contribution(self.yte_reporter, self.cycle, task, self.org("th-syt"), None, "D")
        self.assertEqual(Contribution.objects.get(task=task, organization__code="th-syt").text, "B")
