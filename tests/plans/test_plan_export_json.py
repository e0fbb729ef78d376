"""Use case: the plan exported as JSON in the documented schema (docs/plan-json.md)."""

import json

from tests.personas import PlanTestCase
from xanh.plans.exports import plan_json

PLAN_KEYS = {"number", "date", "issuer", "title"}
TASK_KEYS = {"theme", "number", "text", "lead", "coordinating", "start_year", "end_year", "products", "note",
             "awaits_guidance_from", "source_line"}
ASSIGNEE_KEYS = {"as_written", "organization", "group", "confidence"}


class PlanJsonExportTest(PlanTestCase):
    def test_the_export_follows_the_contract(self):
        data = json.loads(json.dumps(plan_json(self.plan), ensure_ascii=False))
        self.assertTrue(PLAN_KEYS <= set(data["plan"]))
        self.assertEqual(data["plan"]["number"], "3825/QĐ-UBND")
        self.assertEqual(data["plan"]["date"], "2023-10-18")
        self.assertEqual(len(data["tasks"]), 84)
        codes = {t["code"] for t in data["themes"]}
        self.assertTrue(all(t["parent"] in codes for t in data["themes"] if t["parent"]))
        for task in data["tasks"]:
            self.assertTrue(TASK_KEYS <= set(task), task)
            self.assertIn(task["theme"], codes)
            for assignee in task["lead"] + task["coordinating"]:
                self.assertEqual(set(assignee), ASSIGNEE_KEYS)
                self.assertTrue((assignee["organization"] is None) != (assignee["group"] is None))

    def test_assignees_carry_codes_and_confidence(self):
        data = plan_json(self.plan)
        task = next(t for t in data["tasks"] if t["theme"] == "II" and t["number"] == 6)
        self.assertEqual(task["lead"], [{"as_written": "Sở Nông nghiệp và PTNN", "organization": "th-snnptnt",
                                         "group": None, "confidence": 0.93}])
        self.assertEqual(task["awaits_guidance_from"], "Bộ Nông nghiệp và PTNT")
        self.assertEqual(task["coordinating"][0]["group"], "th-cac-so-ban-nganh")
        self.assertEqual((task["start_year"], task["end_year"]), (2023, 2030))

    def test_the_command_and_the_page_give_the_same_document(self):
        page = self.signed_in("nnmt_reporter").get(f"/plans/{self.plan.pk}/export.json")
        self.assertEqual(page["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(json.loads(page.content), json.loads(json.dumps(plan_json(self.plan))))
