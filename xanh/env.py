"""Settings from the environment, through small helpers that fail loudly.

Every setting an operator may change is read here, by name, with its default;
docs/operator.md lists them and a test keeps the two in step.
"""

import os
from pathlib import Path


class SettingError(RuntimeError):
    pass


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name}={raw!r}: expected true/false")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingError(f"{name}={raw!r}: expected an integer") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir(base: Path) -> Path:
    path = Path(env_str("XANH_DATA_DIR", str(base / "var")))
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(var: Path) -> str:
    """XANH_SECRET_KEY, or a random key kept in var/ so sessions survive restarts."""
    configured = os.environ.get("XANH_SECRET_KEY")
    if configured:
        return configured
    key_file = var / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
