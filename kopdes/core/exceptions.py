"""Domain errors raised by services and turned into 4xx answers by views and the API."""

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """The record changed since the user loaded it; their edit would overwrite someone else's."""

    def __init__(self, message: str, *, current=None):
        super().__init__(message)
        self.message = message
        self.current = current


def validation_errors(exc: ValidationError) -> list[dict]:
    """Flatten a ValidationError into [{"field", "message"}] for API answers and import reports."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "__all__", "message": str(message)} for message in exc.messages]
