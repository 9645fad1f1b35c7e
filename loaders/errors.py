"""One error type for every input problem, so the CLI can print one line and leave the store untouched."""
from pathlib import Path

from flowatlas.graph.errors import FlowatlasError


class LoadError(FlowatlasError):
    """A document or sheet that cannot be loaded; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
