"""Exit 0 if the PostgreSQL server in the URL answers, else 1."""

from __future__ import annotations

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
