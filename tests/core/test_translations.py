"""Vietnamese first: every user-facing string has a Vietnamese translation, and the compiled
catalog shipped in the repository matches its source."""

from pathlib import Path

import polib
from django.test import SimpleTestCase

LOCALE = Path(__file__).resolve().parents[2] / "xanh" / "locale" / "vi" / "LC_MESSAGES"


class TranslationTest(SimpleTestCase):
    def test_every_message_is_translated_and_none_is_fuzzy(self):
        catalog = polib.pofile(str(LOCALE / "django.po"))
        self.assertEqual([e.msgid for e in catalog.untranslated_entries()], [])
        self.assertEqual([e.msgid for e in catalog.fuzzy_entries()], [])

    def test_placeholders_are_kept_in_every_translation(self):
        import re

        pattern = re.compile(r"%\(\w+\)\w|%\w")
        for entry in polib.pofile(str(LOCALE / "django.po")).translated_entries():
            translated = entry.msgstr or entry.msgstr_plural.get(0, "")
            self.assertEqual(sorted(pattern.findall(entry.msgid)), sorted(pattern.findall(translated)), entry.msgid)

    def test_the_compiled_catalog_is_up_to_date(self):
        source = {e.msgid: (e.msgstr or e.msgstr_plural.get(0, ""))
                  for e in polib.pofile(str(LOCALE / "django.po")).translated_entries()}
        compiled = {e.msgid: (e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.mofile(str(LOCALE / "django.mo"))
                    if e.msgid}
        self.assertEqual(compiled, source, "run `make messages` and commit django.mo")

    def test_no_template_or_python_string_escaped_the_catalog(self):
        """Every msgid the code uses is in the catalog (makemessages was run after the last edit)."""
        import subprocess
        import tempfile

        root = LOCALE.parents[2]
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "check.pot"
            files = [str(p.relative_to(root)) for p in root.rglob("*.py") if "migrations" not in p.parts]
            subprocess.run(["xgettext", "--from-code=UTF-8", "-L", "Python", "--keyword=_", "--keyword=gettext",
                            "--keyword=gettext_lazy", "--keyword=ngettext:1,2", "-o", str(pot), *files],
                           cwd=root, check=True, capture_output=True)
            used = {e.msgid for e in polib.pofile(str(pot)) if e.msgid}
        known = {e.msgid for e in polib.pofile(str(LOCALE / "django.po"))}
        self.assertEqual(sorted(used - known), [])
