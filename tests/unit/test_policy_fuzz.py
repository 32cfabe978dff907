"""Any text reaching the policy parser gets a policy or AWS's MalformedPolicyDocumentException,
never a Python crash; any policy that parses can be evaluated and checked for broad access."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from smstub._access import AccessRequest, evaluate
from smstub._aws_errors import MalformedPolicyDocumentException
from smstub._policy_doc import parse_policy
from smstub._public_policy import validation_findings

KEYS = st.sampled_from(
    ["Version", "Statement", "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
     "Resource", "NotResource", "Condition", "AWS", "Service", "StringEquals",
     "ForAnyValue:StringLike", "NumericLessThanIfExists", "Null", "IpAddress", "DateLessThan",
     "aws:PrincipalTag/team", "aws:SourceIp", "aws:CurrentTime", "x"]
)  # fmt: skip
LEAVES = st.one_of(
    st.sampled_from(
        ["2012-10-17", "2008-10-17", "Allow", "Deny", "*", "secretsmanager:Get*",
         "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-??????", "111122223333",
         "arn:aws:iam::111122223333:root", "${aws:PrincipalTag/team}", "10.0.0.0/8", "true",
         "2020-01-01T00:00:00Z", "${x, 'y'}"]
    ),
    st.text(max_size=8),
    st.integers(),
    st.booleans(),
    st.none(),
)  # fmt: skip
DOCUMENTS = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
CONTEXT = {
    "aws:principaltag/team": "blue",
    "aws:tagkeys": ("team",),
    "aws:currenttime": "2026-06-01T00:00:00Z",
}


def _check(text: str, resource_policy: bool) -> None:
    try:
        policy = parse_policy(text, resource_policy=resource_policy)
    except MalformedPolicyDocumentException as error:
        refusal = error.message
    else:
        refusal = ""
    if refusal:
        return
    request = AccessRequest(
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:a-AbCdEf",
        "111122223333",
        "arn:aws:iam::444455556666:role/r",
        "444455556666",
        CONTEXT,
    )
    if resource_policy:
        evaluate(request, (), (policy,))
        validation_findings(policy)
    else:
        evaluate(request, (policy,), ())


@given(DOCUMENTS, st.booleans())
def test_structured_documents_never_crash(document: Any, resource_policy: bool) -> None:
    _check(json.dumps(document), resource_policy)


@given(st.text(max_size=60), st.booleans())
def test_any_text_never_crashes(text: str, resource_policy: bool) -> None:
    _check(text, resource_policy)
