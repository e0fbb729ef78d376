"""Use case: browse the plan — pages render for each persona, in a fixed number of queries
however many plans are loaded, and never render imported text as HTML."""

from tests.national import PROVINCE_NAMES, province_plan
from tests.personas import PlanTestCase, seed_bytes
from xanh.plans.services import import_plan

# Pinned query counts per page (signed-in coordinator). A change here must be deliberate.
PAGES = {
    "plan": (lambda t: f"/plans/{t.plan.pk}/", 14),
    "tasks": (lambda t: f"/plans/{t.plan.pk}/tasks/", 13),
    "tasks by body": (lambda t: f"/plans/{t.plan.pk}/tasks/?org=th-snnmt&q=rung", 14),
    "task": (lambda t: f"/plans/tasks/{t.task('VIII.8.6').pk}/", 12),
    "review": (lambda t: f"/plans/{t.plan.pk}/review/", 9),
    "body": (lambda t: "/orgs/th-snnmt/", 16),
    "group": (lambda t: "/orgs/groups/th-ubnd-cap-xa/", 11),
    "bodies": (lambda t: "/orgs/?q=so", 5),
}


class PlanPagesTest(PlanTestCase):
    def test_every_page_renders_in_its_pinned_number_of_queries(self):
        client = self.signed_in("coordinator")
        for name, (url, queries) in PAGES.items():
            with self.subTest(page=name), self.assertNumQueries(queries):
                self.assertEqual(client.get(url(self)).status_code, 200)

    def test_the_task_page_shows_the_text_the_assignees_and_who_carries_them_now(self):
        page = self.signed_in("nnmt_reporter").get(f"/plans/tasks/{self.task('II.4').pk}/")
        self.assertContains(page, "Sở Tài nguyên và Môi trường")
        self.assertContains(page, "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa")
        self.assertContains(page, "Bộ Tài nguyên và Môi trường")
        self.assertContains(page, "Bộ Nông nghiệp và Môi trường")  # the ministry's successor
        self.assertContains(page, "2023 - 2030")
        self.assertContains(page, "3825/QĐ-UBND, dòng 448")

    def test_a_date_in_the_past_shows_who_carried_it_then(self):
        page = self.signed_in("nnmt_reporter").get(f"/plans/tasks/{self.task('II.4').pk}/?on=2024-06-01")
        carriers = [c.organization.code for r in page.context["leads"] for c in r.carriers]
        self.assertEqual(carriers, ["th-stnmt"])

    def test_imported_text_is_never_rendered_as_html(self):
        text = seed_bytes().decode("utf-8").replace(
            "Tuyên truyền về hệ thống các chuẩn mực",
            "<script>alert('x')</script><b onclick=\"x()\">Đậm</b> a<b&amp;c Tuyên truyền về hệ thống các chuẩn mực", 1)
        plan = import_plan(self.coordinator, text.replace("3825 /QĐ-UBND", "3826 /QĐ-UBND").replace(
            "Kế hoạch hành động về tăng trưởng xanh\ntỉnh", "Kế hoạch kiểm thử\ntỉnh").encode(), "x.txt").plan
        task = plan.tasks.get(ref="I.3")
        page = self.signed_in("coordinator").get(f"/plans/tasks/{task.pk}/")
        self.assertNotContains(page, "<script>alert")
        self.assertNotContains(page, "<b onclick")
        self.assertContains(page, "&lt;script&gt;")  # the raw source line, escaped
        listing = self.signed_in("coordinator").get(f"/plans/{plan.pk}/tasks/?q=dam")
        self.assertNotContains(listing, "<b onclick")

    def test_the_body_page_keeps_its_queries_with_more_plans_in_the_province(self):
        from xanh.plans.services import import_plan

        for n in (1, 2):
            text = seed_bytes().decode("utf-8").replace("3825 /QĐ-UBND", f"{5000 + n} /QĐ-UBND").replace(
                "Kế hoạch hành động về tăng trưởng xanh\ntỉnh", f"Kế hoạch số {n}\ntỉnh")
            import_plan(self.coordinator, text.encode(), f"k{n}.txt", activate=True)
        url, queries = PAGES["body"]
        client = self.signed_in("coordinator")
        with self.assertNumQueries(queries):
            page = client.get(url(self))
        self.assertEqual(len(page.context["carried"]), 3)

    def test_the_task_list_answers_htmx_with_the_rows_only(self):
        page = self.signed_in("viewer").get(f"/plans/{self.plan.pk}/tasks/?q=y+te", HTTP_HX_REQUEST="true")
        self.assertNotContains(page, "<html")
        self.assertContains(page, "VIII.10.1")

    def test_the_list_works_without_javascript_as_a_plain_form(self):
        page = self.signed_in("viewer").get(f"/plans/{self.plan.pk}/tasks/?q=nong+nghiep&conditional=yes")
        self.assertContains(page, "<form class=\"filters card\" method=\"get\"")
        self.assertContains(page, "II.6")
        self.assertNotContains(page, ">I.1<")


class NationalScalePagesTest(PlanTestCase):
    """34 provinces' plans loaded (Thanh Hóa and 33 others): the same queries per page."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for index in range(len(PROVINCE_NAMES)):
            province_plan(index)

    def test_every_page_keeps_its_pinned_number_of_queries(self):
        from xanh.plans.models import Plan

        self.assertEqual(Plan.objects.count(), 34)
        client = self.signed_in("coordinator")
        for name, (url, queries) in PAGES.items():
            with self.subTest(page=name), self.assertNumQueries(queries):
                self.assertEqual(client.get(url(self)).status_code, 200)
