"""The permission matrix: persona × action × object, as a table. Every cell is checked."""

from tests.personas import PlanTestCase, seed_bytes
from xanh.plans.services import import_plan

C, R, A, Y, X, V, N = "coordinator", "nnmt_reporter", "nnmt_approver", "yte_reporter", "commune", "viewer", "anonymous"
EVERYONE = (C, R, A, Y, X, V, N)
MEMBERS = (R, A, Y, X, V)


def only_coordinator(ok=200):
    """The coordinator gets `ok`; other members are forbidden; anonymous is sent to sign in."""
    return {C: ok, **{p: 403 for p in MEMBERS}, N: 302}


def visible_to(*personas, ok=200):
    return {p: (ok if p in personas else 404) for p in EVERYONE}


class PermissionMatrixTest(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        text = seed_bytes().decode("utf-8").replace("3825 /QĐ-UBND", "4000 /QĐ-UBND").replace(
            "Kế hoạch hành động về tăng trưởng xanh\ntỉnh", "Dự thảo kế hoạch\ntỉnh")
        cls.draft = import_plan(None, text.encode(), "du-thao.txt").plan  # a draft, not public
        cls.draft_task = cls.draft.tasks.get(ref="I.1")

    def matrix(self):
        plan, draft, task = self.plan, self.draft, self.task("II.4")
        return [
            ("GET", f"/plans/{plan.pk}/", {p: 200 for p in EVERYONE}),
            ("GET", f"/plans/{plan.pk}/tasks/", {p: 200 for p in EVERYONE}),
            ("GET", f"/plans/tasks/{task.pk}/", {p: 200 for p in EVERYONE}),
            ("GET", f"/plans/{plan.pk}/export.json", {p: 200 for p in EVERYONE}),
            ("GET", f"/plans/{draft.pk}/", visible_to(C)),
            ("GET", f"/plans/tasks/{self.draft_task.pk}/", visible_to(C)),
            ("GET", f"/plans/{draft.pk}/export.xlsx", visible_to(C)),
            ("GET", f"/plans/{plan.pk}/review/", only_coordinator()),
            ("GET", "/plans/import/", only_coordinator()),
            ("GET", f"/plans/{plan.pk}/versions/1/source", only_coordinator()),
            ("POST", f"/plans/{plan.pk}/state/", only_coordinator(ok=302)),
            ("GET", "/orgs/th-snnmt/", {p: 200 for p in EVERYONE}),
            ("GET", "/orgs/th-snnmt/edit/", only_coordinator()),
            ("GET", "/orgs/new/", only_coordinator()),
            ("GET", "/orgs/th-snnmt/successions/new/", only_coordinator()),
            ("GET", "/orgs/groups/th-ubnd-cap-xa/members/import/", only_coordinator()),
            ("POST", "/orgs/th-snnmt/aliases/", only_coordinator(ok=302)),
            ("GET", "/audit/", only_coordinator()),
            ("GET", "/admin/", {p: 302 for p in EVERYONE}),
        ]

    def request(self, persona, method, url):
        if persona == N:
            self.client.logout()
        else:
            self.client.force_login(self.users[persona])
        if method == "GET":
            return self.client.get(url)
        data = {"version": self.plan.version, "state": "active", "is_public": "on", "name": "Tên thử",
                "kind": "variant"}
        return self.client.post(url, data)

    def test_every_persona_gets_exactly_what_the_matrix_says(self):
        for method, url, expected in self.matrix():
            for persona, status in expected.items():
                with self.subTest(persona=persona, action=f"{method} {url}"):
                    self.assertEqual(self.request(persona, method, url).status_code, status)

    def test_the_api_lists_drafts_to_the_coordinator_only(self):
        expected = {C: {self.plan.pk, self.draft.pk}, **{p: {self.plan.pk} for p in MEMBERS}, N: {self.plan.pk}}
        for persona, ids in expected.items():
            with self.subTest(persona=persona):
                response = self.request(persona, "GET", "/api/v1/plans")
                self.assertEqual({p["id"] for p in response.json()}, ids)

    def test_a_published_draft_stays_the_coordinators_alone(self):
        from xanh.plans.services import set_plan_visibility

        set_plan_visibility(None, self.draft, self.draft.version, True)
        for persona in (N, V, R):
            with self.subTest(persona=persona):
                self.assertEqual(self.request(persona, "GET", f"/plans/{self.draft.pk}/").status_code, 404)
        self.assertEqual(self.request(C, "GET", f"/plans/{self.draft.pk}/").status_code, 200)

    def test_members_of_a_body_are_shown_to_signed_in_people_only(self):
        self.assertContains(self.request(V, "GET", "/orgs/th-snnmt/"), "nnmt_reporter")
        self.assertNotContains(self.request(N, "GET", "/orgs/th-snnmt/"), "nnmt_reporter")
