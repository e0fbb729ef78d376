"""Use case: the coordinator imports a plan through the page and reads what happened."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.personas import PlanTestCase, RegistryTestCase, seed_bytes
from xanh.plans.models import Plan


class ImportPageTest(RegistryTestCase):
    def upload(self, data, name="ke-hoach.txt", **fields):
        return self.signed_in("coordinator").post("/plans/import/", {"file": SimpleUploadedFile(name, data), **fields})

    def test_importing_the_decision_shows_the_plan_the_matches_to_review_and_the_findings(self):
        page = self.upload(seed_bytes(), activate="on")
        self.assertContains(page, "84")
        self.assertContains(page, "Sở Nông nghiệp và PTNN")
        self.assertContains(page, "“Yêu”")
        plan = Plan.objects.get()
        self.assertEqual(plan.state, "active")
        self.assertContains(page, f"/plans/{plan.pk}/review/")

    def test_a_check_only_run_writes_nothing(self):
        page = self.upload(seed_bytes(), dry_run="on")
        self.assertContains(page, "chưa ghi dữ liệu")
        self.assertContains(page, "sẽ được nhập")
        self.assertFalse(Plan.objects.exists())

    def test_a_refused_file_lists_every_problem_with_its_place(self):
        page = self.upload(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, name="anh.png")
        self.assertContains(page, "class=\"problems\"")
        self.assertContains(page, "anh.png")
        self.assertFalse(Plan.objects.exists())

    def test_the_templates_download_and_open(self):
        client = self.signed_in("coordinator")
        xlsx = client.get("/plans/template.xlsx")
        self.assertEqual(xlsx.status_code, 200)
        self.assertTrue(xlsx.content.startswith(b"PK"))
        csv = client.get("/plans/template.csv").content.decode("utf-8-sig")
        self.assertIn("Số quyết định", csv)
        self.assertIn("Đơn vị chủ trì", csv)


class AmendedVersionPageTest(PlanTestCase):
    def test_an_amended_file_shows_the_changes_and_the_new_version_page_lists_them(self):
        text = seed_bytes().decode("utf-8").replace("Năm 2023\tQuyết định; Kế hoạch", "Năm 2024\tQuyết định; Kế hoạch")
        client = self.signed_in("coordinator")
        page = client.post(f"/plans/{self.plan.pk}/import/", {"file": SimpleUploadedFile("v2.txt", text.encode())})
        self.assertContains(page, "Năm 2024")
        version = client.get(f"/plans/{self.plan.pk}/versions/2/")
        self.assertContains(version, "II.1")
        self.assertContains(version, "Năm 2023")
        source = client.get(f"/plans/{self.plan.pk}/versions/2/source")
        self.assertEqual(source.content, text.encode())
        self.assertIn("attachment;", source["Content-Disposition"])
