"""``coalition serve``: run the web app with uvicorn (registered in ``cli.py``)."""

from __future__ import annotations

import uvicorn

from coalition.settings import get_settings


def app_factory() -> object:
    """Return the app for the current settings (uvicorn's factory, used with --reload)."""
    from coalition.serve.app import create_app

    return create_app(get_settings())


def serve_cmd(host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Serve the pages and the API of the store named by ``COALITION_DATABASE_URL``.

    >>> # serve_cmd("127.0.0.1", 8000, reload=False)
    """
    uvicorn.run("coalition.serve.command:app_factory", factory=True, host=host, port=port,
                reload=reload, log_level="info")
