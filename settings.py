"""The configuration, read once from the environment (see the table in the README)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from licensing.plans import load_plans


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    smtp_url: str | None
    hold_seconds: int
    public_url: str
    secret_key: str
    rate_limits: bool
    redis_namespace: str = "termine"
    mail_from: str = "Termine <noreply@termine.local>"
    demo: bool = False
    #: DEV_MAILBOX=on: without an SMTP server, show the outbox on /dev/mailbox (on with --demo too).
    mailbox_page: bool = False
    #: LOG_FORMAT: "json" (one JSON object per line) or "text".
    log_format: str = "json"
    #: METRICS_TOKEN: whoever sends it as a Bearer token reads /metrics; unset, only this machine does.
    metrics_token: str | None = None
    #: PLANS_FILE: the operator's plans, prices and invoice data (TOML); None: the shipped defaults.
    plans_file: str | None = None

    @property
    def dev_mailbox(self) -> bool:
        """Mail is delivered to the built-in mailbox page: asked for, and no SMTP server set.

        The page shows reset links and codes, so it is never on by default, and only loopback reads it.
        """
        return self.smtp_url is None and (self.demo or self.mailbox_page)

    @property
    def mail_delivery(self) -> str:
        """How mail leaves: "smtp", "dev_mailbox", or "off" (it waits in the outbox)."""
        if self.smtp_url is not None:
            return "smtp"
        return "dev_mailbox" if self.dev_mailbox else "off"


def from_environment(
    host: str, port: int, env: Mapping[str, str] | None = None, data_dir: Path | None = None
) -> Settings:
    """Builds Settings from environment variables, creating `./data/` for the defaults that need it."""
    env = os.environ if env is None else env
    data = data_dir or Path(env.get("DATA_DIR", "data")).resolve()
    database_url = env.get("DATABASE_URL") or ""
    if not database_url or not env.get("SECRET_KEY"):
        data.mkdir(parents=True, exist_ok=True)
    if not database_url:
        database_url = f"sqlite:///{data / 'termine.db'}"
    hold = env.get("HOLD_SECONDS") or "600"
    if not hold.isdigit() or int(hold) < 1:
        raise ValueError(f"HOLD_SECONDS must be a positive whole number of seconds, not {hold!r}")
    log_format = (env.get("LOG_FORMAT") or "json").lower()
    if log_format not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    shown_host = "localhost" if host in ("0.0.0.0", "::", "") else host
    return Settings(
        database_url=database_url,
        redis_url=env.get("REDIS_URL") or None,
        smtp_url=env.get("SMTP_URL") or None,
        hold_seconds=int(hold),
        public_url=(env.get("PUBLIC_URL") or f"http://{shown_host}:{port}").rstrip("/"),
        secret_key=env.get("SECRET_KEY") or _kept_secret(data / "secret_key"),
        rate_limits=env.get("RATE_LIMITS", "on").lower() != "off",
        redis_namespace=env.get("REDIS_NAMESPACE", "termine"),
        mail_from=env.get("MAIL_FROM", "Termine <noreply@termine.local>"),
        demo=_switch(env.get("DEMO", "")),
        mailbox_page=_switch(env.get("DEV_MAILBOX", "")),
        log_format=log_format,
        metrics_token=env.get("METRICS_TOKEN") or None,
        plans_file=_plans_file(env.get("PLANS_FILE") or None),
    )


def _plans_file(path: str | None) -> str | None:
    """The plans file, read once here so that a broken one stops the start with its reason."""
    try:
        load_plans(path)
    except (OSError, ValueError) as error:
        raise ValueError(f"PLANS_FILE {path}: {error}") from error
    return path


def _switch(value: str) -> bool:
    return value.lower() in ("1", "true", "yes", "on")


def _kept_secret(path: Path) -> str:
    """A secret generated on first start and kept, so sessions survive a restart."""
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value
