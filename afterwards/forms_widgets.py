"""Widgets every app's forms share, defined once."""

from __future__ import annotations

from django import forms

# A browser's own date picker, its value always ISO (2026-03-14) whatever the locale.
# Django copies a field's widget for each form, so one instance serves every field.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
