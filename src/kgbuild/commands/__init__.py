"""CLI commands, one module each; every command's help ends with a runnable example."""
