"""The couple space's pages, one module per part: the space itself (invite, join, leave),
shared days side by side, readiness, and nudges."""
