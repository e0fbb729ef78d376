"""The seed shipped with the package is the shared decision text, byte for byte."""

import hashlib
from pathlib import Path

from django.test import SimpleTestCase

from tests.personas import SEED

SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / SEED.name
# SHA-256 of shared/seeds/{SEED.name} as received, for checkouts that are not beside shared/
SHARED_SHA256 = "c746e92522f5f2410c4577aaa99be7f9423fd6c485701a404a679366840305fb"


class SeedCopyTest(SimpleTestCase):
    def test_the_packaged_seed_is_the_shared_one(self):
        if SHARED.exists():
            self.assertEqual(SEED.read_bytes(), SHARED.read_bytes())
        self.assertEqual(hashlib.sha256(SEED.read_bytes()).hexdigest(), SHARED_SHA256)
