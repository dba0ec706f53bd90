"""Fuzz the JSON API from its own OpenAPI document (schemathesis): valid and invalid
parameters and bodies for every operation, anonymously and as a viewer, an analyst and an
admin (bearer tokens). No answer may be a 5xx or raise in the app, every status and
Content-Type must be documented, every body must match its declared model, and invalid input
must be refused with a 4xx.

COALITION_FUZZ_EXAMPLES sets the examples per operation and role (default 10). The cases run
per role are printed: run with ``-s`` to see them.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis import checks as st_checks

from coalition.serve.app import create_app
from coalition.settings import Settings
from coalition.store.accounts import create_token, create_user
from coalition.store.engine import make_engine, make_session_factory, session_scope
from corpus_support import seed_store

EXAMPLES = int(os.environ.get("COALITION_FUZZ_EXAMPLES", "10"))
ROLES = ("viewer", "analyst", "admin")
CHECKS = [st_checks.not_a_server_error, st_checks.status_code_conformance,
          st_checks.content_type_conformance, st_checks.response_schema_conformance,
          st_checks.response_headers_conformance, st_checks.negative_data_rejection]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """The app over a seeded SQLite store, and a bearer token per role."""
    url = seed_store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'store.db'}")
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as s:
        tokens = {role: create_token(s, user_id=create_user(
            s, name=f"fuzz-{role}", role=role, password="fuzzing password").id)
            for role in ROLES}
    engine.dispose()
    application = create_app(Settings(database_url=url, secret_key="fuzz"))
    yield application, tokens
    application.state.engine.dispose()


def _failure(error: BaseException) -> str:
    """One line per distinct problem: the check's title (or the exception) and a curl."""
    text = str(error)
    titles = re.findall(r"^- (.+)$", text, re.MULTILINE) or [f"{type(error).__name__}: "
                                                            f"{text[:300]}"]
    curl = re.findall(r"curl .+", text)
    return "; ".join(titles) + (f" -- {curl[0][:300]}" if curl else "")


@dataclass
class Tally:
    """Cases run per operation, statuses seen, and the distinct failures per operation."""

    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, set[str]] = field(default_factory=dict)


def _fuzz(operation: APIOperation, headers: dict[str, str], tally: Tally) -> None:
    """Run valid and invalid cases of one operation; record what they find in ``tally``."""
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                         operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: Case) -> None:
        tally.cases[operation.label] += 1
        try:
            response = case.call(headers=headers)
            tally.statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as error:  # the checks raise groups
            tally.failures.setdefault(operation.label, set()).add(_failure(error))

    run()


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_fuzz_api_conforms_to_its_schema(app: tuple[FastAPI, dict[str, str]], role: str,
                                         ) -> None:
    application, tokens = app
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role in tokens else {}
    schema = schemathesis.openapi.from_asgi("/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30, [op.label for op in operations]
    tally = Tally()
    for operation in operations:
        _fuzz(operation, headers, tally)
    cases, statuses, failures = tally.cases, tally.statuses, tally.failures
    print(f"\nfuzz as {role}: {sum(cases.values())} cases over {len(operations)} operations, "
          f"statuses {dict(sorted(statuses.items()))}")
    assert statuses, "no request was made"
    assert not failures, "\n".join(f"{label}: {problem}" for label, found in failures.items()
                                   for problem in sorted(found))
