"""flowatlas: a knowledge graph of who receives whose personal data across UK government, and why."""

__version__ = "0.1.0"
