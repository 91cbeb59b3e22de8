"""Wellbeing checks: published questionnaires, scored exactly as published, and their trends."""
