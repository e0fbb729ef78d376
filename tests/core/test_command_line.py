"""Use case: an operator runs the system from the `xanh` command."""

import contextlib
import io
import json
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.personas import SEED, load_registry
from xanh.cli import build_parser, main
from xanh.plans.models import Plan


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


class CommandLineTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_registry()

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())

    def test_plan_import_prints_a_summary_and_the_new_plans_id_last(self):
        code, out, _err = run("plan", "import", SEED)
        self.assertEqual(code, 0)
        self.assertIn("84", out)
        self.assertEqual(out.strip().splitlines()[-1], str(Plan.objects.get().pk))
        code, out, _err = run("plan", "import", SEED, "--json")
        self.assertTrue(json.loads(out)["unchanged"])

    def test_a_dry_run_writes_nothing(self):
        code, out, _err = run("plan", "import", SEED, "--dry-run", "--json")
        self.assertEqual((code, json.loads(out)["created"], Plan.objects.count()), (0, True, 0))

    def test_a_bad_file_exits_non_zero_with_the_problem_on_stderr(self):
        bad = self.tmp / "hong.txt"
        bad.write_bytes(b"\xff\xfe\x00garbage\x00")
        code, _out, err = run("plan", "import", bad)
        self.assertEqual(code, 1)
        self.assertIn("hong.txt", err)
        self.assertEqual(Plan.objects.count(), 0)

    def test_plan_export_writes_json_xlsx_and_csv(self):
        run("plan", "import", SEED)
        code, _out, _err = run("plan", "export", "--format", "json", "-o", self.tmp / "p.json")
        data = json.loads((self.tmp / "p.json").read_text(encoding="utf-8"))
        self.assertEqual((code, len(data["tasks"]), data["plan"]["number"]), (0, 84, "3825/QĐ-UBND"))
        run("plan", "export", "--format", "xlsx", "--plan", Plan.objects.get().pk, "-o", self.tmp / "p.xlsx")
        self.assertTrue((self.tmp / "p.xlsx").read_bytes().startswith(b"PK"))
        run("plan", "export", "--format", "csv", "-o", self.tmp / "p.csv")
        self.assertIn("\"Số quyết định\",\"3825/QĐ-UBND\"", (self.tmp / "p.csv").read_text(encoding="utf-8-sig"))

    def test_plan_list_has_one_line_per_plan_starting_with_its_id(self):
        run("plan", "import", SEED)
        _code, out, _err = run("plan", "list")
        plan = Plan.objects.get()
        self.assertEqual(out.splitlines()[0].split("\t")[:3], [str(plan.pk), "3825/QĐ-UBND", "18/10/2023"])

    def test_task_carriers_answers_who_carries_a_task_on_a_date(self):
        run("plan", "import", SEED)
        _code, before, _err = run("task", "carriers", "II.4", "--date", "01/01/2024")
        _code, after, _err = run("task", "carriers", "II.4", "--date", "01/01/2026")
        self.assertIn("th-stnmt", before)
        self.assertIn("th-snnmt", after)
        code, _out, err = run("task", "carriers", "IX.9")
        self.assertEqual(code, 1)

    def test_users_and_tokens(self):
        code, out, _err = run("user", "create", "baocao.yte", "--org", "th-syt", "--role", "reporter")
        self.assertEqual(code, 0)
        self.assertTrue(get_user_model().objects.get(username="baocao.yte").memberships.filter(role="reporter"))
        _code, token, _err = run("user", "token", "baocao.yte")
        self.assertEqual(self.client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {token.strip()}").status_code,
                         200)
        code, _out, err = run("user", "create", "x", "--org", "khong-co", "--role", "reporter")
        self.assertEqual(code, 1)

    def test_registry_loading_and_member_import(self):
        code, out, _err = run("org", "load", "thanh-hoa.yaml")
        self.assertEqual(code, 0)
        self.assertIn("'organizations': 0", out)
        members = self.tmp / "hoi.csv"
        members.write_text("Mã,Tên,Loại\nth-hoi-nd,Hội Nông dân tỉnh,mass_org\n", encoding="utf-8")
        code, out, _err = run("org", "import-members", "th-to-chuc-ctxh", members)
        self.assertIn("'created': 1", out)

    def test_demo_loads_the_plan_and_prints_the_accounts_every_time(self):
        code, out, _err = run("demo")
        self.assertEqual(code, 0)
        self.assertIn("dieuphoi", out)
        first = [line for line in out.splitlines() if "dieuphoi" in line][0].split()[1]
        _code, again, _err = run("demo")
        second = [line for line in again.splitlines() if "dieuphoi" in line][0].split()[1]
        self.assertNotEqual(first, second)
        self.assertTrue(self.client.login(username="dieuphoi", password=second))
        self.assertEqual(Plan.objects.get().tasks.count(), 84)
        self.assertTrue(Plan.objects.get().is_public)

    def test_the_parser_knows_every_documented_command(self):
        parser = build_parser()
        for args in (["serve", "--host", "0.0.0.0", "--port", "9000"], ["migrate"], ["demo"],
                     ["plan", "import", "f"], ["plan", "export", "--format", "xlsx"], ["plan", "list"],
                     ["task", "carriers", "I.1"], ["org", "load", "f"], ["org", "import-members", "g", "f"],
                     ["user", "create", "u", "--org", "o", "--role", "viewer"], ["user", "token", "u"]):
            parser.parse_args(args)
