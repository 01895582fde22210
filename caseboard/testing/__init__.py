"""Test support shared by every app's tests: factories for the records tests need."""
