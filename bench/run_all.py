"""`make bench`: every benchmark, each in its own process (each sets up its own database)."""

import os
import subprocess
import sys
from pathlib import Path

from common import is_postgres

HERE = Path(__file__).resolve().parent

for script in ("import_seed.py", "pages_national.py", "completeness_national.py", "report_build.py",
               "indicators_national.py"):
    subprocess.run([sys.executable, str(HERE / script)], cwd=HERE, check=True)

# The load test always runs on PostgreSQL: DATABASE_URL when it names one, else its own throw-away database.
env = dict(os.environ)
if not is_postgres(env.get("DATABASE_URL", "")):
    env.pop("DATABASE_URL", None)
subprocess.run([sys.executable, str(HERE / "reporting_load.py")], cwd=HERE, check=True, env=env)
