"""Urgent help and help lines: who to call, by country, and only numbers we have verified."""
