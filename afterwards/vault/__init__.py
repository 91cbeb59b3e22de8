"""The vault: every key, wrap and sealed entry. See docs/architecture.md."""
