"""``coalition serve``: run the web app with uvicorn (registered in ``cli.py``)."""

from __future__ import annotations

import os
import secrets

import uvicorn

from coalition.settings import get_settings


def app_factory() -> object:
    """Return the app for the current settings (uvicorn's factory, used with --reload)."""
    from coalition.serve.app import create_app

    return create_app(get_settings())


def serve_cmd(host: str = "127.0.0.1", port: int = 8000, reload: bool = False,
              workers: int = 1, keep_alive: int = 5) -> None:
    """Serve the pages and the API of the store named by ``COALITION_DATABASE_URL``.

    With ``workers`` > 1, uvicorn runs that many processes on one socket. They must sign
    session cookies with one key, or a login made through one would be refused by the
    others: without ``COALITION_SECRET_KEY`` a random key is drawn here and handed to them.
    ``keep_alive``: seconds an idle connection stays open (behind a proxy, more than the
    proxy's own idle timeout, so the proxy never reuses a connection being closed).

    >>> # serve_cmd("127.0.0.1", 8000, reload=False, workers=2, keep_alive=75)
    """
    if workers > 1 and not os.environ.get("COALITION_SECRET_KEY"):
        os.environ["COALITION_SECRET_KEY"] = secrets.token_hex(32)
        get_settings.cache_clear()
    uvicorn.run("coalition.serve.command:app_factory", factory=True, host=host, port=port,
                reload=reload, workers=None if reload else workers,
                timeout_keep_alive=keep_alive, log_level="info")
