"""Settings read from the environment (prefix ``COALITION_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COALITION_")

    database_url: str = "sqlite:///coalition.db"
    max_file_bytes: int = 20_000_000
    read_requires_login: bool = False  # True: reading needs a login too
    secret_key: str | None = None  # signs session cookies; random per process when unset
    cookie_secure: bool = False  # True: send the session cookie over HTTPS only


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
