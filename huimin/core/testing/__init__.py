"""Helpers for the test suite that live with the code (imported by tests and by the root conftest.py only)."""
