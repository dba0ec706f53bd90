"""What each account should see, computed from the store without the app's predicate:
a document by the table in support.INSIDERS, a record when one of its sources is in such a
document."""

from __future__ import annotations

from sqlalchemy import select

from coalition.store.engine import make_engine, make_session_factory, session_scope
from coalition.store.tables import Document, Source
from releasability.support import INSIDERS, World


def sees(account: str | None, audience: str) -> bool:
    """Return True when ``account`` (None: anonymous) may see an ``audience`` document."""
    return audience == "public" or (account is not None and account in INSIDERS[audience])


class Oracle:
    """The expected visible documents and records of every account."""

    def __init__(self, world: World) -> None:
        engine = make_engine(world.url)
        try:
            with session_scope(make_session_factory(engine)) as session:
                self.audience = dict(session.execute(
                    select(Document.id, Document.audience)).all())  # type: ignore[arg-type]
                self.sources = session.execute(
                    select(Source.record_type, Source.record_id, Source.document_id)).all()
        finally:
            engine.dispose()

    def documents(self, account: str | None) -> set[int]:
        """Return the ids of the documents ``account`` may see."""
        return {i for i, audience in self.audience.items() if sees(account, audience)}

    def records(self, account: str | None, record_type: str) -> set[int]:
        """Return the ids of the records of ``record_type`` with a source ``account`` sees."""
        docs = self.documents(account)
        return {r for t, r, d in self.sources if t == record_type and d in docs}

    def all_records(self, record_type: str) -> set[int]:
        """Return the ids of every record of ``record_type`` that has a source."""
        return {r for t, r, _ in self.sources if t == record_type}
