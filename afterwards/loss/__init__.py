"""About your loss: what happened, when, and the words the person uses for it."""
