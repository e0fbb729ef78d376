"""Use case: the coordinator imports the Thanh Hóa decision text, as it came from the PDF."""

from datetime import date
from decimal import Decimal

from tests.personas import PlanTestCase
from xanh.plans.enums import ProductKind
from xanh.plans.models import TargetCandidate, Task, Theme


class SeedImportTest(PlanTestCase):
    def test_it_reads_the_decisions_particulars(self):
        plan = self.plan
        self.assertEqual(plan.number, "3825/QĐ-UBND")
        self.assertEqual(plan.date, date(2023, 10, 18))
        self.assertEqual(plan.issuer_name, "Ủy ban nhân dân tỉnh Thanh Hóa")
        self.assertEqual(plan.title, "Kế hoạch hành động về tăng trưởng xanh tỉnh Thanh Hóa giai đoạn 2021 - 2030")
        self.assertEqual(plan.signer, "Lê Đức Giang")
        self.assertEqual((plan.period_start, plan.period_end), (2021, 2030))
        self.assertEqual(plan.province.code, "th-ubnd")

    def test_it_finds_eighteen_themes_under_eight_groups_and_eighty_four_tasks(self):
        themes = Theme.objects.filter(plan=self.plan)
        with_tasks = [t for t in themes if t.tasks.exists()]
        self.assertEqual(len(with_tasks), 18)
        self.assertEqual(sorted(t.code for t in themes if t.parent is None),
                         ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"])
        self.assertEqual(themes.filter(parent__code="VIII").count(), 11)
        self.assertEqual(Task.objects.filter(plan=self.plan).count(), 84)

    def test_it_reads_theme_rows_in_every_shape_the_seed_uses(self):
        titles = dict(Theme.objects.filter(plan=self.plan).values_list("code", "title_as_written"))
        self.assertEqual(titles["I"], "Truyền thông, giáo dục và nâng cao nhận thức")                # I<TAB>title
        self.assertEqual(titles["III"], "Phát triển nguồn nhân lực và việc làm xanh")                 # III Title<TAB>
        self.assertEqual(titles["VIII.2"], "Công nghiệp")                                              # <i>…</i>
        self.assertTrue(titles["VIII.8"].startswith("Quản lý tài nguyên nước"))
        self.assertNotIn("<", "".join(titles.values()))

    def test_it_skips_the_header_block_repeated_at_every_page_break(self):
        refs = list(Task.objects.filter(plan=self.plan, theme__code="II").values_list("number", flat=True))
        self.assertEqual(refs, [1, 2, 3, 4, 5, 6, 7])

    def test_it_turns_html_and_inline_bullets_into_clean_blocks(self):
        task = self.task("I.2")
        self.assertNotIn("<", task.text)
        lines = task.text.split("\n")
        self.assertEqual(len(lines), 2)
        self.assertTrue(all(line.startswith("- Triển khai") for line in lines))
        self.assertIn('<ul style="list-style-type: none">', task.text_as_written)

    def test_a_dash_inside_a_phrase_is_not_a_bullet(self):
        text = self.task("IV.1").text
        self.assertIn("hợp tác công - tư (PPP)", text)
        self.assertEqual(text.count("\n- "), 3)

    def test_it_reads_time_frames_as_years(self):
        self.assertEqual((self.task("II.1").start_year, self.task("II.1").end_year), (2023, 2023))   # "Năm 2023"
        self.assertEqual((self.task("VIII.6.2").start_year, self.task("VIII.6.2").end_year), (2025, 2026))
        self.assertEqual((self.task("VIII.7.3").start_year, self.task("VIII.7.3").end_year), (2024, 2026))
        self.assertEqual((self.task("VIII.8.5").start_year, self.task("VIII.8.5").end_year), (2026, 2030))
        self.assertEqual(Task.objects.filter(plan=self.plan, time_frame="2023 - 2030").count(), 79)

    def test_products_use_the_vocabulary_and_keep_what_was_written(self):
        products = self.task("I.3").products
        self.assertEqual([p["kind"] for p in products],
                         [ProductKind.PLAN, ProductKind.PROGRAMME, ProductKind.DECISION, ProductKind.REPORT,
                          ProductKind.PUBLICATION])
        typo = products[-1]
        self.assertEqual(typo["as_written"], "án phầm")
        self.assertLess(typo["confidence"], 1.0)
        policy = self.task("VIII.6.4").products[-1]
        self.assertEqual((policy["kind"], policy["as_written"]), (ProductKind.POLICY, "cơ chế, chính sách"))
        guidance = [p["kind"] for p in self.task("IV.4").products]
        self.assertEqual(guidance, [ProductKind.GUIDANCE, ProductKind.REPORT, ProductKind.SUBMISSION,
                                    ProductKind.DECISION])

    def test_it_detects_the_fifteen_tasks_that_wait_for_central_guidance_and_from_whom(self):
        waiting = {t.ref: t.guidance_from_as_written for t in Task.objects.filter(plan=self.plan,
                                                                                  awaits_guidance=True)}
        self.assertEqual(len(waiting), 15)
        self.assertEqual(waiting["I.2"], "Bộ Thông tin và Truyền thông")
        self.assertEqual(waiting["II.3"], "Trung ương")
        self.assertEqual(waiting["II.6"], "Bộ Nông nghiệp và PTNT")
        self.assertEqual(waiting["III.1"], "Bộ Lao động - Thương binh và Xã hội")
        self.assertEqual(waiting["IV.4"], "Bộ Tài chính")
        self.assertEqual(waiting["VIII.2.2"], "Trung ương")
        self.assertEqual(waiting["VIII.10.4"], "Bộ Y tế")
        self.assertEqual(self.task("II.4").guidance_from.code, "bo-tnmt")
        self.assertFalse(self.task("VIII.9.1").awaits_guidance)  # "theo hướng dẫn": follows, does not wait

    def test_numbers_with_units_are_surfaced_as_candidate_targets(self):
        candidates = {c.as_written: c for c in TargetCandidate.objects.filter(task__plan=self.plan)}
        self.assertEqual(set(candidates), {"6,0 triệu cây xanh phân tán/năm", "10.000 ha rừng/năm"})
        trees = candidates["6,0 triệu cây xanh phân tán/năm"]
        self.assertEqual((trees.value, trees.unit, trees.per), (Decimal("6000000"), "cây xanh phân tán", "năm"))
        forest = candidates["10.000 ha rừng/năm"]
        self.assertEqual((forest.value, forest.unit, forest.task.ref), (Decimal("10000"), "ha rừng", "VIII.5.3"))

    def test_every_task_keeps_its_source_line(self):
        self.assertEqual(self.task("I.1").source_line, 431)
        self.assertEqual(self.task("VIII.11.2").source_line, 628)
        version = self.plan.versions.get()
        line = version.raw_text.split("\n")[self.task("VIII.10.2").source_line - 1]
        self.assertTrue(line.startswith("2\tTăng cường các giải pháp quản lý"))
        self.assertEqual(bytes(version.source_file), self.__class__.outcome.analysed.source.data)
