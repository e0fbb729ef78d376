"""Use case: the coordinator turns the plan's candidate targets (task VIII.5.3: "6,0 triệu cây xanh phân
tán/năm", "10.000 ha rừng/năm") into targets of a new or an existing indicator, or rejects them; the target is
created, the indicator linked to the task and the candidate confirmed, all audited. Nobody else may; a
refusal writes nothing; the list reads in a fixed number of queries."""

from decimal import Decimal

from django.urls import reverse

from tests.personas import PlanTestCase
from xanh.core.models import AuditEvent
from xanh.core.services import SYSTEM
from xanh.indicators.enums import Framework, TargetKind
from xanh.indicators.forms import ADOPT_EXISTING
from xanh.indicators.models import Indicator, Target
from xanh.indicators.services import create_indicator
from xanh.plans.enums import CandidateStatus
from xanh.plans.models import TargetCandidate
from xanh.plans.services.review import confirm_target_candidate

LIST = reverse("indicators:candidates")
CANDIDATES_QUERIES = 4  # session, user, roles; the candidates with their task, plan and adopted target


def adopt_url(candidate):
    return reverse("indicators:candidate_adopt", args=[candidate.pk])


class CandidateCase(PlanTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.trees = TargetCandidate.objects.get(task__ref="VIII.5.3", value=6000000)
        cls.forest = TargetCandidate.objects.get(task__ref="VIII.5.3", value=10000)

    def snapshot(self):
        return (list(Indicator.objects.values_list("pk", flat=True)), list(Target.objects.values()),
                list(TargetCandidate.objects.order_by("pk").values_list("status", flat=True)),
                AuditEvent.objects.count())

    def suggested(self, candidate) -> dict:
        """The adopt form's data as the page suggests it."""
        form = self.client.get(adopt_url(candidate)).context["form"]
        return {name: "" if value is None else value for name, value in form.initial.items()}


class CandidatePermissionTests(CandidateCase):
    def test_nobody_but_the_coordinator_may_list_adopt_or_reject_and_nothing_is_written(self):
        before = self.snapshot()
        requests = [("get", LIST, {}), ("get", adopt_url(self.trees), {}),
                    ("post", adopt_url(self.trees), {"into": "new", "code": "X", "name": "X", "unit": "cây",
                                                     "kind": "level", "value": "1", "year": "2030",
                                                     "area": "national", "confidence": "confirmed"}),
                    ("post", reverse("indicators:candidate_reject", args=[self.trees.pk]), {})]
        for who in ("anonymous", "viewer", "nnmt_reporter", "nnmt_approver", "yte_reporter", "commune"):
            for method, url, data in requests:
                with self.subTest(who=who, method=method, url=url):
                    self.client.logout()
                    if who != "anonymous":
                        self.signed_in(who)
                    response = getattr(self.client, method)(url, data)
                    self.assertEqual(response.status_code, 302 if who == "anonymous" else 403)
        self.assertEqual(self.snapshot(), before)

    def test_the_board_links_to_the_candidates_for_the_coordinator_only(self):
        self.assertNotIn(LIST, self.client.get(reverse("indicators:board")).content.decode())
        self.signed_in("coordinator")
        self.assertIn(LIST, self.client.get(reverse("indicators:board")).content.decode())


class CandidateListTests(CandidateCase):
    def setUp(self):
        self.signed_in("coordinator")

    def test_it_lists_the_plans_candidates_with_task_value_unit_per_and_status(self):
        response = self.client.get(LIST)
        shown = {c.pk: c for c in response.context["candidates"]}
        self.assertEqual(set(shown), set(TargetCandidate.objects.values_list("pk", flat=True)))
        trees = shown[self.trees.pk]
        self.assertEqual((trees.task.ref, trees.unit, trees.per, trees.status, trees.adopted_id),
                         ("VIII.5.3", "cây xanh phân tán", "năm", CandidateStatus.PROPOSED, None))
        row = response.content.decode().split(f'id="candidate-{self.trees.pk}"', 1)[1].split("</tr>", 1)[0]
        self.assertIn("6,0 triệu cây xanh phân tán/năm", row)
        self.assertIn("6.000.000", row)
        self.assertIn(adopt_url(self.trees), row)

    def test_the_list_reads_in_a_fixed_number_of_queries_however_many_candidates(self):
        with self.assertNumQueries(CANDIDATES_QUERIES):
            self.client.get(LIST)
        task = self.plan.tasks.exclude(ref="VIII.5.3").first()
        for n in range(5):
            TargetCandidate.objects.create(task=task, value=n + 1, unit="ha", per="năm", as_written=f"{n + 1} ha/năm")
        self.assertEqual(self.client.post(adopt_url(self.forest), {**self.suggested(self.forest), "code": "R-1"})
                         .status_code, 302)
        confirm_target_candidate(SYSTEM, self.trees, CandidateStatus.REJECTED)
        with self.assertNumQueries(CANDIDATES_QUERIES):
            response = self.client.get(LIST)
        self.assertEqual(len(response.context["candidates"]), TargetCandidate.objects.count())
        self.assertEqual({c.pk: c.adopted_code for c in response.context["candidates"]}[self.forest.pk], "R-1")


class AdoptionTests(CandidateCase):
    def setUp(self):
        self.signed_in("coordinator")

    def test_the_form_suggests_an_annual_target_over_the_tasks_years_in_a_known_unit(self):
        data = self.suggested(self.trees)
        self.assertEqual((data["into"], data["kind"], data["value"], data["start_year"], data["year"]),
                         ("new", TargetKind.ANNUAL, "6.000.000", 2023, 2030))
        self.assertEqual((data["unit"], data["area"], data["text"]),
                         ("cây", str(self.plan.province_id), "6,0 triệu cây xanh phân tán/năm"))
        self.assertTrue(data["code"].startswith("VIII.5.3-"))
        self.assertIn("nhiệm vụ VIII.5.3", data["source"])
        self.assertEqual(self.suggested(self.forest)["unit"], "ha")

    def test_it_adopts_a_candidate_into_a_new_indicator_of_the_plan(self):
        events = AuditEvent.objects.count()
        data = {**self.suggested(self.trees), "code": "VIII.5.3-cay", "name": "Số cây xanh phân tán trồng mới"}
        response = self.client.post(adopt_url(self.trees), data)
        indicator = Indicator.objects.get(code="VIII.5.3-cay")
        target = indicator.targets.get()
        self.assertRedirects(response, reverse("indicators:detail", args=[indicator.pk]) + f"#target-{target.pk}")
        self.assertEqual((indicator.framework, indicator.unit, indicator.name),
                         (Framework.PLAN, "cây", "Số cây xanh phân tán trồng mới"))
        self.assertEqual((target.kind, target.value, target.start_year, target.year, target.area_id, target.text),
                         (TargetKind.ANNUAL, Decimal(6000000), 2023, 2030, self.plan.province_id,
                          "6,0 triệu cây xanh phân tán/năm"))
        self.assertEqual([t.ref for t in indicator.tasks.all()], ["VIII.5.3"])
        self.trees.refresh_from_db()
        self.assertEqual(self.trees.status, CandidateStatus.CONFIRMED)
        actions = sorted(AuditEvent.objects.order_by("pk")[events:].values_list("action", flat=True))
        self.assertEqual(actions, ["indicator.created", "indicator.links", "target.created",
                                   "target_candidate.confirmed"])
        row = self.client.get(LIST).content.decode().split(f'id="candidate-{self.trees.pk}"', 1)[1]
        self.assertTrue(row.startswith(' data-status="confirmed" data-adopted="VIII.5.3-cay"'))

    def test_it_adopts_a_candidate_into_an_existing_indicator(self):
        existing = create_indicator(SYSTEM, framework=Framework.OTHER, code="RUNG", name="Rừng trồng mới", unit="ha")
        events = AuditEvent.objects.count()
        data = {**self.suggested(self.forest), "into": ADOPT_EXISTING, "indicator": str(existing.pk),
                "area": "national"}
        response = self.client.post(adopt_url(self.forest), data)
        self.assertEqual(response.status_code, 302)
        target = existing.targets.get()
        self.assertEqual((target.kind, target.value, target.start_year, target.year, target.area),
                         (TargetKind.ANNUAL, Decimal(10000), 2023, 2030, None))
        self.assertEqual([t.ref for t in existing.tasks.all()], ["VIII.5.3"])
        self.assertFalse(Indicator.objects.filter(code__startswith="VIII.5.3-").exists())
        self.forest.refresh_from_db()
        self.assertEqual(self.forest.status, CandidateStatus.CONFIRMED)
        actions = sorted(AuditEvent.objects.order_by("pk")[events:].values_list("action", flat=True))
        self.assertEqual(actions, ["indicator.links", "target.created", "target_candidate.confirmed"])

    def test_a_refused_adoption_writes_nothing_not_even_the_new_indicator(self):
        create_indicator(SYSTEM, framework=Framework.PLAN, code="TAKEN", name="Đã có", unit="ha")
        before = self.snapshot()
        cases = [("the code is taken", {"code": "TAKEN"}, "code"),
                 ("the target starts after its year", {"start_year": "2031"}, "start_year"),
                 ("a new indicator needs a unit", {"unit": ""}, "unit"),
                 ("an existing indicator must be chosen", {"into": ADOPT_EXISTING, "indicator": ""}, "indicator")]
        for label, changes, field in cases:
            with self.subTest(label):
                response = self.client.post(adopt_url(self.forest), {**self.suggested(self.forest), **changes})
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
        self.assertEqual(self.snapshot(), before)

    def test_a_rejected_candidate_cannot_be_adopted(self):
        data = self.suggested(self.forest)
        confirm_target_candidate(SYSTEM, self.forest, CandidateStatus.REJECTED)
        before = self.snapshot()
        response = self.client.post(adopt_url(self.forest), data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(self.snapshot(), before)


class RejectionTests(CandidateCase):
    def test_the_coordinator_rejects_a_candidate_and_it_is_recorded(self):
        self.signed_in("coordinator")
        response = self.client.post(reverse("indicators:candidate_reject", args=[self.trees.pk]))
        self.assertRedirects(response, LIST)
        self.trees.refresh_from_db()
        self.assertEqual(self.trees.status, CandidateStatus.REJECTED)
        event = AuditEvent.objects.get(action="target_candidate.rejected", object_id=str(self.trees.pk))
        self.assertEqual(event.actor.username, "coordinator")
        self.assertFalse(Target.objects.exists())

    def test_a_reject_is_a_post(self):
        self.signed_in("coordinator")
        self.assertEqual(self.client.get(reverse("indicators:candidate_reject", args=[self.trees.pk])).status_code,
                         405)
        self.trees.refresh_from_db()
        self.assertEqual(self.trees.status, CandidateStatus.PROPOSED)
