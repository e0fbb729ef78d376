"""The docs name every command, setting and API endpoint the code has (docs that drift fail)."""

import re
from pathlib import Path

from django.test import SimpleTestCase

from xanh.api import api
from xanh.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def read(name):
    return (ROOT / name).read_text(encoding="utf-8")


class DocsTest(SimpleTestCase):
    def test_every_command_is_in_the_operator_guide(self):
        guide = read("docs/operator.md")
        parser = build_parser()
        commands = parser._subparsers._group_actions[0].choices
        for name, sub in commands.items():
            nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
            names = [f"{name} {child}" for child in nested[0].choices] if nested else [name]
            for full in names:
                self.assertIn(f"`xanh {full}", guide, full)

    def test_every_setting_is_in_the_operator_guide(self):
        guide = read("docs/operator.md")
        code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "xanh").rglob("*.py"))
        code += read("scripts/test.sh")
        names = set(re.findall(r'(?:env_\w+|os\.environ\.get|environ\.get)\("([A-Z_]+)"', code))
        names |= set(re.findall(r"\b(XANH_[A-Z_]+)\b", read("scripts/test.sh")))
        self.assertIn("DATABASE_URL", names)
        for name in sorted(names):
            self.assertIn(f"`{name}`", guide, name)

    def test_every_api_path_is_in_the_api_guide(self):
        guide = read("docs/api.md")
        for path in api.get_openapi_schema()["paths"]:
            self.assertIn(f" {path}`", guide, path)

    def test_the_readme_starts_with_the_two_commands(self):
        readme = read("README.md")
        first_block = readme.split("```")[1].split("\n", 1)[1]  # after the language tag
        commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
        self.assertEqual([c for c in commands if c][:2], ["make run", "make test"])
        self.assertIn("make test", read(".ci/run"))
