"""Afterwards: a private space for two, after pregnancy loss."""
