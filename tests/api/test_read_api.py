"""Use case: a machine client reads plans, tasks and bodies through /api/v1/ with a token."""

from tests.personas import PlanTestCase
from xanh.core.models import ApiToken
from xanh.organizations.services import issue_api_token


class ReadApiTest(PlanTestCase):
    def setUp(self):
        self.key = issue_api_token(None, self.nnmt_reporter, "test")
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {self.key}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, **self.auth)

    def test_the_openapi_document_lists_every_read_endpoint(self):
        spec = self.client.get("/api/v1/openapi.json").json()
        paths = set(spec["paths"])
        for path in ("/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/plans/{plan_id}/themes",
                     "/api/v1/plans/{plan_id}/tasks", "/api/v1/plans/{plan_id}/export", "/api/v1/tasks/{task_id}",
                     "/api/v1/tasks/{task_id}/carriers", "/api/v1/organizations", "/api/v1/organizations/{code}",
                     "/api/v1/groups", "/api/v1/groups/{code}"):
            self.assertIn(path, paths)

    def test_tasks_filter_like_the_page_and_page_through(self):
        data = self.get(f"/plans/{self.plan.pk}/tasks", q="y te", limit=2).json()
        self.assertEqual(data["count"], len(self.get(f"/plans/{self.plan.pk}/tasks", q="y te", limit=100)
                                           .json()["items"]))
        self.assertEqual(len(data["items"]), 2)
        carried = self.get(f"/plans/{self.plan.pk}/tasks", organization="th-snnmt", role="lead", conditional="yes",
                           theme="II", limit=100).json()
        self.assertEqual([t["ref"] for t in carried["items"]], ["II.4", "II.5", "II.6"])
        task = carried["items"][2]
        self.assertEqual(task["assignees"][0]["organization"], "th-snnptnt")
        self.assertEqual(task["awaits_guidance_from"], "Bộ Nông nghiệp và PTNT")

    def test_who_carries_a_task_on_a_date(self):
        task = self.task("II.4")
        today = self.get(f"/tasks/{task.pk}/carriers").json()
        lead = [row for row in today if row["role"] == "lead"][0]
        self.assertEqual([c["organization"] for c in lead["carriers"]], ["th-snnmt"])
        self.assertTrue(lead["carriers"][0]["via"][0].startswith("th-stnmt>th-snnmt@2025-03-01"))
        then = self.get(f"/tasks/{task.pk}/carriers", on="2024-01-01").json()
        self.assertEqual([c["organization"] for r in then if r["role"] == "lead" for c in r["carriers"]], ["th-stnmt"])

    def test_bodies_search_without_diacritics_and_show_successions(self):
        found = self.get("/organizations", q="nong nghiep va moi truong").json()["items"]
        self.assertEqual([o["code"] for o in found], ["bo-nnmt", "th-snnmt"])  # the ministry and the department
        body = self.get("/organizations/th-stnmt").json()
        self.assertEqual([s["successor"] for s in body["successors"]], ["th-snnmt"])
        self.assertEqual(body["valid_to"], "2025-03-01")
        existing = self.get("/organizations", kind="department", active_on="2026-01-01", limit=100).json()
        self.assertNotIn("th-stnmt", [o["code"] for o in existing["items"]])

    def test_a_group_lists_its_members_on_a_date(self):
        group = self.get("/groups/th-ubnd-cap-huyen", on="2024-01-01").json()
        self.assertEqual(len(group["members"]), 27)
        self.assertEqual(len(self.get("/groups/th-ubnd-cap-huyen", on="2026-01-01").json()["members"]), 0)

    def test_a_bad_or_revoked_token_gets_401_and_changes_nothing(self):
        refused = self.client.get("/api/v1/plans", HTTP_AUTHORIZATION="Bearer nope")
        self.assertEqual(refused.status_code, 401)
        self.assertIn("detail", refused.json())
        self.assertEqual(self.client.get("/api/v1/plans", HTTP_AUTHORIZATION="Basic abc").status_code, 401)
        ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
        self.assertEqual(self.get("/plans").status_code, 401)

    def test_unknown_or_hidden_objects_are_404(self):
        self.assertEqual(self.get("/plans/999").status_code, 404)
        self.assertEqual(self.get("/organizations/khong-co").status_code, 404)

    def test_the_export_endpoint_is_the_documented_json(self):
        data = self.get(f"/plans/{self.plan.pk}/export").json()
        self.assertEqual(len(data["tasks"]), 84)
        self.assertEqual(data["plan"]["number"], "3825/QĐ-UBND")
