"""docs/open-data.md lists every dataset, its URLs and every field (docs that drift fail)."""

from pathlib import Path

from django.test import SimpleTestCase

from xanh.portal.opendata import DATASETS

DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


class OpenDataDocsTests(SimpleTestCase):
    def test_the_doc_lists_every_dataset_url_and_field(self):
        text = DOC.read_text(encoding="utf-8")
        for name, dataset in DATASETS.items():
            section = text.split(f"### `{name}`", 1)
            self.assertEqual(len(section), 2, f"no section for {name}")
            body = section[1].split("\n### ", 1)[0]
            with self.subTest(name):
                self.assertIn(f"`/open/{dataset.path}.csv`", body)
                self.assertIn(f"`/open/{dataset.path}.json`", body)
                self.assertIn(f"`/api/v1/open/{dataset.path}`", body)
                for field in dataset.fields:
                    self.assertIn(f"| `{field.name}` | {field.type} |", body, field.name)
