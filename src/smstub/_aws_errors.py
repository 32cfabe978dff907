"""AWS's own errors, raised by the domain and turned into HTTP 400 bodies by the wire.

Each class is named after the AWS error code verbatim. Messages are AWS's exact wording; where a
message is a fixed sentence it lives on the class, so call sites cannot drift from it.
"""

from __future__ import annotations

from typing import ClassVar


class ServiceError(Exception):
    """An error that AWS Secrets Manager itself would return."""

    code: ClassVar[str] = "InternalServiceError"
    status: ClassVar[int] = 400
    default_message: ClassVar[str] = ""

    def __init__(self, message: str | None = None) -> None:
        self.message = self.default_message if message is None else message
        super().__init__(self.message)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = cls.__name__


class ResourceNotFoundException(ServiceError):
    default_message = "Secrets Manager can't find the specified secret."

    @classmethod
    def for_stage(cls, stage: str) -> ResourceNotFoundException:
        return cls(
            f"Secrets Manager can't find the specified secret value for staging label: {stage}"
        )

    @classmethod
    def for_version(cls, version_id: str) -> ResourceNotFoundException:
        return cls(
            f"Secrets Manager can't find the specified secret value for VersionId: {version_id}"
        )


class InvalidRequestException(ServiceError):
    pass


class InvalidParameterException(ServiceError):
    pass


class ResourceExistsException(ServiceError):
    pass


class LimitExceededException(ServiceError):
    pass


class EncryptionFailure(ServiceError):
    pass


class DecryptionFailure(ServiceError):
    pass


class InvalidNextTokenException(ServiceError):
    default_message = "The NextToken value is invalid."


class MalformedPolicyDocumentException(ServiceError):
    pass


class PreconditionNotMetException(ServiceError):
    pass


class PublicPolicyException(ServiceError):
    pass


class InternalServiceError(ServiceError):
    status = 500


# Not in the Secrets Manager model: the service framework's own errors. botocore raises them as
# a generic ClientError with no top-level Message, as it does against AWS.
class ValidationException(ServiceError):
    pass


class AccessDeniedException(ServiceError):
    pass


class SerializationException(ServiceError):
    pass


class UnknownOperationException(ServiceError):
    pass


class UnrecognizedClientException(ServiceError):
    """An access key AWS does not know (only with ``enforce_access``)."""


# Messages shared by several operations.
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)
MISSING_TOKEN = "You must provide a ClientRequestToken value. We recommend a UUID-type value."
