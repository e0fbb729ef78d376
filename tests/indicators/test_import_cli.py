"""Use case: an operator imports an indicator spreadsheet with `xanh indicators import FILE`."""

import contextlib
import io
import tempfile
from pathlib import Path

from tests.personas import RegistryTestCase
from xanh.cli import main
from xanh.core.services import SYSTEM
from xanh.indicators.models import Indicator, Observation
from xanh.indicators.services import create_indicator, record_observation


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


class ImportCommandTest(RegistryTestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def file(self, name: str, text: str) -> Path:
        path = Path(self.folder.name) / name
        path.write_text(text, encoding="utf-8")
        return path

    def test_it_imports_the_registry_and_prints_the_counts(self):
        path = self.file("bo-chi-tieu.csv", "Mã;Tên chỉ tiêu;Đơn vị tính;Nhóm lộ trình\n"
                                            "1.1;Cường độ phát thải khí nhà kính;tCO2e/tỷ đồng;A\n"
                                            "1.2;Tổng lượng phát thải khí nhà kính;tCO2e;A\n")
        code, out, err = run("indicators", "import", path)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(Indicator.objects.filter(framework="tt10").count(), 2)
        self.assertIn("2", out.splitlines()[0])

    def test_it_prints_the_flagged_values_of_an_observations_file(self):
        forest = create_indicator(SYSTEM, framework="other", code="forest-area", name="Rừng", unit="ha")
        record_observation(SYSTEM, forest, self.org("th-ubnd"), 2022, 100)
        path = self.file("so-lieu.csv", "Mã chỉ tiêu;Địa bàn;Năm;Giá trị\nforest-area;th-ubnd;2023;1.000\n")
        code, out, err = run("indicators", "import", path)
        self.assertEqual((code, err), (0, ""))
        lines = out.splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("forest-area · th-ubnd · 2023: 1.000", lines[1])
        self.assertEqual(Observation.objects.get(year=2023).flag, "flagged")

    def test_a_refused_file_exits_1_with_every_problem_and_writes_nothing(self):
        path = self.file("so-lieu.csv", "Mã chỉ tiêu;Địa bàn;Năm;Giá trị\nkhông-có;th-ubnd;2023;1\n"
                                        "khác;th-ubnd;20x3;1\n")
        code, out, err = run("indicators", "import", path)
        self.assertEqual((code, out), (1, ""))
        problems = err.strip().splitlines()
        self.assertEqual(len(problems), 3)
        self.assertTrue(all(line.startswith("✗ so-lieu.csv") for line in problems))
        self.assertFalse(Observation.objects.exists())

    def test_a_missing_file_exits_1(self):
        code, _out, err = run("indicators", "import", Path(self.folder.name) / "none.xlsx")
        self.assertEqual(code, 1)
        self.assertIn("none.xlsx", err)
