"""Words that help: short original cards for each partner, each with its source."""
