"""The couple space: two private journals, shared only by choice."""
