"""Helpers for the checker tests: build a small site in a temporary folder and run the checker on it."""
