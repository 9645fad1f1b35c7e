"""The graph side: namespaces, reference data, the persisted store and tabular views over it."""
