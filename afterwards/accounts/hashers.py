from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class LightArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 at a cost fit for test suites and benchmarks only; never for a host."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
