"""The seed shipped with the package is the shared decision text, byte for byte."""

from pathlib import Path
from unittest import skipUnless

from django.test import SimpleTestCase

from tests.personas import SEED

SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / SEED.name


class SeedCopyTest(SimpleTestCase):
    @skipUnless(SHARED.exists(), "../shared/seeds is not beside this checkout")
    def test_the_packaged_seed_is_the_shared_one(self):
        self.assertEqual(SEED.read_bytes(), SHARED.read_bytes())
