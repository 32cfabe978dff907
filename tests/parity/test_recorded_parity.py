"""smstub against AWS's own answers: every recorded case for the answered operations, replayed.

Each snapshot key of ``shared/aws-recordings/*.snapshot.json`` that concerns CreateSecret,
DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecret, UpdateSecretVersionStage,
ListSecrets, ListSecretVersionIds, DeleteSecret, RestoreSecret, TagResource, UntagResource,
PutResourcePolicy, GetResourcePolicy, ValidateResourcePolicy or RotateSecret (with a registered
rotation function standing in for the recorded test's Lambda) is redone against smstub
(``_scenarios``), normalized as the recording tool normalized AWS's answers (``_replay``), and
compared exactly: error codes, messages, response keys and values. The AWS-validated tests that
recorded no snapshot are replayed as asserts in ``test_validated_asserts.py``.

Not replayed yet (also listed, with the same reasons, in ``_scenarios.SKIPPED_CASES`` and in
the ``skipped`` entries of ``_scenarios.CASES``):

- needs CloudFormation, which smstub does not fake: all five keys of
  ``cloudformation_test_secretsmanager.snapshot.json`` (``test_cfn_secret_policy[true]``,
  ``test_cfn_secret_policy[default]``,
  ``test_cdk_deployment_generates_secret_value_if_no_value_is_provided``,
  ``test_cfn_secretsmanager_gen_secret``, ``test_cfn_handle_secretsmanager_secret``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from smstub import mock_secretsmanager

from ._recordings import RecordedCase, error_of, load_cases, template_of
from ._replay import ACCOUNT, REGION, RawClient, Replay
from ._scenarios import CASES, SKIPPED_CASES, Case

# Loaded at import: without the recordings, collection fails loudly instead of skipping.
RECORDED = load_cases()
REPLAYED = sorted(CASES)
REPLAYED_OPERATIONS = {
    "CreateSecret",
    "DescribeSecret",
    "GetSecretValue",
    "PutSecretValue",
    "UpdateSecret",
    "UpdateSecretVersionStage",
    "ListSecrets",
    "ListSecretVersionIds",
    "DeleteSecret",
    "RestoreSecret",
    "TagResource",
    "UntagResource",
    "PutResourcePolicy",
    "GetResourcePolicy",
    "ValidateResourcePolicy",
    "RotateSecret",
}


@dataclass
class Outcome:
    replay: Replay
    produced: dict[str, Any]
    crash: BaseException | None


@pytest.fixture(scope="module")
def sm_client() -> Any:
    # Made before any mock is active, and shared: smstub answers clients made at any time.
    return boto3.Session(region_name=REGION).client("secretsmanager")


@pytest.fixture(scope="module")
def raw() -> RawClient:
    return RawClient(boto3.Session(region_name=REGION).client("secretsmanager"))


def replay(case: Case, client: Any, raw: RawClient) -> Outcome:
    """Run ``case`` against a fresh smstub in the recordings' account."""
    crash = None
    with mock_secretsmanager(account_id=ACCOUNT) as sm:
        r = Replay(
            client,
            raw,
            sm.clock,
            metadata=case.metadata,
            uuid_placeholder=case.uuid_placeholder,
            mock=sm,
        )
        try:
            case.run(r)
        except Exception as error:  # reported with whatever was captured before it
            crash = error
    return Outcome(r, r.normalized(), crash)


def expected_entries(name: str) -> dict[str, Any]:
    recorded = RECORDED[name].content
    return {label: entry for label, entry in recorded.items() if label not in CASES[name].skipped}


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("name", REPLAYED)
def test_replay_matches_aws_recording(name: str, sm_client: Any, raw: RawClient) -> None:
    outcome = replay(CASES[name], sm_client, raw)
    expected = expected_entries(name)
    problems = []
    if outcome.crash is not None:
        problems.append(f"the scenario stopped: {outcome.crash!r}")
    for label in expected.keys() | outcome.produced.keys():
        want, got = expected.get(label, "<not recorded>"), outcome.produced.get(label, "<missing>")
        if want != got:
            problems.append(f"{label}:\n  AWS:    {_dump(want)}\n  smstub: {_dump(got)}")
    assert not problems, f"{name} differs from AWS:\n" + "\n".join(problems)
    assert list(outcome.produced) == list(expected), "entries captured out of recorded order"


def test_every_recorded_case_is_replayed_or_skipped_with_a_reason() -> None:
    assert set(CASES).isdisjoint(SKIPPED_CASES)
    assert set(RECORDED) == set(CASES) | set(SKIPPED_CASES)
    for name, case in CASES.items():
        assert set(case.skipped) <= set(RECORDED[name].content), name


def test_the_module_docstring_lists_every_case_not_replayed() -> None:
    listed = __doc__ or ""
    for name in SKIPPED_CASES:
        assert f"``{name.removeprefix('cloudformation/')}``" in listed, name
    for name, case in CASES.items():
        if case.skipped:
            assert f"``{name.partition('[')[0]}" in listed, name


def test_replay_counts() -> None:
    entries = sum(len(expected_entries(name)) for name in CASES)
    skipped = sum(len(case.content) for name, case in RECORDED.items() if name in SKIPPED_CASES)
    skipped += sum(len(case.skipped) for case in CASES.values())
    assert (len(CASES), entries) == (55, 339)
    assert entries + skipped == sum(len(case.content) for case in RECORDED.values()) == 347


def _recorded_errors() -> Iterator[tuple[RecordedCase, str, tuple[str, str]]]:
    for case in RECORDED.values():
        for label, entry in case.content.items():
            error = error_of(entry)
            if error is not None:
                yield case, label, error


def test_every_recorded_error_of_the_replayed_operations_is_produced(
    sm_client: Any, raw: RawClient
) -> None:
    produced: set[tuple[str, str]] = set()
    operation_of: dict[tuple[str, str], str] = {}
    for name in REPLAYED:
        outcome = replay(CASES[name], sm_client, raw)
        for label, entry in outcome.produced.items():
            error = error_of(entry)
            if error is not None:
                produced.add((error[0], template_of(error[1])))
            operation_of[name, label] = outcome.replay.operations[label]

    wanted: dict[tuple[str, str], set[str]] = {}
    out_of_scope: dict[tuple[str, str], set[str]] = {}
    for case, label, (code, message) in _recorded_errors():
        template = (code, template_of(message))
        skip = SKIPPED_CASES.get(case.name) or CASES[case.name].skipped.get(label)
        if skip is None:
            wanted.setdefault(template, set()).add(operation_of[case.name, label])
        else:
            out_of_scope.setdefault(template, set()).add(skip.operation)

    assert set().union(*wanted.values()) <= REPLAYED_OPERATIONS
    missing = {template: ops for template, ops in wanted.items() if template not in produced}
    assert not missing, f"recorded errors the replay never produced: {missing}"
    # AWS-BEHAVIOUR.md section 3 counts 12 templates; every one comes from a replayed operation.
    assert len(wanted) == 12
    assert set(out_of_scope) - set(wanted) == set()
