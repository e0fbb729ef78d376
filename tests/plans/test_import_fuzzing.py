"""The importer, fuzzed with generated malformed inputs: never a crash, never a partial write."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.personas import load_registry, seed_bytes
from xanh.core.errors import InputError, ServiceError
from xanh.core.models import AuditEvent
from xanh.plans.models import Assignment, Plan, PlanVersion, Task
from xanh.plans.services import import_plan

SEED_LINES = seed_bytes().decode("utf-8").split("\n")
TABLE_START = next(n for n, line in enumerate(SEED_LINES) if line.startswith("STT\t"))
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
row = st.lists(cell, min_size=0, max_size=9).map("\t".join)


@st.composite
def mutated_seed(draw):
    """The seed with table lines deleted, duplicated, replaced, truncated or with cells dropped."""
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(TABLE_START, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "replace", "truncate", "drop_cell", "insert"]))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "replace":
            lines[at] = draw(row)
        elif action == "insert":
            lines.insert(at, draw(row))
        elif action == "truncate":
            lines[at] = lines[at][: draw(st.integers(0, max(0, len(lines[at]) - 1)))]
        elif "\t" in lines[at]:
            cells = lines[at].split("\t")
            del cells[draw(st.integers(0, len(cells) - 1))]
            lines[at] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")


class ImportFuzzingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def counts(self):
        return (Plan.objects.count(), PlanVersion.objects.count(), Task.objects.count(), Assignment.objects.count(),
                AuditEvent.objects.filter(action__startswith="plan.").count())

    def attempt(self, data: bytes, name: str):
        before = self.counts()
        try:
            outcome = import_plan(None, data, name)
        except (InputError, ServiceError) as refused:
            self.assertTrue(str(refused))
            self.assertEqual(self.counts(), before, "a refused file must change nothing")
            return
        plan = outcome.plan
        tasks = Task.objects.filter(plan=plan, removed_in__isnull=True).count()
        self.assertEqual(tasks, len(outcome.analysed.tasks), "what was imported is what the file says, all of it")

    @FUZZ
    @given(st.binary(max_size=3000))
    def test_random_bytes(self, data):
        self.attempt(data, "ngau-nhien.txt")

    @FUZZ
    @given(mutated_seed())
    def test_a_damaged_decision_text(self, data):
        self.attempt(data, "hong.txt")

    @FUZZ
    @given(st.lists(st.lists(cell, max_size=8), max_size=12))
    def test_random_csv_tables(self, rows):
        header = '"STT","Nhiệm vụ, hoạt động cụ thể","Đơn vị chủ trì","Đơn vị phối hợp","Thời gian thực hiện"'
        body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in r) for r in rows)
        meta = "Số quyết định,1/KH-UBND\nNgày ban hành,01/01/2024\nCơ quan ban hành,UBND tỉnh Thanh Hóa\n" \
               "Tên kế hoạch,Kế hoạch ngẫu nhiên\n\n"
        self.attempt((meta + header + "\n" + body).encode("utf-8"), "bang.csv")
