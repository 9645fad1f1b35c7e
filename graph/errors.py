"""The one kind of error a user sees: a single line naming the file, store or endpoint and the reason."""


class FlowatlasError(Exception):
    """A problem with the user's input or environment, reported as one line and exit code 2, never a traceback."""


class QueryError(FlowatlasError):
    """A query that cannot be found, read, bound or run; the message names where it came from."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.reason = reason
