"""Use case: full-text search that ignores Vietnamese diacritics and case."""

from tests.personas import PlanTestCase
from xanh.core.text import fold
from xanh.plans.queries import TaskFilter, tasks


class TaskSearchTest(PlanTestCase):
    def refs(self, q):
        return [t.ref for t in tasks(self.coordinator, self.plan, TaskFilter(q=q))]

    def test_y_te_finds_the_health_tasks(self):
        found = self.refs("y te")
        for ref in ("VIII.10.1", "VIII.10.2", "VIII.10.3", "VIII.10.4"):
            self.assertIn(ref, found)
        self.assertEqual(found, self.refs("Y tế"))
        self.assertEqual(found, self.refs("Y TẾ"))

    def test_nong_nghiep_finds_what_nong_nghiep_finds(self):
        self.assertEqual(self.refs("nong nghiep"), self.refs("Nông nghiệp"))
        self.assertIn("VIII.5.1", self.refs("nong nghiep"))

    def test_a_phrase_matches_at_the_start_of_words_only(self):
        self.assertEqual(self.refs("ong nghiep"), [])      # not inside "nông nghiệp"
        self.assertEqual(self.refs("xyz khong co"), [])

    def test_search_covers_assignees_and_products(self):
        self.assertIn("VIII.2.3", self.refs("Nghi Son"))
        self.assertIn("II.4", self.refs("kich ban"))

    def test_folding_handles_d_and_combining_marks(self):
        self.assertEqual(fold("Đài Phát thanh"), "dai phat thanh")
        self.assertEqual(fold("ve\u0300"), "ve")
        self.assertEqual(fold("  Sở  Y-tế; "), "so y te")
