"""Schemathesis over the product's own OpenAPI document, against a running server on each database:
whatever a client sends that the document allows or nearly allows, the answer is never a 5xx, every
answer matches the schema the document gives for its status (and its status is one the document
names), and a request that breaks the document is refused.

Each operation gets a bounded number of generated requests (EXAMPLES), valid ones and ones that
break the document on purpose (wrong types, missing fields, out-of-range values), derandomised so a
run is repeatable; staff operations carry a staff token, the customer's a customer token, and public
paths name a real business, so that the requests reach past the log-in and the lookup.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err

from testkit.app import ServerProcess
from testkit.flows import customer, sign_up
from testkit.services import postgres_database
from testkit.sockets import server_env, start_servers, stop_servers

EXAMPLES = 25
#: The operations are fuzzed in this many parts, each a test of its own, so that the parts run on
#: every worker at once.
SHARDS = 4
#: Operations that would end the staff session the others need; they are fuzzed without it.
SESSION_ENDING = {"/api/v1/logout", "/api/v1/password"}


@dataclass(frozen=True)
class Target:
    url: str
    slug: str
    staff: dict[str, str]
    customer: dict[str, str]


async def _prepare(server: ServerProcess) -> Target:
    await start_servers(server)
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        biz = await sign_up(client)
        _, token = await customer(client, "Fuzzi")
    return Target(server.url, biz.slug, biz.auth, {"Authorization": f"Bearer {token}"})


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Target]:
    data = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    async with AsyncExitStack() as stack:
        if request.param == "sqlite":
            database_url = f"sqlite:///{data / 'fuzz.db'}"
        else:
            database_url = await stack.enter_async_context(postgres_database("termine_fuzz"))
        server = ServerProcess(server_env(data, database_url))
        stack.callback(stop_servers, server)
        yield await _prepare(server)


def _headers(operation: Any, target: Target) -> dict[str, str]:
    """The credentials the operation's security names: a customer's token for a bearer alone, a
    staff token where the session cookie would also do, none for a public operation."""
    security = operation.definition.raw.get("security") or []
    if operation.full_path in SESSION_ENDING or not security:
        return {}
    return target.staff if any("session" in scheme for scheme in security) else target.customer


CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, negative_data_rejection]


@pytest.mark.parametrize("shard", range(SHARDS))
async def test_every_answer_keeps_to_the_document(target: Target, shard: int) -> None:
    # Schemathesis calls block (requests): they run beside the event loop, not in it.
    operations, failures = await asyncio.to_thread(_fuzz, target, shard)
    assert operations > 40, "the document lists fewer operations than the API has"
    assert failures == [], "\n".join(failures[:20])


def _fuzz(target: Target, shard: int) -> tuple[int, list[str]]:
    """Runs EXAMPLES generated requests per operation of every SHARDS-th one from `shard`; returns how
    many operations the document has, and each failure."""
    schema = schemathesis.openapi.from_url(f"{target.url}/api/v1/openapi.json")
    failures: list[str] = []
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()  # an operation the document describes in a way that cannot be read
        operations.append(result.ok())
    for operation in operations[shard::SHARDS]:
        failures += _fuzz_operation(operation, target)
    return len(operations), failures


def _fuzz_operation(operation: Any, target: Target) -> list[str]:
    failures: list[str] = []
    headers = _headers(operation, target)

    cases = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE)

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        if case.path_parameters and "slug" in case.path_parameters:
            case.path_parameters["slug"] = target.slug
        response = case.call(base_url=f"{target.url}/api/v1", headers=headers, timeout=30)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Failure, FailureGroup) as failed:
            failures.append(
                f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}\n"
                f"    {str(failed).strip()[:600]}"
            )

    call()
    return failures
