"""Pure CS-domain models and rules: no I/O."""
