"""SPARQL over the exported graph: the local engine (Oxigraph), result formats, saved queries,
and remote servers (Graph Store Protocol push, SPARQL protocol queries)."""
