"""Loaders turn documents (plain-text FOI answers, curated YAML fact sheets) into records and RDF quads."""
