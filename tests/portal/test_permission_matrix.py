"""Persona × page or dataset × data state: only accepted reports of published cycles of public plans
ever reach the portal, the open data or the open API — whoever is signed in."""

import re

from tests.portal.states import STATES, PortalTestCase, marker, output_marker
from xanh.core.services import SYSTEM
from xanh.plans.models import Plan
from xanh.plans.services import set_plan_visibility

PERSONAS = ["anonymous", "nnmt_reporter", "coordinator"]
Y, N = True, False

# page or dataset → (shows the accepted report's results, shows its output)
PAGES = {
    "portal home":            (N, N),
    "portal plan":            (N, N),
    "portal cycle":           (N, Y),
    "portal task (accepted)": (Y, Y),
    "portal task (draft)":    (N, N),
    "portal task (unpub.)":   (N, N),
    "open data index":        (N, N),
    "plans.csv":              (N, N),
    "tasks.json":             (N, N),
    "cycles.json":            (N, N),
    "task-status.csv":        (N, N),
    "task-status.json":       (N, N),
    "reports.csv":            (Y, N),
    "reports.json":           (Y, N),
    "outputs.csv":            (N, Y),
    "outputs.json":           (N, Y),
    "api task-status":        (N, N),
    "api reports":            (Y, N),
    "api outputs":            (N, Y),
}


class PortalMatrixTests(PortalTestCase):
    plan_public = True

    def urls(self) -> dict[str, str]:
        c, p = self.cycle.pk, self.plan.pk
        return {
            "portal home": "/portal/", "portal plan": f"/portal/plans/{p}/", "portal cycle": f"/portal/cycles/{c}/",
            "portal task (accepted)": f"/portal/tasks/{self.task_of('accepted-published').pk}/",
            "portal task (draft)": f"/portal/tasks/{self.task_of('draft').pk}/",
            "portal task (unpub.)": f"/portal/tasks/{self.task_of('accepted-unpublished-cycle').pk}/",
            "open data index": "/open/", "plans.csv": "/open/plans.csv", "tasks.json": f"/open/tasks.json?plan={p}",
            "cycles.json": "/open/cycles.json",
            "task-status.csv": f"/open/cycles/{c}/task-status.csv",
            "task-status.json": f"/open/cycles/{c}/task-status.json",
            "reports.csv": f"/open/cycles/{c}/reports.csv", "reports.json": f"/open/cycles/{c}/reports.json",
            "outputs.csv": f"/open/cycles/{c}/outputs.csv", "outputs.json": f"/open/cycles/{c}/outputs.json",
            "api task-status": f"/api/v1/open/cycles/{c}/task-status",
            "api reports": f"/api/v1/open/cycles/{c}/reports",
            "api outputs": f"/api/v1/open/cycles/{c}/outputs",
        }

    def get(self, persona, url):
        self.client.logout()
        if persona != "anonymous":
            self.client.force_login(self.users[persona])
        response = self.client.get(url)
        return response, response.content.decode("utf-8")

    def public_part(self, persona, body: str) -> str:
        """What the page says about the data: all of it for the public; for someone signed in, the
        page without the header, which names the person looking."""
        if persona == "anonymous" or "<main>" not in body:
            return body
        return re.search(r"<main>.*</main>", body, re.S).group(0)

    def test_only_accepted_reports_of_published_cycles_of_public_plans_appear(self):
        hidden = [marker(s) for s, shown in STATES.items() if not shown or not self.plan_public]
        hidden += [output_marker(s) for s, shown in STATES.items() if not shown or not self.plan_public]
        for page, url in self.urls().items():
            shows_results, shows_output = PAGES[page]
            for persona in PERSONAS:
                with self.subTest(page=page, persona=persona):
                    response, body = self.get(persona, url)
                    if not self.plan_public and page not in ("portal home", "open data index"):
                        self.assertIn(response.status_code, (200, 404))
                    else:
                        self.assertEqual(response.status_code, 200)
                    for text in hidden:
                        self.assertFalse(text in body, f"{text} leaked")
                    self.assertFalse("ACCOUNT-" in self.public_part(persona, body), "an account's name leaked")
                    if self.plan_public:
                        self.assertEqual(marker("accepted-published") in body, shows_results)
                        self.assertEqual(output_marker("accepted-published") in body, shows_output)

    def test_the_unpublished_cycle_is_404_everywhere(self):
        c = self.older.pk
        for url in (f"/portal/cycles/{c}/", f"/open/cycles/{c}/task-status.csv", f"/open/cycles/{c}/reports.json",
                    f"/open/cycles/{c}/outputs.csv", f"/api/v1/open/cycles/{c}/reports"):
            for persona in PERSONAS:
                with self.subTest(url=url, persona=persona):
                    self.assertEqual(self.get(persona, url)[0].status_code, 404)

    def test_a_draft_task_shows_no_status_but_still_shows_its_text(self):
        response, body = self.get("nnmt_reporter", f"/portal/tasks/{self.task_of('draft').pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.task_of("draft").ref, body)
        self.assertNotIn(f'href="/portal/cycles/{self.cycle.pk}/"', self.public_part("nnmt_reporter", body)
                         .split("<h2>", 1)[1])


class PortalMatrixPlanNotPublicTests(PortalMatrixTests):
    """The same data, the plan taken off the public: nothing of it is public any more."""

    plan_public = False

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        plan = Plan.objects.get(pk=cls.plan.pk)
        cls.plan = set_plan_visibility(SYSTEM, plan, plan.version, False)

    def test_its_pages_are_404_and_its_datasets_empty(self):
        for page in ("portal plan", "portal cycle", "portal task (accepted)", "task-status.csv", "reports.json",
                     "api outputs", "tasks.json"):
            with self.subTest(page):
                self.assertEqual(self.get("anonymous", self.urls()[page])[0].status_code, 404)
        for url in ("/open/plans.json", "/open/cycles.json", "/open/tasks.json", "/api/v1/open/plans"):
            with self.subTest(url):
                self.assertEqual(self.get("anonymous", url)[0].json()["rows"], [])

    def test_a_draft_task_shows_no_status_but_still_shows_its_text(self):
        self.assertEqual(self.get("anonymous", f"/portal/tasks/{self.task_of('draft').pk}/")[0].status_code, 404)
