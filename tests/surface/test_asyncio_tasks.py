"""Concurrent asyncio tasks and the process-wide mock: one activation around the tasks is
shared by all of them; two tasks each inside a mock of their own at once are refused."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import boto3

import smstub
from smstub import _install, mock_secretsmanager
from smstub.errors import ConcurrentActivationError


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def test_overlapping_activations_from_two_tasks_are_refused() -> None:
    async def first() -> None:
        with mock_secretsmanager():
            _client().create_secret(Name="first", SecretString="v")
            await asyncio.sleep(0.01)  # the second task enters while this one is inside

    async def second() -> None:
        await asyncio.sleep(0)
        with mock_secretsmanager():
            raise AssertionError("never entered")

    async def main() -> list[object]:
        tasks = [
            asyncio.create_task(first(), name="first"),
            asyncio.create_task(second(), name="second"),
        ]
        return await asyncio.gather(*tasks, return_exceptions=True)

    outcomes = asyncio.run(main())
    assert outcomes[0] is None
    error = outcomes[1]
    assert isinstance(error, ConcurrentActivationError)
    assert str(error) == (
        "smstub: asyncio task 'second' entered mock_secretsmanager() while task 'first' is "
        "inside its own; the active mock is process-wide (so that worker threads see it), so "
        "concurrent tasks would share one mock and see each other's secrets. Enter one mock "
        "around all the tasks (e.g. around asyncio.gather) or run them one after another"
    )
    assert _install.active() is None


def test_tasks_inside_one_activation_share_it() -> None:
    async def writer(n: int) -> str:
        await asyncio.sleep(0)
        return str(_client().create_secret(Name=f"t{n}", SecretString="v")["Name"])

    @mock_secretsmanager
    async def main() -> list[str]:
        names = await asyncio.gather(*(writer(n) for n in range(3)))
        listed = _client().list_secrets()["SecretList"]
        assert sorted(s["Name"] for s in listed) == ["t0", "t1", "t2"]
        return list(names)

    assert asyncio.run(main()) == ["t0", "t1", "t2"]


def test_tasks_one_after_another_each_get_a_fresh_mock() -> None:
    @mock_secretsmanager
    async def fresh() -> None:
        _client().create_secret(Name="same", SecretString="v")  # exists only in this mock
        await asyncio.sleep(0)

    async def main() -> None:
        await asyncio.create_task(fresh())
        await asyncio.create_task(fresh())

    asyncio.run(main())


def test_a_task_may_nest_a_mock_inside_one_entered_outside_any_task() -> None:
    with mock_secretsmanager() as outer:

        @mock_secretsmanager
        async def inner() -> object:
            await asyncio.sleep(0)
            return smstub.current()

        assert asyncio.run(inner()) is not outer
        assert smstub.current() is outer


def test_a_task_may_nest_a_mock_inside_its_own() -> None:
    @mock_secretsmanager
    async def main() -> None:
        outer = smstub.current()
        with mock_secretsmanager() as inner:
            await asyncio.sleep(0)
            assert smstub.current() is inner
        assert smstub.current() is outer

    asyncio.run(main())


def test_a_worker_thread_of_a_task_sees_its_mock() -> None:
    @mock_secretsmanager
    async def main() -> str:
        _client().create_secret(Name="t", SecretString="from-task")

        def read() -> str:
            return str(_client().get_secret_value(SecretId="t")["SecretString"])

        return await asyncio.to_thread(read)

    assert asyncio.run(main()) == "from-task"


def test_threads_entering_their_own_mocks_are_not_refused() -> None:
    # Threads keep the process-wide behaviour: the innermost mock answers every thread.
    problems: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work() -> None:
        try:
            with mock_secretsmanager():
                barrier.wait()
                barrier.wait()
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert _install.active() is None
