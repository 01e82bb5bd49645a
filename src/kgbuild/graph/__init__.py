"""Graph operations: deterministic identifiers and the merge of mentions into one graph."""
