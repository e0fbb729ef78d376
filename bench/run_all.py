"""`make bench`: every benchmark, each in its own process (each sets up its own database)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("import_seed.py", "pages_national.py"):
    subprocess.run([sys.executable, str(HERE / script)], cwd=HERE, check=True)
